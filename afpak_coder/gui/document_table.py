"""Qt item model of the document list: title, outlet, date, language and claims per coder."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from afpak_coder.core.project import Project
from afpak_coder.core.records import Document

FIXED_HEADERS = ("Title", "Outlet", "Published", "Lang.")
DocumentRole = Qt.ItemDataRole.UserRole + 1


class DocumentTableModel(QAbstractTableModel):
    def __init__(self, project: Project | None = None, parent=None) -> None:
        super().__init__(parent)
        self._documents: list[Document] = []
        self._coders = []
        self._counts: dict = {}
        if project is not None:
            self.reload(project)

    def reload(self, project: Project) -> None:
        self.beginResetModel()
        self._documents = project.documents()
        self._coders = project.coders()
        self._counts = project.claim_counts()
        self.endResetModel()

    def clear(self) -> None:
        self.beginResetModel()
        self._documents, self._coders, self._counts = [], [], {}
        self.endResetModel()

    def document_at(self, row: int) -> Document:
        return self._documents[row]

    def row_of(self, document_id) -> int:
        return next((row for row, d in enumerate(self._documents) if d.id == document_id), -1)

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self._documents)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(FIXED_HEADERS) + len(self._coders)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation != Qt.Orientation.Horizontal:
            return None
        coder = self._coders[section - len(FIXED_HEADERS)] if section >= len(FIXED_HEADERS) else None
        if role == Qt.ItemDataRole.ToolTipRole and coder is not None:
            return f"Claims coded by {coder.name}"
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return FIXED_HEADERS[section] if coder is None else coder.name

    def data(self, index: QModelIndex | QPersistentModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        document = self._documents[index.row()]
        column = index.column()
        if role == DocumentRole:
            return document
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            return f"{document.title}\n{document.url or ''}".strip()
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= len(FIXED_HEADERS):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == 0:
            return document.title
        if column == 1:
            return document.outlet or ""
        if column == 2:
            return document.published.isoformat() if document.published else ""
        if column == 3:
            return document.language or ""
        coder = self._coders[column - len(FIXED_HEADERS)]
        return self._counts.get((document.id, coder.id), 0)
