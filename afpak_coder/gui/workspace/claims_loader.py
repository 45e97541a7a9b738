"""Read a long document's claims off the GUI thread, so its text shows and scrolls at once.

The result arrives as a signal on the GUI thread; the controller applies it only if the same
document is still open.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
import uuid

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal



class ClaimsLoader(QObject):
    loaded = Signal(object, object)  # document id, list of claims — or the error message (str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)

    def load(self, project: Project, document_id: uuid.UUID) -> None:
        self.pool.start(_Load(project, document_id, self))

    def wait(self, milliseconds: int = 10000) -> bool:
        """Let a running read finish (before its project is closed)."""
        return self.pool.waitForDone(milliseconds)

if TYPE_CHECKING:  # SQLAlchemy loads when a project opens, after the window is painted
    from afpak_coder.core.project import Project


class _Load(QRunnable):
    def __init__(self, project: Project, document_id: uuid.UUID, loader: ClaimsLoader) -> None:
        super().__init__()
        self.project, self.document_id, self.loader = project, document_id, loader

    def run(self) -> None:
        try:
            result = self.project.claims(document=self.document_id)
        except Exception as error:  # noqa: BLE001 - reported on the GUI thread, never a crash
            result = f"{self.project.path}: the claims of this document could not be read ({error})"
        try:
            self.loader.loaded.emit(self.document_id, result)
        except RuntimeError:  # the window closed while reading: nobody is waiting for the claims
            pass
