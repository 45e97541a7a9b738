"""Metadata guessed from the opening lines of a plain text: title, author, date.

Web pages saved as text start with navigation ("close", the site name repeated); PDF extracts
start with a header. The guesses skip such lines; the user sees and can change every guess in
the preview before anything is stored.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

OPENING_LINES = 40
MAX_TITLE_LENGTH = 200

_MONTHS = {
    name: number
    for number, names in enumerate(
        (("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
         ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
         ("october", "oct"), ("november", "nov"), ("december", "dec")),
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_DATE_PATTERNS = (
    re.compile(r"(?P<year>\d{4})-(?P<mnum>\d{1,2})-(?P<day>\d{1,2})"),
    re.compile(_MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})"),
    re.compile(r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<year>\d{4})"),
)
_BYLINE = re.compile(r"^by\b[:\s]*(?P<name>.*)$", re.IGNORECASE)
_URL = re.compile(r"^(https?://|www\.)\S+$", re.IGNORECASE)
_PAGE_NUMBER = re.compile(r"^(page|p\.)\s*\d+(\s*(of|/)\s*\d+)?$", re.IGNORECASE)


def parse_loose_date(value: object) -> dt.date | None:
    """A date from ISO text, 'April 7, 2025', '7 April 2025', or a date/datetime; else None."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    for pattern in _DATE_PATTERNS:
        found = pattern.search(value)
        if found is None:
            continue
        parts = found.groupdict()
        month = int(parts["mnum"]) if parts.get("mnum") else _MONTHS.get(parts["month"].lower())
        if month is None:
            continue
        try:
            return dt.date(int(parts["year"]), month, int(parts["day"]))
        except ValueError:
            continue
    return None


def opening_lines(text: str, count: int = OPENING_LINES) -> list[str]:
    lines = []
    for line in text.splitlines():
        if line.strip():
            lines.append(line.strip())
            if len(lines) == count:
                break
    return lines


def guess_title(text: str) -> str | None:
    """The first line that reads like a headline: not repeated, not a date, byline or URL, at
    least two words, shorter than a paragraph."""
    lines = opening_lines(text)
    repeated = {line for line, seen in Counter(lines).items() if seen > 1}
    for line in lines:
        candidate = line.lstrip("#").strip() if line.startswith("#") else line
        if len(candidate) > MAX_TITLE_LENGTH:
            return None  # the body has started without a headline
        if (candidate in repeated or len(candidate.split()) < 2 or _URL.match(candidate)
                or _BYLINE.match(candidate) or _PAGE_NUMBER.match(candidate) or _is_date_line(candidate)):
            continue
        return candidate
    return None


def guess_author(text: str) -> str | None:
    """A byline: 'By Name' on one line, or 'By' alone with the name on the next line."""
    lines = opening_lines(text, 20)
    for index, line in enumerate(lines):
        found = _BYLINE.match(line)
        if not found:
            continue
        name = found["name"].strip() or (lines[index + 1] if index + 1 < len(lines) else "")
        if name and len(name.split()) <= 6 and len(name) <= 80:
            return name
    return None


def guess_date(text: str) -> dt.date | None:
    """A date standing on a short line of its own near the top (a dateline or 'Published: ...')."""
    for line in opening_lines(text, 25):
        if len(line) <= 60:
            found = parse_loose_date(line)
            if found is not None:
                return found
    return None


def _is_date_line(line: str) -> bool:
    return len(line) <= 40 and parse_loose_date(line) is not None
