"""Issue 10, items 1–4: what the coding panel shows is exactly what Enter stores, and nothing of a
previous claim, filter or project is carried over unseen. Each test drives the real window."""

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog

from gui_helpers import enter, my_claims, open_doc, open_document, point_at, select, triple_click


def rich_claim(window):
    """One of Ayesha's claims in the sample with a memo and a target, and its document."""
    claim = next(c for c in window.project.claims(coder="Ayesha") if c.memo and c.target is not None)
    return open_document(window, claim.document), claim


def assert_panel_empty(panel):
    assert panel.themes.current_theme() is None
    assert panel.actor.currentText() == "" and panel.target.currentText() == ""
    assert panel.current_stance() is None
    assert panel.memo.toPlainText() == ""


def test_after_delete_the_new_claim_starts_empty_and_the_memo_is_not_joined(coding):
    """Item 1: Delete used to leave the deleted claim's codes and memo in the "New claim" panel."""
    document, claim = rich_claim(coding)
    view, panel = coding.document_view, coding.coding_panel
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     point_at(view, claim.start + 2))
    assert panel.editing == claim
    panel.delete_button.click()
    assert coding.project.claims(document=document, coder="Ayesha").count(claim) == 0
    assert panel.editing is None and "No claim" in panel.heading.text()
    assert_panel_empty(panel)
    other = open_doc(coding, "Deportations are not")
    select(coding, 0, 30)
    panel.themes.set_current(coding.project.theme("Refugees and repatriation").id)
    QTest.keyClicks(panel.actor.lineEdit(), "Pakistani government")
    QTest.keyClicks(panel.memo, "Deportation as policy")
    enter(coding)
    (stored,) = [c for c in my_claims(coding, other) if (c.start, c.end) == (0, 30)]
    assert stored.memo == "Deportation as policy"
    assert stored.target is None and stored.stance is None


def test_esc_then_a_new_sentence_does_not_inherit_the_claim_that_was_open(coding):
    """Item 2: open a claim, Esc, triple-click an uncoded sentence, Enter."""
    document, claim = rich_claim(coding)
    view, panel = coding.document_view, coding.coding_panel
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     point_at(view, claim.start + 2))
    assert panel.editing == claim and panel.memo.toPlainText() == claim.memo
    QTest.keyClick(view, Qt.Key.Key_Escape)
    assert panel.editing is None
    assert_panel_empty(panel)
    coded = [(c.start, c.end) for c in my_claims(coding, document)]
    spot = next(p for p in range(len(document.text) - 1, 0, -1)
                if document.text[p].isalpha() and not any(a - 200 <= p < b + 200 for a, b in coded))
    before = len(my_claims(coding, document))
    triple_click(view, spot)
    span = panel.span
    assert span is not None and span[0] <= spot < span[1]
    enter(coding)  # nothing chosen: refused, and said why
    assert len(my_claims(coding, document)) == before
    assert "Choose a theme and an actor" in panel.message.text()
    QTest.keyClick(view, Qt.Key.Key_2)
    QTest.keyClicks(panel.actor.lineEdit(), "China")
    enter(coding)
    (stored,) = [c for c in my_claims(coding, document) if (c.start, c.end) == span]
    assert stored.memo == "" and stored.target is None and stored.stance is None
    assert stored.theme.id == panel.themes.pins[1] and stored.actor.name == "China"


def test_a_filter_never_hides_the_theme_that_is_saved(coding, qtbot):
    """Item 3: a filter that hides the chosen theme, a pinned key for a hidden theme, Ctrl+click."""
    document = open_doc(coding, "Torkham reopens")
    panel, view = coding.coding_panel, coding.document_view
    select(coding, 0, 25)
    QTest.keyClicks(panel.themes.filter_box, "india")
    QTest.keyClicks(panel.actor.lineEdit(), "Pakistani government")
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_7)  # pinned to a theme the filter hides
    chosen = panel.themes.current_theme()
    assert chosen is not None and chosen.id == panel.themes.pins[6]
    assert not panel.themes._items[chosen.id].isHidden()  # visible: the filter gave way
    assert panel.themes.tree.selectedItems() == [panel.themes._items[chosen.id]]
    enter(coding)
    (stored,) = [c for c in my_claims(coding, document) if (c.start, c.end) == (0, 25)]
    assert stored.theme == chosen
    assert panel.themes.filter_box.text() == ""  # no filter stays active after saving
    # A filter typed after choosing, that hides the choice, clears the choice visibly.
    select(coding, 30, 60)
    panel.themes.set_current(coding.project.theme("Refugees and repatriation").id)
    QTest.keyClicks(panel.themes.filter_box, "india")
    assert panel.themes.current_theme() is None
    panel.themes.filter_box.clear()
    # Ctrl+click on the chosen theme clears it: nothing hidden is saved.
    item = panel.themes._items[coding.project.theme("Refugees and repatriation").id]
    panel.themes.set_current(coding.project.theme("Refugees and repatriation").id)
    rect = panel.themes.tree.visualItemRect(item)
    QTest.mouseClick(panel.themes.tree.viewport(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.ControlModifier, rect.center())
    assert panel.themes.tree.selectedItems() == []
    assert panel.themes.current_theme() is None
    QTest.keyClicks(panel.actor.lineEdit(), "Pakistani government")
    enter(coding)
    assert not [c for c in my_claims(coding, document) if (c.start, c.end) == (30, 60)]
    assert "Choose a theme" in panel.message.text()


def test_a_new_project_shows_nothing_of_the_previous_one(coding, monkeypatch, tmp_path, drafts):
    """Item 4: File → New project after the sample kept the sample's passage, status and Save."""
    open_doc(coding, "چمن")
    select(coding, 1, 31)
    coding.document_header.status.setCurrentText("done")
    coding.document_header.status.activated.emit(2)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "empty.afpak"), ""))
    new_project = next(a for a in coding.actions.menus["file"].actions() if a.text() == "&New project…")
    new_project.trigger()
    assert coding.project.path.name == "empty.afpak"
    assert len(drafts.asked) == 1  # the selected passage was a draft: asked, and discarded
    panel = coding.coding_panel
    assert panel.span is None and panel.editing is None
    assert "characters" not in panel.heading.text() and "No passage" in panel.quote.text()
    assert not panel.save_button.isEnabled()
    assert coding.document_view.document_shown is None and coding.document_view.toPlainText() == ""
    assert coding.document_header.title.text() == "" and not coding.document_header.status.isEnabled()
    assert coding.claims_model.rowCount() == 0 and coding.documents_model.rowCount() == 0
    assert_panel_empty(panel)
    enter(coding)  # Enter with nothing to save says so instead of doing nothing silently
    assert "Select a passage" in panel.message.text()


def test_opening_another_project_closes_the_windows_of_the_previous_one(coding, tmp_path):
    """Item 4, every view: the overview and the search of the sample do not outlive it."""
    overview = next(a for a in coding.actions.menus["analysis"].actions() if a.text().startswith("&Overview"))
    overview.trigger()
    from afpak_coder.gui.analysis.overview_window import OverviewWindow

    (shown,) = [w for w in coding.findChildren(OverviewWindow) if w.isVisible()]
    QTest.keyClicks(coding.search_panel.field, "Torkham")
    QTest.keyClick(coding.search_panel.field, Qt.Key.Key_Return)
    assert coding.search_panel.results.rowCount() > 0
    import afpak_coder

    other = tmp_path / "other.afpak"
    afpak_coder.create_project(other).close()
    assert coding.open_path(other)
    assert not shown.isVisible()
    assert coding.search_panel.results.rowCount() == 0 and coding.search_panel.field.text() == ""
