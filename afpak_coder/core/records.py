"""What the service hands out: frozen, session-free records.

Records are snapshots. Changing the project goes through the ``Project`` methods, which return
fresh records; a record never writes to the file behind the caller's back. Two records are equal
when they are the same entity (same kind, same id), whatever their field values.

The service builds long lists of Document and Claim records by filling each one's ``__dict__``
directly: the frozen dataclass ``__init__`` sets every field through ``object.__setattr__``,
which was a fifth of the time of listing 10,000 documents.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

THEME_PATH_SEPARATOR = " › "


class Record:
    __slots__ = ()
    id: uuid.UUID

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.id == self.id  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.id))


@dataclass(frozen=True, eq=False)
class Coder(Record):
    id: uuid.UUID
    name: str
    color: str


@dataclass(frozen=True, eq=False)
class Theme(Record):
    id: uuid.UUID
    name: str
    parent_id: uuid.UUID | None
    color: str
    definition: str
    position: int
    archived: bool
    path: tuple[str, ...]  # names from the top-level theme down to this one
    proposed: bool = False
    version: int = 1  # as stored when read: an update from this record applies only to this version

    @property
    def path_label(self) -> str:
        return THEME_PATH_SEPARATOR.join(self.path)

    @property
    def depth(self) -> int:
        return len(self.path) - 1


@dataclass(frozen=True, eq=False)
class Actor(Record):
    id: uuid.UUID
    name: str
    type: str
    aliases: tuple[str, ...]
    color: str
    definition: str
    archived: bool
    proposed: bool = False
    version: int = 1  # as stored when read (see Theme.version)


@dataclass(frozen=True, eq=False)
class StanceLevel(Record):
    id: uuid.UUID
    value: int
    label: str
    color: str
    definition: str


@dataclass(frozen=True, eq=False)
class Document(Record):
    id: uuid.UUID
    number: int
    title: str
    outlet: str | None
    author: str | None
    published: dt.date | None
    url: str | None
    language: str | None
    direction: str
    genre: str | None
    variables: Mapping[str, object]
    sha256: str
    length: int
    source_path: str | None
    source_format: str | None
    normalisation: tuple[str, ...]
    imported_at: dt.datetime
    _load_text: Callable[[uuid.UUID], str] = field(repr=False)
    memo: str = ""  # the document's memo (schema 4)

    @cached_property
    def text(self) -> str:
        """The stored text, read on first use (lists of documents do not carry their texts)."""
        return self._load_text(self.id)


@dataclass(frozen=True, eq=False)
class Variable(Record):
    """A document variable: kind is text, number, date or category (with its categories)."""

    id: uuid.UUID
    name: str
    kind: str
    categories: tuple[str, ...]
    position: int


@dataclass(frozen=True)
class SearchHit:
    """One occurrence of a search in a document, with keyword-in-context."""

    document: Document
    start: int
    end: int
    before: str
    match: str
    after: str


@dataclass(frozen=True, eq=False)
class Claim(Record):
    id: uuid.UUID
    document: Document
    coder: Coder
    start: int
    end: int
    quote: str
    theme: Theme
    actor: Actor | None  # None: an incomplete claim (e.g. a coding imported from another tool)
    target: Actor | None
    stance: StanceLevel | None
    memo: str
    created: dt.datetime
    updated: dt.datetime
    # As stored when read: ``update_claim(record, ...)`` applies only if the claim is still at this
    # version, so that nobody's change made meanwhile is overwritten.
    version: int = 1

    @property
    def missing(self) -> tuple[str, ...]:
        """The dimensions a complete claim has and this one lacks: "actor", "stance" (the target
        is optional, so never missing)."""
        return tuple(name for name, value in (("actor", self.actor), ("stance", self.stance)) if value is None)

    @property
    def is_incomplete(self) -> bool:
        return self.actor is None or self.stance is None

    @property
    def incomplete_label(self) -> str:
        """'incomplete: no actor', 'incomplete: no actor, no stance', or '' for a complete claim."""
        missing = self.missing
        return "incomplete: " + ", ".join(f"no {name}" for name in missing) if missing else ""


@dataclass(frozen=True)
class ProjectSummary:
    """What ``afpak-coder info`` prints."""

    path: str
    name: str
    project_id: str
    schema_version: int
    documents: int
    coders: int
    themes: int
    actors: int
    stance_levels: int
    claims: int
    claims_per_coder: Mapping[str, int]
