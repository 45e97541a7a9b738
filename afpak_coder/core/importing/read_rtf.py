"""Rich Text Format (.rtf): the text by striprtf, title and author from the \\info group."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from striprtf.striprtf import rtf_to_text

from afpak_coder.core.importing.candidates import ImportCandidate
from afpak_coder.core.importing.errors import DamagedFileError, EmptyFileError
from afpak_coder.core.importing.heuristics import guess_title
from afpak_coder.core.importing.limits import MAX_TEXT_FILE_BYTES, read_limited

# Bytes RTF may hold: printable ASCII, white space, and 8-bit bytes (non-conforming writers put
# them in raw). Control characters are a sign of binary data behind an RTF header.
_TEXT_BYTES = bytes([0x09, 0x0A, 0x0C, 0x0D, *range(0x20, 0x100)])
_CODEPAGE = re.compile(r"\\ansicpg(\d+)")
_INFO_FIELD = r"\{\\%s\s+((?:[^{}\\]|\\.|\\[a-z]+-?\d* ?)*)\}"
_CREATED = re.compile(r"\\creatim\\yr(\d{4})\\mo(\d{1,2})\\dy(\d{1,2})")


def read_rtf_file(path: Path) -> list[ImportCandidate]:
    data = read_limited(path, MAX_TEXT_FILE_BYTES, "RTF")
    if not data.lstrip().startswith(b"{\\rtf"):
        raise DamagedFileError(path, "is not an RTF file (it does not start with {\\rtf)")
    binary = len(data.translate(None, _TEXT_BYTES))
    if binary > max(8, len(data) // 1000):
        raise DamagedFileError(path, f"is a damaged RTF file: {binary:,} of its {len(data):,} bytes are binary data "
                                     "(control characters), which RTF never holds")
    # RTF is 7-bit; 8-bit characters are escapes (\'e9) in the code page the header names.
    source = data.decode("latin-1")
    found = _CODEPAGE.search(source[:2000])
    encoding = f"cp{found.group(1)}" if found else "cp1252"
    try:
        "".encode(encoding)
    except LookupError:
        encoding = "cp1252"
    try:
        text = rtf_to_text(source, encoding=encoding, errors="replace")
    except (ValueError, IndexError, OverflowError) as error:
        raise DamagedFileError(path, f"is a damaged RTF file ({error})") from None
    if not text.strip():
        raise EmptyFileError(path, "holds no text")
    candidate = ImportCandidate(path=path, source_format="rtf", text=text.strip("\n"), encoding=encoding)
    candidate.title = _info(source, "title", encoding) or guess_title(text) or path.stem
    candidate.author = _info(source, "author", encoding)
    created = _CREATED.search(source)
    if created:
        try:
            candidate.published = dt.date(*(int(part) for part in created.groups()))
        except ValueError:
            candidate.warnings.append("the creation date in the file's properties is not a real date")
    return [candidate]


def _info(source: str, field: str, encoding: str) -> str | None:
    found = re.search(_INFO_FIELD % field, source)
    if not found:
        return None
    value = rtf_to_text("{\\rtf1 " + found.group(1) + "}", encoding=encoding, errors="replace")
    return " ".join(value.split()) or None
