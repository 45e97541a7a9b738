"""Connections to a project on a PostgreSQL server (a team project), through psycopg 3.

The service writes most of its bulk SQL once, in the form SQLite takes (``?`` placeholders, ids as
32 hex digits, times as ``YYYY-MM-DD HH:MM:SS.ffffff`` text). On a server the same statements run
through ``server_cursor``: placeholders become psycopg's, and the values come back in the form
SQLite stores them, so everything that reads rows works unchanged on both backends. The ORM and
SQLAlchemy Core expressions go through the dialect as usual.
"""

from __future__ import annotations

import functools
import re

import psycopg
from psycopg.adapt import Loader
from sqlalchemy import Engine, create_engine
from sqlalchemy.engine import URL, make_url

# ConflictError lives with the other errors (files have conflicts too); importable from here as well.
from afpak_coder.core.errors import AfpakError, ConflictError, ProjectFileError  # noqa: F401

from afpak_coder.core.locations import SERVER_SCHEMES as SCHEMES


def parse_url(url: str | URL) -> URL:
    """The SQLAlchemy URL (psycopg driver) of a ``postgresql://user@host:port/database`` address."""
    try:
        parsed = make_url(url) if isinstance(url, str) else url
    except Exception as error:  # noqa: BLE001 - SQLAlchemy raises ArgumentError with a long text
        raise ProjectFileError(f"{url}: is not a server address (postgresql://user@host/database)") from error
    if parsed.get_backend_name() not in SCHEMES or not parsed.database:
        raise ProjectFileError(f"{url}: is not a server address (postgresql://user@host/database)")
    return parsed.set(drivername="postgresql+psycopg")


def shown_url(url: URL) -> str:
    """The address as users see it: never the password."""
    # URL.set ignores None, so the password is dropped with _replace (URL is a named tuple).
    return url.set(drivername="postgresql")._replace(password=None).render_as_string(hide_password=False)


def make_server_engine(url: URL) -> Engine:
    # UTC sessions: timestamps travel as UTC text, as the project file stores them.
    return create_engine(url, connect_args={"options": "-c timezone=UTC", "connect_timeout": 10},
                         pool_pre_ping=True, pool_size=4, max_overflow=8)


# -- rows in SQLite's stored form -------------------------------------------------------------

class _HexUuid(Loader):
    def load(self, data) -> str:
        return bytes(data).decode().replace("-", "")


class _Text(Loader):
    def load(self, data) -> str:
        return bytes(data).decode()


class _StoredTime(Loader):
    """``2026-01-02 03:04:05.12+00`` (UTC session) → ``2026-01-02 03:04:05.120000``."""

    def load(self, data) -> str:
        value = bytes(data).decode()
        value = value[:-3] if value.endswith("+00") else value
        whole, _, fraction = value.partition(".")
        return f"{whole}.{fraction.ljust(6, '0')}"


@functools.lru_cache(maxsize=512)
def server_sql(sql: str) -> str:
    """A statement written for SQLite (``?`` placeholders) in psycopg's form (``%s``, ``%%``), with
    SQLite's meanings kept: LIKE ignores case, LIMIT -1 is no limit."""
    sql = re.sub(r"\bLIKE\b", "ILIKE", sql.replace("%", "%%")).replace("LIMIT -1", "LIMIT ALL")
    return sql.replace("?", "%s")


def server_cursor(raw: psycopg.Connection) -> psycopg.Cursor:
    """A cursor whose rows hold values as SQLite stores them (see the module docstring)."""
    cursor = raw.cursor()
    adapters = cursor.adapters
    adapters.register_loader("uuid", _HexUuid)
    for name in ("json", "jsonb", "date"):
        adapters.register_loader(name, _Text)
    for name in ("timestamptz", "timestamp"):
        adapters.register_loader(name, _StoredTime)
    return cursor


# -- errors -------------------------------------------------------------------------------------

class ServerPermissionError(AfpakError):
    """The server refused an action this login may not take (blind coding, codebook rights)."""


class ServerUnreachableError(ProjectFileError):
    """The server cannot be reached, or refused the login."""


def translate(error: BaseException, where: str) -> AfpakError | None:
    """A sentence for a server failure, or None when it is not one we explain."""
    original = getattr(error, "orig", error)
    if not isinstance(original, psycopg.Error):
        return None
    detail = (original.diag.message_primary or str(original)).strip().splitlines()[0] if original.diag else str(original)
    if isinstance(original, psycopg.errors.InsufficientPrivilege):
        return ServerPermissionError(f"{where}: the server refused this for your login ({detail}); "
                                     "nothing was changed — ask the project lead")
    if isinstance(original, psycopg.errors.RaiseException):
        return ServerPermissionError(f"{where}: the server refused this ({detail}); nothing was changed")
    if isinstance(original, (psycopg.errors.SerializationFailure, psycopg.errors.DeadlockDetected,
                             psycopg.errors.LockNotAvailable)):
        return ConflictError(f"{where}: another coder changed the same entries at the same moment; "
                             "nothing was saved — try again")
    if isinstance(original, psycopg.OperationalError):
        return ServerUnreachableError(f"{where}: the server cannot be reached or refused the login ({detail})")
    return None
