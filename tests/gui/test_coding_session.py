"""A scripted day of coding in the real window: 30 claims over three documents, with deletes, Esc,
theme filters, pinned keys, Repeat last codes, edits, undo/redo and a project switch. At every
Enter the test reads what the panel shows (the widgets' own text); at the end every stored claim is
compared field by field with what was on screen when it was saved."""

import random
import re

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

import afpak_coder

from gui_helpers import open_doc, select

DOCUMENTS = ("Torkham reopens", "Deportations are not", "Pakistan's western frontier")
ACTORS = ("Pakistani government", "Afghan Taliban administration", "China", "Traders and transporters")
FILTERS = ("refugee", "ceasefire", "durand", "china", "militancy")


def on_screen(panel):
    """What the coder sees in the panel, read from the widgets' text."""
    heading = re.search(r"characters (\d+)–(\d+)", panel.heading.text())
    items = panel.themes.tree.selectedItems()
    stance = panel.stance_group.checkedButton()
    return dict(span=(int(heading[1]), int(heading[2])) if heading else None,
                theme=re.sub(r"^\[\d\] ", "", items[0].text(0)) if items and not items[0].isHidden() else None,
                actor=panel.actor.currentText().strip(), target=panel.target.currentText().strip(),
                stance=stance.text() if stance else None, memo=panel.memo.toPlainText().strip())


def stored_as_shown(claim):
    return dict(span=(claim.start, claim.end), theme=claim.theme.name, actor=claim.actor.name,
                target=claim.target.name if claim.target else "",
                stance=f"{claim.stance.value:+d}" if claim.stance else None, memo=claim.memo)


class Session:
    """Drives the window and keeps, beside it, what the coder expects the project to hold."""

    def __init__(self, window):
        self.window, self.panel = window, window.coding_panel
        self.expected = {}  # claim id -> what the panel showed at its last Enter
        self.history, self.undone = [], []  # (claim id, before, after): the app's undo stack, mirrored
        self.rng = random.Random(10)

    def mine(self):
        document = self.window.document_view.document_shown
        return [c for c in self.window.project.claims(document=document, coder="Ayesha") if c.id in self.expected]

    def enter(self):
        shown = on_screen(self.panel)
        before = {c.id for c in self.window.project.claims(coder="Ayesha")}
        editing = self.panel.editing
        QTest.keyClick(self.window.document_view, Qt.Key.Key_Return)
        if editing is None:
            (new_id,) = {c.id for c in self.window.project.claims(coder="Ayesha")} - before
        else:
            new_id = editing.id
        self._did(new_id, self.expected.get(new_id), shown)
        message = self.window.statusBar().currentMessage()
        assert message.startswith("Saved") and shown["actor"] in message and f"theme: {shown['theme']}" in message
        return new_id

    def _did(self, claim_id, before, after):
        if after is None:
            self.expected.pop(claim_id)
        else:
            self.expected[claim_id] = after
        self.history.append((claim_id, before, after))
        self.undone.clear()

    def undo(self):
        claim_id, before, after = self.history.pop()
        self.window.actions.undo.trigger()
        self._set(claim_id, before)
        self.undone.append((claim_id, before, after))

    def redo(self):
        claim_id, before, after = self.undone.pop()
        self.window.actions.redo.trigger()
        self._set(claim_id, after)
        self.history.append((claim_id, before, after))

    def _set(self, claim_id, value):
        if value is None:
            self.expected.pop(claim_id, None)
        else:
            self.expected[claim_id] = value

    def delete_one(self):
        claim = self.rng.choice(self.mine())
        self.window.claims_table.selectRow(self.window.claims_model.row_of(claim.id))
        assert self.panel.editing == claim
        self.window.delete_selected_claim()
        self._did(claim.id, self.expected[claim.id], None)

    def choose_theme(self, step):
        view, themes = self.window.document_view, self.panel.themes
        if step % 3 == 0:  # type a filter, Enter picks the first match
            QTest.keyClicks(themes.filter_box, FILTERS[step % len(FILTERS)])
            QTest.keyClick(themes.filter_box, Qt.Key.Key_Return)
        elif step % 3 == 1:  # a filter left standing, then a pinned key for a theme it may hide
            QTest.keyClicks(themes.filter_box, "india")
            view.setFocus()
            QTest.keyClick(view, Qt.Key.Key_1 + step % 9)
        else:
            view.setFocus()
            QTest.keyClick(view, Qt.Key.Key_1 + step % 9)


def test_a_full_coding_session_stores_exactly_what_was_on_screen(coding, qtbot, tmp_path, drafts):
    qtbot.waitUntil(coding.isActiveWindow)
    session = Session(coding)
    panel, view = coding.coding_panel, coding.document_view
    other_project = tmp_path / "other.afpak"
    afpak_coder.create_project(other_project).close()
    sample_path = coding.project.path
    for step in range(30):
        document = open_doc(coding, DOCUMENTS[step % 3])
        start = session.rng.randrange(0, len(document.text) - 90)
        select(coding, start, start + session.rng.randrange(15, 80))
        if step % 7 == 3:  # Esc drops the passage; the next selection starts afresh
            QTest.keyClicks(panel.memo, "thrown away")
            QTest.keyClick(view, Qt.Key.Key_Escape)
            assert on_screen(panel) == dict(span=None, theme=None, actor="", target="", stance=None, memo="")
            select(coding, start, start + 25)
        if step % 5 == 4 and session.history:
            QTest.keyClick(view, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)  # Repeat last codes
        else:
            session.choose_theme(step)
            QTest.keyClicks(panel.actor.lineEdit(), ACTORS[step % len(ACTORS)])
            if step % 4 == 1:
                QTest.keyClicks(panel.target.lineEdit(), ACTORS[(step + 1) % len(ACTORS)])
            if step % 2:
                QTest.keyClick(view, Qt.Key.Key_1 + step % 5, Qt.KeyboardModifier.AltModifier)
        if step % 3 == 2:
            QTest.keyClicks(panel.memo, f"memo {step}")
        session.enter()
        if step % 6 == 5:
            session.delete_one()
        if step % 8 == 6:  # edit a claim of this document: a new memo and stance
            claim = session.rng.choice(session.mine())
            coding.claims_table.selectRow(coding.claims_model.row_of(claim.id))
            panel.memo.setPlainText(f"edited at {step}")
            QTest.keyClick(view, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
            session.enter()
        if step % 8 == 7:
            session.undo()
            session.undo()
            session.redo()
        if step == 15:  # a project switch in the middle of the day, and back
            assert coding.open_path(other_project) and coding.document_view.document_shown is None
            assert on_screen(panel)["span"] is None and coding.claims_model.rowCount() == 0
            assert coding.open_path(sample_path)
            session.history.clear()
            session.undone.clear()
    stored = {c.id: c for c in coding.project.claims(coder="Ayesha") if c.id in session.expected}
    assert len(stored) == len(session.expected) >= 20
    for claim_id, shown in session.expected.items():
        assert stored_as_shown(stored[claim_id]) == shown
    assert not drafts.asked  # every claim was saved or dropped on purpose: nothing to ask about
    assert not [c for c in coding.project.claims(coder="Ayesha") if "thrown away" in c.memo]
