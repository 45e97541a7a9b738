"""Analysis → Coder agreement, driven like a user would on the sample project."""

import shutil
import threading

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

import afpak_coder
from afpak_coder.analysis import agreement_report as real_report
from afpak_coder.analysis.agreement_report import AgreementError
from afpak_coder.core.sample import build_sample_project
from afpak_coder.gui.agreement import agreement_dialog
from afpak_coder.gui.agreement.agreement_dialog import AgreementDialog


@pytest.fixture(scope="module")
def sample_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("built") / "sample.afpak"
    build_sample_project(path).close()
    return path


@pytest.fixture
def sample(sample_file, tmp_path):
    path = tmp_path / "sample.afpak"
    shutil.copy(sample_file, path)
    with afpak_coder.open_project(path) as project:
        yield project


@pytest.fixture
def dialog(qtbot, sample):
    shown = AgreementDialog(sample, draws=300, seed=1)
    qtbot.addWidget(shown)
    shown.show()
    return shown


def compute(qtbot, dialog):
    task = dialog.compute()
    assert task is not None
    with qtbot.waitSignal(task.finished, timeout=60000):
        pass
    return dialog.report


def _set_checked(widget, text, checked):
    for row in range(widget.count()):
        if widget.item(row).text() == text:
            widget.item(row).setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)


def test_defaults_leave_out_the_consensus_coder(qtbot, sample):
    sample.add_coder("Consensus")
    shown = AgreementDialog(sample)
    qtbot.addWidget(shown)
    assert shown.chosen_coders() == ["Ayesha", "Bilal", "Clara"]
    assert len(shown.chosen_documents()) == 11  # every sample article has two coders or more
    _set_checked(shown.coder_list, "Clara", False)
    assert len(shown.chosen_documents()) == 9  # Bilal coded nine of the articles Ayesha coded
    _set_checked(shown.coder_list, "Bilal", False)
    assert not shown.compute_button.isEnabled()  # one coder: nothing to compare
    assert "50%" in shown.threshold_help.text()
    shown.threshold.setValue(30)
    assert "30%" in shown.threshold_help.text()


def test_computing_runs_in_a_worker_and_fills_every_tab(qtbot, dialog, monkeypatch):
    threads = []

    def recording(*arguments, **keywords):
        threads.append(threading.current_thread())
        return real_report.agreement_report(*arguments, **keywords)

    monkeypatch.setattr(agreement_dialog, "agreement_report", recording)
    with qtbot.waitSignal(dialog.report_ready, timeout=60000) as ready:
        dialog.compute_button.click()
    report = ready.args[0]
    assert threads and threads[0] is not threading.main_thread()
    assert dialog.tabs.isEnabled()
    summary = dialog.summary_view.model()
    assert summary.rowCount() == 4
    assert [summary.index(row, 0).data() for row in range(4)] == ["theme", "actor", "target", "stance"]
    alpha_column = [summary.headerData(c, Qt.Orientation.Horizontal) for c in range(summary.columnCount())].index("alpha")
    assert summary.index(0, alpha_column).data() == report.figure("theme").alpha.text()
    assert "not reliable" in dialog.reading.toPlainText() or "reliable" in dialog.reading.toPlainText()
    assert "claims matched" in dialog.span_label.text()
    assert dialog.category_view.model().rowCount() == len(report.categories)
    assert dialog.pair_view.model().rowCount() == 12  # 4 dimensions × 3 pairs of coders
    assert dialog.confusion_choice.count() == 12
    dialog.confusion_choice.setCurrentIndex(3)
    assert dialog.confusion_view.model().rowCount() > 1
    assert dialog.disagreements.model.rowCount() == len(report.disagreements)


def test_other_units_and_thresholds(qtbot, dialog):
    dialog.unit_box.setCurrentIndex(dialog.unit_box.findData("document"))
    assert "MAXQDA" in dialog.unit_help.text()
    report = compute(qtbot, dialog)
    assert report.settings.unit == "document"
    assert dialog.summary_view.model().index(3, 6).data() == "not compared"  # stance per document
    dialog.unit_box.setCurrentIndex(dialog.unit_box.findData("claim"))
    dialog.threshold.setValue(100)
    strict = compute(qtbot, dialog)
    assert strict.settings.threshold == 1.0
    assert strict.span.matched < compute_share(qtbot, dialog, 50)


def compute_share(qtbot, dialog, percent):
    dialog.threshold.setValue(percent)
    return compute(qtbot, dialog).span.matched


def test_a_failure_is_reported_in_one_line(qtbot, dialog, monkeypatch, errors):
    def failing(*_arguments, **_keywords):
        raise AgreementError("study.afpak: no document was coded by two or more of Ayesha, Bilal")

    monkeypatch.setattr(agreement_dialog, "agreement_report", failing)
    task = dialog.compute()
    with qtbot.waitSignal(task.finished, timeout=10000):
        pass
    assert errors == [("Cannot compute agreement", "study.afpak: no document was coded by two or more of Ayesha, Bilal")]
    assert not dialog.tabs.isEnabled()
    assert dialog.compute_button.isEnabled()


def test_cancelling_the_computation(qtbot, dialog):
    dialog.unit_box.setCurrentIndex(dialog.unit_box.findData("sentence"))
    task = dialog.compute()
    task.cancel()
    with qtbot.waitSignal(task.finished, timeout=60000):
        pass
    if dialog.report is None:  # the work may finish before Cancel is seen on so small a project
        assert dialog.status.text() == "Cancelled."


def test_export_workbook_and_csv(qtbot, dialog, tmp_path):
    compute(qtbot, dialog)
    targets = iter([str(tmp_path / "agreement"), str(tmp_path / "figures.csv")])
    dialog.choose_path = lambda *_arguments: next(targets)
    for kind in ("xlsx", "csv"):
        task = dialog.export(kind)
        with qtbot.waitSignal(task.finished, timeout=30000):
            pass
    assert openpyxl.load_workbook(tmp_path / "agreement.xlsx").sheetnames[0] == "Summary"
    assert (tmp_path / "figures.csv").read_text(encoding="utf-8-sig").startswith("table,dimension")
    assert dialog.status.text().startswith("Wrote")


def test_screenshot_of_the_summary(qtbot, dialog, tmp_path):
    compute(qtbot, dialog)
    dialog.resize(1280, 820)
    image = dialog.grab()
    assert image.width() >= 1000 and image.save(str(tmp_path / "agreement.png"))


def test_closing_while_computing_stops_the_work_first(qtbot, dialog):
    dialog.unit_box.setCurrentIndex(dialog.unit_box.findData("sentence"))
    task = dialog.compute()
    dialog.close()
    assert not task.worker.isRunning()


def test_at_1280_by_800_nothing_is_cut_off_and_the_results_get_the_space(qtbot, dialog, tmp_path):
    dialog.resize(1280, 800)
    qtbot.waitExposed(dialog)
    documents = dialog.document_list
    assert documents.textElideMode() == Qt.TextElideMode.ElideMiddle
    # With the horizontal scroll bar off, a top-to-bottom list paints each item at the viewport's
    # width, so a long title is elided in the middle there, and whole in its tooltip.
    assert documents.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    longest = max((documents.item(row) for row in range(documents.count())), key=lambda item: len(item.text()))
    assert documents.fontMetrics().horizontalAdvance(longest.text()) > documents.viewport().width()
    assert longest.toolTip().startswith(longest.text())
    for label in dialog.settings.findChildren(QLabel):  # every heading and help text shows in full
        if label.isVisible() and label.text():
            assert label.height() >= label.heightForWidth(label.width()) if label.wordWrap() else \
                label.width() >= label.sizeHint().width(), label.text()
    dialog.grab().save(str(tmp_path / "agreement-choices.png"))

    compute(qtbot, dialog)
    qtbot.wait(10)
    assert not dialog.settings.isVisible()  # the choices make way for the results
    assert dialog.tabs.width() >= 1200
    summary = dialog.summary_view
    assert not summary.verticalScrollBar().isVisible()
    rows = summary.model().rowCount()
    assert summary.viewport().height() >= sum(summary.rowHeight(r) for r in range(rows))
    assert summary.horizontalHeader().length() <= summary.viewport().width()
    dialog.tabs.setCurrentIndex(2)
    per_document = dialog.document_view
    longest = max((per_document.model().index(r, 0).data() for r in range(per_document.model().rowCount())), key=len)
    assert per_document.columnWidth(0) >= per_document.fontMetrics().horizontalAdvance(longest)
    dialog.grab().save(str(tmp_path / "agreement-results.png"))

    qtbot.mouseClick(dialog.choices_button, Qt.MouseButton.LeftButton)  # and come back on request
    assert dialog.settings.isVisible() and dialog.choices_button.text() == "Hide choices"
    qtbot.wait(10)
    assert not summary.verticalScrollBar().isVisible()
