"""Errors the service raises, each with a message a researcher can act on.

Every message is one line; where a file is involved it names the file.
"""

from __future__ import annotations

from typing import Any


class AfpakError(Exception):
    """Base class: anything the user did that the project cannot accept."""


class ProjectFileError(AfpakError):
    """The project file cannot be opened or created (missing, not ours, damaged, newer, read-only)."""


class NewerSchemaError(ProjectFileError):
    """The file was written by a newer version of afpak-coder."""


class ReadOnlyProjectError(ProjectFileError):
    """The file (or its folder, or the medium) cannot be written; it may be opened read-only."""


class DamagedProjectError(ProjectFileError):
    """The SQLite integrity check failed or the file is truncated."""


class ValidationError(AfpakError):
    """A value given to the service is not acceptable (span outside the text, bad colour, ...)."""


class NotFoundError(AfpakError):
    """A document, coder, theme, actor, stance level or claim does not exist in this project."""


class DeletedMeanwhileError(NotFoundError):
    """The claim or codebook entry being changed was deleted by someone else since it was read."""


class AmbiguousNameError(AfpakError):
    """A name matches more than one codebook entry; pass the entry itself or its id."""


class DuplicateError(AfpakError):
    """The entry already exists (same document text, coder name, theme or actor name)."""


class InUseError(AfpakError):
    """The entry is still used by claims; reassign them first or archive the entry instead."""


class ConflictError(AfpakError):
    """Someone else changed the same entry since it was read; nothing was overwritten. ``current``
    is the entry as now stored (a record), when the service read it back; None otherwise."""

    def __init__(self, message: str, current: Any = None) -> None:
        super().__init__(message)
        self.current = current
