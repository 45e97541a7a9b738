"""Metadata guessed from the opening lines of a plain text: title, author, date.

Web pages saved as text start with navigation ("close", the site name repeated); PDF extracts
start with a header. The guesses skip such lines; the user sees and can change every guess in
the preview before anything is stored.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections import Counter
from collections.abc import Iterator
from contextvars import ContextVar

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
    re.compile(r"(?<!\d)(?P<year>\d{4})([-/.])(?P<mnum>\d{1,2})\2(?P<day>\d{1,2})(?!\d)"),
    re.compile(_MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})"),
    re.compile(r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<year>\d{4})"),
)
# 14/03/2024, 14.03.2024, 14-03-2024: day first in the region's usage unless the user switches.
_NUMERIC_DATE = re.compile(r"(?<![\d/.-])(?P<first>\d{1,2})([-/.])(?P<second>\d{1,2})\2(?P<year>\d{4})(?!\d)")
# Persian (Extended Arabic-Indic) and Arabic-Indic digits read as 0-9.
_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
_NON_LATIN_LETTER = re.compile(r"[^\W\d_A-Za-z]")
_LABEL = re.compile(r"^\s*(published|posted|updated|dated?|on)\s*:?\s*", re.IGNORECASE)
# Languages whose month names the written form may use (dateparser's codes).
DATE_LANGUAGES = ("en", "ur", "fa", "ps", "ar")
_DAY_FIRST: ContextVar[bool] = ContextVar("day_first", default=True)
# Words that make a "title" part of the page's furniture, not the article's headline.
_FURNITURE = re.compile(r"\b(logo|menu|navigation|skip to|sign in|log in|subscribe|home ?page|untitled|"
                        r"cookie|advert\w*)\b", re.IGNORECASE)
_SEPARATORS = re.compile(r"\s+[|–—•·:-]\s+")
_BYLINE = re.compile(r"^by\b[:\s]*(?P<name>.*)$", re.IGNORECASE)
_URL = re.compile(r"^(https?://|www\.)\S+$", re.IGNORECASE)
_PAGE_NUMBER = re.compile(r"^(page|p\.)\s*\d+(\s*(of|/)\s*\d+)?$", re.IGNORECASE)


@contextlib.contextmanager
def date_order(day_first: bool) -> Iterator[None]:
    """Read numeric dates such as 03/04/2024 day first (the default) or month first, inside."""
    token = _DAY_FIRST.set(day_first)
    try:
        yield
    finally:
        _DAY_FIRST.reset(token)


def parse_loose_date(value: object) -> dt.date | None:
    """A date from a date/datetime, or from text: ISO and 2024/03/14, 14/03/2024 and 14.03.2024
    (day first unless ``date_order(False)``), 'April 7, 2025', '7 April 2025', and written forms
    in Urdu, Persian, Pashto or Arabic with either kind of digits ('۱۴ مارچ ۲۰۲۴', by dateparser).
    None when no date can be read."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.translate(_DIGITS)
    found = _numeric_date(text) or _named_date(text)
    if found is None and _NON_LATIN_LETTER.search(text):
        found = _written_date(text)
    # A Solar Hijri year (1403/01/01) read as a Gregorian one is not a date we can use.
    return found if found is not None and 1800 <= found.year <= 2200 else None


def _numeric_date(text: str) -> dt.date | None:
    found = _NUMERIC_DATE.search(text)
    if found is None:
        return None
    first, second, year = int(found["first"]), int(found["second"]), int(found["year"])
    day, month = (first, second) if _DAY_FIRST.get() else (second, first)
    for day, month in ((day, month), (month, day)):  # 03/14/2024 can only be month first
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    return None


def _written_date(text: str) -> dt.date | None:
    """Month names in the region's scripts: dateparser knows them (loaded only when needed)."""
    import dateparser

    settings = {"DATE_ORDER": "DMY" if _DAY_FIRST.get() else "MDY", "REQUIRE_PARTS": ["day", "month", "year"],
                "PARSERS": ["absolute-time"], "RETURN_AS_TIMEZONE_AWARE": False}
    try:
        parsed = dateparser.parse(_LABEL.sub("", text).strip(), languages=list(DATE_LANGUAGES), settings=settings)
    except (ValueError, TypeError, OverflowError):
        return None
    return parsed.date() if parsed is not None else None


def _named_date(text: str) -> dt.date | None:
    for pattern in _DATE_PATTERNS:
        found = pattern.search(text)
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
                or _BYLINE.match(candidate) or _PAGE_NUMBER.match(candidate) or _is_date_line(candidate)
                or _FURNITURE.search(candidate)):
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


def plausible_title(title: str | None, *, site: str | None = None, file_stem: str | None = None) -> str | None:
    """``title`` without a trailing " | Site name", or None when it is no headline: a logo's alt
    text, a menu, the site's or the file's own name, a single word."""
    if not title:
        return None
    title = " ".join(title.split())
    parts = _SEPARATORS.split(title)
    if len(parts) > 1 and site and parts[-1].casefold() == site.casefold():
        title = title[: title.casefold().rfind(parts[-1].casefold())].rstrip(" |–—•·:-")
    folded = title.casefold()
    if (len(title.split()) < 2 or _FURNITURE.search(title) or (site and folded == site.casefold())
            or (file_stem and folded == file_stem.casefold())):
        return None
    return title


def best_title(candidates, *, site: str | None = None, file_stem: str | None = None) -> str | None:
    """The first plausible headline among ``candidates`` (best first)."""
    for candidate in candidates:
        title = plausible_title(candidate, site=site, file_stem=file_stem)
        if title:
            return title
    return None
