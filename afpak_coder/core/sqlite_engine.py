"""The SQLAlchemy engine on a project file: connection settings, write transactions that take the
write lock up front, and SQLite errors turned into sentences.

Two programs may have the same project open (the app and ``afpak-coder import``, or two windows).
A write transaction that began as a reader and later upgrades to a writer gets SQLITE_BUSY at once
when another program committed in between (its snapshot is stale, so waiting cannot help and the
busy timeout never applies). Write transactions therefore start with ``BEGIN IMMEDIATE``: they wait
for the lock (busy timeout) before reading anything, and retry a few times beyond that.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event

from afpak_coder.core.diskspace import disk_full_error
from afpak_coder.core.errors import AfpakError, ProjectFileError

WRITE = "afpak_write"  # execution option marking a connection whose transactions write
BUSY_TIMEOUT_MS = 10_000
# Beyond the busy timeout, BEGIN IMMEDIATE is tried again for this long (SQLite returns BUSY without
# waiting in a few cases, e.g. while another connection recovers the write-ahead log).
RETRY_SECONDS = 30.0
RETRY_PAUSE = 0.05


class ProjectBusyError(ProjectFileError):
    """Another program held the project's write lock for longer than we wait."""


def _set_pragmas(dbapi_connection, _record) -> None:
    # Let SQLAlchemy, not the sqlite3 module, decide where transactions begin: the module would
    # run DDL outside any transaction, so a failed migration could not be rolled back.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    # FULL: a commit survives a power cut too; the UI only says "saved" after the commit.
    cursor.execute("PRAGMA synchronous = FULL")
    # 64 MiB of page cache (the default is 2 MiB): bulk inserts into a large project touch the
    # pages of seven claim indexes spread across the file; this about doubles their speed.
    cursor.execute("PRAGMA cache_size = -65536")
    # Fold the write-ahead log into the file every 16,384 pages (64 MiB) instead of every 1,000:
    # a bulk import then writes the index pages it touches again and again once per fold, not
    # once per commit. Each commit is still synced to disk before it returns. The app folds the
    # log in when idle (Project.checkpoint), so the file alone holds every saved claim.
    cursor.execute("PRAGMA wal_autocheckpoint = 16384")
    cursor.close()


def is_busy(error: BaseException) -> bool:
    return isinstance(error, sqlite3.OperationalError) and getattr(error, "sqlite_errorname", "").startswith(
        ("SQLITE_BUSY", "SQLITE_LOCKED"))


def begin_immediately(raw: sqlite3.Connection, path: Path) -> None:
    """``BEGIN IMMEDIATE`` on ``raw``, retried while another program holds the lock."""
    started = time.monotonic()
    deadline = started + RETRY_SECONDS
    while True:
        try:
            raw.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.OperationalError as error:
            if not is_busy(error):
                raise
            if time.monotonic() >= deadline:
                raise ProjectBusyError(
                    f"{path}: another program kept the project busy for {time.monotonic() - started:.0f} seconds; "
                    "nothing was saved — try again, or close the other program") from error
            time.sleep(RETRY_PAUSE)


def make_engine(path: Path, read_only: bool = False) -> Engine:
    path = Path(path)
    if read_only:
        # immutable: a read-only medium cannot hold the WAL's shared-memory file, and nothing
        # will change the file while we read it.
        url = f"sqlite:///file:{path.resolve()}?mode=ro&immutable=1&uri=true"
    else:
        url = f"sqlite:///{path}"
    engine = create_engine(url, connect_args={"check_same_thread": False})
    event.listen(engine, "connect", _set_pragmas)

    def begin(connection: Connection) -> None:
        if connection.get_execution_options().get(WRITE):
            begin_immediately(connection.connection.driver_connection, path)
        else:
            connection.exec_driver_sql("BEGIN")

    event.listen(engine, "begin", begin)
    return engine


def writer(engine: Engine) -> Engine:
    """The same engine (same pool) whose transactions begin with ``BEGIN IMMEDIATE``."""
    return engine.execution_options(**{WRITE: True})


def translate(error: BaseException, path: Path) -> AfpakError | None:
    """A sentence for an SQLite failure during a write, or None when it is not one we explain."""
    original = getattr(error, "orig", error)
    if not isinstance(original, sqlite3.Error):
        return None
    name = getattr(original, "sqlite_errorname", "")
    if name == "SQLITE_FULL":
        return disk_full_error(path, needed=None, what="the change was not saved")
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return ProjectBusyError(f"{path}: another program kept the project busy; the change was not saved — try again")
    if name == "SQLITE_IOERR" or name.startswith("SQLITE_IOERR_"):
        return ProjectFileError(f"{path}: the disk reported an input/output error ({original}); the change was not saved")
    if name.startswith("SQLITE_READONLY"):
        return ProjectFileError(f"{path}: the project file cannot be written any more ({original}); the change was not saved")
    if name == "SQLITE_CORRUPT" or name.startswith("SQLITE_CORRUPT_") or name == "SQLITE_NOTADB":
        return ProjectFileError(f"{path}: the project file is damaged ({original}); run 'afpak-coder check {path}'")
    return None


def checkpoint(engine: Engine) -> bool:
    """Fold the write-ahead log back into the file, so that the file can be copied on its own.
    Returns False when a reader in another program kept part of the log in use (try later)."""
    raw = engine.raw_connection()
    try:
        busy, _log, _folded = raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        return busy == 0
    except sqlite3.OperationalError as error:
        if is_busy(error):
            return False
        raise
    finally:
        raw.close()
