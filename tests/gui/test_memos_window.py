"""Memos: a document memo written in Documents as cases, then found in Analysis → Memos with the
claim memos, searched, and a double-click jumps to the claim or the document."""

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from afpak_coder.gui.browser.memos_window import MemosWindow

from test_cases import open_cases, type_into_cell
from test_click_through import double_click


def test_write_a_document_memo_then_search_and_jump(coding, qtbot):
    project = coding.project
    cases = open_cases(coding, qtbot)
    memo_column = [k for k, _h in cases.model.columns].index("memo")
    document = cases.model.document_at(cases.proxy.mapToSource(cases.proxy.index(2, 0)).row())
    type_into_cell(cases, 2, memo_column, "Ask Bilal about the second source")
    assert project.document(document.id).memo == "Ask Bilal about the second source"

    action = next(a for a in coding.actions.menus["analysis"].actions() if a.text() == "&Memos…")
    action.trigger()
    memos = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MemosWindow) and w.isVisible())
    qtbot.addWidget(memos)
    mine = [c for c in project.claims(coder="Ayesha") if c.memo]
    assert memos.model.rowCount() == 1 + len(mine)  # blind: only my claim memos
    QTest.keyClicks(memos.search, "bilal about")
    qtbot.waitUntil(lambda: memos.model.rowCount() == 1)
    double_click(memos.table, 0, 1)
    assert coding.controller.document.id == document.id
    memos.search.clear()
    memos.kind.setCurrentText("Claim memos")
    qtbot.waitUntil(lambda: memos.model.rowCount() == len(mine) > 0)
    double_click(memos.table, 0, 5)
    claim = memos.model.memos[0].claim
    assert coding.coding_panel.editing.id == claim.id
    memos.resize(1000, 400)
    memos.grab().save("/tmp/browser-memos.png")
