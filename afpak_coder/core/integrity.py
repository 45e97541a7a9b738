"""Checking a project row by row: every text against its SHA-256, every claim's quote against its
text, every reference, and every stored value that the service has to read back (ids, times, JSON).

``check_project`` is ``afpak-coder check`` and File → Check project. ``name_damaged_row`` is used
when reading the project fails on a value it cannot parse, so that the message names the row.
SQLite's own page-level check (``PRAGMA quick_check``) runs on every open; this goes further.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from afpak_coder.core.errors import DamagedProjectError
from afpak_coder.core.progress import Progress, ensure_progress
from afpak_coder.core.stored import read_date, read_datetime

_LISTED = 50  # problems named in full; the count is always complete

# (table, label column, id columns, JSON columns, datetime columns, date columns)
_VALUE_CHECKS = (
    ("document", "title", ("id",), ("variables", "normalisation"), ("imported_at",), ("published",)),
    ("coder", "name", ("id",), (), ("created_at",), ()),
    ("theme", "name", ("id", "parent_id"), (), (), ()),
    ("actor", "name", ("id",), ("aliases",), (), ()),
    ("stance_level", "label", ("id",), (), (), ()),
    ("document_variable", "name", ("id",), ("categories",), (), ()),
    ("claim", "quote", ("id", "document_id", "coder_id", "theme_id", "actor_id", "target_id", "stance_id"), (),
     ("created_at", "updated_at"), ()),
)
_WHAT = {"document": "document", "coder": "coder", "theme": "theme", "actor": "actor",
         "stance_level": "stance level", "document_variable": "document variable", "claim": "claim",
         "coding_status": "coding status", "document_text": "document text"}


@dataclass
class CheckReport:
    path: Path
    documents: int = 0
    claims: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def lines(self) -> list[str]:
        head = (f"{self.path}: checked {self.documents:,} documents and {self.claims:,} claims "
                "(texts against their SHA-256, quotes against their texts, references, stored values)")
        if self.ok:
            return [head + ": no problems found"]
        lines = [head + f": {len(self.problems):,} problem{'s' if len(self.problems) != 1 else ''}"]
        lines += [f"  {problem}" for problem in self.problems[:_LISTED]]
        if len(self.problems) > _LISTED:
            lines.append(f"  … and {len(self.problems) - _LISTED:,} more")
        lines.append("  Restore a backup from before the damage ('afpak-coder backups' lists them), or "
                     "correct the rows named")
        return lines


def _decode(data: bytes) -> str:
    """Stored text as it is; bytes that are not UTF-8 (a flipped bit) kept as escapes, which
    ``_undecodable`` spots, instead of stopping the check."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("utf-8", "surrogateescape")


def _undecodable(value) -> bool:
    return isinstance(value, str) and any("\udc80" <= c <= "\udcff" for c in value)


def _open(path: Path) -> sqlite3.Connection:
    raw = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
    raw.text_factory = _decode
    return raw


def _short(value) -> str:
    text = str(value)
    return repr(text if len(text) <= 40 else text[:37] + "…")


def _row_label(table: str, rowid: int, label) -> str:
    return f"{_WHAT.get(table, table)} {_short(label)} (row {rowid})" if label else f"{_WHAT.get(table, table)} row {rowid}"


def _value_problems(raw: sqlite3.Connection) -> Iterator[str]:
    for table, label, ids, jsons, times, dates in _VALUE_CHECKS:
        columns = ", ".join((label, *ids, *jsons, *times, *dates))
        for rowid, shown, *values in raw.execute(f'SELECT rowid, {columns} FROM "{table}"'):
            where = _row_label(table, rowid, shown)
            if _undecodable(shown) or any(_undecodable(v) for v in values):
                yield f"{where}: holds bytes that are not UTF-8 text"
                continue
            position = 0
            for column in ids:
                value = values[position]
                position += 1
                if value is None and column in ("parent_id", "target_id", "stance_id"):
                    continue
                if not (isinstance(value, str) and len(value) == 32 and all(c in "0123456789abcdef" for c in value)):
                    yield f"{where}: its {column} {_short(value)} is not a valid id"
            for column in jsons:
                value = values[position]
                position += 1
                try:
                    json.loads(value) if value is not None else None
                except (TypeError, ValueError):
                    yield f"{where}: its {column} is not readable JSON"
            for column, reader in [(c, read_datetime) for c in times] + [(c, read_date) for c in dates]:
                value = values[position]
                position += 1
                try:
                    reader(value)
                except (TypeError, ValueError):
                    yield f"{where}: its {column} {_short(value)} is not a valid date"


def _reference_problems(raw: sqlite3.Connection) -> Iterator[str]:
    for table, rowid, parent, _key in raw.execute("PRAGMA foreign_key_check"):
        label = None
        if table in dict.fromkeys(t[0] for t in _VALUE_CHECKS):
            column = next(t[1] for t in _VALUE_CHECKS if t[0] == table)
            found = raw.execute(f'SELECT {column} FROM "{table}" WHERE rowid = ?', (rowid,)).fetchone()
            label = found[0] if found else None
        yield f"{_row_label(table, rowid, label)}: refers to a {_WHAT.get(parent, parent)} that does not exist"


def _text_and_quote_problems(raw: sqlite3.Connection, report: CheckReport, progress: Progress) -> Iterator[str]:
    documents = raw.execute("SELECT d.rowid, d.id, d.number, d.title, d.sha256, d.length, t.text FROM document AS d "
                            "LEFT JOIN document_text AS t ON t.number = d.number ORDER BY d.number").fetchall()
    report.documents = len(documents)
    for done, (rowid, id_, _number, title, sha256, length, text) in enumerate(documents, 1):
        where = _row_label("document", rowid, title)
        if text is None:
            yield f"{where}: its text is missing"
            continue
        if hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest() != sha256:
            yield f"{where}: its text does not match its SHA-256 (the text or the hash changed since import)"
        elif len(text) != length:
            yield f"{where}: its recorded length {length} is not the text's {len(text)}"
        for claim_rowid, start, end, quote in raw.execute(
                'SELECT rowid, start, "end", quote FROM claim WHERE document_id = ?', (id_,)):
            report.claims += 1
            claim = _row_label("claim", claim_rowid, quote)
            if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
                yield f"{claim}: its span {start}–{end} is outside its document's text ({len(text)} characters)"
            elif text[start:end] != quote:
                yield f"{claim}: its quote is not its document's text at {start}–{end}"
        if done % 200 == 0:
            progress.update(done, len(documents), "Checking texts and quotes")
            progress.check()
    orphans = raw.execute("SELECT count(*) FROM claim WHERE document_id NOT IN (SELECT id FROM document)").fetchone()[0]
    report.claims += orphans


def check_project(path: Path, progress: Progress | None = None) -> CheckReport:
    """Check every row of the project at ``path`` (opened read-only; nothing is written)."""
    from afpak_coder.core.database import inspect_file  # database names this module's command in its messages

    path = Path(path)
    progress = ensure_progress(progress)
    report = CheckReport(path)
    try:
        inspect_file(path)
    except DamagedProjectError as error:
        report.problems.append(str(error))
    try:
        raw = _open(path)
    except (sqlite3.Error, ValueError) as error:
        report.problems.append(f"the file cannot be opened ({error})")
        return report
    try:
        progress.update(0, 4, "Checking the file's pages")
        report.problems += [f"SQLite: {row[0]}" for row in raw.execute("PRAGMA integrity_check(100)") if row[0] != "ok"]
        progress.update(1, 4, "Checking references")
        report.problems += list(_reference_problems(raw))
        progress.update(2, 4, "Checking stored values")
        report.problems += list(_value_problems(raw))
        report.problems += list(_text_and_quote_problems(raw, report, progress))
    except (sqlite3.DatabaseError, ValueError) as error:  # ValueError: SQLite's message quotes damaged bytes
        report.problems.append(f"the file could not be read to the end ({error})")
    finally:
        raw.close()
    progress.update(4, 4, "Done")
    return report


def name_damaged_row(path: Path) -> str | None:
    """The first row whose stored values or references cannot be read back, as a phrase; None if
    none is found. Cheap enough for an error path (no texts are hashed)."""
    try:
        raw = _open(path)
    except (sqlite3.Error, ValueError):
        return None
    try:
        for problem in _value_problems(raw):
            return problem
        for problem in _reference_problems(raw):
            return problem
    except (sqlite3.DatabaseError, ValueError) as error:
        return f"the file could not be read ({error})"
    finally:
        raw.close()
    return None
