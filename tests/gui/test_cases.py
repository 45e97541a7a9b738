"""Documents as cases: the model without widgets, then the window on the sample project — inline
edit of a variable by typing, a refused date, bulk edit, each one undo step."""

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit

from afpak_coder.core.sample import build_sample_project
from afpak_coder.gui.cases.cases_model import CasesModel, SortRole
from afpak_coder.gui.cases.cases_window import CasesWindow


def test_model_shows_fields_variables_counts_and_statuses(qtbot, tmp_path):
    with build_sample_project(tmp_path / "sample.afpak") as project:
        model = CasesModel()
        coders = project.coders()
        model.load(project, coders)
        headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
        assert headers[:9] == ["#", "Title", "Outlet", "Author", "Published", "URL", "Language", "Genre", "Memo"]
        assert headers[9:11] == ["outlet_country", "outlet_type"]
        assert headers[11:13] == [f"{coders[0].name}: claims", f"{coders[0].name}: status"]
        assert model.rowCount() == len(project.documents())
        counts, statuses = project.claim_counts(), project.statuses()
        for row in range(model.rowCount()):
            document = model.document_at(row)
            assert model.index(row, 11).data() == str(counts.get((document.id, coders[0].id), 0))
            assert model.index(row, 12).data() == statuses.get((document.id, coders[0].id), "not started")
            assert model.index(row, 11).data(SortRole) == float(counts.get((document.id, coders[0].id), 0))
        assert model.flags(model.index(0, 9)) & Qt.ItemFlag.ItemIsEditable
        assert not model.flags(model.index(0, 11)) & Qt.ItemFlag.ItemIsEditable


def open_cases(window, qtbot):
    action = next(a for a in window.actions.menus["analysis"].actions() if a.text() == "&Documents as cases…")
    action.trigger()
    shown = next(w for w in QApplication.topLevelWidgets() if isinstance(w, CasesWindow) and w.isVisible())
    qtbot.addWidget(shown)
    return shown


def type_into_cell(cases, row, column, text):
    index = cases.proxy.index(row, column)
    cases.table.setCurrentIndex(index)
    cases.table.edit(index)
    (editor,) = [e for e in cases.table.viewport().findChildren(QLineEdit) if e.isVisible()]
    editor.selectAll()
    QTest.keyClicks(editor, text)
    QTest.keyClick(editor, Qt.Key.Key_Return)
    QApplication.processEvents()  # the delegate commits the editor's text in a queued call


def test_inline_edit_refusal_bulk_edit_and_undo(coding, qtbot):
    cases = open_cases(coding, qtbot)
    project = coding.project
    country = [h for _k, h in cases.model.columns].index("outlet_country")
    document = cases.model.document_at(cases.proxy.mapToSource(cases.proxy.index(0, 0)).row())
    before = document.variables.get("outlet_country")
    type_into_cell(cases, 0, country, "Qatar")
    assert project.document(document.id).variables["outlet_country"] == "Qatar"
    assert cases.proxy.index(0, country).data() == "Qatar"
    published = [k for k, _h in cases.model.columns].index("published")
    type_into_cell(cases, 0, published, "31/02/2025")
    assert "published" in cases.message.text()
    assert project.document(document.id).published == document.published  # refused, unchanged
    coding.controller.undo_stack.undo()
    assert project.document(document.id).variables.get("outlet_country") == before
    assert cases.proxy.index(0, country).data() == (before or "")

    cases.filter_box.setText("Torkham")
    assert 0 < cases.proxy.rowCount() < cases.model.rowCount()
    cases.table.selectAll()
    chosen = [cases.model.document_at(cases.proxy.mapToSource(cases.proxy.index(r, 0)).row())
              for r in range(cases.proxy.rowCount())]
    cases.bulk_column.setCurrentIndex(cases.bulk_column.findData("genre"))
    cases.bulk_value.setText("report")
    depth = coding.controller.undo_stack.index()
    cases.set_for_selection()
    assert coding.controller.undo_stack.index() == depth + 1  # one step for the whole selection
    assert {project.document(d.id).genre for d in chosen} == {"report"}
    coding.controller.undo_stack.undo()
    assert [project.document(d.id).genre for d in chosen] == [d.genre for d in chosen]
    cases.filter_box.clear()
    cases.resize(1300, 600)
    cases.grab().save("/tmp/browser-cases.png")
