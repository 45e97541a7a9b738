"""A whole project copied between a project file and a server database: ``publish`` puts a file's
project into an empty PostgreSQL database, ``download`` writes a server project into a new file.

Both copy every table of the models row by row (SQLAlchemy Core, so each side's types are its own:
UUIDs, times, JSON), parents before children, ids kept. The target is written in one transaction:
a failure or a cancel leaves the server database empty, or no file behind. The search index fills
itself on either side (SQLite triggers; a generated column on the server).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Table, delete, func, insert, inspect, select
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError

from afpak_coder.core import database, file_state, server_engine, sqlite_engine
from afpak_coder.core.errors import AfpakError, ProjectFileError
from afpak_coder.core.models import Base, ProjectInfo
from afpak_coder.core.progress import Cancelled, Progress, ensure_progress
from afpak_coder.core.server_access import BLIND_KEY
from afpak_coder.core.server_schema import check_server_schema, create_server_schema

BATCH_ROWS = 1000  # rows per INSERT batch: few round trips to the server, bounded memory for texts

# project_info keys about the storage itself, not the project: each side keeps its own (a newly
# published project starts blind, as after server init). Everything else travels (project id, name,
# creation facts, settings, what merges of coder copies recorded).
_STORAGE_KEYS = frozenset({"schema_version", database.CODEBOOK_REVISION, file_state.OPEN_IN_APP,
                           file_state.FOLDED_AT, BLIND_KEY})

_TABLE_WORDS = {"document": "documents", "document_text": "texts", "coder": "coders", "theme": "themes",
                "actor": "actors", "document_variable": "document variables", "stance_level": "stance levels",
                "claim": "claims", "coding_status": "coding statuses"}


@dataclass(frozen=True)
class TransferReport:
    """What a publish or download copied: rows per table, and the project it was."""

    source: str
    target: str
    name: str
    project_id: str
    rows: dict[str, int]

    def text(self) -> str:
        counts = ", ".join(f"{self.rows.get(table, 0):,} {word}" for table, word in _TABLE_WORDS.items()
                           if table != "document_text")
        return f"Copied the project {self.name!r} from {self.source} to {self.target}: {counts}"


def _data_tables() -> list[Table]:
    """Every table but the project facts, parents before the tables referring to them."""
    return [table for table in Base.metadata.sorted_tables if table is not ProjectInfo.__table__]


def _self_references(table: Table) -> list[tuple[str, str]]:
    """(column, referenced column) of foreign keys from ``table`` to itself (a theme's parent)."""
    return [(key.parent.key, key.column.key) for key in table.foreign_keys if key.column.table is table]


def _parents_first(rows: list[dict[str, Any]], references: list[tuple[str, str]]) -> list[dict[str, Any]]:
    """Rows ordered so that every row comes after the row it refers to (its foreign key is checked
    at each insert)."""
    column, referenced = references[0]
    children: dict[Any, list[dict[str, Any]]] = {}
    for row in rows:
        children.setdefault(row[column], []).append(row)
    ordered = list(children.get(None, []))
    for row in ordered:  # grows while walked: breadth first from the roots
        ordered.extend(children.get(row[referenced], []))
    if len(ordered) != len(rows):
        raise ProjectFileError("the codebook's tree has entries whose parent is missing; run 'afpak-coder check'")
    return ordered


def _batches(source: Connection, table: Table) -> Iterator[list[dict[str, Any]]]:
    references = _self_references(table)
    # A project made by an earlier version lacks the columns added since: they take their defaults.
    present = {column["name"] for column in inspect(source).get_columns(table.name)}
    columns = [column for column in table.columns if column.name in present]
    result = source.execution_options(yield_per=BATCH_ROWS).execute(select(*columns))
    if not references:
        for part in result.partitions():
            yield [dict(row._mapping) for row in part]
        return
    ordered = _parents_first([dict(row._mapping) for row in result], references)  # a codebook: small
    for start in range(0, len(ordered), BATCH_ROWS):
        yield ordered[start:start + BATCH_ROWS]


def _copy_rows(source: Connection, target: Connection, progress: Progress, verb: str) -> dict[str, int]:
    tables = _data_tables()
    totals = {table.name: source.execute(select(func.count()).select_from(table)).scalar_one() for table in tables}
    total, done = sum(totals.values()), 0
    copied: dict[str, int] = {}
    for table in tables:
        message = f"{verb} {_TABLE_WORDS.get(table.name, table.name)}"
        progress.update(done, total, message)
        for batch in _batches(source, table):
            progress.check()
            target.execute(insert(table), batch)
            done += len(batch)
            copied[table.name] = copied.get(table.name, 0) + len(batch)
            progress.update(done, total, message)
    return copied


def _copy_facts(source: Connection, target: Connection, name: str | None) -> dict[str, str]:
    """The project's facts onto the target's own (which keep their schema version and revision)."""
    facts = {key: value for key, value in source.execute(select(ProjectInfo.key, ProjectInfo.value))
             if key not in _STORAGE_KEYS}
    if name:
        facts["name"] = name
    target.execute(delete(ProjectInfo).where(ProjectInfo.key.in_(list(facts))))
    if facts:
        target.execute(insert(ProjectInfo), [{"key": key, "value": value} for key, value in facts.items()])
    return facts


def _first_line(error: BaseException) -> str:
    text = str(getattr(error, "orig", error)).strip()
    return text.splitlines()[0] if text else type(error).__name__


@contextmanager
def _one_sentence(where: str, failed: str, file: Path, file_failed: str) -> Iterator[None]:
    """Failures of the server (``where``) or of the project ``file`` as one sentence naming the one
    that failed."""
    try:
        yield
    except DBAPIError as error:
        if isinstance(error.orig, sqlite3.Error):
            translated = sqlite_engine.translate(error, file) or ProjectFileError(
                f"{file}: {file_failed} ({_first_line(error)})")
        else:
            translated = server_engine.translate(error, where) or ProjectFileError(
                f"{where}: {failed} ({_first_line(error)})")
        raise translated from error
    except Cancelled:
        raise
    except AfpakError as error:
        if str(error).startswith((where, str(file))):
            raise
        raise type(error)(f"{where}: {error}") from error  # the schema's refusals name no database


def _refuse_tables(target: Connection, where: str) -> None:
    found = sorted(set(inspect(target).get_table_names()) & set(Base.metadata.tables))
    if ProjectInfo.__tablename__ in found:
        raise ProjectFileError(f"{where}: the database already holds a project; publish into a new, empty database")
    if found:
        raise ProjectFileError(f"{where}: the database is not empty (it holds tables named like ours: "
                               f"{', '.join(found)}); publish into a new, empty database")


def publish(file_path: str | Path, url: str | URL, *, name: str | None = None,
            progress: Progress | None = None) -> TransferReport:
    """Copy the project file at ``file_path`` into the empty database at ``url`` (creating the
    project's tables there first), ids kept; ``name`` renames the project on the server. One
    transaction: on any failure the database is left empty. An older file is upgraded first."""
    progress = ensure_progress(progress)
    file_path = Path(file_path)
    parsed = server_engine.parse_url(url)
    where = server_engine.shown_url(parsed)
    source_engine = database.open_database(file_path)
    try:
        target_engine = server_engine.make_server_engine(parsed)
        try:
            with (_one_sentence(where, "the project could not be published; the database was left empty",
                                file_path, "the project file could not be read; nothing was published"),
                  source_engine.connect() as source, source.begin(), target_engine.begin() as target):
                _refuse_tables(target, where)
                create_server_schema(target, name or file_path.stem)
                rows = _copy_rows(source, target, progress, "Publishing")
                facts = _copy_facts(source, target, name)
        finally:
            target_engine.dispose()
    finally:
        source_engine.dispose()
    return TransferReport(str(file_path), where, facts.get("name", ""), facts.get("project_id", ""), rows)


def _server_url(project_or_url: Any) -> URL:
    """The address of a server project given as an open ``ServerProject`` or as its URL."""
    if isinstance(project_or_url, (str, URL)):
        return server_engine.parse_url(project_or_url)
    return server_engine.parse_url(project_or_url.url)


def _remove_file(path: Path) -> None:
    for leftover in (path, file_state.log_path(path), path.with_name(path.name + "-shm")):
        leftover.unlink(missing_ok=True)


def _older_project(source: Connection) -> bool:
    """Whether the database holds a project made by an earlier afpak-coder (its download is the
    way to upgrade it: the file is written in the current schema)."""
    if not inspect(source).has_table(ProjectInfo.__tablename__):
        return False
    found = source.execute(select(ProjectInfo.value).where(ProjectInfo.key == "schema_version")).scalar()
    return found is not None and found.isdigit() and int(found) < database.SCHEMA_VERSION


def download(project_or_url: Any, target_path: str | Path, progress: Progress | None = None) -> Path:
    """Write the server project (an open ``ServerProject`` or its URL) into a new project file at
    ``target_path``, which must not exist. The file appears only when it is complete. A project
    made on the server by an earlier afpak-coder is written in the current schema."""
    progress = ensure_progress(progress)
    target = Path(target_path)
    parsed = _server_url(project_or_url)
    where = server_engine.shown_url(parsed)
    if target.exists():
        raise ProjectFileError(f"{target}: a file of that name already exists; choose another name")
    if not target.parent.is_dir():
        raise ProjectFileError(f"{target}: the folder {target.parent} does not exist")
    partial = target.with_name(target.name + ".downloading")
    _remove_file(partial)  # left by a download that was killed
    source_engine = server_engine.make_server_engine(parsed)
    try:
        # One snapshot of the whole project, however many coders save meanwhile.
        with (_one_sentence(where, "the project could not be read; no file was written",
                            target, "the copy could not be written; no file was left"),
              source_engine.connect().execution_options(isolation_level="REPEATABLE READ") as source,
              source.begin()):
            if not _older_project(source):
                check_server_schema(source, where)  # no project, or a newer one: said so
            name = source.execute(select(ProjectInfo.value).where(ProjectInfo.key == "name")).scalar()
            target_engine = database.create_database(partial, name or parsed.database)
            try:
                with target_engine.begin() as written:
                    _copy_rows(source, written, progress, "Downloading")
                    _copy_facts(source, written, None)
                database.checkpoint(target_engine)
            finally:
                target_engine.dispose()
        if target.exists():
            raise ProjectFileError(f"{target}: a file of that name appeared meanwhile; choose another name")
        os.replace(partial, target)
    except BaseException:
        _remove_file(partial)
        raise
    finally:
        source_engine.dispose()
    return target
