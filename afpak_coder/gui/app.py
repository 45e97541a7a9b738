"""Start the desktop app: ``afpak-coder [PROJECT]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from platformdirs import user_data_path
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from afpak_coder import __version__
from afpak_coder.gui.main_window import MainWindow
from afpak_coder.gui.recent import is_server_address
from afpak_coder.qt_system_libs import no_display

APP_NAME = "afpak-coder"
ICON = Path(__file__).resolve().parents[1] / "resources" / "icons" / "afpak-coder.svg"


def default_sample_path() -> Path:
    return user_data_path(APP_NAME, appauthor=False) / "sample.afpak"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="afpak-coder", description="Open the afpak-coder desktop app.")
    parser.add_argument("project", nargs="?",
                        help="project file to open (.afpak), or a server project's address "
                             "(postgresql://user@host/database: the login dialog asks for the password)")
    parser.add_argument("--version", action="version", version=f"afpak-coder {__version__}")
    arguments, qt_arguments = parser.parse_known_args(argv)
    if "-platform" not in qt_arguments and no_display():
        print("afpak-coder: error: no display to open the window on (DISPLAY is not set); start it in a "
              "desktop session — the command line needs none (afpak-coder --help)", file=sys.stderr)
        return 1
    app = QApplication.instance() or QApplication([sys.argv[0], *qt_arguments])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_NAME)  # Wayland finds the icon through the installed .desktop file
    app.setWindowIcon(QIcon(str(ICON)))
    window = MainWindow(QSettings(APP_NAME, APP_NAME), sample_path=default_sample_path())
    window.show()
    if arguments.project is not None:
        # Paint the window first; opening loads SQLAlchemy and reads the project.
        QTimer.singleShot(0, lambda: window.open_recent(
            arguments.project if is_server_address(arguments.project) else Path(arguments.project)))
    return app.exec()
