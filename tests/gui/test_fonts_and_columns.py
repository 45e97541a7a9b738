"""Arabic-script documents read in the bundled Noto fonts (or the system's, if chosen), and the
document list gives its spare width to the Title column, which can be dragged."""

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QFontDatabase, QFontMetrics
from PySide6.QtWidgets import QHeaderView

import afpak_coder
from afpak_coder.gui.fonts import NASKH, NASTALIQ, readable_title, system_has_emoji_font
from afpak_coder.gui.main_window import MainWindow
from afpak_coder.gui.workspace.document_columns import MIN_TITLE

URDU = "چمن کی سرحد پر تجارت دوبارہ شروع ہو گئی ہے۔"
DARI = "کابل و اسلام‌آباد بر سر گذرگاه تورخم گفتگو کردند."
LONG_TITLE = "Islamabad and Kabul trade accusations over the Torkham crossing as talks stall for a third week"


def make_project(path):
    with afpak_coder.create_project(path) as project:
        project.add_document(URDU, title="اردو خبر", language="ur")
        project.add_document(DARI, title="خبر دری", language="fa-AF")
        project.add_document("Border trade resumed.", title=LONG_TITLE, outlet="The Frontier Ledger")
        project.add_document("A post.", title="🇵🇰 vs 🇦🇫 on my timeline", outlet="Blog")
        project.add_coder("Ayesha")
        project.add_coder("Omar")
    return path


def select(window, title):
    proxy = window.documents_proxy
    row = next(r for r in range(proxy.rowCount()) if proxy.index(r, 0).data(Qt.ItemDataRole.ToolTipRole).startswith(title))
    window.documents_table.selectRow(row)


def fonts_drawing(view):
    """The families Qt actually laid the first paragraph out in (painting it lays it out)."""
    view.viewport().grab()
    block = view.document().firstBlock()
    return {run.rawFont().familyName() for run in block.layout().glyphRuns(0, block.length())}


def test_urdu_is_drawn_in_nastaliq_and_dari_in_naskh(window, tmp_path):
    window.open_path(make_project(tmp_path / "study.afpak"))
    select(window, "اردو خبر")
    assert NASTALIQ in QFontDatabase.families()
    assert fonts_drawing(window.document_view) == {NASTALIQ}
    metrics = QFontMetrics(window.document_view.font())
    assert all(metrics.inFontUcs4(ord(c)) for c in "ہےۓ۔")
    select(window, "خبر دری")
    assert fonts_drawing(window.document_view) == {NASKH}
    select(window, LONG_TITLE)
    assert NASKH not in fonts_drawing(window.document_view)  # English stays in the usual font


def test_the_system_fonts_can_be_chosen_instead_and_the_choice_is_kept(window, tmp_path, settings, qtbot):
    window.open_path(make_project(tmp_path / "study.afpak"))
    select(window, "اردو خبر")
    toggle = window.actions.view.fonts_action
    assert toggle.isChecked()
    toggle.trigger()
    assert not ({NASKH, NASTALIQ} & set(window.document_view.font().families()))
    assert settings.value("fonts/bundled_arabic", type=bool) is False
    window.close()
    again = MainWindow(settings, ask_coder=lambda coders, current: coders[0])
    qtbot.addWidget(again)
    assert not again.actions.view.fonts_action.isChecked()
    again.actions.view.fonts_action.trigger()
    again.open_path(tmp_path / "study.afpak")
    select(again, "اردو خبر")
    assert fonts_drawing(again.document_view) == {NASTALIQ}
    again.close()


def test_flags_in_titles_fall_back_to_country_codes_without_an_emoji_font(window, tmp_path):
    window.open_path(make_project(tmp_path / "study.afpak"))
    shown = {window.documents_proxy.index(r, 0).data() for r in range(window.documents_proxy.rowCount())}
    expected = "🇵🇰 vs 🇦🇫 on my timeline" if system_has_emoji_font() else "PK vs AF on my timeline"
    assert expected in shown
    assert readable_title("no flags here") == "no flags here"


def test_the_title_takes_the_spare_width_and_can_be_dragged(window, tmp_path, qtbot):
    window.open_path(make_project(tmp_path / "study.afpak"))
    table = window.documents_table
    header = table.horizontalHeader()
    window.resize(1600, 900)
    window.docks["coding"].hide()
    window.resizeDocks([window.docks["documents"]], [1000], Qt.Orientation.Horizontal)
    qtbot.waitUntil(lambda: table.viewport().width() > 850)
    columns = range(window.documents_model.columnCount())
    assert all(header.sectionResizeMode(c) == QHeaderView.ResizeMode.Interactive for c in columns)
    others = sum(table.columnWidth(c) for c in columns if c)
    assert table.columnWidth(0) == table.viewport().width() - others
    assert table.columnWidth(0) > 350
    # Dragging the border between Title and Outlet (a real mouse drag on the header).
    border = QPoint(header.sectionViewportPosition(1) - 1, header.height() // 2)
    qtbot.mousePress(header.viewport(), Qt.MouseButton.LeftButton, pos=border)
    qtbot.mouseMove(header.viewport(), border - QPoint(120, 0))
    qtbot.mouseRelease(header.viewport(), Qt.MouseButton.LeftButton, pos=border - QPoint(120, 0))
    assert abs(table.columnWidth(0) - (table.viewport().width() - others - 120)) <= 2
    # The full title is the tooltip; a narrow title is elided in the middle.
    select(window, LONG_TITLE)
    index = table.currentIndex().siblingAtColumn(0)
    assert index.data(Qt.ItemDataRole.ToolTipRole).startswith(LONG_TITLE)
    assert table.textElideMode() == Qt.TextElideMode.ElideMiddle


def test_beside_another_coder_the_title_still_gets_the_room(window, tmp_path, qtbot):
    window.open_path(make_project(tmp_path / "study.afpak"))
    table = window.documents_table
    omar = next(c for c in window.project.coders() if c.name == "Omar")
    window.controller.set_view_mode(omar.id)
    columns = window.documents_model.columnCount()
    assert columns > 6
    others = sum(table.columnWidth(c) for c in range(1, columns))
    assert table.columnWidth(0) == max(MIN_TITLE, table.viewport().width() - others)
    window.resize(1600, 900)
    window.docks["coding"].hide()
    window.resizeDocks([window.docks["documents"]], [1000], Qt.Orientation.Horizontal)
    qtbot.waitUntil(lambda: table.viewport().width() > 850)
    assert table.columnWidth(0) == table.viewport().width() - others
