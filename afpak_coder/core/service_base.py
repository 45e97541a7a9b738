"""Shared plumbing of the Project service: sessions, record building, resolving references.

The service is split by responsibility into mixins (documents, claims, codebook) that all sit on
this base; ``afpak_coder.core.project.Project`` puts them together.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, func, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from afpak_coder.core import models, records, sqlite_engine
from afpak_coder.core.codebook_cache import BUMP_REVISION, REVISION_QUERY, CodebookSnapshot, load_snapshot
from afpak_coder.core.errors import (
    AfpakError, AmbiguousNameError, DamagedProjectError, NotFoundError, ProjectFileError, ReadOnlyProjectError, ValidationError,
)
from afpak_coder.core.stored import JsonReader, read_date, read_datetime

COLOR_PATTERN = re.compile(r"^#[0-9a-fA-F]{6}$")

# The document table's columns in the order _document_record reads them.
DOCUMENT_COLUMNS = (
    "id, number, title, outlet, author, published, url, language, direction, genre, variables, sha256, "
    "length, source_path, source_format, normalisation, imported_at, memo"
)
# What reading a damaged row raises (a flipped bit in an id, a time, a JSON value, a reference).
_UNREADABLE = (ValueError, TypeError, KeyError, AttributeError, StopIteration, LookupError)
_MAX_IN_LIST = 500  # beyond this many ids, read every document (SQLite caps bound parameters)
_CHANGING_CODEBOOK = "afpak_changing_codebook"  # Connection.info key

# Distinct, readable behind black text; used when an entry is created without a colour.
PALETTE = (
    "#8dd3c7", "#fdb462", "#bebada", "#fb8072", "#80b1d3", "#b3de69", "#fccde5",
    "#bc80bd", "#ccebc5", "#ffed6f", "#d9b38c", "#9ecae1", "#fdae6b", "#a1d99b",
)


def as_utc(value: dt.datetime | None) -> dt.datetime | None:
    """SQLite hands back naive datetimes; everything is stored in UTC."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=dt.timezone.utc)


def check_color(color: str, what: str) -> str:
    if not isinstance(color, str) or not COLOR_PATTERN.match(color):
        raise ValidationError(f"{what}: colour {color!r} is not of the form #RRGGBB")
    return color.lower()


def check_name(name: Any, what: str) -> str:
    if not isinstance(name, str) or not name.strip():
        raise ValidationError(f"{what}: a name is required")
    return name.strip()


def reference_id(ref: Any) -> uuid.UUID | None:
    """The id behind a record, a UUID or a UUID string; None when ``ref`` is something else."""
    if isinstance(ref, records.Record):
        return ref.id
    if isinstance(ref, uuid.UUID):
        return ref
    if isinstance(ref, str):
        try:
            return uuid.UUID(ref)
        except ValueError:
            return None
    return None


def is_server(connection: Connection) -> bool:
    """Whether ``connection`` is to a PostgreSQL server (a team project) rather than a file."""
    return connection.dialect.name == "postgresql"


def _cursor(connection: Connection):
    if not connection.in_transaction():
        connection.begin()  # the BEGIN that SQLAlchemy would otherwise send with its first statement
    raw = connection.connection.driver_connection
    if is_server(connection):
        from afpak_coder.core.server_engine import server_cursor  # psycopg, only for server projects

        return server_cursor(raw)
    return raw.cursor()


def _statement(connection: Connection, sql: str) -> str:
    if is_server(connection):
        from afpak_coder.core.server_engine import server_sql

        return server_sql(sql)
    return sql


def fetch_all(connection: Connection, sql: str, parameters: tuple = ()) -> list[tuple]:
    """Rows as plain tuples from the driver's cursor underneath ``connection``, in its transaction,
    each value as SQLite stores it (on a server too: see core/server_engine). For large results:
    SQLAlchemy's Row objects cost as much again as the query itself. ``sql`` uses ``?`` placeholders."""
    cursor = _cursor(connection)
    try:
        return cursor.execute(_statement(connection, sql), parameters).fetchall()
    finally:
        cursor.close()


def execute_many(connection: Connection, sql: str, rows: list[tuple]) -> None:
    """``executemany`` on the driver's cursor underneath ``connection``, in its transaction."""
    cursor = _cursor(connection)
    try:
        cursor.executemany(_statement(connection, sql), rows)
    finally:
        cursor.close()


class ServiceBase:
    path: Path
    _engine: Engine
    read_only: bool = False
    _codebook_cache: CodebookSnapshot | None = None
    _stored_ids: dict[str, uuid.UUID]  # see _uuid

    # -- transactions -------------------------------------------------------------------------

    def _check_writable(self) -> None:
        if self.read_only:
            raise ReadOnlyProjectError(f"{self.path}: is open read-only; nothing can be changed")
        if not self.path.exists():
            # SQLite would go on writing into the unlinked file and lose it at close.
            raise ProjectFileError(
                f"{self.path}: the project file has disappeared (moved, renamed or deleted); "
                "the change was not saved — save a copy of the open project to keep your work"
            )

    @property
    def _writer(self) -> Engine:
        """The engine whose transactions take the write lock up front (BEGIN IMMEDIATE)."""
        found = self.__dict__.get("_writer_engine")
        if found is None:
            found = self.__dict__["_writer_engine"] = sqlite_engine.writer(self._engine)
        return found

    @contextmanager
    def _sqlite_errors(self) -> Iterator[None]:
        """SQLite failures (disk full, busy, I/O) as one-sentence AfpakErrors, and a stored value
        that cannot be read back (a damaged row) as an AfpakError naming the row."""
        try:
            yield
        except AfpakError:
            raise
        except self._driver_errors as error:
            translated = self._translate_failure(error)
            if translated is None:
                raise
            raise translated from error
        except self._unreadable_errors as error:
            raise self._damaged_row(error) from error

    # A server project (core/server_project) names its own driver's errors, and lets other errors
    # through: a damaged row is a file's failure.
    _driver_errors: tuple[type[BaseException], ...] = (DBAPIError, sqlite3.Error)
    _unreadable_errors: tuple[type[BaseException], ...] = _UNREADABLE

    def _translate_failure(self, error: BaseException) -> AfpakError | None:
        translated = sqlite_engine.translate(error, self.path)
        if translated is None and isinstance(getattr(error, "orig", error), sqlite3.DatabaseError):
            translated = self._damaged_row(error)
        return translated

    def _damaged_row(self, error: BaseException) -> DamagedProjectError:
        from afpak_coder.core.integrity import name_damaged_row  # only on this error path

        found = name_damaged_row(self.path) or f"a stored value could not be read ({type(error).__name__}: {error})"
        found = " ".join(found.split())
        return DamagedProjectError(f"{self.path}: the project holds a damaged row — {found}; "
                                   f"run 'afpak-coder check {self.path}' for a full report")

    @contextmanager
    def _write(self, *, codebook: bool = False) -> Iterator[Session]:
        """One transaction per user action: committed on success, rolled back on any error.
        ``codebook``: the action changes themes, actors, stance levels or coders."""
        self._check_writable()
        try:
            with self._sqlite_errors(), Session(self._writer, expire_on_commit=False) as session, session.begin():
                connection = session.connection() if codebook else None
                if connection is not None:
                    # First: other Projects on this file see the new revision once this commits, and
                    # snapshots read inside this transaction are not kept (see _codebook).
                    connection.exec_driver_sql(BUMP_REVISION)
                    connection.info[_CHANGING_CODEBOOK] = True
                try:
                    yield session
                    if connection is not None:
                        session.flush()
                finally:
                    if connection is not None:
                        connection.info.pop(_CHANGING_CODEBOOK, None)
        finally:
            if codebook:
                self._codebook_cache = None
        self._written()

    @contextmanager
    def _write_connection(self) -> Iterator[Connection]:
        """Like ``_write`` for plain SQL writes that need no ORM session (claims)."""
        self._check_writable()
        with self._sqlite_errors(), self._writer.begin() as connection:
            yield connection
        self._written()

    def _backup_before(self, reason: str) -> None:
        """A verified backup before a destructive change (see core/backups). Called inside the
        change's write transaction, so the backup holds exactly the state the change starts from."""
        from afpak_coder.core.backups import make_backup  # only destructive actions need it

        make_backup(self.path, reason)

    def add_write_listener(self, listener: Callable[[], None]) -> None:
        """Call ``listener()`` after each committed change (from the thread that made it)."""
        self.__dict__.setdefault("_write_listeners", []).append(listener)

    def _written(self) -> None:
        for listener in self.__dict__.get("_write_listeners", ()):
            listener()

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with self._sqlite_errors(), self._engine.connect() as connection:
            yield connection

    # -- records ------------------------------------------------------------------------------

    def _codebook(self, connection: Connection) -> CodebookSnapshot:
        """Themes, actors, stance levels and coders as of ``connection``'s transaction."""
        found = fetch_all(connection, REVISION_QUERY)
        revision = found[0][0] if found else None
        changing = connection.info.get(_CHANGING_CODEBOOK, False)
        cached = self._codebook_cache
        if cached is not None and cached.revision == revision and not changing:
            return cached
        snapshot = load_snapshot(connection, revision)
        if not changing:  # uncommitted changes must not outlive their transaction
            self._codebook_cache = snapshot
        return snapshot

    def _theme_records(self, connection: Connection) -> Mapping[uuid.UUID, records.Theme]:
        """All themes in tree order (depth first, by position then name), with their paths."""
        return self._codebook(connection).themes

    def _actor_records(self, connection: Connection) -> Mapping[uuid.UUID, records.Actor]:
        return self._codebook(connection).actors

    def _level_records(self, connection: Connection) -> Mapping[uuid.UUID, records.StanceLevel]:
        return self._codebook(connection).levels

    def _coder_records(self, connection: Connection) -> Mapping[uuid.UUID, records.Coder]:
        return self._codebook(connection).coders

    def _document_records(self, connection: Connection, ids=None) -> dict[uuid.UUID, records.Document]:
        return {d.id: d for d in self._documents_by_stored_id(connection, ids).values()}

    def _documents_by_stored_id(self, connection: Connection, ids=None) -> dict[str, records.Document]:
        """Documents (all, or those with the given ids) keyed by their id as stored."""
        query = f"SELECT {DOCUMENT_COLUMNS} FROM document"
        if ids is not None:
            wanted = list({i.hex if isinstance(i, uuid.UUID) else i for i in ids})
            if not wanted:
                return {}
            if len(wanted) <= _MAX_IN_LIST:
                rows = fetch_all(connection, f"{query} WHERE id IN ({', '.join('?' * len(wanted))})", tuple(wanted))
            else:
                chosen = set(wanted)
                rows = [row for row in fetch_all(connection, query) if row[0] in chosen]
        else:
            rows = fetch_all(connection, query)
        return self._document_records_from_rows(rows)

    def _document_records_from_rows(self, rows: list[tuple]) -> dict[str, records.Document]:
        """Document records, keyed by stored id, from rows of DOCUMENT_COLUMNS. Written out in one
        loop (a document list builds thousands), each record's fields put straight into its
        ``__dict__`` (see records.py)."""
        read_json, uuid_of, load_text, new = JsonReader(), self._uuid, self._load_text, object.__new__
        made: dict[str, records.Document] = {}
        for (id_, number, title, outlet, author, published, url, language, direction, genre, variables, sha256,
             length, source_path, source_format, normalisation, imported_at, memo) in rows:
            record = new(records.Document)
            record.__dict__.update({
                "id": uuid_of(id_), "number": number, "title": title, "outlet": outlet, "author": author,
                "published": read_date(published), "url": url, "language": language, "direction": direction,
                "genre": genre, "variables": dict(read_json(variables) or {}), "sha256": sha256, "length": length,
                "source_path": source_path, "source_format": source_format,
                "normalisation": tuple(read_json(normalisation) or ()), "imported_at": read_datetime(imported_at),
                "_load_text": load_text, "memo": memo,
            })
            made[id_] = record
        return made

    def _uuid(self, stored: str) -> uuid.UUID:
        """The UUID of a stored document or coder id. Each is made once per open project: making
        the 10,000 UUIDs of a large project took as long as reading its document list."""
        found = self._stored_ids.get(stored)
        if found is None:
            found = self._stored_ids[stored] = uuid.UUID(stored)
        return found

    def _document_record(self, row: tuple) -> records.Document:
        """A Document record from a row of DOCUMENT_COLUMNS."""
        return self._document_records_from_rows([row])[row[0]]

    def _load_text(self, document_id: uuid.UUID) -> str:
        with self._read() as connection:
            value = fetch_all(
                connection,
                "SELECT t.text FROM document AS d JOIN document_text AS t ON t.number = d.number WHERE d.id = ?",
                (document_id.hex,),
            )
            value = value[0][0] if value else None
        if value is None:
            raise NotFoundError(f"{self.path}: document {document_id} no longer exists")
        return value

    # -- resolving what callers pass (a record, an id, or a name) -----------------------------

    def _resolve(self, connection, model, ref: Any, what: str, *, allow_name: bool = True) -> uuid.UUID:
        table = model.__table__
        found_id = reference_id(ref)
        if found_id is not None:
            if connection.execute(select(table.c.id).where(table.c.id == found_id)).first() is None:
                raise NotFoundError(f"no {what} with id {found_id} in this project")
            return found_id
        if allow_name and isinstance(ref, str):
            return self._resolve_name(connection, model, ref, what)
        raise ValidationError(f"{what}: expected a {what} record, id or name, got {ref!r}")

    def _resolve_name(self, connection, model, name: str, what: str) -> uuid.UUID:
        table = model.__table__
        if model is models.Theme:
            themes = self._theme_records(connection).values()
            wanted = name.strip()
            matches = [t.id for t in themes if wanted in (t.name, t.path_label, "/".join(t.path))]
        else:
            column = table.c.name if model is not models.StanceLevel else table.c.label
            matches = list(connection.execute(select(table.c.id).where(column == name.strip())).scalars())
        if not matches:
            raise NotFoundError(f"no {what} named {name!r} in this project")
        if len(matches) > 1:
            raise AmbiguousNameError(
                f"{len(matches)} {what}s are named {name!r}; give the full path or the record itself"
            )
        return matches[0]

    def _next_color(self, connection, model) -> str:
        count = connection.execute(select(func.count()).select_from(model)).scalar_one()
        return PALETTE[count % len(PALETTE)]
