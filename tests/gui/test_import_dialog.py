"""The import dialog driven as a user would: files chosen, preview edited, batch outlet, import."""

import datetime as dt
import sys
from pathlib import Path

import pandas as pd
import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QFileDialog, QLineEdit

from afpak_coder.core.importing import ImportCandidate, ImportFailure, guess_mapping, load_table
from afpak_coder.gui.importing.import_dialog import ImportDialog, import_files_interactively
from afpak_coder.gui.importing.import_mapping_dialog import ColumnMappingDialog
from afpak_coder.gui.importing.import_preview_model import COLUMNS, ImportPreviewModel

sys.path.insert(0, str(Path(__file__).parents[1] / "core" / "importing"))
from import_file_makers import ARTICLE, make_docx, make_html, make_pdf  # noqa: E402

CORPUS = Path(__file__).parents[2] / ".." / "shared" / "corpus"


def column(name):
    return COLUMNS.index(name)


@pytest.fixture
def files(tmp_path):
    folder = tmp_path / "incoming"
    folder.mkdir()
    make_html(folder / "talks.html", title="Talks resume in Doha", paragraphs=ARTICLE.split("\n\n"))
    make_docx(folder / "brief.docx", ["Brief body. " + ARTICLE], title="Word brief", author="Analyst")
    make_pdf(folder / "digest.pdf", [["PDF digest on trade", "Body of the digest."]])
    (folder / "broken.docx").write_text("not a zip", encoding="utf-8")
    return folder


def read_into(qtbot, dialog, paths):
    with qtbot.waitSignal(dialog.preview_ready, timeout=30000):
        dialog.add_paths(paths)


def row_of(dialog, title):
    return next(row for row in range(dialog.model.rowCount())
                if dialog.model.index(row, column("Title")).data() == title)


@pytest.fixture
def dialog(qtbot, project, errors):
    opened = ImportDialog(project)
    qtbot.addWidget(opened)
    opened.show()
    return opened


def test_choose_files_edit_a_title_set_a_batch_outlet_and_import(qtbot, project, dialog, files, monkeypatch):
    chosen = [str(files / name) for name in ("talks.html", "brief.docx", "digest.pdf", "broken.docx")]
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *args, **kwargs: (chosen, ""))
    with qtbot.waitSignal(dialog.preview_ready, timeout=30000):
        qtbot.mouseClick(dialog.add_files_button, Qt.MouseButton.LeftButton)
    assert dialog.model.rowCount() == 4
    assert dialog.counts.text() == "3 of 3 documents ticked · 1 cannot be imported"
    broken = next(row for row in range(4) if dialog.model.index(row, column("File")).data() == "broken.docx")
    assert dialog.model.index(broken, column("Notes")).data() == "is not a Word document (not a zip package)"

    # edit a title in the table, as a user does: select the cell, type, Enter
    row = row_of(dialog, "PDF digest on trade")
    index = dialog.model.index(row, column("Title"))
    dialog.table.setCurrentIndex(index)
    qtbot.keyClick(dialog.table, Qt.Key.Key_F2)  # the platform's "edit" key opens the cell editor
    editor = dialog.table.viewport().findChild(QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "Trade digest, May")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on the next turn of the event loop
    qtbot.waitUntil(lambda: dialog.model.index(row, column("Title")).data() == "Trade digest, May", timeout=2000)
    assert not dialog.report_dialog  # Enter in the editor did not start the import

    qtbot.keyClicks(dialog.batch_outlet, "Regional Desk")
    qtbot.keyClicks(dialog.batch_variables, "outlet_country=Pakistan; wave=1")
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert {dialog.model.index(r, column("Outlet")).data() for r in range(4) if r != broken} == {"Regional Desk"}

    with qtbot.waitSignal(dialog.imported, timeout=30000) as imported:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    report = imported.args[0]
    assert len(report.imported) == 3 and len(report.failed) == 1
    stored = {d.title: d for d in project.documents()}
    assert set(stored) == {"Talks resume in Doha", "Word brief", "Trade digest, May"}
    assert {d.outlet for d in stored.values()} == {"Regional Desk"}
    assert stored["Word brief"].variables == {"outlet_country": "Pakistan", "wave": "1"}
    assert stored["Talks resume in Doha"].published == dt.date(2024, 3, 14)
    groups = dialog.report_dialog.group_texts()
    assert groups["Failed"] == ["broken.docx: is not a Word document (not a zip package)"]
    assert len(groups["Imported"]) == 3
    dialog.report_dialog.close()


def test_unticked_rows_and_duplicates(qtbot, project, dialog, tmp_path):
    (tmp_path / "a.txt").write_text("First dispatch\n\n" + ARTICLE, encoding="utf-8")
    (tmp_path / "b.txt").write_text("Second dispatch\n\nOther text.", encoding="utf-8")
    existing = project.add_document("First dispatch\n\n" + ARTICLE, title="Already here")
    assert dialog.start_folder() == str(project.path.parent)  # file dialogs open beside the project
    read_into(qtbot, dialog, [tmp_path])
    warning = dialog.model.index(row_of(dialog, "First dispatch"), 10).data()
    assert warning == f'duplicate: the same text is already document #{existing.number} "Already here"'
    dialog.grab().save(str(tmp_path / "import-preview.png"))
    row = row_of(dialog, "Second dispatch")
    dialog.model.setData(dialog.model.index(row, 0), Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    assert dialog.import_button.text() == "Import 1 document"
    with qtbot.waitSignal(dialog.imported, timeout=30000) as imported:
        dialog.start_import()
    report = imported.args[0]
    assert [d.existing for d in report.duplicates] == [existing] and report.left_out == ["b.txt"]
    assert dialog.report_dialog.group_texts()["Skipped as duplicate"] == [
        f"a.txt: the same text is already #{existing.number} “\u2068Already here\u2069”"]
    assert [d.title for d in project.documents()] == ["Already here"]
    dialog.report_dialog.close()


def test_spreadsheet_columns_are_chosen_in_the_mapping_dialog(qtbot, project, errors, tmp_path):
    sheet = tmp_path / "corpus.xlsx"
    pd.DataFrame({"c1": ["Talks resume", "Crossing shut"], "c2": ["First. " + ARTICLE, "Second. " + ARTICLE],
                  "c3": ["Pakistan", "Afghanistan"], "c4": ["x", "y"]}).to_excel(sheet, index=False)
    shown = []

    def choose(parent, path, guessed, frame):
        mapping_dialog = ColumnMappingDialog(path, frame, guessed, parent)
        qtbot.addWidget(mapping_dialog)
        shown.append(mapping_dialog)
        assert mapping_dialog.mapping().text_column == "c2"  # guessed: the longest column
        mapping_dialog.set_role("c1", "title")
        mapping_dialog.set_role("c4", "ignore")
        return mapping_dialog.mapping()

    dialog = ImportDialog(project, choose_mapping=choose)
    qtbot.addWidget(dialog)
    read_into(qtbot, dialog, [sheet])
    assert len(shown) == 1
    with qtbot.waitSignal(dialog.imported, timeout=30000):
        dialog.start_import()
    stored = sorted((d.title, d.variables) for d in project.documents())
    assert stored == [("Crossing shut", {"c3": "Afghanistan"}), ("Talks resume", {"c3": "Pakistan"})]
    dialog.report_dialog.close()


def test_mapping_dialog_needs_a_text_column_and_keeps_fields_unique(qtbot, tmp_path):
    path = tmp_path / "corpus.csv"
    pd.DataFrame({"headline": ["A"], "body": ["Body " * 20], "source": ["X"]}).to_csv(path, index=False)
    frame = load_table(path)
    mapping_dialog = ColumnMappingDialog(path, frame, guess_mapping(frame))
    qtbot.addWidget(mapping_dialog)
    ok = mapping_dialog.buttons.buttons()[0]
    assert mapping_dialog.mapping().roles == {"headline": "title", "body": "text", "source": "outlet"}
    mapping_dialog.set_role("body", "ignore")
    assert not ok.isEnabled() and mapping_dialog.hint.text() == "Choose the column that holds the article text."
    mapping_dialog.set_role("source", "title")  # takes the title from headline
    assert mapping_dialog.mapping().roles == {"headline": "ignore", "body": "ignore", "source": "title"}
    mapping_dialog.set_role("headline", "text")
    assert ok.isEnabled()


def test_the_gui_stays_responsive_while_files_are_read(qtbot, dialog, tmp_path, monkeypatch):
    import afpak_coder.gui.importing.import_dialog as module

    started, release = [], []

    def slow_preview(paths, options, progress):
        started.append(True)
        while not release:  # holds the worker until the GUI thread, still running, releases it
            progress.check()
        return []

    monkeypatch.setattr(module, "preview", slow_preview)
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    task = dialog.add_paths([tmp_path / "a.txt"])
    qtbot.waitUntil(lambda: bool(started), timeout=5000)
    assert not dialog.add_files_button.isEnabled()  # busy, but the event loop runs
    with qtbot.waitSignal(task.finished, timeout=5000):
        release.append(True)
    assert dialog.add_files_button.isEnabled()


def test_cancel_while_reading_adds_nothing(qtbot, dialog, tmp_path, monkeypatch):
    import afpak_coder.gui.importing.import_dialog as module

    def endless_preview(paths, options, progress):
        while True:
            progress.check()

    monkeypatch.setattr(module, "preview", endless_preview)
    task = dialog.add_paths([tmp_path])
    with qtbot.waitSignal(task.cancelled, timeout=5000):
        task.dialog.canceled.emit()
    assert dialog.model.rowCount() == 0


def test_dropped_files_open_the_dialog_reading_them(qtbot, project, errors, files):
    dialog = import_files_interactively(None, project, [files / "talks.html"])
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=30000)
    assert dialog.isVisible()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(files / "digest.pdf"))])
    event = QDropEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                       Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(dialog.preview_ready, timeout=30000):
        dialog.dropEvent(event)
    assert [c.title for c in dialog.model.candidates()] == ["Talks resume in Doha", "PDF digest on trade"]


def test_preview_model_refuses_bad_dates_and_empty_titles(tmp_path):
    model = ImportPreviewModel()
    candidate = ImportCandidate(path=tmp_path / "a.txt", source_format="txt", text="Body", title="T")
    model.add_items([candidate, ImportFailure(tmp_path / "b.txt", f"{tmp_path / 'b.txt'}: is empty")])
    assert not model.setData(model.index(0, column("Published")), "the week after Eid")
    assert model.setData(model.index(0, column("Published")), "2024-03-14")
    assert candidate.published == dt.date(2024, 3, 14)
    assert model.setData(model.index(0, column("Published")), "۱۵/۰۳/۲۰۲۴")  # the region's forms, day first
    assert candidate.published == dt.date(2024, 3, 15)
    assert not model.setData(model.index(0, column("Title")), "  ")
    assert not model.setData(model.index(0, column("Variables")), "no equals sign")
    assert model.setData(model.index(0, column("Variables")), "country=Pakistan; type=daily")
    assert candidate.variables == {"country": "Pakistan", "type": "daily"}
    assert not model.flags(model.index(1, column("Title"))) & Qt.ItemFlag.ItemIsEditable
    assert model.index(1, column("Notes")).data() == "is empty"
    assert model.index(1, column("Title")).data() == "cannot be imported: is empty"
    assert model.add_items([candidate]) == 0  # the same file is listed once


def test_corpus_files_in_the_dialog_look_right(qtbot, project, dialog):
    files = sorted(CORPUS.glob("*.txt"))
    read_into(qtbot, dialog, files)
    dialog.resize(1400, 640)
    dialog.table.selectRow(1)
    qtbot.wait(50)
    dialog.grab().save("/tmp/import_dialog_corpus.png")
    titles = [dialog.model.index(row, column("Title")).data() for row in range(3)]
    assert all(title and title != "close" for title in titles)
    assert dialog.text_view.toPlainText().strip()


def test_a_read_only_project_cannot_import(qtbot, errors, tmp_path):
    import afpak_coder

    afpak_coder.create_project(tmp_path / "study.afpak").close()
    (tmp_path / "a.txt").write_text("Dispatch\n\nBody.", encoding="utf-8")
    with afpak_coder.open_project(tmp_path / "study.afpak", read_only=True) as project:
        dialog = ImportDialog(project)
        qtbot.addWidget(dialog)
        read_into(qtbot, dialog, [tmp_path / "a.txt"])
        assert not dialog.import_button.isEnabled()
        assert dialog.counts.text().startswith("The project is open read-only")
