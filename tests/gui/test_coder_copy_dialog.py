"""File → Create coder copy…, driven through its widgets; the copy is written in the worker thread."""

import pytest
from PySide6.QtCore import Qt

import afpak_coder
from afpak_coder.core.copies.make_copy import create_coder_copy
from afpak_coder.core.sample import build_sample_project
from afpak_coder.gui.copies.coder_copy_dialog import CoderCopyDialog


@pytest.fixture
def sample(tmp_path):
    with build_sample_project(tmp_path / "sample.afpak") as project:
        yield project


@pytest.fixture
def dialog(qtbot, sample):
    shown = CoderCopyDialog(sample, choose_path=lambda *_args: "")
    qtbot.addWidget(shown)
    shown.show()
    return shown


def create(qtbot, dialog):
    with qtbot.waitSignal(dialog.copy_created, timeout=60000) as signal:
        qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.task is None)
    return signal.args[0]


def test_a_copy_for_an_existing_coder_with_some_documents(qtbot, dialog, sample, tmp_path):
    assert not dialog.create_button.isEnabled()  # no coder chosen yet
    dialog.coder_box.setCurrentText("Bilal")
    assert dialog.path_edit.text() == str(tmp_path / "sample-Bilal.afpak")
    assert dialog.coder_note.text() == ""
    for row in range(3, dialog.document_list.count()):
        dialog.document_list.item(row).setCheckState(Qt.CheckState.Unchecked)
    assert dialog.document_count.text() == "3 of 11 documents"

    result = create(qtbot, dialog)

    assert result.path == tmp_path / "sample-Bilal.afpak" and result.documents == 3
    assert "Give this file to Bilal" in dialog.status.text()
    assert not dialog.create_button.isEnabled()  # done: only Close is left
    chosen = {dialog.document_list.item(row).data(Qt.ItemDataRole.UserRole + 1) for row in range(3)}
    with afpak_coder.open_project(result.path) as copy:
        assert {d.id for d in copy.documents()} == chosen
        assert [c.name for c in copy.coders()] == ["Bilal"]
        assert copy.master_project_id == sample.project_id


def test_a_new_coder_is_announced_and_added(qtbot, dialog, sample, tmp_path):
    dialog.coder_box.setEditText("Dana")
    assert "'Dana' is new" in dialog.coder_note.text()
    chosen_path = tmp_path / "for-dana.afpak"
    dialog.choose_path = lambda *_args: str(tmp_path / "for-dana")  # the suffix is added
    qtbot.mouseClick(dialog.browse_button, Qt.MouseButton.LeftButton)
    assert dialog.path_edit.text() == str(chosen_path)
    dialog.coder_box.setEditText("Dana ")  # a path chosen by hand is kept when the coder changes
    assert dialog.path_edit.text() == str(chosen_path)
    with qtbot.waitSignal(dialog.coders_changed, timeout=60000):
        result = create(qtbot, dialog)
    assert result.coder_added and result.path == chosen_path
    assert dialog.coder_note.text() == ""  # no longer new
    assert "Dana" in [c.name for c in sample.coders()]


def test_an_existing_file_is_refused_and_the_dialog_stays(qtbot, dialog, tmp_path):
    taken = tmp_path / "taken.afpak"
    taken.write_text("something")
    dialog.coder_box.setCurrentText("Ayesha")
    dialog.path_edit.setText(str(taken))
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert dialog.status.text() == f"{taken}: a file of that name already exists; choose another name"
    assert taken.read_text() == "something" and dialog.isVisible() and dialog.create_button.isEnabled()


def test_no_documents_no_copy(qtbot, dialog):
    dialog.coder_box.setCurrentText("Ayesha")
    qtbot.mouseClick(dialog.none_button, Qt.MouseButton.LeftButton)
    assert dialog.document_count.text() == "0 of 11 documents" and not dialog.create_button.isEnabled()
    qtbot.mouseClick(dialog.all_button, Qt.MouseButton.LeftButton)
    assert dialog.create_button.isEnabled()


def test_a_coder_copy_cannot_hand_out_copies(qtbot, sample, tmp_path):
    path = create_coder_copy(sample, "Ayesha", tmp_path / "a.afpak").path
    with afpak_coder.open_project(path) as copy:
        shown = CoderCopyDialog(copy)
        qtbot.addWidget(shown)
        shown.coder_box.setCurrentText("Ayesha")
        assert "itself a coder copy" in shown.status.text() and not shown.create_button.isEnabled()
