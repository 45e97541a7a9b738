import shutil

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from afpak_coder.core.sample import build_sample_project
from afpak_coder.gui.main_window import MainWindow
from afpak_coder.gui.workspace import draft_guard
from gui_helpers import CoderChoice


@pytest.fixture
def settings(tmp_path):
    stored = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    # Training suggestions in the background would slow every test; tests/gui/test_suggestion_chips.py
    # switches them on.
    stored.setValue("suggestions/enabled", False)
    return stored


@pytest.fixture
def errors(monkeypatch):
    """Error dialogs, recorded instead of shown (a modal box would block the test)."""
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, title, message: shown.append((title, message)))
    return shown


class DraftAnswers:
    """Stands in for the Save / Discard / Cancel question: records each question, gives ``answer``."""

    def __init__(self):
        self.answer = "discard"
        self.asked = []

    def __call__(self, _parent, question, detail="", can_save=True):
        self.asked.append(question)
        return self.answer


@pytest.fixture(autouse=True)
def drafts(monkeypatch):
    """The question about an unsaved draft, answered instead of shown (a modal box would block)."""
    answers = DraftAnswers()
    monkeypatch.setattr(draft_guard, "ask_about_draft", answers)
    return answers


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


@pytest.fixture(scope="session")
def sample_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("sample") / "sample.afpak"
    build_sample_project(path).close()
    return path


@pytest.fixture
def coding(qtbot, settings, tmp_path, errors, sample_file):
    """The window on a fresh copy of the sample project, coding as Ayesha."""
    path = tmp_path / "sample.afpak"
    shutil.copy(sample_file, path)
    main_window = MainWindow(settings, ask_coder=CoderChoice("Ayesha"))
    qtbot.addWidget(main_window)
    main_window.show()
    assert main_window.open_path(path)
    main_window.activateWindow()
    yield main_window
    main_window.close_project()
