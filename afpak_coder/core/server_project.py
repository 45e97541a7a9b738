"""A project on a PostgreSQL server, shared live by a team: the same ``Project`` service as a file.

What differs from a file is only where the project lives: there is no file to fold a log into,
copy, or back up beside itself (the server is backed up with pg_dump; see docs/team-server.md),
and the server's own errors are put in one sentence.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError

from afpak_coder.core import records, server_access, server_engine
from afpak_coder.core.errors import AfpakError
from afpak_coder.core.project import Project, with_codebook
from afpak_coder.core.server_schema import check_server_schema, create_server_schema


class ServerLocation:
    """Where a server project lives, standing in for a project file's path in messages and titles
    (``str()`` never shows the password)."""

    def __init__(self, url: URL) -> None:
        self.url = url

    def __str__(self) -> str:
        return server_engine.shown_url(self.url)

    def __repr__(self) -> str:
        return f"ServerLocation({self})"

    def __fspath__(self) -> str:  # so that a stray file operation fails loudly, not on a wrong path
        raise TypeError(f"{self} is a server project, not a file")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ServerLocation) and str(self) == str(other)

    def __hash__(self) -> int:
        return hash(str(self))

    @property
    def name(self) -> str:
        return self.url.database or ""

    stem = name

    def exists(self) -> bool:
        return True

    # Files made from a server project (exports, charts, downloads) are suggested in the user's
    # home folder, named after the database, as a file project's are suggested beside the file.
    @property
    def parent(self) -> Path:
        return Path.home()

    def with_name(self, name: str) -> Path:
        return self.parent / name

    def with_suffix(self, suffix: str) -> Path:
        return self.parent / f"{self.name}{suffix}"


class ServerProject(Project):
    """An open server project. Use ``create_server_project`` / ``open_server_project``."""

    is_server = True
    _driver_errors = (DBAPIError, server_engine.psycopg.Error)
    _unreadable_errors = ()

    def __init__(self, url: str | URL, engine=None) -> None:
        parsed = server_engine.parse_url(url)
        location = ServerLocation(parsed)
        engine = engine or server_engine.make_server_engine(parsed)
        # Project.__init__ wants a path only to keep it: the location stands in for it.
        super().__init__(Path("."), engine)
        self.path = location  # type: ignore[assignment]

    @property
    def url(self) -> URL:
        return self.path.url

    @property
    def login(self) -> str:
        """The server login this project was opened with."""
        return self.path.url.username or ""

    # -- who is working (core/server_access) --------------------------------------------------

    @property
    def my_coder(self) -> records.Coder | None:
        """The coder whose login opened the project; None for the lead."""
        return server_access.my_coder(self)

    @property
    def is_lead(self) -> bool:
        """Whether this login is the project lead (sees and changes everything)."""
        return server_access.is_lead(self)

    @property
    def blind(self) -> bool:
        """Whether each coder sees only their own claims and statuses."""
        return server_access.is_blind(self)

    def set_blind(self, blind: bool) -> None:
        """Hide other coders' work from each coder, or show it (adjudication). Lead only."""
        server_access.set_blind(self, blind)

    def _translate_failure(self, error: BaseException) -> AfpakError | None:
        return server_engine.translate(error, str(self.path))

    def _ensure_query_indexes(self) -> None:
        pass  # made with the schema (core/server_schema)

    def close(self) -> None:
        if not self._closed:
            self._engine.dispose()
            self._closed = True

    def checkpoint(self) -> bool:
        return True  # every commit is on the server already

    def mark_open_in_app(self) -> None:
        pass

    def _backup_before(self, reason: str) -> None:
        pass  # a server is backed up as a whole (pg_dump; docs/team-server.md)

    def save_copy(self, target: str | Path) -> Path:
        from afpak_coder.core.server_transfer import download  # the copy is a download

        return download(self, target)

    def __repr__(self) -> str:
        return f"<ServerProject {self.path}{' (closed)' if self._closed else ''}>"


def _engine_checked(url: str | URL, *, creating: str | None = None):
    parsed = server_engine.parse_url(url)
    where = server_engine.shown_url(parsed)
    engine = server_engine.make_server_engine(parsed)
    try:
        with engine.begin() as connection:
            if creating is not None:
                create_server_schema(connection, creating)
            else:
                check_server_schema(connection, where)
    except AfpakError as error:
        engine.dispose()
        raise type(error)(str(error) if str(error).startswith(where) else f"{where}: {error}") from error
    except DBAPIError as error:
        engine.dispose()
        translated = server_engine.translate(error, where)
        if translated is None:
            raise
        raise translated from error
    return parsed, engine


def create_server_project(url: str | URL, *, name: str | None = None, codebook: Any = "default") -> ServerProject:
    """Create a project in the (empty) database at ``url``; like ``create_project`` for a file."""
    parsed = server_engine.parse_url(url)
    parsed, engine = _engine_checked(parsed, creating=name or parsed.database)
    return with_codebook(ServerProject(parsed, engine), codebook)


def open_server_project(url: str | URL) -> ServerProject:
    """Open the project in the database at ``url`` (``postgresql://user:password@host/database``)."""
    parsed, engine = _engine_checked(url)
    return ServerProject(parsed, engine)
