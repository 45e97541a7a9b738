"""Why a file cannot be imported. Each message is one line that starts with the file's path."""

from __future__ import annotations

from pathlib import Path

from afpak_coder.core.errors import AfpakError


class ImportFileError(AfpakError):
    """A file (or a row of a spreadsheet) cannot be imported."""

    def __init__(self, path: str | Path, problem: str) -> None:
        self.path = Path(path)
        self.problem = one_line(problem)
        super().__init__(f"{path}: {self.problem}")


class UnreadableFileError(ImportFileError):
    """Missing, a broken link, no permission, or an input/output error."""


class EmptyFileError(ImportFileError):
    """The file holds no text (zero bytes, only white space, or a page without article text)."""


class NotTextError(ImportFileError):
    """Binary data in a file whose name says it is text."""


class FileTooLargeError(ImportFileError):
    """Over the documented size limit for its kind (see ``limits``)."""


class DamagedFileError(ImportFileError):
    """Not what its extension says (a .docx that is not a zip), or damaged."""


class UnsafeFileError(ImportFileError):
    """A possible zip bomb, or XML with entity declarations (never resolved, refused)."""


class NoTextLayerError(ImportFileError):
    """A PDF without a text layer: probably scanned, needs OCR."""


class EncryptedFileError(ImportFileError):
    """A password-protected file."""


def one_line(message: str, limit: int = 300) -> str:
    """Library messages sometimes span lines; the user sees one short line."""
    flat = " ".join(str(message).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
