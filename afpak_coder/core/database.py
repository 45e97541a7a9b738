"""The project file on disk: creating it, checking it on open, migrating it, backing it up.

One project is one SQLite file. It is marked with ``PRAGMA application_id`` so that any other
SQLite file is recognised as not ours, carries its schema version in ``project_info``, and is
migrated forward (after a backup copy) when an older file is opened.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import stat
import uuid
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event, text

from afpak_coder import __version__
from afpak_coder.core.errors import DamagedProjectError, NewerSchemaError, ProjectFileError, ReadOnlyProjectError
from afpak_coder.core.models import Base

APPLICATION_ID = 0x4166504B  # "AfPK"
SCHEMA_VERSION = 2
SUFFIX = ".afpak"
SQLITE_HEADER = b"SQLite format 3\x00"

_TRIGGERS = (
    """CREATE TRIGGER document_text_immutable BEFORE UPDATE OF text, sha256, length ON document
       BEGIN SELECT RAISE(ABORT, 'document text is immutable once imported'); END""",
)

# Full-text index over document texts (SQLite FTS5), kept in step by triggers (texts never change,
# so insert and delete suffice). It reads the text from the document table itself (external
# content), so each text is stored once. Titles are searched by the document list's filter.
_SEARCH_INDEX = (
    """CREATE VIRTUAL TABLE document_fts USING fts5(text, content='document', content_rowid='number',
       tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER document_fts_insert AFTER INSERT ON document BEGIN
       INSERT INTO document_fts (rowid, text) VALUES (new.number, new.text); END""",
    """CREATE TRIGGER document_fts_delete AFTER DELETE ON document BEGIN
       INSERT INTO document_fts (document_fts, rowid, text) VALUES ('delete', old.number, old.text); END""",
)


def _migrate_1_to_2(connection: Connection) -> None:
    """Schema 2: document numbers and full-text search, document variable definitions, and the
    'proposed' mark on themes and actors (entries a coder added in a coder copy)."""
    from afpak_coder.core.models import DocumentVariable

    connection.exec_driver_sql("ALTER TABLE document ADD COLUMN number INTEGER")
    connection.exec_driver_sql(
        """UPDATE document SET number = (SELECT n FROM (SELECT id, row_number() OVER
           (ORDER BY imported_at, id) AS n FROM document) AS numbered WHERE numbered.id = document.id)"""
    )
    connection.exec_driver_sql("CREATE UNIQUE INDEX ix_document_number ON document (number)")
    for table in ("theme", "actor"):
        connection.exec_driver_sql(f"ALTER TABLE {table} ADD COLUMN proposed BOOLEAN NOT NULL DEFAULT 0")
    DocumentVariable.__table__.create(connection)
    for statement in _SEARCH_INDEX:
        connection.exec_driver_sql(statement)
    connection.exec_driver_sql("INSERT INTO document_fts (document_fts) VALUES ('rebuild')")


# Forward migrations: MIGRATIONS[n] upgrades a file from schema n to n + 1 inside one transaction.
MIGRATIONS: dict[int, Callable[[Connection], None]] = {1: _migrate_1_to_2}


def _set_pragmas(dbapi_connection, _record) -> None:
    # Let SQLAlchemy, not the sqlite3 module, decide where transactions begin: the module would
    # run DDL outside any transaction, so a failed migration could not be rolled back.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA busy_timeout = 10000")
    # FULL: a commit survives a power cut too; the UI only says "saved" after the commit.
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.close()


def make_engine(path: Path, read_only: bool = False) -> Engine:
    if read_only:
        # immutable: a read-only medium cannot hold the WAL's shared-memory file, and nothing
        # will change the file while we read it.
        url = f"sqlite:///file:{path.resolve()}?mode=ro&immutable=1&uri=true"
    else:
        url = f"sqlite:///{path}"
    engine = create_engine(url, connect_args={"check_same_thread": False})
    event.listen(engine, "connect", _set_pragmas)
    event.listen(engine, "begin", lambda connection: connection.exec_driver_sql("BEGIN"))
    return engine


def backup_dir(path: Path) -> Path:
    return path.with_name(path.name + ".backups")


def latest_backup(path: Path) -> Path | None:
    folder = backup_dir(path)
    if not folder.is_dir():
        return None
    backups = sorted(folder.glob(f"*{SUFFIX}"))
    return backups[-1] if backups else None


def make_backup(path: Path, reason: str) -> Path:
    """Copy the project (a consistent snapshot, WAL included) into its backups folder."""
    folder = backup_dir(path)
    folder.mkdir(exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y-%m-%dT%H-%M-%S-%f")
    target = folder / f"{path.stem}_{stamp}_{reason}{SUFFIX}"
    source = sqlite3.connect(path)
    try:
        destination = sqlite3.connect(target)
        try:
            source.backup(destination)
        finally:
            destination.close()
    finally:
        source.close()
    return target


def create_database(path: Path, name: str | None = None) -> Engine:
    """Create a new, empty project file at ``path`` (which must not exist yet)."""
    path = Path(path)
    if path.exists():
        raise ProjectFileError(f"{path}: a file of that name already exists; choose another name")
    if not path.parent.is_dir():
        raise ProjectFileError(f"{path}: the folder {path.parent} does not exist")
    # Build under a temporary name and rename at the end: a failure leaves no half-made project.
    partial = path.with_name(path.name + ".creating")
    partial.unlink(missing_ok=True)
    try:
        with sqlite3.connect(partial) as raw:
            raw.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            raw.execute("PRAGMA journal_mode = DELETE")
        engine = make_engine(partial)
        with engine.begin() as connection:
            Base.metadata.create_all(connection)
            for statement in (*_TRIGGERS, *_SEARCH_INDEX):
                connection.exec_driver_sql(statement)
            facts = {
                "schema_version": str(SCHEMA_VERSION),
                "project_id": str(uuid.uuid4()),
                "name": name or path.stem,
                "created_at": dt.datetime.now(dt.timezone.utc).isoformat(),
                "created_by": f"afpak-coder {__version__}",
            }
            connection.execute(
                text("INSERT INTO project_info (key, value) VALUES (:key, :value)"),
                [{"key": key, "value": value} for key, value in facts.items()],
            )
        engine.dispose()
        os.replace(partial, path)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise ProjectFileError(f"{path}: cannot create the project file ({error.strerror})") from error
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return _open_engine(path)


def _open_engine(path: Path) -> Engine:
    raw = sqlite3.connect(path)
    try:
        raw.execute("PRAGMA journal_mode = WAL")  # persistent: stored in the file itself
    finally:
        raw.close()
    return make_engine(path)


def checkpoint(engine: Engine) -> None:
    """Fold the write-ahead log back into the file, so that the file can be copied on its own."""
    raw = engine.raw_connection()
    try:
        raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        raw.close()


def _damaged(path: Path, detail: str) -> DamagedProjectError:
    backup = latest_backup(path)
    hint = f"; the latest automatic backup is {backup}" if backup else "; no automatic backup exists"
    return DamagedProjectError(f"{path}: the project file is damaged ({detail}){hint}")


def _is_read_only(path: Path) -> bool:
    # Permission bits as well as access(): root passes access() even on a 0444 file.
    mode = path.stat().st_mode
    no_write_bits = not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    return no_write_bits or not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK)


def inspect_file(path: Path, read_only: bool = False) -> int:
    """Check that ``path`` is an intact afpak-coder project; return its schema version.

    Writes nothing (SQLite may only replay a journal left by a crash). Raises ProjectFileError (or a subclass) with a one-line message.
    """
    if not path.exists():
        raise ProjectFileError(f"{path}: no such file")
    if not path.is_file():
        raise ProjectFileError(f"{path}: is a folder, not a project file")
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise ProjectFileError(f"{path}: cannot be read ({error.strerror})") from error
    if header != SQLITE_HEADER:
        if len(header) < len(SQLITE_HEADER) and SQLITE_HEADER.startswith(header) and header:
            raise _damaged(path, "the file is truncated")
        raise ProjectFileError(f"{path}: is not an afpak-coder project (not an SQLite database)")
    if not read_only and _is_read_only(path):
        raise ReadOnlyProjectError(
            f"{path}: the file or its folder is read-only; open it read-only, or copy it somewhere writable to work on it"
        )
    try:
        raw = sqlite3.connect(f"file:{path.resolve()}?mode=ro&immutable=1", uri=True) if read_only else sqlite3.connect(path)
    except sqlite3.Error as error:
        raise _damaged(path, str(error)) from error
    try:
        (application_id,) = raw.execute("PRAGMA application_id").fetchone()
        if application_id != APPLICATION_ID:
            raise ProjectFileError(
                f"{path}: is an SQLite database but not an afpak-coder project"
            )
        result = [row[0] for row in raw.execute("PRAGMA quick_check").fetchall()]
        if result != ["ok"]:
            raise _damaged(path, "integrity check: " + "; ".join(result[:3]))
        row = raw.execute("SELECT value FROM project_info WHERE key = 'schema_version'").fetchone()
        if row is None:
            raise _damaged(path, "its schema version is missing")
        return int(row[0])
    except sqlite3.DatabaseError as error:
        raise _damaged(path, str(error)) from error
    finally:
        raw.close()


def open_database(path: Path, read_only: bool = False) -> Engine:
    """Open an existing project, migrating it forward (after a backup) if it is older.
    ``read_only`` opens it without ever writing (for read-only media); it cannot migrate."""
    path = Path(path)
    version = inspect_file(path, read_only)
    if version > SCHEMA_VERSION:
        raise NewerSchemaError(
            f"{path}: was written by a newer afpak-coder (file schema {version}, this version "
            f"reads up to {SCHEMA_VERSION}); update afpak-coder to open it"
        )
    if read_only:
        if version < SCHEMA_VERSION:
            raise ReadOnlyProjectError(
                f"{path}: needs upgrading from schema {version} to {SCHEMA_VERSION}, which cannot be done read-only"
            )
        return make_engine(path, read_only=True)
    if version < SCHEMA_VERSION:
        migrate(path, version)
    return _open_engine(path)


def migrate(path: Path, from_version: int) -> Path:
    """Bring a file from ``from_version`` to SCHEMA_VERSION in one transaction; return the backup."""
    backup = make_backup(path, f"before-migration-v{from_version}-to-v{SCHEMA_VERSION}")
    engine = make_engine(path)
    try:
        with engine.begin() as connection:
            for version in range(from_version, SCHEMA_VERSION):
                MIGRATIONS[version](connection)
            connection.execute(
                text("UPDATE project_info SET value = :v WHERE key = 'schema_version'"),
                {"v": str(SCHEMA_VERSION)},
            )
    finally:
        engine.dispose()
    return backup
