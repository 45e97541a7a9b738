"""Spreadsheets of articles (.csv, .xlsx), one article per row; columns mapped to fields."""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import zipfile
from pathlib import Path
from typing import Any

import pandas as pd

from afpak_coder.core.importing.candidates import ColumnMapping, ImportCandidate, ImportFailure
from afpak_coder.core.importing.decoding import decode_text
from afpak_coder.core.importing.errors import DamagedFileError, EmptyFileError, ImportFileError
from afpak_coder.core.importing.heuristics import guess_title, parse_loose_date
from afpak_coder.core.importing.limits import MAX_TABLE_FILE_BYTES, check_package, read_limited

# Column names (case-insensitive) recognised for each field when nobody mapped the columns.
_KNOWN_NAMES = {
    "text": ("text", "body", "content", "article", "full text", "fulltext", "full_text", "article text", "story"),
    "title": ("title", "headline", "heading", "subject"),
    "outlet": ("outlet", "source", "publication", "newspaper", "publisher", "site", "sitename", "site name", "medium"),
    "author": ("author", "authors", "byline", "writer"),
    "published": ("date", "published", "publication date", "pub_date", "published_at", "publish date", "pubdate"),
    "url": ("url", "link", "web address", "address"),
    "language": ("language", "lang"),
    "genre": ("genre", "article type", "kind"),
}


def load_table(path: Path) -> pd.DataFrame:
    """The first sheet (or the CSV) with a header row; empty cells are None."""
    if path.suffix.lower() == ".xlsx":
        check_package(path, "an Excel workbook")
        try:
            frame = pd.read_excel(path, sheet_name=0, dtype=object, engine="openpyxl")
        except (ValueError, KeyError, zipfile.BadZipFile, OSError) as error:
            raise DamagedFileError(path, f"is not a readable Excel workbook ({error})") from None
    else:
        text, _ = decode_text(read_limited(path, MAX_TABLE_FILE_BYTES, "CSV"), path)
        text = text.lstrip("\ufeff")
        try:
            dialect = csv.Sniffer().sniff(text[:20000], delimiters=",;\t|")
            separator = dialect.delimiter
        except csv.Error:
            separator = ","
        _check_csv_rows(path, text, separator)
        try:
            frame = pd.read_csv(io.StringIO(text), sep=separator, dtype=str, keep_default_na=False)
        except (pd.errors.ParserError, pd.errors.EmptyDataError, csv.Error) as error:
            raise DamagedFileError(path, f"is not a readable CSV file ({error})") from None
    frame.columns = [str(column).strip() for column in frame.columns]
    frame = frame.astype(object).where(frame.notna(), None)
    if frame.empty:
        raise EmptyFileError(path, "has a header row but no articles")
    return frame


def _check_csv_rows(path: Path, text: str, separator: str) -> None:
    """Refuse a CSV file with a broken quote or a row of the wrong width, naming the row: read
    leniently, such a row shifts or swallows cells silently (a mangled title, a text in the wrong
    column). Nothing of the file is imported."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=True)
    row = 1
    try:
        header = next(reader, None)
        if header is None:
            return
        for row, cells in enumerate(reader, 2):
            if cells and len(cells) != len(header) and any(cell.strip() for cell in cells):
                raise DamagedFileError(path, f"row {row} has {len(cells)} cells where the header has {len(header)} "
                                             "(a missing or extra separator or quote?); nothing was imported from it")
    except csv.Error as error:
        raise DamagedFileError(path, f"row {row + 1 if row > 1 else row}: a quote is not closed, or text follows a closing "
                                     f"quote ({error}); nothing was imported from it") from None


def guess_mapping(frame: pd.DataFrame, text_column: str | None = None, path: Path | None = None) -> ColumnMapping:
    """Map columns by their names; the text column is ``text_column``, a column named like text,
    or else the one with the longest entries. Other named columns become document variables."""
    columns = list(frame.columns)
    if text_column is not None and text_column not in columns:
        raise ImportFileError(path or Path("table"), f"has no column {text_column!r} (columns: {', '.join(columns)})")
    roles: dict[str, str] = {}
    for column in columns:
        name = column.casefold()
        role = next((role for role, names in _KNOWN_NAMES.items() if name in names), None)
        if role is not None and role not in roles.values():
            roles[column] = role
        else:
            roles[column] = "ignore" if not column or column.startswith("Unnamed:") else "variable"
    if text_column is not None:
        roles = {column: ("variable" if role == "text" else role) for column, role in roles.items()}
        roles[text_column] = "text"
    elif "text" not in roles.values():
        longest = max(columns, key=lambda column: _mean_length(frame[column]))
        roles[longest] = "text"
    return ColumnMapping(roles)


def _mean_length(values: pd.Series) -> float:
    lengths = [len(value) for value in values.head(200) if isinstance(value, str)]
    return sum(lengths) / len(lengths) if lengths else 0.0


def read_table_file(path: Path, text_column: str | None = None,
                    mapping: ColumnMapping | None = None) -> list[ImportCandidate | ImportFailure]:
    frame = load_table(path)
    mapping = mapping or guess_mapping(frame, text_column, path)
    return table_candidates(path, frame, mapping)


def table_candidates(path: Path, frame: pd.DataFrame, mapping: ColumnMapping) -> list[ImportCandidate | ImportFailure]:
    text_column = mapping.text_column
    if text_column is None or text_column not in frame.columns:
        raise ImportFileError(path, "no column is chosen as the article text")
    missing = [column for column in mapping.roles if column not in frame.columns]
    if missing:
        raise ImportFileError(path, f"has no column {missing[0]!r}")
    source_format = path.suffix.lower().lstrip(".")
    found: list[ImportCandidate | ImportFailure] = []
    records = frame.to_dict("records")
    for index, record in enumerate(records):
        row = index + 2  # as the spreadsheet shows it: the header is row 1
        text = record.get(text_column)
        text = text if isinstance(text, str) else ("" if _empty(text) else str(text))
        if not text.strip():
            found.append(ImportFailure(path, f"{path}, row {row}: the text column {text_column!r} is empty", row))
            continue
        candidate = ImportCandidate(path=path, source_format=source_format, text=text, row=row)
        for column, role in mapping.roles.items():
            value = record.get(column)
            if role in ("text", "ignore") or _empty(value):
                continue
            if role == "variable":
                candidate.variables[column] = _variable_value(value)
            elif role == "published":
                candidate.published = parse_loose_date(value)
                if candidate.published is None:
                    candidate.warnings.append(f"date {value!r} not understood; left empty")
            else:
                setattr(candidate, role, " ".join(str(value).split()))
        candidate.title = candidate.title or guess_title(text) or f"{path.stem}, row {row}"
        found.append(candidate)
    return found


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or (isinstance(value, str) and not value.strip())


def _variable_value(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.date().isoformat() if isinstance(value, dt.datetime) else value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, (int, float, bool)):
        return value
    return str(value).strip()
