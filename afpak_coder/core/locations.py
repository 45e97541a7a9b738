"""Where a project lives: a project file, or a database on a PostgreSQL server (a team project).

Standard library only: the command line uses this to read its arguments before anything heavy
is imported.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

SERVER_SCHEMES = ("postgresql", "postgres")


def is_server_url(location: object) -> bool:
    """Whether ``location`` names a server project (``postgresql://…``) rather than a file."""
    return isinstance(location, str) and location.split(":", 1)[0].split("+", 1)[0] in SERVER_SCHEMES


class ServerAddress(str):
    """A server address as given on the command line. Its text, which messages print, leaves the
    password out; ``full`` keeps it for connecting (better: PGPASSWORD or ~/.pgpass, which libpq reads)."""

    full: str

    def __new__(cls, given: str) -> ServerAddress:
        parts = urlsplit(given)
        netloc = parts.netloc
        if parts.password is not None:
            user, _, host = netloc.rpartition("@")
            netloc = f"{user.split(':', 1)[0]}@{host}"
        made = super().__new__(cls, urlunsplit(parts._replace(netloc=netloc)))
        made.full = given
        return made


def project_location(text: str) -> str | Path:
    """A command-line PROJECT argument: a server address (password hidden when printed), else a file path."""
    return ServerAddress(text) if is_server_url(text) else Path(text)


def connect_address(location: str) -> str:
    """The address to connect with (a ServerAddress's password included)."""
    return getattr(location, "full", location)
