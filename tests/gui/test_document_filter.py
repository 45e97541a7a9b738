"""The document list's sort and filter (gui/workspace/document_filter.py), driven through the window:
every column both ways, typing and deleting in the filter box, a row changing under a filter and a
sort, and the open document staying open while the filter hides it."""

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from afpak_coder.gui.workspace.document_table import DocumentRole
from gui_helpers import open_doc

Ascending, Descending = Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder


def shown_titles(window):
    proxy = window.documents_proxy
    return [proxy.index(row, 0).data(DocumentRole).title for row in range(proxy.rowCount())]


def selected_titles(window):
    return [document.title for document in window.selected_documents()]


def expected_order(window, key, order):
    """The source order sorted stably by ``key`` (what Qt's proxy gives)."""
    documents = window.documents_model.documents()
    return [d.title for d in sorted(documents, key=key, reverse=order == Descending)]


def test_each_column_sorts_both_ways_and_the_filter_keeps_that_order(coding):
    ayesha = coding.controller.coder
    statuses = {d.id: coding.documents_model.status_of(d.id) for d in coding.documents_model.documents()}
    rank = {"not started": 0, "in progress": 1, "done": 2}
    keys = {0: lambda d: d.title, 1: lambda d: d.outlet or "",
            2: lambda d: d.published.isoformat() if d.published else "", 3: lambda d: d.language or "",
            4: lambda d: coding.project.claim_counts().get((d.id, ayesha.id), 0),
            5: lambda d: rank[statuses[d.id]]}
    for column, key in keys.items():
        for order in (Ascending, Descending):
            coding.documents_table.sortByColumn(column, order)
            assert shown_titles(coding) == expected_order(coding, key, order), (column, order)
    coding.filter_box.setText("PAKISTAN")  # any case, any shown column: title or outlet
    everything = expected_order(coding, keys[5], Descending)
    assert shown_titles(coding) == [t for t in everything if "pakistan" in t.lower()]
    assert len(shown_titles(coding)) == 4


def test_typing_and_deleting_in_the_filter_box(coding, qtbot):
    coding.documents_table.sortByColumn(2, Ascending)
    QTest.keyClicks(coding.filter_box, "torkham")
    assert shown_titles(coding) == ["Torkham reopens after nine-day closure as traders tally losses",
                                    "Returnees crowd Torkham reception camps as Pakistan's deportation deadline passes"]
    QTest.keyClicks(coding.filter_box, " reo")  # narrowing: only the rows already shown are tested
    assert shown_titles(coding) == ["Torkham reopens after nine-day closure as traders tally losses"]
    for _ in range(4):
        QTest.keyClick(coding.filter_box, Qt.Key.Key_Backspace)  # widening: every row again
    assert len(shown_titles(coding)) == 2
    QTest.keyClicks(coding.filter_box, "xyz")
    assert shown_titles(coding) == []
    coding.filter_box.clear()
    assert shown_titles(coding) == expected_order(coding, lambda d: d.published.isoformat(), Ascending)


def test_the_open_document_stays_open_while_the_filter_hides_it_and_is_highlighted_again(coding):
    opened = open_doc(coding, "Deportations are not")
    coding.filter_box.setText("torkham")
    assert coding.document_view.document_shown.id == opened.id  # filtering the list opens nothing else
    assert coding.controller.document.id == opened.id
    assert selected_titles(coding) == []
    coding.filter_box.setText("deport")  # shown again: its row is the highlighted one
    assert selected_titles(coding) == ["Deportations are not a foreign policy"]
    coding.filter_box.clear()
    assert selected_titles(coding) == ["Deportations are not a foreign policy"]
    current = coding.documents_table.currentIndex()
    assert current.data(DocumentRole).id == opened.id


def test_a_row_that_changes_moves_in_the_sort_and_into_or_out_of_the_filter(coding):
    coding.documents_table.sortByColumn(5, Ascending)  # my status: not started, in progress, done
    opened = open_doc(coding, "Deportations are not")
    assert coding.documents_model.status_of(opened.id) == "done"  # as the sample has it
    done_last = shown_titles(coding)
    coding.filter_box.setText("in progress")
    assert shown_titles(coding) == []
    coding.controller.set_status("in progress")  # the row now matches the filter
    assert shown_titles(coding) == [opened.title]
    assert selected_titles(coding) == [opened.title]  # and is the highlighted one
    coding.filter_box.clear()
    assert shown_titles(coding)[0] == opened.title  # sorted before the done ones
    assert shown_titles(coding)[1:] == [t for t in done_last if t != opened.title]
    assert selected_titles(coding) == [opened.title]
    coding.filter_box.setText("in progress")
    coding.controller.set_status("done")  # out of the filter again; still the open document
    assert shown_titles(coding) == []
    assert coding.controller.document.id == opened.id
    coding.filter_box.clear()
    assert shown_titles(coding) == done_last


def test_a_reload_keeps_the_sort_and_the_filter(coding):
    coding.documents_table.sortByColumn(0, Descending)
    coding.filter_box.setText("kabul")
    before = shown_titles(coding)
    assert len(before) == 2
    coding.documents_model.reload(coding.project, coding.controller.coder)
    assert shown_titles(coding) == before
