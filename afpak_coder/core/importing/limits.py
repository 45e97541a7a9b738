"""Size limits and package checks that keep a hostile or broken file from hurting the app.

The limits are documented in docs/import.md; change both together.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from afpak_coder.core.importing.errors import (
    DamagedFileError, EmptyFileError, FileTooLargeError, UnreadableFileError, UnsafeFileError,
)

MB = 1024 * 1024
# Plain text, Markdown, HTML and RTF: a long report is a few MB; 20 MB is far beyond any article.
MAX_TEXT_FILE_BYTES = 20 * MB
# CSV corpora and PDF files can be legitimately large.
MAX_TABLE_FILE_BYTES = 200 * MB
MAX_PDF_FILE_BYTES = 200 * MB
# .docx/.odt/.xlsx are zip packages: refuse any that would unpack to more than this (zip bombs).
MAX_UNPACKED_BYTES = 250 * MB
MAX_PACKAGE_MEMBERS = 10_000

# A document type declaration is the only way to declare entities (XXE, "billion laughs");
# Office and OpenDocument files never need one. Checked in UTF-8 and both UTF-16 byte orders.
_DTD_MARKER = re.compile(b"|".join(
    re.escape(marker.encode(encoding))
    for marker in ("<!DOCTYPE", "<!ENTITY")
    for encoding in ("utf-8", "utf-16-le", "utf-16-be")
))


_MARKUP_DECLARATION = (b"<!", b"<\x00!\x00", b"\x00<\x00!")  # "<!" in UTF-8, UTF-16-LE, UTF-16-BE


def _declares_entities(data: bytes) -> bool:
    # bytes.find is much faster than a regex scan; only a part with "<!" (comments, CDATA, a
    # DTD) needs the exact check.
    return any(marker in data for marker in _MARKUP_DECLARATION) and _DTD_MARKER.search(data) is not None


def human_size(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    if size < MB:
        return f"{size / 1024:.0f} KB"
    if size < 1024 * MB:
        return f"{size / MB:.1f} MB"
    return f"{size / (1024 * MB):.1f} GB"


def file_size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError as error:
        raise UnreadableFileError(path, f"cannot be read ({error.strerror or error})") from None


def read_limited(path: Path, limit: int, kind: str) -> bytes:
    """The file's bytes; refused when empty or over ``limit`` (checked before reading)."""
    size = file_size(path)
    if size > limit:
        raise FileTooLargeError(path, f"is {human_size(size)}, over the {human_size(limit)} limit for {kind} files")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise UnreadableFileError(path, f"cannot be read ({error.strerror or error})") from None
    if not data.strip():
        raise EmptyFileError(path, "is empty")
    return data


def check_package(path: Path, kind: str) -> None:
    """``kind`` names the format with its article: "a Word document".

    Refuse a zip-based document that is not a zip, would unpack too far, or declares XML entities.

    The sizes checked are the ones the zip's directory declares; Python's zipfile never unpacks a
    member beyond its declared size, so they bound what any later reader gets.
    """
    size = file_size(path)
    if size == 0:
        raise EmptyFileError(path, "is empty")
    try:
        with zipfile.ZipFile(path) as package:
            members = package.infolist()
            if len(members) > MAX_PACKAGE_MEMBERS:
                raise UnsafeFileError(path, f"holds {len(members)} parts, far more than {kind} needs; "
                                      "refused as a possible zip bomb")
            unpacked = sum(member.file_size for member in members)
            if unpacked > MAX_UNPACKED_BYTES:
                raise UnsafeFileError(path, f"would unpack to {human_size(unpacked)}, over the "
                                      f"{human_size(MAX_UNPACKED_BYTES)} limit; refused as a possible zip bomb")
            for member in members:
                if member.filename.endswith((".xml", ".rels")):
                    data = package.read(member)
                    if _declares_entities(data):
                        raise UnsafeFileError(path, f"declares XML entities in {member.filename}; "
                                              "refused (entities are never resolved)")
    except zipfile.BadZipFile:
        raise DamagedFileError(path, f"is not {kind} (not a zip package)") from None
    except (OSError, RuntimeError, NotImplementedError) as error:  # damaged or encrypted members
        raise DamagedFileError(path, f"is damaged ({error})") from None
