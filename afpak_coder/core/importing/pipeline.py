"""The import pipeline: find files, read them into a preview (no writes), store the candidates.

    items = preview(paths, options)                     # candidates, failures, skipped files
    report = import_candidates(project, items, progress)
    report = import_paths(project, paths, options)      # both, as the command line does
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from afpak_coder.core.errors import AfpakError, DuplicateError, ProjectFileError
from afpak_coder.core.importing.candidates import (
    ImportCandidate, ImportFailure, ImportOptions, PreviewItem, SkippedFile, apply_batch_fields,
)
from afpak_coder.core.importing.errors import ImportFileError, UnreadableFileError, one_line
from afpak_coder.core.importing.heuristics import date_order
from afpak_coder.core.importing.language import detect_language
from afpak_coder.core.importing.read_docx import read_docx_file
from afpak_coder.core.importing.read_html import read_html_file
from afpak_coder.core.importing.read_odt import read_odt_file
from afpak_coder.core.importing.read_pdf import read_pdf_file
from afpak_coder.core.importing.read_rtf import read_rtf_file
from afpak_coder.core.importing.read_table import read_table_file
from afpak_coder.core.importing.read_text import read_text_file
from afpak_coder.core.importing.report import DuplicateDocument, ImportedDocument, ImportReport
from afpak_coder.core.progress import Cancelled, Progress, ensure_progress
from afpak_coder.core.text import normalise_text, text_sha256

READERS: dict[str, Callable[[Path], list]] = {
    ".txt": read_text_file, ".md": read_text_file, ".html": read_html_file, ".htm": read_html_file,
    ".docx": read_docx_file, ".pdf": read_pdf_file, ".odt": read_odt_file, ".rtf": read_rtf_file,
}
TABLE_EXTENSIONS = (".csv", ".xlsx")
SUPPORTED_EXTENSIONS = (*READERS, *TABLE_EXTENSIONS)
_NATURAL = re.compile(r"(\d+)")


def is_table(path: Path) -> bool:
    return path.suffix.lower() in TABLE_EXTENSIONS


def _natural_key(name: str) -> list:
    return [int(part) if part.isdigit() else part.casefold() for part in _NATURAL.split(name)]


def _hidden(name: str) -> bool:
    # dot files, and the lock files Office leaves beside an open document (~$report.docx)
    return name.startswith((".", "~$"))


def discover(paths: Iterable[str | Path]) -> list[Path | ImportFailure | SkippedFile]:
    """The files to read, in order: folders are walked recursively (natural name order; hidden
    files and the resource folders of saved web pages are passed over); a file given twice is read
    once; unsupported formats become SkippedFile, missing paths ImportFailure."""
    found: list[Path | ImportFailure | SkippedFile] = []
    seen: set[Path] = set()

    def add_file(path: Path) -> None:
        key = path.resolve()
        if key in seen:
            return
        seen.add(key)
        if path.suffix.lower() in SUPPORTED_EXTENSIONS:
            found.append(path)
        else:
            found.append(SkippedFile(path, f"not a supported format ({path.suffix.lower() or 'no extension'})"))

    for given in paths:
        path = Path(given)
        if path.is_dir():
            for folder, folders, files in os.walk(path):
                names = set(files)
                kept = []
                for name in sorted(folders, key=_natural_key):
                    if _hidden(name):
                        continue
                    stem = name[: -len("_files")] if name.endswith("_files") else None
                    if stem and (f"{stem}.html" in names or f"{stem}.htm" in names):
                        found.append(SkippedFile(Path(folder) / name, "the images and scripts of a saved web page"))
                        continue
                    kept.append(name)
                folders[:] = kept
                for name in sorted(files, key=_natural_key):
                    if not _hidden(name):
                        add_file(Path(folder) / name)
        elif path.is_file():
            if path.suffix.lower() not in SUPPORTED_EXTENSIONS:  # named on purpose: that is a failure
                found.append(ImportFailure(path, str(ImportFileError(path, (
                    f"is not in a format afpak-coder imports ({path.suffix.lower() or 'no extension'}); "
                    f"it reads {', '.join(sorted(e.lstrip('.') for e in SUPPORTED_EXTENSIONS))}")))))
                continue
            add_file(path)
        elif path.exists() or path.is_symlink():
            problem = "is a broken link" if path.is_symlink() else "is neither a file nor a folder"
            found.append(ImportFailure(path, str(UnreadableFileError(path, problem))))
        else:
            found.append(ImportFailure(path, str(UnreadableFileError(path, "no such file or folder"))))
    return found


def read_file(path: Path, options: ImportOptions | None = None) -> list[ImportCandidate | ImportFailure]:
    """One file's candidates (a spreadsheet gives one per row), or its failure: never raises for
    bad input."""
    options = options or ImportOptions()
    try:
        with date_order(options.day_first):
            if is_table(path):
                return read_table_file(path, options.text_column, options.mapping_for(path))
            return READERS[path.suffix.lower()](path)
    except ImportFileError as error:
        return [ImportFailure(path, str(error))]
    except OSError as error:
        return [ImportFailure(path, str(UnreadableFileError(path, f"cannot be read ({error.strerror or error})")))]
    except (RecursionError, MemoryError) as error:
        return [ImportFailure(path, f"{path}: is too deeply nested or too large to read ({type(error).__name__})")]
    except Exception as error:  # noqa: BLE001 - a parser library's own error on a damaged file
        return [ImportFailure(path, f"{path}: could not be read ({type(error).__name__}: {one_line(str(error))})")]


def preview(paths: Iterable[str | Path], options: ImportOptions | None = None,
            progress: Progress | None = None) -> list[PreviewItem]:
    """Read every file (nothing is written); detect language where the file did not say it and
    set the batch fields of ``options``. Raises Cancelled if the user stops it."""
    options = options or ImportOptions()
    progress = ensure_progress(progress)
    entries = discover(paths)
    files = sum(1 for entry in entries if isinstance(entry, Path))
    items: list[PreviewItem] = []
    done = 0
    for entry in entries:
        if not isinstance(entry, Path):
            items.append(entry)
            continue
        progress.check()
        progress.update(done, files, f"Reading {entry.name}")
        for item in read_file(entry, options):
            if isinstance(item, ImportCandidate) and not item.language:
                item.language = detect_language(item.text)
            items.append(item)
        done += 1
    progress.update(files, files, "Read")
    apply_batch_fields(items, outlet=options.outlet, genre=options.genre, variables=options.variables)
    return items


def mark_duplicates(project, items: Sequence[PreviewItem], earlier: Sequence[PreviewItem] = ()) -> int:
    """Mark in the preview, before anything is stored, each candidate whose text (normalised, as
    stored) the project already holds or an earlier candidate repeats, with a warning naming the
    other one (the import then skips it as a duplicate). ``earlier`` are candidates already in the
    preview. Returns how many."""
    seen = {_text_hash(item): item.label for item in earlier if isinstance(item, ImportCandidate)}
    marked = 0
    for item in items:
        if not isinstance(item, ImportCandidate):
            continue
        digest = _text_hash(item)
        existing = project.find_document_by_hash(digest)
        if existing is not None:
            item.warnings.append(f"duplicate: the same text is already document #{existing.number} \"{existing.title}\"")
        elif digest in seen:
            item.warnings.append(f"duplicate: the same text as {seen[digest]}")
        else:
            seen[digest] = item.label
            continue
        marked += 1
    return marked


def _text_hash(candidate: ImportCandidate) -> str:
    return text_sha256(normalise_text(candidate.text)[0])


def import_candidates(project, items: Sequence[PreviewItem], progress: Progress | None = None) -> ImportReport:
    """Store each included candidate as one document (one transaction each: a failure leaves
    nothing behind). Cancelling keeps what was stored and says how many were not reached.
    Raises ProjectFileError when the project itself cannot be written (opened read-only)."""
    progress = ensure_progress(progress)
    report = ImportReport()
    candidates = [item for item in items if isinstance(item, ImportCandidate)]
    total = sum(1 for candidate in candidates if candidate.include)
    done = 0
    for item in items:
        if isinstance(item, ImportFailure):
            report.failed.append(item)
        elif isinstance(item, SkippedFile):
            report.skipped.append(item)
        elif not item.include:
            report.left_out.append(item.label)
        elif report.cancelled:
            report.not_reached += 1
        else:
            try:
                progress.check()
            except Cancelled:
                report.cancelled = True
                report.not_reached += 1
                continue
            progress.update(done, total, f"Importing {item.label}")
            _store(project, item, report)
            done += 1
    progress.update(done, total, "Imported")
    return report


def _store(project, candidate: ImportCandidate, report: ImportReport) -> None:
    try:
        document = project.add_document(
            candidate.text, title=candidate.title, outlet=candidate.outlet, author=candidate.author,
            published=candidate.published, url=candidate.url, language=candidate.language,
            genre=candidate.genre, variables=candidate.variables, source_path=candidate.source_path,
            source_format=candidate.source_format,
        )
    except ProjectFileError:
        raise  # the project cannot be written (read-only, gone): no file's fault, stop here
    except DuplicateError as error:
        existing = project.find_document_by_hash(_text_hash(candidate))
        if existing is None:  # cannot happen unless the document was deleted meanwhile
            report.failed.append(ImportFailure(candidate.path, f"{candidate.label}: {error}", candidate.row))
        else:
            report.duplicates.append(DuplicateDocument(candidate.label, existing))
    except AfpakError as error:
        report.failed.append(ImportFailure(candidate.path, f"{candidate.label}: {one_line(str(error))}", candidate.row))
    else:
        report.imported.append(ImportedDocument(candidate.label, document, tuple(candidate.warnings)))


def import_paths(project, paths: Iterable[str | Path], options: ImportOptions | None = None,
                 progress: Progress | None = None) -> ImportReport:
    """Read and store in one go (the command line): every readable file is imported."""
    return import_candidates(project, preview(paths, options, progress), progress)
