"""OpenDocument text (.odt): headings, paragraphs, lists and tables in order, notes at the end."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from xml.sax import SAXException

from defusedxml import DefusedXmlException
from odf.namespaces import DCNS, METANS, TABLENS, TEXTNS
from odf.opendocument import load
from odf.text import H

from afpak_coder.core.importing.candidates import ImportCandidate
from afpak_coder.core.importing.errors import DamagedFileError, EmptyFileError, UnsafeFileError
from afpak_coder.core.importing.heuristics import guess_title, parse_loose_date
from afpak_coder.core.importing.limits import check_package
from afpak_coder.core.importing.read_docx import NOTES_SEPARATOR

_TEXT_NODE = 3
_SKIPPED = {(TEXTNS, "note-citation"), (TEXTNS, "tracked-changes"), (TEXTNS, "bookmark-ref"),
            ("urn:oasis:names:tc:opendocument:xmlns:office:1.0", "annotation")}


def read_odt_file(path: Path) -> list[ImportCandidate]:
    check_package(path, "an OpenDocument text")
    try:
        document = load(str(path))  # odfpy parses with defusedxml's SAX parser, external entities off
    except DefusedXmlException as error:
        raise UnsafeFileError(path, f"declares XML entities; refused ({type(error).__name__})") from None
    except (KeyError, ValueError, SAXException, zipfile.BadZipFile, UnicodeDecodeError) as error:
        raise DamagedFileError(path, f"is not a readable OpenDocument text ({error or type(error).__name__})") from None
    notes: list[str] = []
    blocks: list[str] = []
    _collect(document.text, blocks, notes)
    body = "\n\n".join(block for block in blocks if block.strip())
    if not body.strip() and not notes:
        raise EmptyFileError(path, "holds no text")
    text = body + (NOTES_SEPARATOR + "\n\n".join(f"[{n}] {note}" for n, note in enumerate(notes, 1)) if notes else "")
    meta = _metadata(document.meta)
    created = parse_loose_date(meta.get((DCNS, "date")) or meta.get((METANS, "creation-date")) or "")
    return [ImportCandidate(
        path=path, source_format="odt", text=text,
        title=meta.get((DCNS, "title")) or _first_heading(document.text) or guess_title(body) or path.stem,
        author=meta.get((DCNS, "creator")) or meta.get((METANS, "initial-creator")),
        published=created if isinstance(created, dt.date) else None,
        language=meta.get((DCNS, "language")),
    )]


def _collect(element, blocks: list[str], notes: list[str]) -> None:
    """Walk the body in document order: each paragraph or heading is a block; a table row is a
    block of tab-separated cells."""
    for child in element.childNodes:
        if child.nodeType == _TEXT_NODE:
            continue
        if child.qname in ((TEXTNS, "p"), (TEXTNS, "h")):
            blocks.append(_inline_text(child, notes))
        elif child.qname == (TABLENS, "table-row"):
            cells = []
            for cell in child.childNodes:
                if cell.nodeType != _TEXT_NODE and cell.qname == (TABLENS, "table-cell"):
                    inner: list[str] = []
                    _collect(cell, inner, notes)
                    cells.append(" ".join(" ".join(inner).split()))
            blocks.append("\t".join(cells))
        elif child.qname not in _SKIPPED:
            _collect(child, blocks, notes)


def _inline_text(element, notes: list[str]) -> str:
    parts: list[str] = []
    for child in element.childNodes:
        if child.nodeType == _TEXT_NODE:
            parts.append(child.data)
        elif child.qname == (TEXTNS, "s"):
            parts.append(" " * int(child.attributes.get((TEXTNS, "c"), 1) or 1))
        elif child.qname == (TEXTNS, "tab"):
            parts.append("\t")
        elif child.qname == (TEXTNS, "line-break"):
            parts.append("\n")
        elif child.qname == (TEXTNS, "note"):
            body: list[str] = []
            for part in child.childNodes:
                if part.nodeType != _TEXT_NODE and part.qname == (TEXTNS, "note-body"):
                    _collect(part, body, notes)
            notes.append("\n".join(block for block in body if block.strip()))
        elif child.qname not in _SKIPPED:
            parts.append(_inline_text(child, notes))
    return "".join(parts)


def _metadata(meta) -> dict[tuple[str, str], str]:
    found = {}
    for child in meta.childNodes:
        if child.nodeType != _TEXT_NODE:
            value = "".join(node.data for node in child.childNodes if node.nodeType == _TEXT_NODE).strip()
            if value:
                found[child.qname] = value
    return found


def _first_heading(body) -> str | None:
    for heading in body.getElementsByType(H):
        text = _inline_text(heading, []).strip()
        if text:
            return text
    return None
