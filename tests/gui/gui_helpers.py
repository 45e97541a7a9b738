"""Helpers shared by the GUI tests."""

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from afpak_coder.gui.workspace import draft_guard

# The real Save / Discard / Cancel box (conftest answers it for every test unless a test puts it back).
REAL_ASK_ABOUT_DRAFT = draft_guard.ask_about_draft


class CoderChoice:
    """Stands in for the "Who is coding?" dialog: answers with a name (existing or new) or None."""

    def __init__(self, name="Ayesha"):
        self.name = name
        self.asked = 0

    def __call__(self, coders, current):
        self.asked += 1
        if self.name is None:
            return None
        return next((c for c in coders if c.name == self.name), self.name)


def open_doc(window, title_part):
    """Click the document in the document list whose title contains ``title_part``."""
    proxy = window.documents_proxy
    for row in range(proxy.rowCount()):
        if title_part in proxy.index(row, 0).data():
            window.documents_table.selectRow(row)
            return window.document_view.document_shown
    raise AssertionError(f"no document titled like {title_part!r}")


def open_document(window, document):
    """Click ``document``'s row in the document list (found by id, whatever the list displays)."""
    from afpak_coder.gui.workspace.document_table import DocumentRole

    proxy = window.documents_proxy
    for row in range(proxy.rowCount()):
        if proxy.index(row, 0).data(DocumentRole).id == document.id:
            window.documents_table.selectRow(row)
            return window.document_view.document_shown
    raise AssertionError(f"{document.title!r} is not in the document list")


def select(window, start, end):
    window.document_view.setFocus()
    window.document_view.select_span(start, end)


def choose(window, theme, actor, stance=None, target=None):
    panel = window.coding_panel
    panel.themes.set_current(window.project.theme(theme).id)
    QTest.keyClicks(panel.actor.lineEdit(), actor)
    if target:
        QTest.keyClicks(panel.target.lineEdit(), target)
    panel.set_stance(stance)


def enter(window):
    QTest.keyClick(window.document_view, Qt.Key.Key_Return)


def my_claims(window, document):
    return window.project.claims(document=document, coder="Ayesha")


def point_at(view, codepoint):
    """A point inside the character at ``codepoint`` of the document view."""
    cursor = view.textCursor()
    cursor.setPosition(view.offsets.to_utf16(codepoint))
    rect = view.cursorRect(cursor)
    return QPoint(rect.x() + 1, rect.center().y())


def triple_click(view, codepoint):
    cursor = view.textCursor()
    cursor.setPosition(view.offsets.to_utf16(codepoint))
    view.setTextCursor(cursor)
    view.ensureCursorVisible()  # the click must land on the character, on screen
    point = point_at(view, codepoint)
    QTest.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    QTest.mousePress(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    QTest.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)


def choose_text(box, text):
    """Pick the entry of a combo box shown as ``text`` (failing with the entries there are)."""
    index = box.findText(text)
    assert index >= 0, (text, [box.itemText(i) for i in range(box.count())])
    box.setCurrentIndex(index)
