"""Importing documents the way researchers have them: web pages, PDFs, Word and OpenDocument
files, plain text and RTF, and spreadsheets of articles (one per row).

Readers (``read_*``) turn one file into ``ImportCandidate`` records without touching the project;
``preview`` reads many files (folders recursively) into candidates, failures and skipped files;
``import_candidates`` stores them through ``Project.add_document`` and returns an ``ImportReport``.
"""

from afpak_coder.core.importing.bulk_edit import update_documents
from afpak_coder.core.importing.candidates import (
    COLUMN_ROLES, EDITABLE_FIELDS, ColumnMapping, ImportCandidate, ImportFailure, ImportOptions, PreviewItem,
    SkippedFile, apply_batch_fields,
)
from afpak_coder.core.importing.errors import ImportFileError
from afpak_coder.core.importing.language import detect_language
from afpak_coder.core.importing.pipeline import (
    SUPPORTED_EXTENSIONS, TABLE_EXTENSIONS, discover, import_candidates, import_paths, is_table, mark_duplicates,
    preview, read_file,
)
from afpak_coder.core.importing.read_table import guess_mapping, load_table, table_candidates
from afpak_coder.core.importing.report import DuplicateDocument, ImportedDocument, ImportReport

__all__ = [
    "COLUMN_ROLES", "EDITABLE_FIELDS", "SUPPORTED_EXTENSIONS", "TABLE_EXTENSIONS", "ColumnMapping",
    "DuplicateDocument", "ImportCandidate", "ImportFailure", "ImportFileError", "ImportOptions",
    "ImportReport", "ImportedDocument", "PreviewItem", "SkippedFile", "apply_batch_fields", "detect_language",
    "discover", "guess_mapping", "import_candidates", "import_paths", "is_table", "load_table", "mark_duplicates", "preview",
    "read_file", "table_candidates", "update_documents",
]
