"""View menu: show or hide every panel, put the panels back where they started, and choose between
the bundled fonts for Arabic script and the system's fonts."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication

from afpak_coder.gui.fonts import SETTING as FONT_SETTING
from afpak_coder.gui.fonts import bundled_fonts_wanted, font_for_language, use_bundled_fonts_everywhere

# Alt+Shift: Ctrl+1 … Ctrl+6 take suggestion chips while coding, which is far more frequent.
PANEL_KEYS = {"documents": "Alt+Shift+1", "coding": "Alt+Shift+2", "claims": "Alt+Shift+3", "search": "Alt+Shift+4"}


class ViewMenu:
    def __init__(self, window, menu_bar) -> None:
        self.window = window
        self.menu = menu_bar.addMenu("&View")
        self.panel_actions: dict[str, QAction] = {}
        for name, dock in window.docks.items():
            action = dock.toggleViewAction()
            if name in PANEL_KEYS:
                action.setShortcut(PANEL_KEYS[name])
            self.menu.addAction(action)
            self.panel_actions[name] = action
        self.menu.addSeparator()
        self.reset_action = self.menu.addAction("&Reset layout")
        self.reset_action.triggered.connect(lambda _checked=False: self.reset_layout())
        self.menu.addSeparator()
        self.fonts_action = self.menu.addAction("Bundled &fonts for Arabic script")
        self.fonts_action.setCheckable(True)
        self.fonts_action.setChecked(bundled_fonts_wanted(window.settings))
        self.fonts_action.setToolTip("Noto Naskh Arabic and Noto Nastaliq Urdu; off: the system's fonts")
        self.fonts_action.toggled.connect(self.set_bundled_fonts)
        # The layout the window is built with, before any saved layout is restored over it.
        self._default_state = window.saveState()

    def reset_layout(self) -> None:
        """Every panel shown again, where it was at first start."""
        window = self.window
        window.restoreState(self._default_state)
        for dock in window.docks.values():
            dock.setFloating(False)
            dock.show()
        window.docks["claims"].raise_()
        window.statusBar().showMessage("The panels are back in their first places.", 8000)

    def set_bundled_fonts(self, bundled: bool) -> None:
        window = self.window
        window.settings.setValue(FONT_SETTING, bundled)
        use_bundled_fonts_everywhere(QApplication.instance(), bundled)
        view = window.document_view
        view.bundled_fonts = bundled
        document = view.document_shown
        if document is not None:
            view.setFont(font_for_language(view.base_font, document.language, document.direction, bundled))
