import time

from afpak_coder.core.errors import ValidationError
from afpak_coder.gui.background import run_with_progress


def test_work_runs_off_the_gui_thread_and_reports_its_result(qtbot):
    seen = []

    def work(progress):
        for step in range(3):
            progress.update(step + 1, 3, f"step {step + 1}")
        return "result"

    task = run_with_progress(None, "Working", work)
    task.progress.changed.connect(lambda done, total, message: seen.append((done, total, message)))
    results = []
    task.succeeded.connect(results.append)
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    assert results == ["result"]
    assert not task.dialog.isVisible()


def test_cancel_stops_the_work(qtbot):
    def work(progress):
        for _ in range(500):
            progress.check()
            time.sleep(0.01)
        return "finished anyway"

    task = run_with_progress(None, "Working", work)
    with qtbot.waitSignal(task.cancelled, timeout=5000):
        task.dialog.canceled.emit()  # what the dialog's Cancel button emits
    assert task.wait(5000)


def test_errors_arrive_as_one_line(qtbot):
    def work(progress):
        raise ValidationError("study.docx: the file is not a Word document")

    task = run_with_progress(None, "Working", work)
    messages = []
    task.failed.connect(messages.append)
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    assert messages == ["study.docx: the file is not a Word document"]
