"""Qt table model of the import preview: one row per candidate, failure or skipped file.

Title, outlet, author, date, language, genre and variables are editable; the first column's
check box leaves a candidate out. Failures and skipped files are shown (greyed, with the
reason) but cannot be ticked.
"""

from __future__ import annotations


from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from afpak_coder.core.importing import ImportCandidate, ImportFailure, PreviewItem, SkippedFile
from afpak_coder.core.importing.heuristics import parse_loose_date

COLUMNS = ("", "File", "Title", "Outlet", "Author", "Published", "Lang.", "Genre", "Variables", "Length",
           "Notes", "First lines")
FIELDS = {2: "title", 3: "outlet", 4: "author", 5: "published", 6: "language", 7: "genre", 8: "variables"}
ItemRole = Qt.ItemDataRole.UserRole + 1
_PROBLEM = QColor("#b00020")
_MUTED = QColor("#777777")


def format_variables(variables: dict) -> str:
    return "; ".join(f"{key}={'' if value is None else value}" for key, value in variables.items())


def parse_variables(text: str) -> dict[str, str] | None:
    """'country=Pakistan; type=daily' → dict; None when a part has no '='."""
    variables = {}
    for part in text.split(";"):
        if not part.strip():
            continue
        key, separator, value = part.partition("=")
        if not separator or not key.strip():
            return None
        variables[key.strip()] = value.strip()
    return variables


class ImportPreviewModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._items: list[PreviewItem] = []

    # -- contents -----------------------------------------------------------------------------

    def add_items(self, items: list[PreviewItem]) -> int:
        """Append items not already listed (same file and row); returns how many were added."""
        known = {self._key(item) for item in self._items}
        fresh = [item for item in items if self._key(item) not in known]
        if fresh:
            self.beginInsertRows(QModelIndex(), len(self._items), len(self._items) + len(fresh) - 1)
            self._items.extend(fresh)
            self.endInsertRows()
        return len(fresh)

    def remove_rows(self, rows: list[int]) -> None:
        for row in sorted(set(rows), reverse=True):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._items[row]
            self.endRemoveRows()

    def items(self) -> list[PreviewItem]:
        return list(self._items)

    def item_at(self, row: int) -> PreviewItem:
        return self._items[row]

    def candidates(self) -> list[ImportCandidate]:
        return [item for item in self._items if isinstance(item, ImportCandidate)]

    def included(self) -> list[ImportCandidate]:
        return [item for item in self.candidates() if item.include]

    def problems(self) -> list[ImportFailure]:
        return [item for item in self._items if isinstance(item, ImportFailure)]

    def set_batch(self, *, outlet: str = "", genre: str = "", variables: dict | None = None) -> None:
        for candidate in self.candidates():
            if outlet:
                candidate.outlet = outlet
            if genre:
                candidate.genre = genre
            if variables:
                candidate.variables = {**candidate.variables, **variables}
        if self._items:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._items) - 1, len(COLUMNS) - 1))

    @staticmethod
    def _key(item: PreviewItem):
        return (str(item.path), getattr(item, "row", None), isinstance(item, SkippedFile))

    # -- Qt model -----------------------------------------------------------------------------

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole and section == 0:
            return "Untick to leave a document out"
        return None

    def flags(self, index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not isinstance(self._items[index.row()], ImportCandidate):
            return base
        if index.column() == 0:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        if index.column() in FIELDS:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: QModelIndex | QPersistentModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        item = self._items[index.row()]
        column = index.column()
        if role == ItemRole:
            return item
        if not isinstance(item, ImportCandidate):
            return self._problem_data(item, column, role)
        if role == Qt.ItemDataRole.CheckStateRole and column == 0:
            return Qt.CheckState.Checked if item.include else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ForegroundRole and not item.include:
            return QBrush(_MUTED)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 11:
                return item.first_lines(12, 1200).replace(" ⏎ ", "\n")
            if column == 10 and item.warnings:
                return "\n".join(item.warnings)
            if column == 1:
                return str(item.path) + (f"\nencoding: {item.encoding}" if item.encoding else "")
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 9:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return None
        if column in FIELDS:
            value = getattr(item, FIELDS[column])
            if column == 5:
                return value.isoformat() if value else ""
            if column == 8:
                return format_variables(value)
            return value or ""
        return {1: item.label, 9: f"{item.length:,}", 10: "; ".join(item.warnings), 11: item.first_lines()}.get(column, None)

    def _problem_data(self, item, column: int, role):
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(_PROBLEM if isinstance(item, ImportFailure) else _MUTED)
        if role == Qt.ItemDataRole.ToolTipRole:
            return item.reason
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == 1:
            return item.label
        if column in (2, 10):  # the reason, where the eye goes first: the title column
            reason = item.reason.removeprefix(f"{item.path}: ") if isinstance(item, ImportFailure) else item.reason
            return reason if column == 10 else ("cannot be imported: " if isinstance(item, ImportFailure) else "skipped: ") + reason
        return None

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid() or not isinstance(self._items[index.row()], ImportCandidate):
            return False
        item = self._items[index.row()]
        column = index.column()
        if column == 0 and role == Qt.ItemDataRole.CheckStateRole:
            item.include = Qt.CheckState(value) == Qt.CheckState.Checked
            self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), len(COLUMNS) - 1))
            return True
        if role != Qt.ItemDataRole.EditRole or column not in FIELDS:
            return False
        text = str(value).strip()
        if column == 5:
            parsed = parse_loose_date(text) if text else None
            if text and parsed is None:
                return False  # the editor keeps the old value
            item.published = parsed
        elif column == 8:
            variables = parse_variables(text)
            if variables is None:
                return False
            item.variables = variables
        elif column == 2 and not text:
            return False  # a document needs a title
        else:
            setattr(item, FIELDS[column], text or None)
        self.dataChanged.emit(index, index)
        return True
