"""Another program (a second window, a colleague on the same file or server) changes the claim or
codebook entry being edited: saving, undoing or redoing then shows their version and overwrites
nothing of theirs."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

import afpak_coder
from afpak_coder.core.errors import ConflictError
from afpak_coder.core.server_project import ServerProject, open_server_project
from afpak_coder.gui.codebook.codebook_editor import CodebookEditor
from afpak_coder.gui.main_window import MainWindow
from gui_helpers import CoderChoice, choose, enter, my_claims, open_doc, select
from project_backends import sample_project

CHANGED = "someone else changed this claim at "


@pytest.fixture(params=["file", "server"])
def coding(request, qtbot, settings, tmp_path, errors):
    """The window on the sample project (a file, or published to a server database), coding as Ayesha."""
    project = sample_project(tmp_path, request.param, request)
    window = MainWindow(settings, ask_coder=CoderChoice("Ayesha"))
    qtbot.addWidget(window)
    window.show()
    assert window.show_opened_project(project)
    yield window
    window.close_project()


@pytest.fixture(autouse=True)
def boxes(monkeypatch):
    """Warning boxes, recorded instead of shown (a modal box would block the test)."""
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, title, message: shown.append((title, message)))
    return shown


@pytest.fixture
def other(coding):
    """The same project opened by another program (a second window, a colleague)."""
    project = coding.project
    with (open_server_project(project.url) if isinstance(project, ServerProject)
          else afpak_coder.open_project(project.path)) as opened:
        yield opened


def open_for_editing(window, claim):
    window.controller.edit_claim(claim)
    assert window.coding_panel.editing == claim


def test_saving_a_claim_someone_changed_meanwhile_shows_theirs_and_keeps_it(coding, other, boxes):
    document = open_doc(coding, "Torkham reopens")
    claim = my_claims(coding, document)[0]
    open_for_editing(coding, claim)
    panel = coding.coding_panel
    panel.memo.setPlainText("mine: conciliatory")
    panel.set_stance(2)
    theirs = other.update_claim(other.claim(claim.id), memo="theirs: hostile", stance=-2)

    enter(coding)
    stored = coding.project.claim(claim.id)
    assert (stored.memo, stored.stance.value, stored.version) == ("theirs: hostile", -2, theirs.version)
    # The panel now shows their version (what Enter would store), and says why in one line.
    assert panel.editing.version == theirs.version
    assert panel.memo.toPlainText() == "theirs: hostile" and panel.values()["stance"] == -2
    assert not panel.has_draft()
    status, beside = coding.statusBar().currentMessage(), panel.message.text()
    assert status.startswith(f"{coding.project.path}: {CHANGED}")
    assert beside == "S" + status[len(f"{coding.project.path}: s"):]  # the panel has no room for the path
    assert beside.endswith("meanwhile; nothing was overwritten — the current version is shown")
    assert boxes == [("Changed by someone else", status)]  # the status bar may be too narrow for it
    assert coding.claims_model.claim(claim.id).memo == "theirs: hostile"
    panel.grab().save("/tmp/conflicts_panel.png")
    coding.grab().save("/tmp/conflicts_window.png")

    # Editing their version now saves, and the other program's stale copy is refused in turn.
    panel.memo.setPlainText("theirs: hostile; checked")
    enter(coding)
    assert coding.project.claim(claim.id).memo == "theirs: hostile; checked"
    with pytest.raises(ConflictError):
        other.update_claim(theirs, memo="stale")
    assert other.claim(claim.id).memo == "theirs: hostile; checked"


def test_undo_after_someone_elses_change_is_refused(coding, other, boxes):
    document = open_doc(coding, "Torkham reopens")
    claim = my_claims(coding, document)[0]
    open_for_editing(coding, claim)
    coding.coding_panel.memo.setPlainText("first reading")
    enter(coding)
    coding.coding_panel.memo.setPlainText("second reading")
    enter(coding)
    coding.actions.undo.trigger()  # my own two edits undo one after the other
    assert coding.project.claim(claim.id).memo == "first reading"

    other.update_claim(claim.id, memo="theirs")
    coding.actions.undo.trigger()
    assert coding.project.claim(claim.id).memo == "theirs"  # not set back to the original
    message = coding.statusBar().currentMessage()
    assert message.startswith(f"Could not edit claim: {coding.project.path}: {CHANGED}")
    assert message.endswith("nothing was overwritten — the current version is shown")
    assert boxes == [("Changed by someone else", message)]
    assert coding.claims_model.claim(claim.id).memo == "theirs"  # the views show theirs
    coding.statusBar().grab().save("/tmp/conflicts_undo_status.png")
    # The refused step left the stack: redo has nothing of it to replay over theirs.
    coding.actions.redo.trigger()
    assert coding.project.claim(claim.id).memo == "theirs"


def test_a_claim_deleted_meanwhile_keeps_the_draft_as_a_new_claim(coding, other, boxes):
    document = open_doc(coding, "Torkham reopens")
    claim = my_claims(coding, document)[0]
    open_for_editing(coding, claim)
    coding.coding_panel.memo.setPlainText("worth keeping")
    other.delete_claim(claim.id)
    enter(coding)
    assert coding.coding_panel.message.text().endswith("someone else deleted this claim meanwhile; nothing was saved")
    assert coding.coding_panel.editing is None and coding.claims_model.claim(claim.id) is None
    assert len(boxes) == 1 and boxes[0][1].endswith("someone else deleted this claim meanwhile; nothing was saved")
    enter(coding)  # the draft, saved as a new claim on the same passage
    (again,) = [c for c in my_claims(coding, document) if (c.start, c.end) == (claim.start, claim.end)]
    assert again.memo == "worth keeping" and again.id != claim.id


def test_a_new_claim_is_not_affected(coding, other, boxes):
    document = open_doc(coding, "Torkham reopens")
    before = len(my_claims(coding, document))
    other.update_claim(my_claims(coding, document)[0].id, memo="theirs")
    select(coding, 0, 7)
    choose(coding, "Security", "Pakistani government", stance=1)
    enter(coding)
    assert len(my_claims(coding, document)) == before + 1 and boxes == []


def test_the_codebook_editor_shows_the_current_entry_instead_of_overwriting(qtbot, coding, other, monkeypatch):
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, message: warnings.append(message))
    editor = CodebookEditor(coding.project, coding.controller, coding)
    qtbot.addWidget(editor)
    theme = coding.project.theme("Security")
    editor.theme_tree.setCurrentItem(editor.theme_tree.findItems("Security", Qt.MatchFlag.MatchExactly)[0])
    editor.theme_definition.setPlainText("mine")
    other.update_theme(other.theme(theme.id), name="Security and militancy", definition="theirs")
    editor.findChild(object, "saveTheme").click()
    assert warnings == [f"{coding.project.path}: someone else changed theme 'Security' meanwhile; nothing was "
                        "overwritten — the current version is shown"]
    stored = coding.project.theme(theme.id)
    assert (stored.name, stored.definition) == ("Security and militancy", "theirs")
    assert (editor.theme_name.text(), editor.theme_definition.toPlainText()) == ("Security and militancy", "theirs")
    editor.grab().save("/tmp/conflicts_codebook.png")
    # Saving again works from their version.
    editor.theme_definition.setPlainText("theirs, and mine")
    editor.findChild(object, "saveTheme").click()
    assert len(warnings) == 1 and coding.project.theme(theme.id).definition == "theirs, and mine"
