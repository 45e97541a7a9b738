"""Shared plumbing of the Project service: sessions, record building, resolving references.

The service is split by responsibility into mixins (documents, claims, codebook) that all sit on
this base; ``afpak_coder.core.project.Project`` puts them together.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, func, select
from sqlalchemy.orm import Session

from afpak_coder.core import models, records
from afpak_coder.core.errors import (
    AmbiguousNameError, NotFoundError, ProjectFileError, ReadOnlyProjectError, ValidationError,
)

COLOR_PATTERN = re.compile(r"^#[0-9a-fA-F]{6}$")

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


class ServiceBase:
    path: Path
    _engine: Engine
    read_only: bool = False

    # -- transactions -------------------------------------------------------------------------

    @contextmanager
    def _write(self) -> Iterator[Session]:
        """One transaction per user action: committed on success, rolled back on any error."""
        if self.read_only:
            raise ReadOnlyProjectError(f"{self.path}: is open read-only; nothing can be changed")
        if not self.path.exists():
            # SQLite would go on writing into the unlinked file and lose it at close.
            raise ProjectFileError(
                f"{self.path}: the project file has disappeared (moved, renamed or deleted); "
                "the change was not saved — save a copy of the open project to keep your work"
            )
        with Session(self._engine, expire_on_commit=False) as session, session.begin():
            yield session

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with self._engine.connect() as connection:
            yield connection

    # -- records ------------------------------------------------------------------------------

    def _theme_records(self, connection: Connection) -> dict[uuid.UUID, records.Theme]:
        """All themes in tree order (depth first, by position then name), with their paths."""
        rows = connection.execute(select(models.Theme.__table__)).mappings().all()
        children: dict[uuid.UUID | None, list] = {}
        for row in rows:
            children.setdefault(row["parent_id"], []).append(row)
        ordered: dict[uuid.UUID, records.Theme] = {}

        def visit(parent_id: uuid.UUID | None, path: tuple[str, ...]) -> None:
            for row in sorted(children.get(parent_id, []), key=lambda r: (r["position"], r["name"].casefold())):
                own_path = path + (row["name"],)
                ordered[row["id"]] = records.Theme(
                    id=row["id"], name=row["name"], parent_id=row["parent_id"], color=row["color"],
                    definition=row["definition"], position=row["position"],
                    archived=bool(row["archived"]), path=own_path, proposed=bool(row["proposed"]),
                )
                visit(row["id"], own_path)

        visit(None, ())
        return ordered

    def _actor_records(self, connection: Connection) -> dict[uuid.UUID, records.Actor]:
        rows = connection.execute(select(models.Actor.__table__)).mappings().all()
        return {
            row["id"]: records.Actor(
                id=row["id"], name=row["name"], type=row["type"], aliases=tuple(row["aliases"] or ()),
                color=row["color"], definition=row["definition"], archived=bool(row["archived"]),
                proposed=bool(row["proposed"]),
            )
            for row in sorted(rows, key=lambda r: r["name"].casefold())
        }

    def _level_records(self, connection: Connection) -> dict[uuid.UUID, records.StanceLevel]:
        table = models.StanceLevel.__table__
        rows = connection.execute(select(table).order_by(table.c.value)).mappings().all()
        return {
            row["id"]: records.StanceLevel(
                id=row["id"], value=row["value"], label=row["label"], color=row["color"],
                definition=row["definition"],
            )
            for row in rows
        }

    def _coder_records(self, connection: Connection) -> dict[uuid.UUID, records.Coder]:
        table = models.Coder.__table__
        rows = connection.execute(select(table).order_by(table.c.created_at, table.c.name)).mappings()
        return {row["id"]: records.Coder(id=row["id"], name=row["name"], color=row["color"]) for row in rows}

    _DOCUMENT_COLUMNS = [c for c in models.Document.__table__.c if c.name != "text"]

    def _document_records(self, connection: Connection, ids=None) -> dict[uuid.UUID, records.Document]:
        table = models.Document.__table__
        query = select(*self._DOCUMENT_COLUMNS)
        if ids is not None:
            query = query.where(table.c.id.in_(list(ids)))
        rows = connection.execute(query).mappings().all()
        return {row["id"]: self._document_record(row) for row in rows}

    def _document_record(self, row) -> records.Document:
        return records.Document(
            id=row["id"], number=row["number"], title=row["title"], outlet=row["outlet"], author=row["author"],
            published=row["published"], url=row["url"], language=row["language"],
            direction=row["direction"], genre=row["genre"], variables=dict(row["variables"] or {}),
            sha256=row["sha256"], length=row["length"], source_path=row["source_path"],
            source_format=row["source_format"], normalisation=tuple(row["normalisation"] or ()),
            imported_at=as_utc(row["imported_at"]), _load_text=self._load_text,
        )

    def _load_text(self, document_id: uuid.UUID) -> str:
        table = models.Document.__table__
        with self._read() as connection:
            value = connection.execute(select(table.c.text).where(table.c.id == document_id)).scalar()
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
