"""Incomplete claims in the window: marked in the claims list and the panel, counted in the status
bar, and Ctrl+Shift+J walks through them so the coder can finish each one."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

import afpak_coder
from afpak_coder.gui.main_window import MainWindow
from afpak_coder.gui.workspace.claims_table import HEADERS

from gui_helpers import CoderChoice

THEME = "Bilateral talks and visits"
FIRST = "Islamabad and Kabul met in Doha. Kabul promised nothing."
SECOND = "Traders at Chaman waited for the crossing to reopen."


@pytest.fixture
def incomplete(qtbot, settings, tmp_path, errors):
    path = tmp_path / "imported.afpak"
    with afpak_coder.create_project(path) as project:
        first = project.add_document(FIRST, title="A: Doha meeting")
        second = project.add_document(SECOND, title="B: Chaman traders")
        project.add_coder("Ayesha")
        project.add_claim(document=first, coder="Ayesha", start=0, end=32, theme=THEME,
                          actor="Pakistani government", stance=1)
        project.add_claim(document=first, coder="Ayesha", start=33, end=56, theme=THEME, actor="Afghan Taliban administration")
        project.add_claim(document=second, coder="Ayesha", start=0, end=17, theme=THEME, memo="from QualCoder")
    window = MainWindow(settings, ask_coder=CoderChoice("Ayesha"))
    qtbot.addWidget(window)
    window.show()
    assert window.open_path(path)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    yield window
    window.close_project()


def jump(window):
    QTest.keyClick(window.document_view, Qt.Key.Key_J,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)


def cell(window, row, column):
    return window.claims_model.index(row, HEADERS.index(column)).data()


def test_incomplete_claims_are_marked_counted_and_finished_one_by_one(incomplete, qtbot):
    window, panel = incomplete, incomplete.coding_panel
    assert window.incomplete.label.text() == "2 incomplete claims" and window.incomplete.label.isVisible()
    jump(window)  # from the top of the first document: its claim without a stance
    assert window.document_view.document_shown.title == "A: Doha meeting"
    assert panel.editing.start == 33 and "incomplete: no stance" in panel.heading.text()
    assert cell(window, 1, "Stance") == "incomplete: no stance" and cell(window, 0, "Stance") == "+1 Cooperative"
    panel.set_stance(-1)
    QTest.keyClick(panel.memo, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert not window.project.claim(panel.editing.id).is_incomplete
    assert window.incomplete.label.text() == "1 incomplete claim"
    jump(window)  # on to the next document's claim without actor or stance
    assert window.document_view.document_shown.title == "B: Chaman traders"
    assert "incomplete: no actor, no stance" in panel.heading.text()
    assert cell(window, 0, "Actor") == "incomplete: no actor"
    window.grab().save("/tmp/refi-incomplete.png")
    assert window.claims_model.index(0, HEADERS.index("Actor")).data(Qt.ItemDataRole.ForegroundRole) is not None
    # A memo changed alone is saved; the claim stays incomplete until an actor is chosen.
    panel.memo.setPlainText("from QualCoder; check the speaker")
    QTest.keyClick(panel.memo, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    stored = window.project.claim(panel.editing.id)
    assert stored.memo == "from QualCoder; check the speaker" and stored.missing == ("actor", "stance")
    QTest.keyClicks(panel.actor.lineEdit(), "Traders and transporters")
    panel.set_stance(0)
    QTest.keyClick(panel.memo, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert window.project.count_claims(incomplete=True) == 0
    assert window.incomplete.label.text() == "" and not window.incomplete.label.isVisible()
    jump(window)
    assert "No incomplete claims" in window.statusBar().currentMessage()


def test_the_count_follows_every_step_on_one_claim_as_a_fresh_count_gives(incomplete):
    """The status bar moves the count by the one claim a step changed; after every step of a
    sequence it equals what counting the file again gives."""
    window, panel, controller = incomplete, incomplete.coding_panel, incomplete.controller
    ayesha = window.project.coder("Ayesha")

    def assert_fresh():
        fresh = window.project.count_claims(incomplete=True, coder=ayesha)
        assert window.incomplete.count == fresh
        assert window.incomplete.label.text() == (f"{fresh} incomplete claim{'s' if fresh != 1 else ''}" if fresh else "")

    jump(window)  # the claim without a stance, in the first document
    assert_fresh()
    panel.set_stance(-1)
    controller.save()  # completed: 2 → 1
    assert window.incomplete.count == 1
    assert_fresh()
    controller.new_claim()
    window.document_view.select_span(0, 10)
    panel.themes.set_current(window.project.theme(THEME).id)
    panel.actor.set_actor(window.project.actor("Pakistani government").id)
    controller.save()  # a new claim with no stance: 1 → 2
    assert window.incomplete.count == 2
    assert_fresh()
    for step in (controller.undo_stack.undo, controller.undo_stack.undo, controller.undo_stack.redo,
                 controller.undo_stack.redo, controller.undo_stack.undo):
        step()
        assert_fresh()
    controller.undo_stack.redo()  # the new claim again, then deleted: 2 → 1
    claim = next(c for c in window.claims_model.claims() if c.is_incomplete)
    controller.delete_claim(claim.id)
    assert window.incomplete.count == 1
    assert_fresh()
    controller.undo_stack.undo()
    assert_fresh()
    controller.set_status("done")  # any other action counts again
    assert_fresh()
