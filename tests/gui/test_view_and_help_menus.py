"""View menu (every panel, Reset layout, kept across a restart), Help (user guide, About, About Qt)
and the platform's standard keys."""

from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QMessageBox

from afpak_coder import __version__
from afpak_coder.gui.help.about import AboutDialog, citation
from afpak_coder.gui.help.user_guide import UserGuide
from afpak_coder.gui.main_window import MainWindow


def action(window, menu, text_start):
    return next(a for a in window.actions.menus[menu].actions() if a.text().replace("&", "").startswith(text_start))


def test_the_menu_bar_reads_file_edit_view_coding_analysis_help(window):
    titles = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert titles[:3] == ["File", "Edit", "View"] and titles[-1] == "Help"


def test_every_panel_can_be_closed_and_brought_back_from_the_view_menu(window):
    window.open_sample_project()
    for name, dock in window.docks.items():
        toggle = action(window, "view", dock.windowTitle())
        assert toggle is window.actions.view.panel_actions[name]
        dock.close()  # as the title bar's × does
        assert not toggle.isChecked()
        toggle.trigger()
        assert dock.isVisible() and toggle.isChecked()


def test_closed_panels_stay_closed_after_a_restart_until_reset_layout(window, settings, qtbot):
    window.open_sample_project()
    window.docks["coding"].close()
    window.docks["documents"].setFloating(True)
    window.close()
    again = MainWindow(settings, sample_path=window.sample_path, ask_coder=lambda coders, current: coders[0])
    qtbot.addWidget(again)
    again.show()
    again.open_sample_project()
    assert not again.docks["coding"].isVisible()
    assert not again.actions.view.panel_actions["coding"].isChecked()
    action(again, "view", "Reset layout").trigger()
    assert all(dock.isVisible() and not dock.isFloating() for name, dock in again.docks.items() if name != "search")
    assert again.dockWidgetArea(again.docks["coding"]) == Qt.DockWidgetArea.RightDockWidgetArea
    assert again.dockWidgetArea(again.docks["documents"]) == Qt.DockWidgetArea.LeftDockWidgetArea
    again.close()


def test_standard_keys_new_open_close_and_the_guide(window):
    def keys(menu, text):
        return action(window, menu, text).shortcuts()

    assert keys("file", "New project")[0] == QKeySequence("Ctrl+N")
    assert set(QKeySequence.keyBindings(QKeySequence.StandardKey.New)) <= set(keys("file", "New project"))
    assert keys("file", "Close project")[0] == QKeySequence("Ctrl+W")
    assert set(QKeySequence.keyBindings(QKeySequence.StandardKey.Close)) <= set(keys("file", "Close project"))
    assert keys("file", "Quit")[0] == QKeySequence("Ctrl+Q")
    assert keys("help", "User guide")[0] == QKeySequence("F1")
    bound = [s.toString() for a in window.findChildren(type(action(window, "file", "Quit"))) for s in a.shortcuts()]
    assert len(bound) == len(set(bound)), "a key is bound to two actions"


def test_the_user_guide_opens_offline_and_follows_links_between_pages(window, qtbot):
    action(window, "help", "User guide").trigger()
    guide = window.actions.guide
    assert isinstance(guide, UserGuide) and guide.isVisible()
    titles = [guide.pages.item(row).text() for row in range(guide.pages.count())]
    assert titles[0] == "Getting started"
    assert {"Importing documents", "Inter-coder agreement"} <= set(titles)
    assert "afpak-coder" in guide.browser.toPlainText()
    guide.browser.anchorClicked.emit(QUrl("docs/import.md"))
    assert guide.pages.currentItem().text() == "Importing documents"
    assert guide.browser.toPlainText().startswith("Importing documents")
    guide.close()


def test_about_names_version_licence_and_citation_and_offers_about_qt(window, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "aboutQt", lambda parent, title: shown.append(title))
    QTimer.singleShot(0, lambda: shown.append(QApplication.activeModalWidget()) or QApplication.activeModalWidget().accept())
    action(window, "help", "About afpak-coder").trigger()
    dialog = shown[0]
    assert isinstance(dialog, AboutDialog)
    text = dialog.text.text()
    assert __version__ in text and "MIT" in text and "the afpak-coder authors" in text
    assert "SIL Open Font License" in text
    assert f"(version {__version__}) [Computer software]" in text
    dialog.about_qt.click()
    action(window, "help", "About Qt").trigger()
    assert shown[1:] == ["About Qt", "About Qt"]


def test_citation_is_made_from_citation_cff(tmp_path):
    cff = tmp_path / "CITATION.cff"
    cff.write_text('cff-version: 1.2.0\ntitle: "A tool"\nauthors:\n  - family-names: Qureshi\n    given-names: Sana\n'
                   '  - name: "the afpak-coder authors"\n', encoding="utf-8")
    assert citation(cff, year=2026) == (f"Sana Qureshi, the afpak-coder authors (2026). A tool (version {__version__}) "
                                        "[Computer software].")
