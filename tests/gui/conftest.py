import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from afpak_coder.gui.main_window import MainWindow


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
def window(qtbot, settings, tmp_path, errors):
    main_window = MainWindow(settings, sample_path=tmp_path / "sample" / "sample.afpak")
    qtbot.addWidget(main_window)
    main_window.show()
    yield main_window
    main_window.close_project()
