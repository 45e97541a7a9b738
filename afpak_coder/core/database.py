"""The project file on disk: creating it, checking it on open, migrating it, backing it up.

One project is one SQLite file. It is marked with ``PRAGMA application_id`` so that any other
SQLite file is recognised as not ours, carries its schema version in ``project_info``, and is
migrated forward (after a backup copy) when an older file is opened.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import uuid
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError

from afpak_coder import __version__
from afpak_coder.core.errors import NewerSchemaError, ProjectFileError, ReadOnlyProjectError
from afpak_coder.core.file_check import (  # the file's marks and its check live apart, free of SQLAlchemy
    APPLICATION_ID, SCHEMA_VERSION, SQLITE_HEADER, SUFFIX, inspect_file,
)
from afpak_coder.core.models import Base
from afpak_coder.core.diskspace import project_bytes, require_space
from afpak_coder.core.sqlite_engine import checkpoint, make_engine, translate

__all__ = ["APPLICATION_ID", "SCHEMA_VERSION", "SQLITE_HEADER", "SUFFIX", "checkpoint", "inspect_file",
           "make_engine"]  # kept here for the callers that open files through this module


_TRIGGERS = (
    """CREATE TRIGGER document_text_immutable BEFORE UPDATE OF number, text ON document_text
       BEGIN SELECT RAISE(ABORT, 'document text is immutable once imported'); END""",
    """CREATE TRIGGER document_hash_immutable BEFORE UPDATE OF sha256, length ON document
       BEGIN SELECT RAISE(ABORT, 'document text is immutable once imported'); END""",
)

# Full-text index over document texts (SQLite FTS5), kept in step by triggers (texts never change,
# so insert and delete suffice). It reads the text from the document_text table itself (external
# content), so each text is stored once. Titles are searched by the document list's filter.
_SEARCH_INDEX = (
    """CREATE VIRTUAL TABLE document_fts USING fts5(text, content='document_text', content_rowid='number',
       tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER document_fts_insert AFTER INSERT ON document_text BEGIN
       INSERT INTO document_fts (rowid, text) VALUES (new.number, new.text); END""",
    """CREATE TRIGGER document_fts_delete AFTER DELETE ON document_text BEGIN
       INSERT INTO document_fts (document_fts, rowid, text) VALUES ('delete', old.number, old.text); END""",
)

# Bumped inside every transaction that changes themes, actors, stance levels or coders, so that a
# Project can tell whether its cached copy of them is still current — also when another program
# (or another window) has changed the same file.
CODEBOOK_REVISION = "codebook_revision"

# Migrations are written against the schema of their time: they must not use the statements
# above, which describe the current schema.
_SEARCH_INDEX_V2 = (
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
    connection.exec_driver_sql("ALTER TABLE document ADD COLUMN number INTEGER")
    connection.exec_driver_sql(
        """UPDATE document SET number = (SELECT n FROM (SELECT id, row_number() OVER
           (ORDER BY imported_at, id) AS n FROM document) AS numbered WHERE numbered.id = document.id)"""
    )
    connection.exec_driver_sql("CREATE UNIQUE INDEX ix_document_number ON document (number)")
    for table in ("theme", "actor"):
        connection.exec_driver_sql(f"ALTER TABLE {table} ADD COLUMN proposed BOOLEAN NOT NULL DEFAULT 0")
    connection.exec_driver_sql(
        """CREATE TABLE document_variable (
           id CHAR(32) NOT NULL, name VARCHAR(200) NOT NULL, kind VARCHAR(20) NOT NULL,
           categories JSON NOT NULL, position INTEGER NOT NULL, PRIMARY KEY (id),
           CONSTRAINT document_variable_kind CHECK (kind IN ('text', 'number', 'date', 'category')),
           UNIQUE (name))"""
    )
    for statement in _SEARCH_INDEX_V2:
        connection.exec_driver_sql(statement)
    connection.exec_driver_sql("INSERT INTO document_fts (document_fts) VALUES ('rebuild')")


def _migrate_2_to_3(connection: Connection) -> None:
    """Schema 3: document texts move to their own table (listing documents no longer reads through
    every text), and project_info gains the codebook revision counter."""
    if sqlite3.sqlite_version_info < (3, 35, 0):
        raise ProjectFileError(
            f"upgrading this project needs SQLite 3.35 or newer; this Python has SQLite {sqlite3.sqlite_version}"
        )
    for trigger in ("document_text_immutable", "document_fts_insert", "document_fts_delete"):
        connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {trigger}")
    connection.exec_driver_sql("DROP TABLE IF EXISTS document_fts")
    connection.exec_driver_sql(
        """CREATE TABLE document_text (number INTEGER NOT NULL, text TEXT NOT NULL, PRIMARY KEY (number),
           FOREIGN KEY(number) REFERENCES document (number) ON DELETE CASCADE)"""
    )
    connection.exec_driver_sql("INSERT INTO document_text (number, text) SELECT number, text FROM document")
    # DROP COLUMN rewrites every row without the text (the rebuild-and-rename way would have to
    # drop the old table, which with foreign keys on would cascade to the coding statuses).
    connection.exec_driver_sql("ALTER TABLE document DROP COLUMN text")
    for statement in (*_TRIGGERS, *_SEARCH_INDEX):
        connection.exec_driver_sql(statement)
    connection.exec_driver_sql("INSERT INTO document_fts (document_fts) VALUES ('rebuild')")
    connection.exec_driver_sql(
        f"INSERT OR IGNORE INTO project_info (key, value) VALUES ('{CODEBOOK_REVISION}', '0')"
    )


# The claim table of schema 4 (actor_id may be NULL), as of that schema.
_CLAIM_TABLE_V4 = """CREATE TABLE claim_v4 (
    id CHAR(32) NOT NULL, document_id CHAR(32) NOT NULL, coder_id CHAR(32) NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, quote TEXT NOT NULL, theme_id CHAR(32) NOT NULL,
    actor_id CHAR(32), target_id CHAR(32), stance_id CHAR(32), memo TEXT NOT NULL,
    created_at DATETIME NOT NULL, updated_at DATETIME NOT NULL, PRIMARY KEY (id),
    CONSTRAINT claim_span CHECK (start >= 0 AND "end" > start),
    FOREIGN KEY(document_id) REFERENCES document (id) ON DELETE RESTRICT,
    FOREIGN KEY(coder_id) REFERENCES coder (id) ON DELETE RESTRICT,
    FOREIGN KEY(theme_id) REFERENCES theme (id) ON DELETE RESTRICT,
    FOREIGN KEY(actor_id) REFERENCES actor (id) ON DELETE RESTRICT,
    FOREIGN KEY(target_id) REFERENCES actor (id) ON DELETE RESTRICT,
    FOREIGN KEY(stance_id) REFERENCES stance_level (id) ON DELETE RESTRICT)"""


def _migrate_3_to_4(connection: Connection) -> None:
    """Schema 4: a claim may lack its actor (an incomplete claim, e.g. a coding imported from
    another tool), and documents gain a memo. SQLite cannot drop a NOT NULL in place, so the claim
    table is rebuilt; nothing references claims, so dropping the old table cascades nowhere."""
    connection.exec_driver_sql("ALTER TABLE document ADD COLUMN memo TEXT NOT NULL DEFAULT ''")
    # Whatever indexes and triggers the claim table has (they go with it) are made again after.
    kept = [sql for (sql,) in connection.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND tbl_name = 'claim' AND sql IS NOT NULL")]
    connection.exec_driver_sql(_CLAIM_TABLE_V4)
    columns = ('id, document_id, coder_id, start, "end", quote, theme_id, actor_id, target_id, stance_id, memo, '
               "created_at, updated_at")
    connection.exec_driver_sql(f"INSERT INTO claim_v4 ({columns}) SELECT {columns} FROM claim")
    connection.exec_driver_sql("DROP TABLE claim")
    connection.exec_driver_sql("ALTER TABLE claim_v4 RENAME TO claim")
    for statement in kept:
        connection.exec_driver_sql(statement)
    problems = connection.exec_driver_sql("PRAGMA foreign_key_check(claim)").fetchall()
    if problems:
        raise ProjectFileError(f"{len(problems)} claims refer to entries that do not exist; the file was left unchanged")


def _migrate_4_to_5(connection: Connection) -> None:
    """Schema 5: claims, themes and actors carry a version that every change increments, so that an
    edit made from an out-of-date copy is refused instead of overwriting someone else's change."""
    for table in ("claim", "theme", "actor"):
        connection.exec_driver_sql(f"ALTER TABLE {table} ADD COLUMN version INTEGER NOT NULL DEFAULT 1")


# Forward migrations: MIGRATIONS[n] upgrades a file from schema n to n + 1 inside one transaction.
MIGRATIONS: dict[int, Callable[[Connection], None]] = {
    1: _migrate_1_to_2, 2: _migrate_2_to_3, 3: _migrate_3_to_4, 4: _migrate_4_to_5,
}


def backup_dir(path: Path) -> Path:
    return path.with_name(path.name + ".backups")


def make_backup(path: Path, reason: str, slug: str | None = None) -> Path:
    """A verified backup of the project (see core/backups); returns its path."""
    from afpak_coder.core import backups  # backups reads this module's constants

    return backups.make_backup(path, reason, slug).path


def copy_database(source: Path, target: Path, *, read_only: bool = False) -> None:
    """A consistent copy of an SQLite file (its write-ahead log included) through the backup API.
    ``read_only`` opens the source without the right to write (e.g. a file handed in by a coder)."""
    reader = (sqlite3.connect(f"{Path(source).resolve().as_uri()}?mode=ro", uri=True) if read_only
              else sqlite3.connect(source))
    try:
        writer = sqlite3.connect(target)
        try:
            reader.backup(writer)
        finally:
            writer.close()
    finally:
        reader.close()


def write_project_facts(connection: Connection, name: str) -> None:
    """The facts a new project starts with (schema version, a new project id, name, creator)."""
    facts = {
        "schema_version": str(SCHEMA_VERSION),
        "project_id": str(uuid.uuid4()),
        "name": name,
        "created_at": dt.datetime.now(dt.timezone.utc).isoformat(),
        "created_by": f"afpak-coder {__version__}",
        CODEBOOK_REVISION: "0",
    }
    connection.execute(
        text("INSERT INTO project_info (key, value) VALUES (:key, :value)"),
        [{"key": key, "value": value} for key, value in facts.items()],
    )


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
            write_project_facts(connection, name or path.stem)
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
    # Room for the backup, and for the upgrade itself (which may rewrite every text once).
    require_space(path, 2 * project_bytes(path), f"{path.name} was not upgraded")
    backup = make_backup(path, f"before upgrading from schema {from_version} to {SCHEMA_VERSION}",
                         f"before-migration-v{from_version}-to-v{SCHEMA_VERSION}")
    engine = make_engine(path)
    try:
        with engine.begin() as connection:
            for version in range(from_version, SCHEMA_VERSION):
                MIGRATIONS[version](connection)
            connection.execute(
                text("UPDATE project_info SET value = :v WHERE key = 'schema_version'"),
                {"v": str(SCHEMA_VERSION)},
            )
    except ProjectFileError as error:
        raise type(error)(f"{path}: {error}") from error
    except DBAPIError as error:
        translated = translate(error, path)
        if translated is None:
            raise
        raise translated from error
    finally:
        engine.dispose()
    if from_version < 3:
        _compact(path)
    return backup


def _compact(path: Path) -> None:
    """Rewrite the file compactly after schema 3 moved the texts out of the document table: the
    table kept its old, mostly empty pages, and the texts' old pages stayed in the file as free
    space. Optional: if it fails (e.g. no room for the temporary copy), the file is still fine."""
    raw = sqlite3.connect(path, isolation_level=None)
    try:
        raw.execute("VACUUM")
    except sqlite3.Error:
        pass
    finally:
        raw.close()
