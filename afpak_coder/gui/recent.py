"""Recently opened projects, kept in the user's Qt settings: project files (as paths) and server
projects (as ``postgresql://user@host:port/database`` addresses, never with a password)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

KEY = "recent_projects"
LIMIT = 10


def is_server_address(entry: object) -> bool:
    return isinstance(entry, str) and entry.startswith(("postgresql://", "postgres://"))


def server_address(location) -> str:
    """A server project's address as remembered and shown: user, host, port and database only."""
    from afpak_coder.core.server_engine import parse_url

    url = getattr(location, "url", None) or parse_url(str(location))
    login = f"{url.username}@" if url.username else ""
    port = f":{url.port}" if url.port else ""
    return f"postgresql://{login}{url.host or ''}{port}/{url.database}"


def _entry(location) -> str:
    if getattr(location, "url", None) is not None or is_server_address(str(location)):
        return server_address(location)
    return str(Path(location).resolve())


def recent_projects(settings: QSettings) -> list[Path | str]:
    """Project files as paths, server projects as addresses (str), most recent first."""
    stored = settings.value(KEY, [], type=list) or []
    return [entry if is_server_address(entry) else Path(entry) for entry in stored if entry]


def remember_project(settings: QSettings, location) -> None:
    entry = _entry(location)
    entries = [str(p) for p in recent_projects(settings) if str(p) != entry]
    settings.setValue(KEY, [entry, *entries][:LIMIT])


def forget_project(settings: QSettings, location) -> None:
    entry = _entry(location)
    settings.setValue(KEY, [str(p) for p in recent_projects(settings) if str(p) != entry])


def recent_servers(settings: QSettings) -> list[str]:
    return [entry for entry in recent_projects(settings) if isinstance(entry, str)]
