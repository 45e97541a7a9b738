"""Analysis → Networks… reached from the main window's menu."""

from PySide6.QtWidgets import QApplication

from afpak_coder.gui.networks.network_window import NetworkWindow


def test_analysis_menu_opens_the_networks_window_on_the_open_project(window):
    window.open_sample_project()
    action = next(a for a in window.actions.menus["analysis"].actions() if a.text().replace("&", "") == "Networks…")
    action.trigger()
    shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, NetworkWindow) and w.isVisible()]
    assert shown and shown[0].project is window.project and shown[0].isWindow()
    assert shown[0].graph.number_of_edges() > 0  # drawn at once, on every coder's claims
    shown[0].close()
