"""What the import preview holds: candidates (editable), failures and skipped files; the options."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from afpak_coder.core.text import detect_direction, direction_for_language

EDITABLE_FIELDS = ("title", "outlet", "author", "published", "url", "language", "genre")


@dataclass
class ImportCandidate:
    """One document a reader found, with the metadata it detected. Everything but the text can be
    edited before the import; ``include=False`` leaves it out."""

    path: Path
    source_format: str
    text: str
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: dt.date | None = None
    url: str | None = None
    language: str | None = None
    genre: str | None = None
    variables: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    row: int | None = None  # the spreadsheet row (header is row 1), for one-article-per-row corpora
    encoding: str | None = None
    include: bool = True

    @property
    def label(self) -> str:
        return f"{self.path.name}, row {self.row}" if self.row is not None else self.path.name

    @property
    def source_path(self) -> str:
        """What the project records as the document's origin."""
        absolute = str(self.path.resolve())
        return f"{absolute}#row={self.row}" if self.row is not None else absolute

    @property
    def length(self) -> int:
        return len(self.text)

    @property
    def direction(self) -> str:
        return direction_for_language(self.language) or detect_direction(self.text)

    def first_lines(self, count: int = 3, width: int = 300) -> str:
        lines = [line.strip() for line in self.text.splitlines() if line.strip()][:count]
        joined = " ⏎ ".join(lines)
        return joined if len(joined) <= width else joined[: width - 1] + "…"


@dataclass(frozen=True)
class ImportFailure:
    """A file or spreadsheet row that cannot be imported; ``reason`` is the full one-line message."""

    path: Path
    reason: str
    row: int | None = None

    @property
    def label(self) -> str:
        return f"{self.path.name}, row {self.row}" if self.row is not None else self.path.name


@dataclass(frozen=True)
class SkippedFile:
    """A file found in a folder whose format is not one the import reads."""

    path: Path
    reason: str

    @property
    def label(self) -> str:
        return self.path.name


PreviewItem = ImportCandidate | ImportFailure | SkippedFile

# What a spreadsheet column can become.
COLUMN_ROLES = ("text", "title", "outlet", "author", "published", "url", "language", "genre", "variable", "ignore")


@dataclass
class ColumnMapping:
    """For a one-article-per-row spreadsheet: column name → role (one of COLUMN_ROLES)."""

    roles: dict[str, str]

    @property
    def text_column(self) -> str | None:
        return next((column for column, role in self.roles.items() if role == "text"), None)

    def columns_for(self, role: str) -> list[str]:
        return [column for column, wanted in self.roles.items() if wanted == role]


@dataclass
class ImportOptions:
    """Batch fields set for every document (they replace detected values; variables are merged),
    and how to read spreadsheets (a text column for all, or a full mapping per file)."""

    outlet: str | None = None
    genre: str | None = None
    variables: Mapping[str, Any] = field(default_factory=dict)
    text_column: str | None = None
    mappings: dict[Path, ColumnMapping] = field(default_factory=dict)
    day_first: bool = True  # 03/04/2024 is 3 April (the region's usage); False: 4 March

    def mapping_for(self, path: Path) -> ColumnMapping | None:
        return self.mappings.get(path) or self.mappings.get(path.resolve())


def apply_batch_fields(candidates, *, outlet: str | None = None, genre: str | None = None,
                       variables: Mapping[str, Any] | None = None) -> None:
    """Set the batch fields on every candidate (empty values leave the candidates alone)."""
    for candidate in candidates:
        if not isinstance(candidate, ImportCandidate):
            continue
        if outlet:
            candidate.outlet = outlet
        if genre:
            candidate.genre = genre
        if variables:
            candidate.variables = {**candidate.variables, **variables}
