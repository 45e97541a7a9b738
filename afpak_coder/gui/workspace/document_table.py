"""Qt item model of the document list: title, outlet, date, language, my claims and my status;
with all coders shown, a claims column per coder."""

from __future__ import annotations

from typing import TYPE_CHECKING
import uuid

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from afpak_coder.core.records import Coder, Document
from afpak_coder.gui.fonts import readable_title

FIXED_HEADERS = ("Title", "Outlet", "Published", "Lang.", "Mine", "My status")
DocumentRole = Qt.ItemDataRole.UserRole + 1
STATUS_ORDER = {"not started": 0, "in progress": 1, "done": 2}

if TYPE_CHECKING:  # SQLAlchemy loads when a project opens, after the window is painted
    from afpak_coder.core.project import Project


class DocumentTableModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.clear()

    def clear(self) -> None:
        self.beginResetModel()
        self._documents: list[Document] = []
        self._rows: dict[uuid.UUID, int] = {}
        self._filter_keys: list[str | None] = []
        self._coder: Coder | None = None
        self._other_coders: list[Coder] = []
        self._counts: dict = {}
        self._statuses: dict = {}
        self.endResetModel()

    def reload(self, project: Project, coder: Coder | None, show_coders: list[Coder] = ()) -> None:
        """Everything from the service: documents, claim counts, statuses of ``coder``;
        ``show_coders`` adds a claims column for each (the lead's view of all coders)."""
        self.beginResetModel()
        self._documents = project.documents()
        self._rows = {d.id: row for row, d in enumerate(self._documents)}
        self._filter_keys = [None] * len(self._documents)
        self._coder = coder
        self._other_coders = list(show_coders)
        self._counts = project.claim_counts()
        self._statuses = project.statuses(coder) if coder is not None else {}
        self.endResetModel()

    def refresh_document(self, project: Project, document_id: uuid.UUID) -> None:
        """Cheap update after coding: one document's counts and status."""
        self._counts = {key: n for key, n in self._counts.items() if key[0] != document_id}
        self._counts.update(project.claim_counts(document=document_id))
        if self._coder is not None:
            self._statuses.update({k: v for k, v in project.statuses(self._coder).items() if k[0] == document_id})
        self._row_changed(document_id)

    def count_claim(self, document_id: uuid.UUID, coder_id: uuid.UUID, change: int) -> None:
        """One claim committed as added (+1) or deleted (-1): no need to count them all again."""
        key = (document_id, coder_id)
        self._counts[key] = self._counts.get(key, 0) + change
        self._row_changed(document_id, first_column=len(FIXED_HEADERS) - 2)  # the counts and status only

    def set_status_of(self, document_id: uuid.UUID, status: str) -> None:
        """My status of a document, as just committed."""
        if self._coder is not None:
            self._statuses[(document_id, self._coder.id)] = status
            self._row_changed(document_id, first_column=len(FIXED_HEADERS) - 2)

    def filter_key(self, row: int) -> str:
        """The row's shown text, lower-cased, for the filter box (kept until the row changes)."""
        key = self._filter_keys[row]
        if key is None:
            document = self._documents[row]
            key = self._filter_keys[row] = "\t".join(
                str(self._value(document, column)) for column in range(self.columnCount())).lower()
        return key

    def filter_keys(self) -> list[str]:
        """Every row's filter key, in source order."""
        if None in self._filter_keys:  # a scan in C; the keys are built once per reload or row change
            for row, key in enumerate(self._filter_keys):
                if key is None:
                    self.filter_key(row)
        return self._filter_keys

    def sort_values(self, column: int) -> list:
        """Every row's value in ``column`` as the list sorts it (the status in its working order)."""
        values = [self._value(document, column) for document in self._documents]
        return [STATUS_ORDER[value] for value in values] if column == 5 else values

    def _row_changed(self, document_id: uuid.UUID, first_column: int = 0) -> None:
        row = self.row_of(document_id)
        if row >= 0:
            self._filter_keys[row] = None
            self.dataChanged.emit(self.index(row, first_column), self.index(row, self.columnCount() - 1))

    def document_at(self, row: int) -> Document:
        return self._documents[row]

    def documents(self) -> list[Document]:
        return list(self._documents)

    def row_of(self, document_id) -> int:
        return self._rows.get(document_id, -1)

    def status_of(self, document_id: uuid.UUID) -> str:
        if self._coder is None:
            return "not started"
        return self._statuses.get((document_id, self._coder.id), "not started")

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self._documents)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(FIXED_HEADERS) + len(self._other_coders)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation != Qt.Orientation.Horizontal:
            return None
        coder = self._other_coders[section - len(FIXED_HEADERS)] if section >= len(FIXED_HEADERS) else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"Claims coded by {coder.name}" if coder else {4: "My claims in the document"}.get(section)
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
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= 4 and column != 5:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.DisplayRole:
            return readable_title(document.title) if column == 0 else self._value(document, column)
        return None

    def _value(self, document: Document, column: int):
        if column == 0:
            return document.title
        if column == 1:
            return document.outlet or ""
        if column == 2:
            return document.published.isoformat() if document.published else ""
        if column == 3:
            return document.language or ""
        if column == 4:
            return self._counts.get((document.id, self._coder.id), 0) if self._coder else 0
        if column == 5:
            return self.status_of(document.id)
        coder = self._other_coders[column - len(FIXED_HEADERS)]
        return self._counts.get((document.id, coder.id), 0)
