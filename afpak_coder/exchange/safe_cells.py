"""Text that is safe to put in a spreadsheet cell, shared by the xlsx and CSV writers.

Two dangers, both from text typed or imported by people:

* **Formula injection.** A spreadsheet treats a cell that begins with ``=``, ``+``, ``-`` or ``@``
  (and, in some programs, a tab or a carriage return) as a formula, so a quote or memo such as
  ``=HYPERLINK(...)`` would run when a colleague opens the file. In xlsx we write such text as a
  string cell marked "quote prefix" (the text itself is unchanged; Excel shows it as typed). CSV
  has no cell types, so there we put an apostrophe in front (the usual mitigation; Excel and
  LibreOffice show the apostrophe). Plain numbers written as text ("-5", "+3.2") are left alone in
  CSV: they can never be formulas, and prefixing them would only spoil them.
* **Characters XML forbids** (C0 control characters other than tab, newline and carriage return,
  lone surrogates, U+FFFE and U+FFFF). openpyxl refuses them and a file holding them does not open.
  Each is replaced by U+FFFD "�", one for one, so a quote keeps its length and still matches its
  start/end offsets.

The scanning functions work on a whole column at once (one ``join`` and one regex pass), because a
Python loop over every cell of a 200,000-row export would cost more than writing the file.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Sequence

FORMULA_TRIGGERS = frozenset("=+-@\t\r")
REPLACEMENT = "\ufffd"
EXCEL_CELL_LIMIT = 32_767  # characters per cell; Excel refuses longer text
TRUNCATION_MARK = " … [truncated]"

ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_SEPARATOR = "\n"
_TRIGGER_AFTER_SEPARATOR = re.compile("\n[=+\\-@\t\r]")
_LEGAL_BYTES = bytes([0x09, 0x0A, 0x0D, *range(0x20, 0x100)])


def clean_text(value: str) -> str:
    """The text with every character XML forbids replaced by U+FFFD."""
    return ILLEGAL_XML.sub(REPLACEMENT, value)


def starts_like_formula(value: str) -> bool:
    return value[:1] in FORMULA_TRIGGERS if value else False


def is_plain_number(value: str) -> bool:
    return _PLAIN_NUMBER.fullmatch(value) is not None


def csv_text(value: str) -> str:
    """One CSV value made safe: illegal characters replaced, a formula-like start made inert."""
    value = clean_text(value)
    if starts_like_formula(value) and not is_plain_number(value):
        return "'" + value
    return value


_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
SHEET_TITLE_LIMIT = 31  # characters in a sheet name (Excel)


def csv_header(columns: Sequence[object]) -> list[object]:
    """Column names made safe like the values under them (a document variable may be named
    ``=HYPERLINK(...)``)."""
    return [csv_text(column) if isinstance(column, str) else column for column in columns]


def sheet_title(title: str, taken: Sequence[str] = ()) -> str:
    """A sheet name that is safe and that Excel accepts: the same guard as cells (no formula-like
    start, no characters XML forbids), none of ``[]:*?/\\``, no apostrophe at either end, at most
    31 characters, and not one of ``taken`` (compared as Excel does, ignoring case)."""
    name = _SHEET_FORBIDDEN.sub("_", clean_text(title)).strip("'") or "Sheet"
    if starts_like_formula(name):
        name = "_" + name
    name = name[:SHEET_TITLE_LIMIT]
    used = {t.casefold() for t in taken}
    number = 2
    unique = name
    while unique.casefold() in used:
        suffix = f" ({number})"
        unique = name[:SHEET_TITLE_LIMIT - len(suffix)] + suffix
        number += 1
    return unique


def excel_text(value: str) -> tuple[str, bool]:
    """Text cut to Excel's cell limit (with a visible mark); True when it had to be cut."""
    if len(value) <= EXCEL_CELL_LIMIT:
        return value, False
    return value[: EXCEL_CELL_LIMIT - len(TRUNCATION_MARK)] + TRUNCATION_MARK, True


class ColumnScan:
    """Where a column's strings need care. ``values`` may mix strings, numbers and None."""

    __slots__ = ("illegal", "formula_like", "too_long")

    def __init__(self, values: Sequence[object], *, check_length: bool = False) -> None:
        texts = [value if type(value) is str else "" for value in values]
        joined = _SEPARATOR.join(texts)
        offsets: list[int] | None = None

        def index_at(position: int) -> int:
            nonlocal offsets
            if offsets is None:  # built only when something was found
                offsets = list(itertools.accumulate((len(text) + 1 for text in texts), initial=0))
            return bisect.bisect_right(offsets, position) - 1

        self.illegal = []
        if _may_hold_illegal(joined):
            self.illegal = sorted({index_at(m.start()) for m in ILLEGAL_XML.finditer(joined)})
        candidates = {index_at(position) for position in _trigger_positions(joined)}
        # A value that held an illegal character is judged on its cleaned text.
        self.formula_like = sorted(
            i for i in candidates | set(self.illegal) if starts_like_formula(clean_text(texts[i]))
        )
        self.too_long = (
            [i for i, text in enumerate(texts) if len(text) > EXCEL_CELL_LIMIT]
            if check_length and max(map(len, texts), default=0) > EXCEL_CELL_LIMIT else []
        )

    @property
    def clean(self) -> bool:
        return not (self.illegal or self.formula_like or self.too_long)


def _trigger_positions(joined: str):
    """Positions of formula triggers at the start of the joined text or right after a separator
    (a value that merely contains a separator followed by a trigger is a false candidate, checked
    afterwards). The pattern starts with a literal, which the regex engine scans for quickly."""
    if joined[:1] in FORMULA_TRIGGERS and joined:
        yield 0
    for match in _TRIGGER_AFTER_SEPARATOR.finditer(joined):
        yield match.start() + 1


def _may_hold_illegal(joined: str) -> bool:
    """A fast pre-check: in UTF-8 every character XML forbids below U+0020 is a byte of its own,
    so deleting all other bytes leaves something only if one is there. Lone surrogates do not
    encode at all; U+FFFE and U+FFFF are looked for directly."""
    try:
        raw = joined.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return bool(raw.translate(None, _LEGAL_BYTES)) or "\ufffe" in joined or "\uffff" in joined


def csv_safe_values(values: list[object]) -> tuple[list[object], int]:
    """The column made safe for CSV, and how many values were changed (the list is copied only
    when something changes)."""
    scan = ColumnScan(values)
    if scan.clean:
        return values, 0
    result, changed = values, 0
    for index in sorted(set(scan.illegal) | set(scan.formula_like)):
        safe = csv_text(values[index])  # type: ignore[arg-type]
        if safe != values[index]:
            if result is values:
                result = list(values)
            result[index] = safe
            changed += 1
    return result, changed
