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


_PROLOG_BYTES = 64 * 1024  # a document type declaration comes before the root element
_CHUNK = 1024 * 1024


def _check_member(path: Path, package: zipfile.ZipFile, member: zipfile.ZipInfo, kind: str, room: int) -> int:
    """Unpack one member as a stream (memory bounded by the chunk, whatever its directory entry
    claims), refuse entity declarations at its start, and return its real size. Every member, not
    only the ones named .xml: a renamed main part is read as XML by the readers all the same."""
    size = 0
    try:
        with package.open(member) as stream:
            while chunk := stream.read(_CHUNK):
                if size < _PROLOG_BYTES and _declares_entities(chunk[:_PROLOG_BYTES]):
                    raise UnsafeFileError(path, f"declares XML entities in {member.filename}; "
                                          "refused (entities are never resolved)")
                size += len(chunk)
                if size > room:
                    raise UnsafeFileError(path, f"unpacks to more than the {human_size(MAX_UNPACKED_BYTES)} limit; "
                                          "refused as a possible zip bomb")
    except zipfile.BadZipFile as error:  # real data longer or other than the directory says
        raise DamagedFileError(path, f"is {kind} with a damaged part {member.filename} ({error}); refused") from None
    return size


def check_package(path: Path, kind: str) -> None:
    """``kind`` names the format with its article: "a Word document".

    Refuse a zip-based document that is not a zip, would unpack too far, or declares XML entities.

    The sizes the zip's directory declares are checked first, then every member is unpacked as a
    stream and its real bytes counted: a member whose data is longer than declared fails its
    checksum here, so the readers after this (which read whole members) get at most the limit.
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
            unpacked_really = 0
            for member in members:
                unpacked_really += _check_member(path, package, member, kind, MAX_UNPACKED_BYTES - unpacked_really)
    except zipfile.BadZipFile:
        raise DamagedFileError(path, f"is not {kind} (not a zip package)") from None
    except (OSError, RuntimeError, NotImplementedError) as error:  # damaged or encrypted members
        raise DamagedFileError(path, f"is damaged ({error})") from None
