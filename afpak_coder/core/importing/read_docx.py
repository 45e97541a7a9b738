"""Word documents (.docx): paragraphs and tables in order, then footnotes and endnotes."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import docx
from defusedxml import ElementTree
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table

from afpak_coder.core.importing.candidates import ImportCandidate
from afpak_coder.core.importing.errors import DamagedFileError, EmptyFileError
from afpak_coder.core.importing.heuristics import guess_title
from afpak_coder.core.importing.limits import check_package

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NOTES_SEPARATOR = "\n\n――――――――――\n"
_TITLE_STYLES = ("Title", "Heading 1")


def read_docx_file(path: Path) -> list[ImportCandidate]:
    # Before python-docx sees it: a zip of sane size without XML entity declarations.
    # (python-docx parses with resolve_entities=False too; this refuses such files outright.)
    check_package(path, "a Word document")
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as error:
        raise DamagedFileError(path, f"is not a readable Word document ({error or type(error).__name__})") from None
    blocks: list[str] = []
    styled_title = None
    # Style ids, not names: Paragraph.style resolves the style anew for every paragraph (slow),
    # and ids differ between Word's languages while names do not.
    title_ids = {style.style_id for style in document.styles if style.name in _TITLE_STYLES}
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            blocks.append(_table_text(block))
            continue
        text = block.text.strip()
        if text:
            blocks.append(block.text)
            if styled_title is None and block._p.style in title_ids:
                styled_title = text
    body = "\n\n".join(block for block in blocks if block.strip())
    notes = _notes(path)
    if not body.strip() and not notes:
        raise EmptyFileError(path, "holds no text")
    text = body + (NOTES_SEPARATOR + "\n\n".join(notes) if notes else "")
    properties = document.core_properties
    created = properties.created
    return [ImportCandidate(
        path=path, source_format="docx", text=text,
        title=(properties.title or "").strip() or styled_title or guess_title(body) or path.stem,
        author=(properties.author or "").strip() or None,
        published=created.date() if isinstance(created, dt.datetime) else None,
        language=_language(properties.language),
    )]


def _table_text(table: Table) -> str:
    rows = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell is listed once per grid column it spans
                continue
            seen.add(id(cell._tc))
            cells.append(" ".join(cell.text.split()))
        rows.append("\t".join(cells))
    return "\n".join(rows)


def _notes(path: Path) -> list[str]:
    """Footnotes, then endnotes, numbered in order ('[1] …', then '[i] …')."""
    found: list[str] = []
    with zipfile.ZipFile(path) as package:
        names = set(package.namelist())
        for part, tag, numbering in (("word/footnotes.xml", "footnote", _arabic), ("word/endnotes.xml", "endnote", _roman)):
            if part not in names:
                continue
            root = ElementTree.fromstring(package.read(part))  # defusedxml: entities are refused
            number = 0
            for note in root.iter(f"{W}{tag}"):
                if note.get(f"{W}type") in ("separator", "continuationSeparator", "continuationNotice"):
                    continue
                text = "\n".join(_paragraph_text(p) for p in note.iter(f"{W}p")).strip()
                if text:
                    number += 1
                    found.append(f"[{numbering(number)}] {text}")
    return found


def _paragraph_text(paragraph) -> str:
    parts = []
    for element in paragraph.iter():
        if element.tag == f"{W}t" and element.text:
            parts.append(element.text)
        elif element.tag == f"{W}tab":
            parts.append("\t")
        elif element.tag in (f"{W}br", f"{W}cr"):
            parts.append("\n")
    return "".join(parts)


def _arabic(number: int) -> str:
    return str(number)


def _roman(number: int) -> str:
    numerals = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
                (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))
    result = ""
    for value, numeral in numerals:
        while number >= value:
            result += numeral
            number -= value
    return result


def _language(value: str | None) -> str | None:
    return (value.strip().replace("_", "-") or None) if value else None
