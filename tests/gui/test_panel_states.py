"""The coding panel's state machine (gui/workspace/coding_state.py), transition by transition, in the
real window: select, Enter, Esc, Delete, click a highlight, switch document, undo, redo, coder
switch, codebook change, Repeat last codes."""

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from afpak_coder.gui.codebook.codebook_commands import CodebookActions
from afpak_coder.gui.workspace.coding_state import Mode

from gui_helpers import enter, my_claims, open_doc, point_at, select


def fields(panel):
    shown = panel.shown()
    return {key: shown[key] for key in ("theme", "actor", "target", "stance", "memo")}


EMPTY = dict(theme=None, actor="", target="", stance=None, memo="")


def click_claim(window, claim):
    view = window.document_view
    cursor = view.textCursor()
    cursor.setPosition(view.offsets.to_utf16(claim.start))
    view.setTextCursor(cursor)  # scrolls the highlight on screen (a cleared selection changes nothing)
    view.ensureCursorVisible()
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     point_at(view, claim.start + 1))


def fill(window, memo="a note"):
    panel = window.coding_panel
    QTest.keyClick(window.document_view, Qt.Key.Key_4)
    QTest.keyClicks(panel.actor.lineEdit(), "Pakistani government")
    QTest.keyClicks(panel.target.lineEdit(), "China")
    panel.pick_stance_number(2)
    QTest.keyClicks(panel.memo, memo)


def test_select_enter_and_the_fields_of_a_new_claim(coding):
    document = open_doc(coding, "Torkham reopens")
    panel = coding.coding_panel
    assert panel.state.mode is Mode.NO_CLAIM and fields(panel) == EMPTY and not panel.save_button.isEnabled()
    QTest.keyClick(coding.document_view, Qt.Key.Key_4)  # codes may be chosen before the passage
    select(coding, 0, 20)
    assert panel.state.mode is Mode.NEW and panel.span == (0, 20)
    assert fields(panel)["theme"] == panel.themes.pins[3]  # kept: it is visible
    select(coding, 5, 30)  # another selection: the same new claim on the new span
    assert panel.state.mode is Mode.NEW and panel.span == (5, 30) and "characters 5–30" in panel.heading.text()
    fill(coding)
    shown = panel.shown()
    enter(coding)
    (claim,) = [c for c in my_claims(coding, document) if (c.start, c.end) == (5, 30)]
    assert (claim.theme.id, claim.actor.name, claim.target.name, claim.stance.value, claim.memo) == (
        shown["theme"], shown["actor"], shown["target"], shown["stance"], shown["memo"])
    message = coding.statusBar().currentMessage()
    for part in ("characters 5–30", claim.theme.name, "Pakistani government", "target: China", "a note"):
        assert part in message
    assert panel.state.mode is Mode.NO_CLAIM and fields(panel) == EMPTY
    assert coding.document_view.selected_span() is None


def test_editing_select_use_selection_enter_esc_and_delete(coding):
    document = open_doc(coding, "Torkham reopens")
    panel = coding.coding_panel
    claim = my_claims(coding, document)[0]
    click_claim(coding, claim)
    assert panel.state.mode is Mode.EDITING and panel.editing == claim
    assert fields(panel)["theme"] == claim.theme.id and fields(panel)["actor"] == claim.actor.name
    select(coding, claim.start, claim.end + 3)  # a selection alone does not change the edited span
    assert panel.span == (claim.start, claim.end) and panel.state.mode is Mode.EDITING
    panel.span_button.click()
    assert panel.span == (claim.start, claim.end + 3) and "new span" in panel.heading.text()
    enter(coding)
    assert coding.project.claim(claim.id).end == claim.end + 3
    assert panel.state.mode is Mode.EDITING and panel.span == (claim.start, claim.end + 3)
    QTest.keyClick(coding.document_view, Qt.Key.Key_Escape)
    assert panel.state.mode is Mode.NO_CLAIM and fields(panel) == EMPTY
    assert coding.document_view.selected_span() is None
    click_claim(coding, claim)
    panel.delete_button.click()
    assert panel.state.mode is Mode.NO_CLAIM and fields(panel) == EMPTY


def test_clicking_a_highlight_with_a_draft_asks_first(coding, drafts):
    document = open_doc(coding, "Torkham reopens")
    panel = coding.coding_panel
    claim = my_claims(coding, document)[0]
    select(coding, len(document.text) - 10, len(document.text))
    fill(coding, "draft")
    drafts.answer = "cancel"
    click_claim(coding, claim)
    assert drafts.asked and panel.state.mode is Mode.NEW and panel.memo.toPlainText() == "draft"
    drafts.answer = "discard"
    click_claim(coding, claim)
    assert panel.state.mode is Mode.EDITING and panel.memo.toPlainText() == claim.memo


def test_switching_document_and_coder_empty_the_panel(coding, drafts):
    open_doc(coding, "Torkham reopens")
    panel = coding.coding_panel
    select(coding, 0, 10)
    fill(coding)
    open_doc(coding, "Deportations are not")  # discarded (the conftest's answer)
    assert len(drafts.asked) == 1 and panel.state.mode is Mode.NO_CLAIM and fields(panel) == EMPTY
    select(coding, 0, 10)
    fill(coding)
    coding.ask_coder = lambda coders, current: "Bilal"
    coding.switch_coder()
    assert len(drafts.asked) == 2 and coding.controller.coder.name == "Bilal"
    assert panel.state.mode is Mode.NO_CLAIM and fields(panel) == EMPTY


def test_undo_and_redo_let_go_of_an_edited_claim_and_keep_a_new_draft(coding):
    document = open_doc(coding, "Torkham reopens")
    panel = coding.coding_panel
    claim = my_claims(coding, document)[0]
    click_claim(coding, claim)
    panel.memo.setPlainText("changed")
    enter(coding)
    coding.actions.undo.trigger()
    assert coding.project.claim(claim.id).memo == claim.memo
    assert panel.state.mode is Mode.NO_CLAIM and fields(panel) == EMPTY
    select(coding, 0, 12)
    fill(coding, "keep me")
    coding.actions.redo.trigger()
    assert coding.project.claim(claim.id).memo == "changed"
    assert panel.state.mode is Mode.NEW and panel.span == (0, 12) and panel.memo.toPlainText() == "keep me"


def test_a_codebook_change_keeps_the_state_and_empties_a_vanished_code(coding):
    open_doc(coding, "Torkham reopens")
    panel = coding.coding_panel
    select(coding, 0, 12)
    theme = coding.project.theme("Shared history and identity")
    panel.themes.set_current(theme.id)
    QTest.keyClicks(panel.actor.lineEdit(), "China")
    actions = CodebookActions(coding.project, coding.controller)
    actions.update_theme(coding.project.theme("Third-party mediation"), name="Mediation by third parties")
    assert panel.state.mode is Mode.NEW and panel.themes.current_theme().id == theme.id
    actions.update_theme(theme, archived=True)
    assert panel.state.mode is Mode.NEW and panel.span == (0, 12)
    assert panel.themes.current_theme() is None and panel.themes.tree.selectedItems() == []
    assert panel.actor.currentText() == "China"


def test_repeat_last_codes_fills_a_new_claim_visibly_but_never_the_memo(coding, qtbot):
    document = open_doc(coding, "Torkham reopens")
    qtbot.waitUntil(coding.isActiveWindow)
    panel = coding.coding_panel
    select(coding, 0, 10)
    fill(coding, "first memo")
    enter(coding)
    first = next(c for c in my_claims(coding, document) if (c.start, c.end) == (0, 10))
    select(coding, 11, 20)
    assert fields(panel) == EMPTY
    QTest.keyClick(coding.document_view, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert fields(panel) == dict(theme=first.theme.id, actor=first.actor.name, target=first.target.name,
                                 stance=first.stance.value, memo="")
    enter(coding)
    second = next(c for c in my_claims(coding, document) if (c.start, c.end) == (11, 20))
    assert (second.theme, second.actor, second.target, second.stance, second.memo) == (
        first.theme, first.actor, first.target, first.stance, "")
    click_claim(coding, second)
    coding.controller.repeat_last_codes()
    assert "Esc first" in panel.message.text() and panel.editing == second
    from afpak_coder.gui.shortcuts import REPEAT_CODES, ShortcutsDialog

    dialog = ShortcutsDialog(coding)
    listed = {dialog.table.item(row, 1).text(): dialog.table.item(row, 2).text() for row in range(dialog.table.rowCount())}
    assert REPEAT_CODES == "Ctrl+R" and listed[REPEAT_CODES].startswith("Repeat last codes")


def test_undo_while_editing_with_unsaved_changes_asks_first(coding, drafts):
    document = open_doc(coding, "Torkham reopens")
    panel = coding.coding_panel
    select(coding, 0, 10)
    fill(coding, "to be undone")
    enter(coding)
    added = next(c for c in my_claims(coding, document) if (c.start, c.end) == (0, 10))
    claim = next(c for c in my_claims(coding, document) if c.id != added.id)
    click_claim(coding, claim)
    panel.memo.setPlainText("typed, not saved")
    assert coding.actions.undo.isEnabled() and coding.actions.undo.text() == "&Undo Add claim"
    drafts.answer = "cancel"
    QTest.keyClick(coding, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert "Discard your unsaved changes" in drafts.asked[-1]
    assert coding.project.claim(added.id) == added  # not undone
    assert panel.editing == claim and panel.memo.toPlainText() == "typed, not saved"
    drafts.answer = "discard"
    coding.actions.undo.trigger()
    assert added not in my_claims(coding, document)
    assert panel.state.mode is Mode.NO_CLAIM and fields(panel) == EMPTY
    assert coding.actions.redo.isEnabled() and not coding.actions.undo.isEnabled()


def test_an_alias_typed_for_the_actor_shows_as_the_actor_that_is_saved(coding, qtbot):
    qtbot.waitUntil(coding.isActiveWindow)
    open_doc(coding, "Torkham reopens")
    panel = coding.coding_panel
    military = coding.project.actor("Pakistani military")
    alias = next(a for a in military.aliases if a.isascii())
    select(coding, 0, 14)
    QTest.keyClick(coding.document_view, Qt.Key.Key_2)
    panel.target.lineEdit().setFocus()
    QTest.keyClicks(panel.target.lineEdit(), alias)
    panel.target.completer().popup().hide()
    panel.memo.setFocus()  # leaving the field
    assert panel.target.currentText() == military.name
    QTest.keyClicks(panel.actor.lineEdit(), "Pakistani government")
    shown = panel.shown()
    assert shown["target"] == military.name
