import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from afpak_coder.gui.main_window import MainWindow
from gui_helpers import CoderChoice


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def errors(monkeypatch):
    """Error dialogs, recorded instead of shown (a modal box would block the test)."""
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, title, message: shown.append((title, message)))
    return shown


@pytest.fixture
def coder_choice():
    return CoderChoice()


@pytest.fixture
def window(qtbot, settings, tmp_path, errors, coder_choice):
    main_window = MainWindow(settings, sample_path=tmp_path / "sample" / "sample.afpak", ask_coder=coder_choice)
    qtbot.addWidget(main_window)
    main_window.show()
    yield main_window
    main_window.close_project()
