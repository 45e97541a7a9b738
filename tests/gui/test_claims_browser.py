"""The claims browser: its lazily fetched model (no widgets), then the window on the sample project —
filters, blind coding, open at the claim, copy, bulk re-code and delete with one undo step each."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from afpak_coder.core.sample import build_sample_project
from afpak_coder.gui.browser.browser_model import HEADERS, ClaimsBrowserModel
from afpak_coder.gui.browser.opening import open_claims_browser
from afpak_coder.gui.workspace.coding_controller import ALL


@pytest.fixture
def sample(tmp_path):
    with build_sample_project(tmp_path / "sample.afpak") as project:
        yield project


def test_model_fetches_page_by_page_and_sorts_through_the_service(qtbot, sample):
    model = ClaimsBrowserModel(page=50)
    model.set_query(sample, {})
    assert model.total == 252 and model.rowCount() == 50
    assert model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 100
    model.fetch_all()
    assert model.rowCount() == 252 and not model.canFetchMore()
    dates = [model.index(row, HEADERS.index("Date")).data() for row in range(model.rowCount())]
    assert dates == sorted(dates)
    model.sort(HEADERS.index("Stance"), Qt.SortOrder.DescendingOrder)
    assert model.rowCount() == 50
    first = model.row_at(0).claim
    assert first.stance.value == max(level.value for level in sample.stance_levels())
    model.set_query(sample, {"coder": "Bilal", "theme": "Security"})
    expected = sample.claims(coder="Bilal", theme="Security")
    assert model.total == len(expected) > 0
    model.fetch_all()
    assert {model.row_at(r).claim.id for r in range(model.rowCount())} == {c.id for c in expected}
    quote_column = HEADERS.index("Quote")
    row = model.row_at(0)
    assert model.index(0, quote_column).data() == " ".join(row.claim.quote.split())
    assert row.claim.document.text.endswith(row.after.strip()) or row.after.strip() in row.claim.document.text


@pytest.fixture
def browser(window, qtbot):
    window.open_sample_project()
    browser = open_claims_browser(window)
    qtbot.addWidget(browser)
    return browser


def shown_claims(browser):
    browser.model.fetch_all()
    return [browser.model.row_at(r).claim for r in range(browser.model.rowCount())]


def test_blind_coding_shows_only_my_claims_until_all_coders_are_shown(window, browser):
    project = window.project
    assert {c.coder.name for c in shown_claims(browser)} == {"Ayesha"}
    assert browser.filter_bar.coder.count() == 2  # "All shown coders" and Ayesha
    window.controller.set_view_mode(ALL)
    browser.reload_choices()
    assert len(shown_claims(browser)) == project.count_claims()
    assert "252 claims shown" in browser.counts.text()


def test_filters_typed_and_chosen_narrow_the_table(window, browser, qtbot):
    project = window.project
    bar = browser.filter_bar
    bar.theme.setCurrentIndex(bar.theme.findData(project.theme("Security").id))
    assert {c.id for c in shown_claims(browser)} == {c.id for c in project.claims(coder="Ayesha", theme="Security")}
    bar.field.setCurrentIndex(bar.field.findData("outlet_country"))
    qtbot.keyClicks(bar.value, "pakistan")
    qtbot.waitUntil(lambda: browser.model.total == project.count_claims(
        coder="Ayesha", theme="Security", where={"outlet_country": "Pakistan"}))
    qtbot.keyClicks(bar.date_from, "2025-13-01")
    qtbot.waitUntil(lambda: "not a date" in browser.problem.text())
    bar.clear()
    assert browser.model.total == project.count_claims(coder="Ayesha")
    browser.set_filters({"text": "border", "stance": (None, -1)})
    assert bar.text.text() == "border" and bar.stance_to.currentData() == -1
    assert browser.model.total == project.count_claims(coder="Ayesha", text="border", stance=(None, -1)) > 0


def test_double_click_opens_the_document_at_the_claim_in_the_panel(window, browser, qtbot):
    row = next(r for r in range(browser.model.rowCount())
               if browser.model.row_at(r).claim.document.id != window.controller.document.id)
    claim = browser.model.row_at(row).claim
    index = browser.model.index(row, HEADERS.index("Quote"))
    browser.table.scrollTo(index)
    rect = browser.table.visualRect(index)
    qtbot.mouseClick(browser.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(browser.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.controller.document.id == claim.document.id
    assert window.coding_panel.editing.id == claim.id
    assert window.document_view.selected_span() == (claim.start, claim.end)


def test_copy_with_citations(window, browser):
    browser.table.selectRow(0)
    claim = browser.model.row_at(0).claim
    text = browser.copy_selected()
    assert QGuiApplication.clipboard().text() == text
    assert claim.document.title in text and claim.actor.name in text and claim.theme.path_label in text


def test_bulk_recode_then_delete_each_one_undo_step(window, browser, qtbot):
    project = window.project
    talks = project.theme("Bilateral talks and visits")
    browser.table.selectRow(0)
    for row in (1, 2):
        browser.table.selectionModel().select(browser.model.index(row, 0),
                                              browser.table.selectionModel().SelectionFlag.Select
                                              | browser.table.selectionModel().SelectionFlag.Rows)
    chosen = [r.claim for r in browser.selected_rows()]
    assert len(chosen) == 3 and "3 selected" in browser.counts.text()
    browser.recode(browser.selected_rows(), {"theme": talks.id, "stance": 2})
    assert all(project.claim(c.id).theme == talks and project.claim(c.id).stance.value == 2 for c in chosen)
    stack = window.controller.undo_stack
    depth = stack.count()
    browser.set_filters({"theme": talks.id})
    remaining = shown_claims(browser)
    browser.table.selectAll()
    browser.delete_selected()
    assert stack.count() == depth + 1
    assert project.count_claims(coder="Ayesha", theme=talks.id) == 0
    stack.undo()  # the deletion, in one step
    assert {c.id for c in project.claims(coder="Ayesha", theme=talks.id)} == {c.id for c in remaining}
    qtbot.waitUntil(lambda: browser.model.total == len(remaining))
    stack.undo()  # the re-code, in one step
    for before in chosen:
        after = project.claim(before.id)
        assert (after.theme, after.stance) == (before.theme, before.stance)
    stack.redo()
    assert project.claim(chosen[0].id).theme == talks


def test_columns_can_be_hidden_and_shown(browser):
    menu = browser.column_menu()
    memo = next(a for a in menu.actions() if a.text() == "Memo")
    memo.setChecked(False)
    assert browser.table.isColumnHidden(HEADERS.index("Memo"))
    outlet = next(a for a in browser.column_menu().actions() if a.text() == "Outlet")
    assert not outlet.isChecked()
    outlet.setChecked(True)
    assert not browser.table.isColumnHidden(HEADERS.index("Outlet"))


def test_menu_and_shortcut_open_the_browser(window, qtbot):
    window.open_sample_project()
    action = next(a for a in window.actions.menus["analysis"].actions() if a.text() == "&Claims…")
    assert action.shortcut().toString() == "Ctrl+Shift+C"
    action.trigger()
    browser = window._claims_browser
    qtbot.addWidget(browser)
    assert browser.isVisible() and browser.model.total > 0
    browser.resize(1400, 650)
    browser.grab().save("/tmp/browser-claims.png")


def test_windows_over_a_project_close_with_it(window, browser, qtbot):
    from PySide6.QtWidgets import QApplication

    from afpak_coder.gui.cases.cases_window import CasesWindow

    next(a for a in window.actions.menus["analysis"].actions() if a.text() == "&Documents as cases…").trigger()
    cases = next(w for w in QApplication.topLevelWidgets() if isinstance(w, CasesWindow) and w.isVisible())
    assert browser.isVisible()
    window.close_project()
    assert not browser.isVisible()
    qtbot.waitUntil(lambda: not any(isinstance(w, CasesWindow) and w.isVisible()
                                    for w in QApplication.topLevelWidgets()))
    del cases


def test_recode_through_the_dialog_and_its_button(window, browser, monkeypatch):
    from PySide6.QtWidgets import QDialog, QPushButton

    from afpak_coder.gui.browser.recode_dialog import RecodeDialog

    project = window.project
    talks = project.theme("Bilateral talks and visits")

    def choose(dialog):
        dialog.theme.setCurrentIndex(dialog.theme.findData(talks.id))
        dialog.stance.setCurrentIndex(dialog.stance.findText("(no stance)"))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(RecodeDialog, "exec", choose)
    browser.table.selectRow(1)
    claim = browser.selected_rows()[0].claim
    browser.findChild(QPushButton, "recodeButton").click()
    changed = project.claim(claim.id)
    assert changed.theme == talks and changed.stance is None and changed.actor == claim.actor
    window.controller.undo_stack.undo()
    assert project.claim(claim.id).stance == claim.stance
