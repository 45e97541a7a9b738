"""Build small but real input files for the import tests (and the import benchmark).

Every file is made here, from text written for the tests: Word and OpenDocument files through
python-docx and odfpy, PDF by a minimal hand-written generator (one Type 1 font, one text
object per page) whose text layer pypdf reads back.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import docx
from odf import dc, table, text
from odf.opendocument import OpenDocumentText

ARTICLE = (
    "Islamabad and Kabul agreed on Tuesday to reopen the Torkham crossing after talks that "
    "lasted late into the night, officials on both sides said.\n\n"
    "Traders who had waited for nine days with lorries of fruit welcomed the decision, but warned "
    "that the closures were becoming a habit that ruined their business.\n\n"
    "Pakistan's foreign office said the talks had also covered the return of refugees and the "
    "security of the border, where militants have attacked posts this year."
)


# -- PDF ----------------------------------------------------------------------------------------

def _pdf_string(value: str) -> bytes:
    raw = value.encode("cp1252")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def make_pdf(path: Path, pages: list[list[str]], *, title: str | None = None, author: str | None = None,
             created: dt.date | None = None) -> Path:
    """A PDF whose pages hold the given lines (Helvetica, WinAnsi); a page given as [] stays blank
    but for a drawn rectangle, as a scanned page without a text layer would."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")  # filled once the page tree exists
    tree = add(b"")
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    kids = []
    for lines in pages:
        if lines:
            commands = b"BT /F1 11 Tf 14 TL 72 740 Td " + b" ".join(_pdf_string(line) + b" Tj T*" for line in lines) + b" ET"
        else:
            commands = b"0.5 g 72 72 468 648 re f"
        content = add(b"<< /Length %d >>\nstream\n" % len(commands) + commands + b"\nendstream")
        kids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 %d 0 R >> >> "
                        b"/Contents %d 0 R >>" % (tree, font, content)))
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % tree
    objects[tree - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    info_entries = b""
    if title:
        info_entries += b"/Title " + _pdf_string(title)
    if author:
        info_entries += b" /Author " + _pdf_string(author)
    if created:
        info_entries += b" /CreationDate (D:%s120000Z)" % created.strftime("%Y%m%d").encode()
    info = add(b"<< " + info_entries + b" >>")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, catalog, info, xref)
    path.write_bytes(bytes(out))
    return path


# -- Word -----------------------------------------------------------------------------------------

_FOOTNOTES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:{kind}s xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{kind}>
<w:{kind} w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:{kind}>
{notes}
</w:{kind}s>"""


def make_docx(path: Path, paragraphs: list[str], *, title: str | None = None, author: str | None = None,
              created: dt.datetime | None = None, heading: str | None = None, table_rows: list[list[str]] = (),
              footnotes: list[str] = (), endnotes: list[str] = ()) -> Path:
    document = docx.Document()
    properties = document.core_properties
    properties.title = title or ""
    properties.author = author or ""
    properties.created = created or dt.datetime(2024, 1, 1)
    if heading:
        document.add_heading(heading, level=1)
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    if table_rows:
        grid = document.add_table(rows=len(table_rows), cols=len(table_rows[0]))
        for row, values in zip(grid.rows, table_rows):
            for cell, value in zip(row.cells, values):
                cell.text = value
        document.add_paragraph("After the table.")
    document.save(str(path))
    extra = {}
    for kind, notes in (("footnote", footnotes), ("endnote", endnotes)):
        if notes:
            body = "\n".join(f'<w:{kind} w:id="{n}"><w:p><w:r><w:t>{note}</w:t></w:r></w:p></w:{kind}>'
                             for n, note in enumerate(notes, 1))
            extra[f"word/{kind}s.xml"] = _FOOTNOTES.format(kind=kind, notes=body).encode("utf-8")
    if extra:
        replace_zip_members(path, extra)
    return path


def replace_zip_members(path: Path, members: dict[str, bytes]) -> Path:
    """Rewrite a zip package with some members replaced or added."""
    with zipfile.ZipFile(path) as source:
        kept = {info.filename: source.read(info) for info in source.infolist() if info.filename not in members}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in {**kept, **members}.items():
            target.writestr(name, data)
    return path


def read_zip_member(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as package:
        return package.read(name)


# -- OpenDocument ---------------------------------------------------------------------------------

def make_odt(path: Path, paragraphs: list[str], *, title: str | None = None, author: str | None = None,
             heading: str | None = None, note: str | None = None, table_rows: list[list[str]] = ()) -> Path:
    document = OpenDocumentText()
    if title:
        document.meta.addElement(dc.Title(text=title))
    if author:
        document.meta.addElement(dc.Creator(text=author))
    if heading:
        document.text.addElement(text.H(outlinelevel=1, text=heading))
    for index, paragraph in enumerate(paragraphs):
        element = text.P(text=paragraph)
        if note and index == 0:
            footnote = text.Note(id="ftn1", noteclass="footnote")
            footnote.addElement(text.NoteCitation(text="1"))
            body = text.NoteBody()
            body.addElement(text.P(text=note))
            footnote.addElement(body)
            element.addElement(footnote)
        document.text.addElement(element)
    if table_rows:
        grid = table.Table(name="Figures")
        grid.addElement(table.TableColumn(numbercolumnsrepeated=len(table_rows[0])))
        for values in table_rows:
            row = table.TableRow()
            for value in values:
                cell = table.TableCell()
                cell.addElement(text.P(text=value))
                row.addElement(cell)
            grid.addElement(row)
        document.text.addElement(grid)
    document.save(str(path))
    return path


# -- RTF and HTML ---------------------------------------------------------------------------------

def make_rtf(path: Path, paragraphs: list[str], *, title: str | None = None, author: str | None = None) -> Path:
    def escape(value: str) -> str:
        out = []
        for char in value:
            if char in "\\{}":
                out.append("\\" + char)
            elif ord(char) < 128:
                out.append(char)
            elif char.encode("cp1252", errors="ignore"):
                out.append("\\'%02x" % char.encode("cp1252")[0])
            else:
                out.append("\\u%d?" % (ord(char) if ord(char) < 32768 else ord(char) - 65536))
        return "".join(out)

    info = ""
    if title or author:
        info = "{\\info" + (f"{{\\title {escape(title)}}}" if title else "") + (f"{{\\author {escape(author)}}}" if author else "")
        info += "{\\creatim\\yr2025\\mo4\\dy7\\hr9\\min30}}"
    body = "".join(f"{escape(p)}\\par\n" for p in paragraphs)
    path.write_text("{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\froman Times New Roman;}}" + info
                    + "\n\\f0\\fs24 " + body + "}", encoding="ascii")
    return path


def make_html(path: Path, *, title: str, paragraphs: list[str], site: str = "The Frontier Ledger",
              author: str = "Sana Qureshi", published: str = "2024-03-14", lang: str = "en",
              encoding: str = "utf-8") -> Path:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    page = f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="{encoding}"><title>{title} | {site}</title>
<meta property="og:site_name" content="{site}"><meta property="og:title" content="{title}">
<meta name="author" content="{author}"><meta property="article:published_time" content="{published}T08:00:00Z">
<link rel="canonical" href="https://ledger.example/{path.stem}"></head>
<body><header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav></header>
<div id="cookie-banner">We use cookies to improve your experience. Accept all cookies</div>
<main><article><h1>{title}</h1>{body}</article></main>
<aside class="advert">Advertisement: subscribe now for unlimited access</aside>
<section id="comments"><form><label>Leave a reply</label><textarea name="comment"></textarea></form></section>
<footer>© The Frontier Ledger. All rights reserved.</footer></body></html>"""
    path.write_bytes(page.encode(encoding))
    return path
