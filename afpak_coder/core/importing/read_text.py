"""Plain text (.txt) and Markdown (.md) in any common encoding."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from afpak_coder.core.importing.candidates import ImportCandidate
from afpak_coder.core.importing.decoding import decode_text
from afpak_coder.core.importing.errors import EmptyFileError
from afpak_coder.core.importing.heuristics import guess_author, guess_date, guess_title, parse_loose_date
from afpak_coder.core.importing.limits import MAX_TEXT_FILE_BYTES, read_limited

# Front-matter keys that fill document fields; any other key becomes a document variable.
_FRONT_MATTER_FIELDS = ("title", "outlet", "author", "url", "language", "genre")


def read_text_file(path: Path) -> list[ImportCandidate]:
    data = read_limited(path, MAX_TEXT_FILE_BYTES, "text")
    text, encoding = decode_text(data, path)
    if not text.strip("\ufeff \t\r\n"):
        raise EmptyFileError(path, "holds only white space")
    source_format = path.suffix.lower().lstrip(".") or "txt"
    candidate = ImportCandidate(path=path, source_format=source_format, text=text, encoding=encoding)
    if source_format == "md":
        _use_front_matter(candidate)
    candidate.title = candidate.title or guess_title(candidate.text) or path.stem
    candidate.author = candidate.author or guess_author(candidate.text)
    candidate.published = candidate.published or guess_date(candidate.text)
    if not candidate.text.strip():
        raise EmptyFileError(path, "holds front matter but no text")
    return [candidate]


def _use_front_matter(candidate: ImportCandidate) -> None:
    """Markdown files may start with YAML front matter (--- ... ---): it is metadata, not text."""
    text = candidate.text.lstrip("\ufeff").replace("\r\n", "\n")
    if not text.startswith("---\n"):
        return
    end = text.find("\n---\n", 4)
    if end < 0:
        return
    try:
        metadata = yaml.safe_load(text[4:end])
    except yaml.YAMLError as error:
        candidate.warnings.append(f"front matter ignored: not valid YAML ({' '.join(str(error).split())})")
        return
    if not isinstance(metadata, dict):
        return
    candidate.text = text[end + 5 :].lstrip("\n")
    candidate.warnings.append("front matter read as metadata and left out of the text")
    for key, value in metadata.items():
        key = str(key).strip()
        if key in _FRONT_MATTER_FIELDS and value is not None:
            setattr(candidate, key, str(value).strip() or None)
        elif key in ("published", "date"):
            candidate.published = parse_loose_date(value)
            if candidate.published is None and value not in (None, ""):
                candidate.warnings.append(f"date {value!r} not understood; left empty")
        elif key and isinstance(value, (str, int, float, bool, dt.date)):
            candidate.variables[key] = value
