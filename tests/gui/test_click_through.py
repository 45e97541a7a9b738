"""From a number to its claims: double-click a crosstab cell of Analysis → Overview and the claims
browser shows exactly the claims that cell counts (the lead sees all coders)."""

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from afpak_coder.analysis.filters import select_claims
from afpak_coder.gui.analysis.overview_window import OverviewWindow
from afpak_coder.gui.workspace.coding_controller import ALL


def overview_of(window, qtbot):
    window.controller.set_view_mode(ALL)
    action = next(a for a in window.actions.menus["analysis"].actions() if a.text().startswith("&Overview"))
    action.trigger()
    overview = next(w for w in QApplication.topLevelWidgets() if isinstance(w, OverviewWindow) and w.isVisible())
    qtbot.addWidget(overview)
    return overview


def double_click(view, row, column):
    index = view.model().index(row, column)
    view.scrollTo(index)
    rect = view.visualRect(index)
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    QTest.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_double_click_on_a_crosstab_cell_then_on_the_matrix(coding, qtbot):
    overview = overview_of(coding, qtbot)
    overview.level_box.setCurrentText("All themes")
    overview.table_box.setCurrentText("Theme × actor")
    table = overview.tables["Theme × actor"]
    row = list(table.index).index("Border & trade › Border closures, crossings and trade")
    column = list(table.columns).index("Traders and transporters")
    counted = int(table.iloc[row, column])
    assert counted > 0
    double_click(overview.table_view, row, column)
    browser = coding._claims_browser
    qtbot.addWidget(browser)
    browser.model.fetch_all()
    shown = [browser.model.row_at(r).claim for r in range(browser.model.rowCount())]
    assert len(shown) == counted == browser.model.total
    assert {(c.theme.name, c.actor.name) for c in shown} == {("Border closures, crossings and trade",
                                                              "Traders and transporters")}
    assert "claims behind the number clicked" in browser.filter_bar.documents_note.text()

    overview.table_box.setCurrentText("Document × theme")
    matrix = overview.table_model.frame
    total_column = list(matrix.columns).index("Total")
    double_click(overview.table_view, 0, total_column)
    document_number = matrix.index[0]
    expected = [c for c in coding.project.claims() if c.document.number == document_number]
    assert browser.model.total == int(matrix.iloc[0, total_column]) == len(expected)
    browser.filter_bar.documents_note.click()  # drop the condition: every claim again
    assert browser.model.total == len(select_claims(coding.project).frame)


def test_double_click_in_the_agreement_dialog(coding, qtbot):
    from afpak_coder.gui.agreement.agreement_dialog import AgreementDialog

    coding.controller.set_view_mode(ALL)
    dialog = AgreementDialog(coding.project, coding, draws=0, seed=1)
    qtbot.addWidget(dialog)
    dialog.show()
    task = dialog.compute()
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=60000)
    assert task is not None
    dialog.tabs.setCurrentWidget(dialog.confusion_view.parentWidget())
    dialog.confusion_choice.setCurrentIndex(dialog.confusion_choice.findText("stance: rows Ayesha, columns Bilal"))
    matrix = dialog.report.confusion[("stance", "Ayesha", "Bilal")]
    labels = list(matrix.index)
    row, column = labels.index("-2"), labels.index("-1")
    assert matrix.iloc[row, column] > 0
    double_click(dialog.confusion_view, row, column + 1)
    browser = dialog._claims_browser
    qtbot.addWidget(browser)
    browser.model.fetch_all()
    shown = [browser.model.row_at(r).claim for r in range(browser.model.rowCount())]
    assert len(shown) == 2 * matrix.iloc[row, column]
    assert {(c.coder.name, c.stance.value) for c in shown} == {("Ayesha", -2), ("Bilal", -1)}

    dialog.tabs.setCurrentWidget(dialog.category_view)
    frame = dialog.category_proxy.sourceModel().frame
    row = next(r for r in range(len(frame)) if frame["category"].iat[r] == "Pakistani military")
    double_click(dialog.category_view, dialog.category_proxy.mapFromSource(
        dialog.category_proxy.sourceModel().index(row, 0)).row(), 1)
    assert {browser.model.row_at(r).claim.actor.name for r in range(browser.model.rowCount())} == {"Pakistani military"}


def test_cooccurrence_window_from_the_menu_with_click_through(coding, qtbot):
    from afpak_coder.analysis.cooccurrence import cooccurrence_claims
    from afpak_coder.gui.browser.cooccurrence_window import CooccurrenceWindow

    coding.controller.set_view_mode(ALL)
    action = next(a for a in coding.actions.menus["analysis"].actions() if a.text() == "Co-&occurrence…")
    action.trigger()
    shown = next(w for w in QApplication.topLevelWidgets() if isinstance(w, CooccurrenceWindow) and w.isVisible())
    qtbot.addWidget(shown)
    shown.table_box.setCurrentIndex(1)  # same document
    table = shown.model.frame
    assert (table.values == table.values.T).all()
    row = int(table.values.diagonal().argmax())
    column = next(c for c in range(len(table.columns)) if c != row and table.iat[row, c] > 0)
    double_click(shown.view, row, column)
    browser = coding._claims_browser
    qtbot.addWidget(browser)
    expected = cooccurrence_claims(shown.selection.frame, table.index[row], table.columns[column], "document", "top")
    assert browser.model.total == len(expected) > 0
    browser.model.fetch_all()
    themes = {browser.model.row_at(r).claim.theme.path[0] for r in range(browser.model.rowCount())}
    assert themes == {table.index[row], table.columns[column]}
    shown.table_box.setCurrentIndex(2)  # actor × theme
    assert shown.model.frame.index.name == "actor"
    shown.resize(1000, 500)
    shown.grab().save("/tmp/browser-cooccurrence.png")
