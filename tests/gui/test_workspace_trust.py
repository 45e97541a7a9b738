"""Issue 10, items 5, 7, 8 and 9 in the real window: the document list and the header follow every
way a document is opened, one status control in step with the list, one sentence splitter for
triple-click, and find hits that never become a claim's passage."""

import afpak_coder
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest

from gui_helpers import enter, my_claims, open_doc, select, triple_click

FOOTNOTED = ("Officials met in Doha on 3 March 2025.³ Another round of talks was promised by Mr. Dar, "
             "who flew in from the U.S. on Sunday. Gen. Asim stayed away.⁴ Nobody explained why.\n"
             "A second paragraph follows here.")


def highlighted_rows(window):
    """Rows of the document list painted with the selection colour (what the coder sees)."""
    table = window.documents_table
    image = table.viewport().grab().toImage()
    highlight = table.palette().color(table.palette().ColorGroup.Active, table.palette().ColorRole.Highlight)
    rows = []
    for row in range(window.documents_proxy.rowCount()):
        rect = table.visualRect(window.documents_proxy.index(row, 0))
        if rect.isValid() and rect.bottom() < image.height():
            shown = QColor(image.pixel(min(rect.right(), image.width()) - 3, rect.top() + 2))
            if abs(shown.red() - highlight.red()) + abs(shown.green() - highlight.green()) + abs(shown.blue() - highlight.blue()) < 40:
                rows.append(row)
    return rows


def row_of(window, document):
    source = window.documents_model.index(window.documents_model.row_of(document.id), 0)
    return window.documents_proxy.mapFromSource(source).row()


def test_search_hit_ctrl_j_and_undo_move_the_list_and_the_header(coding, qtbot):
    """Item 5: a search hit opened another document while the list still highlighted the old one."""
    open_doc(coding, "Deportations are not")
    panel = coding.search_panel
    QTest.keyClicks(panel.field, "Torkham")
    QTest.keyClick(panel.field, Qt.Key.Key_Return)
    row = next(r for r in range(panel.results.rowCount())
               if not panel.results.item(r, 0).data(Qt.ItemDataRole.UserRole + 6).document.title.startswith("Deportations"))
    hit = panel.results.item(row, 0).data(Qt.ItemDataRole.UserRole + 6)
    selection = coding.documents_table.selectionModel()
    with qtbot.waitSignal(selection.selectionChanged, timeout=2000):  # the list repaints only when told
        panel.results.cellClicked.emit(row, 0)
    assert coding.document_view.document_shown == hit.document
    qtbot.waitUntil(lambda: highlighted_rows(coding) == [row_of(coding, hit.document)])
    assert hit.document.title in coding.document_header.title.text()
    assert hit.document.outlet in coding.document_header.details.text()
    # Ctrl+J (next document to code)
    for other in coding.documents_model.documents():
        if other != hit.document:
            coding.project.set_status(other, "Ayesha", "in progress")
    coding.controller.reload_documents()
    with qtbot.waitSignal(selection.selectionChanged, timeout=2000):
        QTest.keyClick(coding, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
    shown = coding.document_view.document_shown
    assert shown != hit.document
    qtbot.waitUntil(lambda: highlighted_rows(coding) == [row_of(coding, shown)])
    assert shown.title in coding.document_header.title.text()
    # Undo of a claim made in another document opens that document, in the list too.
    select(coding, 0, 12)
    QTest.keyClick(coding.document_view, Qt.Key.Key_1)
    QTest.keyClicks(coding.coding_panel.actor.lineEdit(), "China")
    enter(coding)
    open_doc(coding, "Torkham reopens")
    with qtbot.waitSignal(selection.selectionChanged, timeout=2000):
        coding.actions.undo.trigger()
    assert coding.document_view.document_shown == shown
    qtbot.waitUntil(lambda: highlighted_rows(coding) == [row_of(coding, shown)])
    assert shown.title in coding.document_header.title.text()


def test_the_status_in_the_header_follows_the_first_claim(coding):
    """Item 7: after the first claim the list said "in progress", the status box "not started"."""
    document = open_doc(coding, "Torkham reopens")
    coding.project.set_status(document, "Ayesha", "not started")
    coding.controller.reload_documents()
    open_doc(coding, "Deportations are not")
    open_doc(coding, "Torkham reopens")
    header = coding.document_header
    assert header.status.currentText() == "not started"
    select(coding, 0, 30)
    QTest.keyClick(coding.document_view, Qt.Key.Key_1)
    QTest.keyClicks(coding.coding_panel.actor.lineEdit(), "China")
    enter(coding)
    assert coding.documents_model.status_of(document.id) == "in progress"
    assert header.status.currentText() == "in progress"
    header.status.setCurrentText("done")
    header.status.activated.emit(2)
    assert coding.documents_model.status_of(document.id) == "done"
    assert coding.project.statuses("Ayesha")[(document.id, coding.project.coder("Ayesha").id)] == "done"
    assert header.status.currentText() == "done"


def test_triple_click_uses_the_one_sentence_splitter(window, tmp_path):
    """Item 8: footnote marks, Mr. and U.S. made triple-click select the wrong span."""
    path = tmp_path / "notes.afpak"
    with afpak_coder.create_project(path) as project:
        project.add_document(FOOTNOTED, title="Footnoted brief")
        project.add_coder("Ayesha")
    assert window.open_path(path)
    view = window.document_view
    triple_click(view, FOOTNOTED.index("round of talks"))
    assert FOOTNOTED[slice(*view.selected_span())] == (
        "Another round of talks was promised by Mr. Dar, who flew in from the U.S. on Sunday.")
    assert window.coding_panel.span == view.selected_span()
    triple_click(view, FOOTNOTED.index("Doha"))
    assert FOOTNOTED[slice(*view.selected_span())] == "Officials met in Doha on 3 March 2025.³"
    triple_click(view, FOOTNOTED.index("Asim"))
    assert FOOTNOTED[slice(*view.selected_span())] == "Gen. Asim stayed away.⁴"


def test_find_hits_never_become_the_claim_passage(coding):
    """Item 9: Ctrl+F hits became "New claim · characters … — TTP"."""
    document = open_doc(coding, "Pakistan's western frontier")
    coding.document_view.setFocus()
    QTest.keyClick(coding, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(coding.find_bar.field, "TTP")
    assert coding.find_bar.hits
    QTest.keyClick(coding.find_bar.field, Qt.Key.Key_Return)
    panel = coding.coding_panel
    assert panel.span is None and "No claim" in panel.heading.text()
    assert coding.document_view.current_hit == coding.find_bar.hits[1 % len(coding.find_bar.hits)]
    before = len(my_claims(coding, document))
    QTest.keyClick(coding.document_view, Qt.Key.Key_1)
    QTest.keyClicks(panel.actor.lineEdit(), "China")
    enter(coding)
    assert len(my_claims(coding, document)) == before  # nothing saved on a hit
    start, end = coding.find_bar.hits[0]
    select(coding, start, end)  # the coder selects the hit: now it is the passage
    assert panel.span == (start, end)


def test_the_header_shows_edited_details_and_nothing_without_a_document(coding):
    document = open_doc(coding, "Torkham reopens")
    header = coding.document_header
    coding.project.update_document(document, title="Torkham reopens at last", outlet="The Khyber Mail")
    coding.controller.reload_documents()  # as Edit document details does after saving
    assert "Torkham reopens at last" in header.title.text() and "The Khyber Mail" in header.details.text()
    assert header.status.isEnabled()
    coding.close_project()
    assert header.title.text() == "" and not header.status.isEnabled()
