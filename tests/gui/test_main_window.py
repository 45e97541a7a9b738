"""The first window: start screen, opening projects, the document list and the reading pane."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

import afpak_coder
from afpak_coder.core.offsets import OffsetMap
from afpak_coder.gui.main_window import MainWindow

EMOJI_TEXT = "Traders waited 🚚🚚 at Torkham 🇵🇰🇦🇫 for nine days before the gate opened."


def make_project(path):
    with afpak_coder.create_project(path) as project:
        project.add_document("Border trade resumed at Chaman.", title="Chaman reopens", outlet="Ledger")
        project.add_document(EMOJI_TEXT, title="Emoji post", outlet="Blog")
        project.add_document("چمن کی سرحد پر تجارت دوبارہ شروع ہو گئی۔", title="اردو خبر", language="ur")
        coder = project.add_coder("Ayesha")
        project.add_claim(document=project.documents()[0], coder=coder, start=0, end=12,
                          theme="Border closures, crossings and trade", actor="Traders and transporters", stance=1)
    return path


def visible_titles(window):
    proxy = window.documents_proxy
    return [proxy.index(row, 0).data() for row in range(proxy.rowCount())]


def select_title(window, title):
    row = visible_titles(window).index(title)
    window.documents_table.selectRow(row)


def test_without_a_project_the_start_screen_is_shown(window):
    assert window.pages.currentWidget() is window.start_screen
    assert window.statusBar().currentMessage() == "No project open"
    assert not any(a.isEnabled() for a in window.actions.project_actions)


def test_opening_a_project_lists_documents_and_shows_text(window, tmp_path):
    path = make_project(tmp_path / "study.afpak")
    assert window.open_path(path)
    assert window.pages.currentWidget() is window.reading_page
    assert sorted(visible_titles(window)) == sorted(["Chaman reopens", "Emoji post", "اردو خبر"])
    assert window.windowTitle() == "study — afpak-coder"
    assert "3 documents" in window.statusBar().currentMessage()
    select_title(window, "Emoji post")
    assert window.document_view.toPlainText() == EMOJI_TEXT
    select_title(window, "Chaman reopens")
    assert window.document_view.toPlainText() == "Border trade resumed at Chaman."
    assert window.documents_model.headerData(4, Qt.Orientation.Horizontal) == "Mine"
    row = window.documents_model.row_of(window.document_view.document_shown.id)
    assert window.documents_model.index(row, 4).data() == 1


def test_urdu_documents_are_shown_right_to_left(window, tmp_path):
    window.open_path(make_project(tmp_path / "study.afpak"))
    select_title(window, "اردو خبر")
    view = window.document_view
    assert view.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert view.document().defaultTextOption().textDirection() == Qt.LayoutDirection.RightToLeft
    select_title(window, "Chaman reopens")
    assert view.layoutDirection() == Qt.LayoutDirection.LeftToRight


def test_filter_box_narrows_the_list(window, qtbot, tmp_path):
    window.open_path(make_project(tmp_path / "study.afpak"))
    qtbot.keyClicks(window.filter_box, "chaman")
    assert visible_titles(window) == ["Chaman reopens"]
    window.filter_box.clear()
    assert len(visible_titles(window)) == 3


def test_filter_box_matches_any_shown_column_and_follows_changes(window, qtbot, tmp_path):
    window.open_path(make_project(tmp_path / "study.afpak"))
    qtbot.keyClicks(window.filter_box, "LEDG")  # the outlet, in other case
    assert visible_titles(window) == ["Chaman reopens"]
    window.filter_box.setText("UR")  # a language code, and "Border" in no title: only one row
    assert visible_titles(window) == ["اردو خبر"]
    window.filter_box.setText("done")
    assert visible_titles(window) == []
    emoji = next(d for d in window.project.documents() if d.title == "Emoji post")
    window.controller.open_document(emoji)
    window.controller.set_status("done")  # the row's shown status changes: the filter sees it
    assert visible_titles(window) == ["Emoji post"]
    window.filter_box.clear()
    assert len(visible_titles(window)) == 3


def test_a_bad_file_shows_one_error_and_the_app_keeps_going(window, tmp_path, errors):
    bogus = tmp_path / "notes.afpak"
    bogus.write_bytes(b"shopping list")
    assert not window.open_path(bogus)
    assert errors == [("Cannot open the project", f"{bogus}: is not an afpak-coder project file; to code a document, open or create a project and import it with File → Import documents… (or: afpak-coder import PROJECT FILE)")]
    assert bogus.read_bytes() == b"shopping list"
    assert window.pages.currentWidget() is window.start_screen
    good = make_project(tmp_path / "study.afpak")
    assert window.open_path(good)


def test_recent_projects_are_remembered_between_runs(qtbot, settings, tmp_path, errors):
    path = make_project(tmp_path / "study.afpak")
    first = MainWindow(settings, ask_coder=lambda coders, current: coders[0])
    qtbot.addWidget(first)
    first.open_path(path)
    first.close()
    second = MainWindow(settings, ask_coder=lambda coders, current: "Ayesha")
    qtbot.addWidget(second)
    recent = second.start_screen.recent_list
    assert recent.item(0).data(Qt.ItemDataRole.UserRole) == str(path.resolve())
    assert [a.text() for a in second.actions.recent_menu.actions()] == [str(path.resolve())]
    recent.itemActivated.emit(recent.item(0))
    assert second.project is not None and second.project.path == path.resolve()
    second.close()


def test_a_selection_in_the_view_maps_to_code_point_offsets(window, tmp_path):
    window.open_path(make_project(tmp_path / "study.afpak"))
    select_title(window, "Emoji post")
    view = window.document_view
    start = EMOJI_TEXT.index("at Torkham")
    end = EMOJI_TEXT.index(" for nine")
    offsets = OffsetMap(view.document_shown.text)
    cursor = view.textCursor()
    cursor.setPosition(offsets.to_utf16(start))
    cursor.setPosition(offsets.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
    assert view.textCursor().selectedText() == EMOJI_TEXT[start:end] == "at Torkham 🇵🇰🇦🇫"
    selected = view.textCursor()
    assert offsets.span_to_codepoints(selected.selectionStart(), selected.selectionEnd()) == (start, end)


def test_the_sample_project_is_built_on_first_use(window, tmp_path):
    window.open_sample_project()
    assert window.project is not None and window.sample_path.exists()
    assert len(visible_titles(window)) >= 10


def test_once_idle_after_coding_the_project_file_alone_holds_the_claims(window, qtbot, tmp_path):
    path = make_project(tmp_path / "study.afpak")
    window.open_path(path)
    project = window.project
    document = project.documents()[0]
    coder = project.coder("Ayesha")
    for start in range(5):  # saved as the coding panel saves them, through the service
        project.add_claim(document=document, coder=coder, start=start, end=start + 6,
                          theme="Border closures, crossings and trade", actor="Traders and transporters", stance=1)
    assert window.idle_checkpoint.timer.isActive()

    def claims_in_file_alone():
        alone = tmp_path / "mailed" / "study.afpak"
        alone.parent.mkdir(exist_ok=True)
        alone.write_bytes(path.read_bytes())  # the file only, without study.afpak-wal
        with afpak_coder.open_project(alone) as copy:
            count = len(copy.claims())
        for leftover in alone.parent.iterdir():
            leftover.unlink()
        return count

    assert claims_in_file_alone() == 1  # the claim made before opening; the 5 new ones wait in the log
    qtbot.waitUntil(lambda: not window.idle_checkpoint.timer.isActive(), timeout=5000)
    assert claims_in_file_alone() == 6


def test_a_text_file_opened_as_a_project_points_to_import(window, tmp_path, errors):
    notes = tmp_path / "article.txt"
    notes.write_text("Islamabad and Kabul met at Torkham.", encoding="utf-8")
    assert not window.open_path(notes)
    message = errors[0][1]
    assert message.startswith(f"{notes}: is not an afpak-coder project file") and "\n" not in message
    file_menu = [a.text().replace("&", "") for a in window.actions.menus["file"].actions()]
    assert "Import documents…" in file_menu and "File → Import documents…" in message
