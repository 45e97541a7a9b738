"""Qt item model of documents as cases: one row per document, every metadata field and user
variable a column (editable, typed), then each shown coder's claim count and status.

Editing goes through ``edit(document, key, value) -> Document | None`` given by the window (which
makes the service call and the undo step); the model only shows and asks.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from afpak_coder.core.records import Document

FIELDS = (("number", "#"), ("title", "Title"), ("outlet", "Outlet"), ("author", "Author"),
          ("published", "Published"), ("url", "URL"), ("language", "Language"), ("genre", "Genre"), ("memo", "Memo"))
EDITABLE_FIELDS = ("title", "outlet", "author", "published", "url", "language", "genre", "memo")
SortRole = Qt.ItemDataRole.UserRole + 20
DocumentRole = Qt.ItemDataRole.UserRole + 21


def value_of(document: Document, key: str):
    """A document's value for column ``key``: a field, or ``var:NAME`` for a variable."""
    if key.startswith("var:"):
        return document.variables.get(key[4:])
    return getattr(document, key)


def shown_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class CasesModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._documents: list[Document] = []
        self._rows: dict[uuid.UUID, int] = {}
        self.columns: list[tuple[str, str]] = []  # (key, header)
        self.kinds: dict[str, str] = {}  # variable name -> kind
        self._counts: dict = {}
        self._statuses: dict = {}
        self._coders: list = []
        self.edit: Callable[[Document, str, str], Document | None] | None = None

    def load(self, project, coders) -> None:
        """Every document of ``project``, with claim counts and statuses of ``coders``."""
        self.beginResetModel()
        self._documents = sorted(project.documents(), key=lambda d: d.number)
        self._rows = {d.id: row for row, d in enumerate(self._documents)}
        variables = project.variables()
        self.kinds = {v.name: v.kind for v in variables}
        names = [v.name for v in variables]
        for document in self._documents:  # values of variables never declared, too
            names += [name for name in document.variables if name not in names]
        self._coders = list(coders)
        self._counts, self._statuses = project.claim_counts(), project.statuses()
        self.columns = [*FIELDS, *((f"var:{name}", name) for name in names)]
        for coder in self._coders:
            self.columns += [(f"claims:{coder.id}", f"{coder.name}: claims"), (f"status:{coder.id}", f"{coder.name}: status")]
        self.endResetModel()

    def document_at(self, row: int) -> Document:
        return self._documents[row]

    def replace(self, document: Document, project=None) -> None:
        """Show a document's new values (after an edit, its undo or redo)."""
        row = self._rows.get(document.id)
        if row is None:
            return
        self._documents[row] = document
        if project is not None:
            self._counts.update(project.claim_counts(document))
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.columns) - 1))

    def key_of(self, column: int) -> str:
        return self.columns[column][0]

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self._documents)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation != Qt.Orientation.Horizontal:
            return None
        key, header = self.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return header
        if role == Qt.ItemDataRole.ToolTipRole and key.startswith("var:"):
            return f"Document variable ({self.kinds.get(key[4:], 'text')})"
        return None

    def flags(self, index):
        flags = super().flags(index)
        key = self.key_of(index.column())
        if key in EDITABLE_FIELDS or key.startswith("var:"):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def _value(self, document: Document, key: str):
        if key.startswith("claims:"):
            return self._counts.get((document.id, uuid.UUID(key[7:])), 0)
        if key.startswith("status:"):
            return self._statuses.get((document.id, uuid.UUID(key[7:])), "not started")
        return value_of(document, key)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        document = self._documents[index.row()]
        key = self.key_of(index.column())
        value = self._value(document, key)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return shown_text(value)
        if role == SortRole:
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                return float(value)
            return shown_text(value).casefold()
        if role == DocumentRole:
            return document
        if role == Qt.ItemDataRole.TextAlignmentRole and isinstance(value, (int, float)) and not isinstance(value, bool):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or self.edit is None:
            return False
        document = self._documents[index.row()]
        key = self.key_of(index.column())
        if shown_text(value_of(document, key)) == str(value).strip():
            return False
        changed = self.edit(document, key, str(value).strip())
        if changed is None:
            return False
        self.replace(changed)
        return True
