"""Saved web pages: the article's main text and metadata, by trafilatura (offline, never fetches)."""

from __future__ import annotations

import re
from pathlib import Path

from afpak_coder.core.importing.candidates import ImportCandidate
from afpak_coder.core.importing.errors import DamagedFileError, EmptyFileError, ImportFileError
from afpak_coder.core.importing.heuristics import best_title, guess_author, guess_date, guess_title, parse_loose_date
from afpak_coder.core.importing.html_metadata import page_metadata
from afpak_coder.core.importing.limits import MAX_TEXT_FILE_BYTES, read_limited

_LANG_ATTRIBUTE = re.compile(rb"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*)", re.IGNORECASE)


def read_html_file(path: Path) -> list[ImportCandidate]:
    data = read_limited(path, MAX_TEXT_FILE_BYTES, "web page")
    try:
        import trafilatura  # loaded on first use: it is the slowest of the parser libraries to load
    except ImportError as error:
        raise ImportFileError(path, f"web pages cannot be read: the trafilatura library failed to load ({error})") from None
    try:
        # Bytes, so that trafilatura detects the page's encoding itself; no URL, so nothing is fetched.
        extracted = trafilatura.bare_extraction(
            data, with_metadata=True, include_comments=False, include_tables=True, include_images=False,
            include_links=False, deduplicate=False,
        )
    except (ValueError, TypeError, AttributeError) as error:
        raise DamagedFileError(path, f"is not a readable web page ({error})") from None
    text = (getattr(extracted, "text", None) or "").strip() if extracted is not None else ""
    if not text:
        raise EmptyFileError(path, "holds no article text that could be extracted")
    declared = page_metadata(data)
    site = _clean(extracted.sitename) or declared.site
    candidate = ImportCandidate(
        path=path, source_format="html", text=text, outlet=site, url=_clean(extracted.url),
        # The page's own tags and first heading first: trafilatura's title is sometimes a logo.
        title=best_title([*declared.titles, _clean(extracted.title), guess_title(text)], site=site,
                         file_stem=path.stem),
        author=_clean(extracted.author) or declared.author or guess_author(text),
    )
    date_text = extracted.date or declared.date
    candidate.published = parse_loose_date(date_text) if date_text else guess_date(text)
    if date_text and candidate.published is None:
        candidate.warnings.append(f"date {date_text!r} not understood; left empty")
    found = _LANG_ATTRIBUTE.search(data[:4096])
    if found:
        candidate.language = found.group(1).decode("ascii").replace("_", "-")
    if not candidate.title:
        candidate.title = path.stem
        candidate.warnings.append("no headline found: the file name is the title")
    return [candidate]


def _clean(value: str | None) -> str | None:
    """White space collapsed; None for nothing."""
    return (" ".join(value.split()) or None) if value else None
