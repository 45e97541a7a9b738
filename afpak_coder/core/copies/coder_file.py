"""Reading a coder file (a coder copy, or with confirmation any project file) for a merge.

The file is checked first as ``open_project`` would check it (ours, intact, not from a newer
version) and then read through a read-only SQLite connection, so the coder's file is never written.
A file of an older schema is migrated in a temporary copy, never in place.

Everything is read as stored: ids as their 32 hex digits, times as stored text. Rows are plain
tuples; a merge compares tens of thousands of them.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import NamedTuple

from afpak_coder.core import database, file_state
from afpak_coder.core.copies import keys
from afpak_coder.core.errors import DamagedProjectError, NewerSchemaError, ProjectFileError, ReadOnlyProjectError
from afpak_coder.core.stored import read_datetime

CLAIM_COLUMNS = ('id, document_id, coder_id, start, "end", quote, theme_id, actor_id, target_id, stance_id, memo, '
                 'created_at, updated_at')
# The same, every id as 32 lowercase hex digits (see hex_id) whatever its spelling, worked out by
# SQLite: per cell in Python it was a third of the time of reading a copy's claims.
_HEX_CLAIM_COLUMNS = ", ".join(
    f"lower(replace({column}, '-', ''))" if column.endswith("id") else column
    for column in (c.strip() for c in CLAIM_COLUMNS.split(","))
)


class FileClaim(NamedTuple):
    """A claim row as stored (ids are hex, times stored text)."""

    id: str
    document: str
    coder: str
    start: int
    end: int
    quote: str
    theme: str
    actor: str | None  # None: an incomplete claim
    target: str | None
    stance: str | None
    memo: str
    created: str
    updated: str


class FileDocument(NamedTuple):
    id: str
    number: int
    title: str
    sha256: str
    length: int


class FileTheme(NamedTuple):
    id: str
    parent: str | None
    name: str
    color: str
    definition: str
    position: int
    archived: bool
    proposed: bool
    path: tuple[str, ...]


class FileActor(NamedTuple):
    id: str
    name: str
    type: str
    aliases: tuple[str, ...]
    color: str
    definition: str
    archived: bool
    proposed: bool


@dataclass
class CoderFile:
    """What a merge needs from one coder file."""

    path: Path
    project_id: str
    name: str
    master_project_id: str | None  # None: not a coder copy
    coder_copy_for: str | None  # the coder's id (hex) the copy was made for
    made_at: str | None  # when the copy was made (stored text, the master's clock)
    baseline: dict[str, str]  # the coder's claims the copy started with: id -> updated (stored text)
    documents: dict[str, FileDocument]
    themes: list[FileTheme]  # tree order: parents first
    actors: list[FileActor]
    levels: dict[str, int]  # stance level id -> value
    coders: dict[str, tuple[str, str]]  # id -> (name, colour)
    claims: list[FileClaim]
    statuses: list[tuple[str, str, str, str]]  # document, coder, status, updated
    sidecar_note: str | None = None  # the file may lack saved work (see file_state.sidecar_note)

    @property
    def label(self) -> str:
        return self.path.name

    def claim_count(self, coder: str) -> int:
        return sum(1 for claim in self.claims if claim.coder == coder)

    @cached_property
    def as_of(self) -> dt.datetime | None:
        """The latest time the file shows a change at (a deletion leaves none): a claim recorded
        later than this was never seen by this version of the file."""
        stamps = [self.made_at] if self.made_at else []
        stamps += [max(claim.updated for claim in self.claims)] if self.claims else []
        stamps += [max(status[3] for status in self.statuses)] if self.statuses else []
        return max((read_datetime(stamp) for stamp in stamps), default=None)


def hex_id(value: str | None) -> str | None:
    """An id as 32 lowercase hex digits (as SQLAlchemy stores a Uuid), whatever spelling it has."""
    if value is None or (len(value) == 32 and value == value.lower()):
        return value
    return uuid.UUID(value).hex


def read_coder_file(path: str | Path) -> CoderFile:
    """Read ``path``; raises a ProjectFileError (one line naming the file) if it cannot be merged:
    missing, not a project, damaged, or from a newer version of afpak-coder."""
    path = Path(path)
    log = file_state.log_state(path)
    try:
        version = database.inspect_file(path)
    except ReadOnlyProjectError:  # a coder file on a read-only medium: reading it is all a merge does
        version = database.inspect_file(path, read_only=True)
    if version > database.SCHEMA_VERSION:
        raise NewerSchemaError(
            f"{path}: was written by a newer afpak-coder (file schema {version}, this version reads up to "
            f"{database.SCHEMA_VERSION}); update afpak-coder to merge it"
        )
    with _current_schema(path, version) as readable:
        raw = sqlite3.connect(f"{readable.resolve().as_uri()}?mode=ro", uri=True)
        try:
            found, info = _read(path, raw)
        except (sqlite3.Error, ValueError, KeyError) as error:
            raise DamagedProjectError(f"{path}: cannot be read as a coder file ({error})") from error
        finally:
            raw.close()
    found.sidecar_note = file_state.sidecar_note(path, info, log)
    return found


@contextmanager
def _current_schema(path: Path, version: int) -> Iterator[Path]:
    """The file itself, or a migrated temporary copy of an older one."""
    if version == database.SCHEMA_VERSION:
        yield path
        return
    folder = Path(tempfile.mkdtemp(prefix="afpak-merge-"))
    try:
        copy = folder / path.name
        database.copy_database(path, copy, read_only=True)
        try:
            database.migrate(copy, version)
        except ProjectFileError as error:
            raise ProjectFileError(f"{path}: its schema {version} could not be upgraded for merging ({error})") from error
        yield copy
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _read(path: Path, raw: sqlite3.Connection) -> tuple[CoderFile, dict[str, str]]:
    info = dict(raw.execute("SELECT key, value FROM project_info").fetchall())
    baseline = json.loads(info.get(keys.CODER_COPY_BASELINE) or "{}")
    documents = {
        hex_id(id_): FileDocument(hex_id(id_), number, title, sha256, length)
        for id_, number, title, sha256, length in raw.execute("SELECT id, number, title, sha256, length FROM document")
    }
    coders = {hex_id(id_): (name, color) for id_, name, color in
              raw.execute("SELECT id, name, color FROM coder ORDER BY created_at, name")}
    levels = {hex_id(id_): value for id_, value in raw.execute("SELECT id, value FROM stance_level")}
    actors = [
        FileActor(hex_id(id_), name, type_ or "", tuple(json.loads(aliases or "[]")), color, definition or "",
                  bool(archived), bool(proposed))
        for id_, name, type_, aliases, color, definition, archived, proposed in raw.execute(
            "SELECT id, name, type, aliases, color, definition, archived, proposed FROM actor ORDER BY name")
    ]
    claims = list(map(FileClaim._make, raw.execute(f"SELECT {_HEX_CLAIM_COLUMNS} FROM claim")))
    statuses = [(hex_id(d), hex_id(c), s, u) for d, c, s, u in
                raw.execute("SELECT document_id, coder_id, status, updated_at FROM coding_status")]
    copy_for = info.get(keys.CODER_COPY_FOR)
    return CoderFile(
        path=path, project_id=info.get("project_id") or "", name=info.get("name") or path.stem,
        master_project_id=info.get(keys.MASTER_PROJECT_ID), coder_copy_for=hex_id(copy_for) if copy_for else None,
        made_at=info.get(keys.CODER_COPY_MADE_AT),
        baseline={hex_id(k): v for k, v in baseline.items()}, documents=documents, themes=_theme_tree(raw),
        actors=actors, levels=levels, coders=coders, claims=claims, statuses=statuses,
    ), info


def _theme_tree(raw: sqlite3.Connection) -> list[FileTheme]:
    rows = raw.execute("SELECT id, parent_id, name, color, definition, position, archived, proposed FROM theme").fetchall()
    children: dict[str | None, list] = {}
    for row in rows:
        children.setdefault(hex_id(row[1]), []).append(row)
    ordered: list[FileTheme] = []

    def visit(parent: str | None, path: tuple[str, ...]) -> None:
        for id_, _parent, name, color, definition, position, archived, proposed in sorted(
                children.get(parent, []), key=lambda r: (r[5], r[2].casefold())):
            theme = FileTheme(hex_id(id_), parent, name, color, definition or "", position, bool(archived),
                              bool(proposed), path + (name,))
            ordered.append(theme)
            visit(theme.id, theme.path)

    visit(None, ())
    return ordered
