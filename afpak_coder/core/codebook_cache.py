"""A snapshot of the codebook (themes, actors, stance levels) and the coders, kept by a Project
between calls.

Validating or listing claims needs all of them; reading them anew for every call cost more than
the rest of the call. A snapshot is tagged with the file's codebook revision, a counter in
``project_info`` that every transaction changing these tables increments (see
``ServiceBase._write``). Before using its snapshot a Project reads the counter (one indexed
lookup) in the same transaction as the rest of the call, so a change made by another Project —
in this process or another program — is never missed.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, select

from afpak_coder.core import models, records
from afpak_coder.core.database import CODEBOOK_REVISION

REVISION_QUERY = f"SELECT value FROM project_info WHERE key = '{CODEBOOK_REVISION}'"
BUMP_REVISION = (
    f"INSERT INTO project_info (key, value) VALUES ('{CODEBOOK_REVISION}', '1') "
    "ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(project_info.value AS INTEGER) + 1 AS TEXT)"
)


@dataclass(frozen=True)
class CodebookSnapshot:
    revision: Any
    themes: Mapping[uuid.UUID, records.Theme]  # tree order: each parent before its children
    actors: Mapping[uuid.UUID, records.Actor]  # by name
    levels: Mapping[uuid.UUID, records.StanceLevel]  # by value
    coders: Mapping[uuid.UUID, records.Coder]  # by creation
    # The same records keyed by the id as stored (32 hex digits): claim rows are matched against
    # these without building a UUID per cell.
    by_hex: Mapping[str, Mapping[str, records.Record]] = field(repr=False)
    level_by_value: Mapping[int, records.StanceLevel] = field(repr=False)

    def lookup(self, kind: str, stored_id: str | None) -> Any:
        """The record of ``kind`` ('theme', 'actor', 'level', 'coder') with this stored id, or None."""
        if stored_id is None:
            return None
        found = self.by_hex[kind].get(stored_id)
        if found is None:  # an id stored in another spelling (upper case, dashes)
            found = self.by_id(kind).get(uuid.UUID(stored_id))
        return found

    def by_id(self, kind: str) -> Mapping[uuid.UUID, Any]:
        return {"theme": self.themes, "actor": self.actors, "level": self.levels, "coder": self.coders}[kind]


def load_snapshot(connection: Connection, revision: Any) -> CodebookSnapshot:
    themes, actors = theme_records(connection), actor_records(connection)
    levels, coders = level_records(connection), coder_records(connection)
    by_hex = {kind: {key.hex: record for key, record in entries.items()}
              for kind, entries in (("theme", themes), ("actor", actors), ("level", levels), ("coder", coders))}
    return CodebookSnapshot(
        revision=revision, themes=themes, actors=actors, levels=levels, coders=coders, by_hex=by_hex,
        level_by_value={level.value: level for level in levels.values()},
    )


def theme_records(connection: Connection) -> dict[uuid.UUID, records.Theme]:
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
                version=row["version"],
            )
            visit(row["id"], own_path)

    visit(None, ())
    return ordered


def actor_records(connection: Connection) -> dict[uuid.UUID, records.Actor]:
    rows = connection.execute(select(models.Actor.__table__)).mappings().all()
    return {
        row["id"]: records.Actor(
            id=row["id"], name=row["name"], type=row["type"], aliases=tuple(row["aliases"] or ()),
            color=row["color"], definition=row["definition"], archived=bool(row["archived"]),
            proposed=bool(row["proposed"]), version=row["version"],
        )
        for row in sorted(rows, key=lambda r: r["name"].casefold())
    }


def level_records(connection: Connection) -> dict[uuid.UUID, records.StanceLevel]:
    table = models.StanceLevel.__table__
    rows = connection.execute(select(table).order_by(table.c.value)).mappings().all()
    return {
        row["id"]: records.StanceLevel(
            id=row["id"], value=row["value"], label=row["label"], color=row["color"], definition=row["definition"],
        )
        for row in rows
    }


def coder_records(connection: Connection) -> dict[uuid.UUID, records.Coder]:
    table = models.Coder.__table__
    rows = connection.execute(select(table).order_by(table.c.created_at, table.c.name)).mappings()
    return {row["id"]: records.Coder(id=row["id"], name=row["name"], color=row["color"]) for row in rows}
