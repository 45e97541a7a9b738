"""PDF: the text layer, pages joined, line-end hyphenation undone, running headers and footers dropped."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError, PdfStreamError

from afpak_coder.core.importing.candidates import ImportCandidate
from afpak_coder.core.importing.errors import (
    DamagedFileError, EmptyFileError, EncryptedFileError, FileTooLargeError, NoTextLayerError,
)
from afpak_coder.core.importing.heuristics import best_title, guess_title
from afpak_coder.core.importing.limits import MAX_PDF_FILE_BYTES, file_size, human_size

# A word broken at a line end: "govern-\nment" → "government". Only when the next line goes on in
# lower case; "Afghanistan-\nPakistan" keeps its hyphen and loses only the line break.
_LINE_END_HYPHEN = re.compile(r"(\w)([-\u00ad])\n[ \t]*([^\W\d_])")
_DIGITS = re.compile(r"\d+")
EDGE_LINES = 2  # lines at the top and at the bottom of a page looked at for running headers
# Document titles some tools write into every PDF's metadata; not the article's title.
_JUNK_TITLE = re.compile(r"^(microsoft (word|powerpoint) - |untitled)|\.(docx?|pdf|indd|rtf|odt)$", re.IGNORECASE)


def read_pdf_file(path: Path) -> list[ImportCandidate]:
    size = file_size(path)
    if size == 0:
        raise EmptyFileError(path, "is empty")
    if size > MAX_PDF_FILE_BYTES:
        raise FileTooLargeError(path, f"is {human_size(size)}, over the {human_size(MAX_PDF_FILE_BYTES)} limit for PDF files")
    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            _decrypt(reader, path)
        pages = [page.extract_text() or "" for page in reader.pages]
        metadata = reader.metadata
    except (EncryptedFileError, DamagedFileError):
        raise
    except FileNotDecryptedError:
        raise EncryptedFileError(path, "is encrypted with a password; save an unprotected copy and import that") from None
    except (PdfReadError, PdfStreamError, ValueError, KeyError, TypeError, AttributeError, IndexError) as error:
        raise DamagedFileError(path, f"is not a readable PDF ({error or type(error).__name__})") from None
    pages, removed = drop_running_lines([page.replace("\r\n", "\n").replace("\r", "\n") for page in pages])
    text = rejoin_hyphenation("\n\n".join(page.strip("\n") for page in pages)).strip("\n")
    if not text.strip():
        raise NoTextLayerError(path, f"has no text layer in its {len(pages)} pages: probably scanned; "
                               "run OCR on it first, then import the result")
    candidate = ImportCandidate(path=path, source_format="pdf", text=text)
    if removed:
        candidate.warnings.append("dropped running headers/footers: " + "; ".join(f"“{line}”" for line in removed[:5]))
    title = (metadata.title or "").strip() if metadata else ""
    candidate.title = best_title([title if title and not _JUNK_TITLE.search(title) else None, guess_title(text)],
                                 file_stem=path.stem) or path.stem
    candidate.author = ((metadata.author or "").strip() or None) if metadata else None
    try:
        created = metadata.creation_date if metadata else None
    except (ValueError, TypeError):  # a malformed date string in the metadata
        created = None
    candidate.published = created.date() if created else None
    return [candidate]


def _decrypt(reader: PdfReader, path: Path) -> None:
    """Many PDFs are encrypted only to restrict printing, with an empty open password: read those."""
    try:
        opened = reader.decrypt("")
    except DependencyError:
        raise EncryptedFileError(path, "is encrypted with AES, which needs the 'cryptography' package "
                                 "to open; save an unprotected copy and import that") from None
    if not opened:
        raise EncryptedFileError(path, "is encrypted with a password; save an unprotected copy and import that")


def rejoin_hyphenation(text: str) -> str:
    def join(found: re.Match) -> str:
        before, hyphen, after = found.groups()
        keep = hyphen == "-" and not after.islower()
        return before + ("-" if keep else "") + after

    return _LINE_END_HYPHEN.sub(join, text)


def drop_running_lines(pages: list[str]) -> tuple[list[str], list[str]]:
    """Remove lines that repeat at the top or bottom of most pages (page numbers count as equal).

    Returns the pages and the removed lines (one example of each). Needs at least three pages;
    a line counts as running when it is on the edge of at least 60 % of them.
    """
    if len(pages) < 3:
        return pages, []
    page_lines = [page.split("\n") for page in pages]
    counts: Counter[str] = Counter()
    for lines in page_lines:
        counts.update({_key(line) for _, line in _edges(lines)})
    needed = max(3, int(0.6 * len(pages) + 0.999))
    running = {key for key, seen in counts.items() if seen >= needed and key}
    if not running:
        return pages, []
    examples: dict[str, str] = {}
    cleaned = []
    for lines in page_lines:
        drop = {index for index, line in _edges(lines) if _key(line) in running}
        for index in drop:
            examples.setdefault(_key(lines[index]), lines[index].strip())
        cleaned.append("\n".join(line for index, line in enumerate(lines) if index not in drop))
    return cleaned, list(examples.values())


def _edges(lines: list[str]) -> list[tuple[int, str]]:
    filled = [(index, line) for index, line in enumerate(lines) if line.strip()]
    return filled[:EDGE_LINES] + filled[EDGE_LINES:][-EDGE_LINES:]


def _key(line: str) -> str:
    return _DIGITS.sub("#", " ".join(line.split())).casefold()
