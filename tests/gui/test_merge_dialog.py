"""File → Merge coder files…, driven through its widgets: the round trip from two coder copies of the
sample project to the agreement dialog, the answers the plan asks for, bad files, a failed merge."""

import pytest
from PySide6.QtCore import Qt

import afpak_coder
from afpak_coder.core.copies import apply
from afpak_coder.core.copies.make_copy import create_coder_copy
from afpak_coder.core.sample import build_sample_project
from afpak_coder.gui.agreement.agreement_dialog import AgreementDialog
from afpak_coder.gui.copies.coder_copy_dialog import CoderCopyDialog
from afpak_coder.gui.copies.merge_dialog import FILES, PLAN, REPORT, MergeDialog


@pytest.fixture
def sample(tmp_path):
    with build_sample_project(tmp_path / "sample.afpak") as project:
        yield project


def code(path, coder, spans, **fields):
    """The coder's work in their copy, through the service: claims on (document number, start, end)."""
    values = dict(theme="Security", actor="Pakistani military", stance=1) | fields
    with afpak_coder.open_project(path) as copy:
        by_number = {d.number: d for d in copy.documents()}
        return [copy.add_claim(document=by_number[n], coder=coder, start=a, end=b, **values).id for n, a, b in spans]


def open_dialog(qtbot, project, paths=(), **options):
    dialog = MergeDialog(project, paths=paths, **options)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def click_next_and_wait(qtbot, dialog):
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.task is None, timeout=60000)


def make_copy_with_dialog(qtbot, project, coder, path):
    dialog = CoderCopyDialog(project, choose_path=lambda *_args: "")
    qtbot.addWidget(dialog)
    dialog.coder_box.setEditText(coder)
    dialog.path_edit.setText(str(path))
    with qtbot.waitSignal(dialog.copy_created, timeout=60000):
        qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.task is None)


def test_round_trip_from_two_coder_copies_to_the_agreement_dialog(qtbot, sample, tmp_path):
    dana, emil = tmp_path / "dana.afpak", tmp_path / "emil.afpak"
    make_copy_with_dialog(qtbot, sample, "Dana", dana)
    make_copy_with_dialog(qtbot, sample, "Emil", emil)
    spans = [(1, 0, 60), (1, 100, 180), (2, 0, 40), (4, 10, 90)]
    code(dana, "Dana", spans)
    code(emil, "Emil", spans[:3] + [(4, 12, 90)], stance=2)
    chooser_calls = []

    def choose_files(_parent, _caption, folder, _filter):
        chooser_calls.append(folder)
        return [str(dana), str(emil)]

    dialog = open_dialog(qtbot, sample, choose_files=choose_files)
    assert not dialog.next_button.isEnabled()  # no files yet
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert chooser_calls == [str(tmp_path)] and dialog.paths() == [dana, emil]
    dialog.file_list.item(1).setSelected(True)
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert dialog.paths() == [dana]
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)  # added again; dana is not listed twice
    assert dialog.paths() == [dana, emil]
    click_next_and_wait(qtbot, dialog)
    assert dialog.pages.currentIndex() == PLAN and dialog.next_button.text() == "Merge"
    coders = dialog.plan_view.coders
    assert [coders.item(row, 0).text() for row in range(coders.rowCount())] == ["Dana", "Emil"]
    assert coders.item(0, 3).text() == "the same coder (Dana)"  # made for Dana, who is in the project
    assert "2 of 2 files will be merged, with 8 claims of 2 coders." == dialog.plan_view.summary.text()

    with qtbot.waitSignal(dialog.master_changed, timeout=60000) as changed:
        click_next_and_wait(qtbot, dialog)

    report = changed.args[0]
    assert dialog.pages.currentIndex() == REPORT and dialog.close_button.text() == "Close"
    assert (report.outcome("Dana").added, report.outcome("Emil").added) == (4, 4)
    text = dialog.report_view.toPlainText()
    assert "Merged" in text and "A backup of the project as it was" in text
    assert len(sample.claims(coder="Dana")) == 4 and len(sample.claims(coder="Emil")) == 4

    agreement = AgreementDialog(sample, None, draws=0, seed=1)
    qtbot.addWidget(agreement)
    listed = [agreement.coder_list.item(row).text() for row in range(agreement.coder_list.count())]
    assert {"Dana", "Emil"} <= set(listed) and {"Dana", "Emil"} <= set(agreement.chosen_coders())
    for row in range(agreement.coder_list.count()):  # compare the two coders of the round trip
        item = agreement.coder_list.item(row)
        item.setCheckState(Qt.CheckState.Checked if item.text() in ("Dana", "Emil") else Qt.CheckState.Unchecked)
    task = agreement.compute()
    with qtbot.waitSignal(task.finished, timeout=60000):
        pass
    assert tuple(agreement.report.settings.coders) == ("Dana", "Emil")
    assert agreement.report.span.claims == 8


def test_the_answers_the_plan_asks_for(qtbot, sample, tmp_path):
    dana = create_coder_copy(sample, "Dana", tmp_path / "dana.afpak").path
    with afpak_coder.open_project(dana) as copy:
        copy.add_theme("Smuggling", parent="Border & trade")
        copy.add_actor("Chaman traders", aliases=["traders"])
        copy.add_coder("Bilal")
    code(dana, "Dana", [(1, 0, 30)], theme="Border & trade › Smuggling", actor="Chaman traders")
    bilal_claim = code(dana, "Bilal", [(1, 40, 70)])[0]
    dialog = open_dialog(qtbot, sample, paths=[dana])
    click_next_and_wait(qtbot, dialog)
    view = dialog.plan_view
    assert not dialog.next_button.isEnabled()  # Bilal of the file: same person or not?
    assert "say whether 'Bilal' from dana.afpak is the same person as 'Bilal'" in view.summary.text()
    (answer,) = view.coder_answers
    answer.choice.setCurrentIndex(answer.choice.findData("separate"))
    assert answer.name.text() == "Bilal (dana)" and dialog.next_button.isEnabled()
    answer.name.setText("")
    assert not dialog.next_button.isEnabled()  # kept apart, but under no name
    answer.name.setText("Bilal Rahimi")
    entries = view.entries
    assert [entries.item(row, 1).text() for row in range(entries.rowCount())] == ["Border & trade › Smuggling",
                                                                                  "Chaman traders"]
    actor_answer = view.entry_answers[1]
    assert actor_answer.itemText(1) == "Map onto Traders and transporters  (similar)"
    actor_answer.setCurrentIndex(1)

    click_next_and_wait(qtbot, dialog)

    assert dialog.pages.currentIndex() == REPORT
    merged = {c.id: c for c in sample.claims()}
    assert merged[bilal_claim].coder.name == "Bilal Rahimi"
    (dana_claim,) = sample.claims(coder="Dana")
    assert dana_claim.theme.path_label == "Border & trade › Smuggling" and not dana_claim.theme.proposed
    assert dana_claim.actor.name == "Traders and transporters"
    assert "actor 'Chaman traders' mapped onto 'Traders and transporters'" in dialog.report_view.toPlainText()


def test_bad_files_are_listed_and_a_foreign_copy_waits_for_confirmation(qtbot, sample, tmp_path):
    junk = tmp_path / "junk.afpak"
    junk.write_text("not a project")
    with build_sample_project(tmp_path / "other.afpak") as other:
        foreign = create_coder_copy(other, "Farah", tmp_path / "farah.afpak").path
    code(foreign, "Farah", [(1, 0, 30)])
    dialog = open_dialog(qtbot, sample, paths=[junk, foreign, sample.path])
    click_next_and_wait(qtbot, dialog)
    files = dialog.plan_view.files
    statuses = {files.item(row, 0).text(): files.item(row, 3) for row in range(files.rowCount())}
    assert statuses["junk.afpak"].text() == "is not an afpak-coder project file; to code a document, open or create a project and import it with File → Import documents… (or: afpak-coder import PROJECT FILE)"
    assert statuses["sample.afpak"].text() == "is the master project itself; give the coder copies made from it"
    assert statuses["farah.afpak"].checkState() == Qt.CheckState.Unchecked
    assert not dialog.next_button.isEnabled()  # nothing to merge until the foreign copy is confirmed
    statuses["farah.afpak"].setCheckState(Qt.CheckState.Checked)
    assert dialog.next_button.isEnabled()
    click_next_and_wait(qtbot, dialog)
    assert len(sample.claims(coder="Farah")) == 1
    assert "junk.afpak: is not an afpak-coder project" in dialog.report_view.toPlainText()


def test_a_failed_merge_keeps_the_plan_and_the_project(qtbot, sample, tmp_path, monkeypatch):
    dana = create_coder_copy(sample, "Dana", tmp_path / "dana.afpak").path
    code(dana, "Dana", [(1, 0, 30)])

    def fail(self, connection):
        raise apply.MergeInputError("the disk is full")

    monkeypatch.setattr(apply._Merge, "write", fail)
    dialog = open_dialog(qtbot, sample, paths=[dana])
    click_next_and_wait(qtbot, dialog)
    emitted = []
    dialog.master_changed.connect(emitted.append)
    click_next_and_wait(qtbot, dialog)
    assert dialog.pages.currentIndex() == PLAN and dialog.status.text() == "the disk is full"
    assert sample.claims(coder="Dana") == [] and emitted == []
    qtbot.mouseClick(dialog.back_button, Qt.MouseButton.LeftButton)
    assert dialog.pages.currentIndex() == FILES and dialog.status.text() == ""


def test_merging_again_reports_nothing_to_change_and_leaves_the_window_alone(qtbot, sample, tmp_path):
    dana = create_coder_copy(sample, "Dana", tmp_path / "dana.afpak").path
    code(dana, "Dana", [(1, 0, 30)])
    for expected in ("Merged", "Nothing to change"):
        dialog = open_dialog(qtbot, sample, paths=[dana])
        changed, merged = [], []
        dialog.master_changed.connect(changed.append)
        dialog.merged.connect(merged.append)
        click_next_and_wait(qtbot, dialog)
        click_next_and_wait(qtbot, dialog)
        assert dialog.report_view.toPlainText().startswith(expected)
        assert len(merged) == 1 and len(changed) == (1 if expected == "Merged" else 0)
