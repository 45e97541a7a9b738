"""Recently opened projects, kept in the user's Qt settings."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

KEY = "recent_projects"
LIMIT = 10


def recent_projects(settings: QSettings) -> list[Path]:
    stored = settings.value(KEY, [], type=list) or []
    return [Path(entry) for entry in stored if entry]


def remember_project(settings: QSettings, path: Path) -> None:
    resolved = str(Path(path).resolve())
    entries = [str(p) for p in recent_projects(settings) if str(p) != resolved]
    settings.setValue(KEY, [resolved, *entries][:LIMIT])


def forget_project(settings: QSettings, path: Path) -> None:
    resolved = str(Path(path).resolve())
    settings.setValue(KEY, [str(p) for p in recent_projects(settings) if str(p) != resolved])
