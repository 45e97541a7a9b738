"""The document list's sorting and filter box: the rows whose shown text contains what was typed,
in the order of the clicked column.

QSortFilterProxyModel asks Python for every row at each keystroke (``filterAcceptsRow``) and for
two cells at each comparison when sorting; with 10,000 documents that is most of a keystroke. Here
the rows kept and their order are computed in Python in one pass over keys the model keeps (one
lower-case text per row, one sort value per cell), and the view is told once that the layout
changed. Rows are never inserted or removed one by one in the source: it resets when it reloads,
and a row's counts or status change in place (the row is re-filtered and re-placed, as Qt's proxy
does with dynamic sorting).
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractProxyModel, QModelIndex, QPersistentModelIndex, Qt

from afpak_coder.gui.workspace.document_table import DocumentTableModel

Ascending = Qt.SortOrder.AscendingOrder


class DocumentFilterProxy(QAbstractProxyModel):
    def __init__(self, source: DocumentTableModel, parent=None) -> None:
        super().__init__(parent)
        self._source = source
        self._needle = ""
        self._sort_column = -1
        self._sort_order = Ascending
        self._order: list[int] = []  # every source row, in the sorted order
        self._shown: list[int] = []  # the rows the filter keeps, in that order
        self._shown_row: dict[int, int] | None = {}  # source row → its row here (built when first asked)
        self.setSourceModel(source)
        source.modelAboutToBeReset.connect(self.beginResetModel)
        source.modelReset.connect(self._source_reset)
        source.dataChanged.connect(self._source_data_changed)
        source.headerDataChanged.connect(self.headerDataChanged)
        self._arrange()

    # -- what the filter box and the header ask ----------------------------------------------------

    def set_filter_text(self, text: str) -> None:
        needle = text.lower()
        if needle != self._needle:
            narrowing = needle.startswith(self._needle)
            self._relayout(lambda: self._set_needle(needle, narrowing))

    def filter_text(self) -> str:
        return self._needle

    def sort(self, column: int, order: Qt.SortOrder = Ascending) -> None:
        if (column, order) != (self._sort_column, self._sort_order):
            self._relayout(lambda: self._set_sort(column, order))

    # -- QAbstractProxyModel ---------------------------------------------------------------------

    def index(self, row: int, column: int, parent=QModelIndex()) -> QModelIndex:
        if parent.isValid() or not (0 <= row < len(self._shown) and 0 <= column < self._source.columnCount()):
            return QModelIndex()
        return self.createIndex(row, column)

    def parent(self, _index=QModelIndex()) -> QModelIndex:  # a flat list: no row has a parent
        return QModelIndex()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else self._source.columnCount()

    def hasChildren(self, parent=QModelIndex()) -> bool:  # noqa: N802
        return not parent.isValid() and bool(self._shown)

    def mapToSource(self, index: QModelIndex | QPersistentModelIndex) -> QModelIndex:  # noqa: N802
        if not index.isValid() or index.model() is not self:
            return QModelIndex()
        return self._source.index(self._shown[index.row()], index.column())

    def mapFromSource(self, index: QModelIndex | QPersistentModelIndex) -> QModelIndex:  # noqa: N802
        row = self._row_of(index.row()) if index.isValid() else -1
        return self.createIndex(row, index.column()) if row >= 0 else QModelIndex()

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        # straight to the source's row: no Python mapToSource call per painted cell
        if not index.isValid():
            return None
        return self._source.data(self._source.index(self._shown[index.row()], index.column()), role)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal:
            return self._source.headerData(section, orientation, role)
        return section + 1 if role == Qt.ItemDataRole.DisplayRole else None

    def flags(self, index) -> Qt.ItemFlag:
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable if index.isValid() else Qt.ItemFlag.NoItemFlags

    # -- keeping the rows ------------------------------------------------------------------------

    def _set_needle(self, needle: str, narrowing: bool) -> None:
        self._needle = needle
        if narrowing:  # a longer text keeps a subset of the rows shown: test only those
            keys = self._source.filter_keys()
            self._shown = [row for row in self._shown if needle in keys[row]]
            self._shown_changed()
        else:
            self._filter()

    def _set_sort(self, column: int, order: Qt.SortOrder) -> None:
        self._sort_column, self._sort_order = column, order
        self._arrange()

    def _arrange(self) -> None:
        """Every source row in the sorted order (stable: equal values keep the source's order)."""
        rows = range(self._source.rowCount())
        if 0 <= self._sort_column < self._source.columnCount():
            values = self._source.sort_values(self._sort_column)
            self._order = sorted(rows, key=values.__getitem__, reverse=self._sort_order != Ascending)
        else:
            self._order = list(rows)
        self._filter()

    def _filter(self) -> None:
        needle = self._needle
        if needle:
            keys = self._source.filter_keys()
            self._shown = [row for row in self._order if needle in keys[row]]
        else:
            self._shown = list(self._order)
        self._shown_changed()

    def _shown_changed(self) -> None:
        self._shown_row = None  # a keystroke needs no map from source rows: built when first asked

    def _row_of(self, source_row: int) -> int:
        """The row here showing ``source_row``, or -1 when the filter hides it."""
        if self._shown_row is None:
            self._shown_row = dict(zip(self._shown, range(len(self._shown))))
        return self._shown_row.get(source_row, -1)

    def _relayout(self, change) -> None:
        """Apply ``change`` to the rows kept, moving the selection and current row with their documents."""
        self.layoutAboutToBeChanged.emit()
        held = self.persistentIndexList()
        sources = [(self._shown[i.row()], i.column()) if i.isValid() else None for i in held]
        change()
        rows = [-1 if source is None else self._row_of(source[0]) for source in sources]
        moved = [self.createIndex(row, source[1]) if row >= 0 else QModelIndex() for row, source in zip(rows, sources)]
        self.changePersistentIndexList(held, moved)
        self.layoutChanged.emit()

    def _source_reset(self) -> None:
        self._arrange()
        self.endResetModel()

    def _source_data_changed(self, top_left: QModelIndex, bottom_right: QModelIndex, roles=()) -> None:
        """A row's counts or status changed: repaint it where it is, or re-place it when the filter or
        the order it is sorted on may see the change."""
        sorted_on_change = top_left.column() <= self._sort_column <= bottom_right.column()
        moves = False
        for row in range(top_left.row(), bottom_right.row() + 1):
            shown = self._row_of(row) >= 0
            kept = not self._needle or self._needle in self._source.filter_key(row)
            moves = moves or shown != kept or (kept and sorted_on_change)
        if moves:
            self._relayout(self._arrange)
            return
        for row in range(top_left.row(), bottom_right.row() + 1):
            position = self._row_of(row)
            if position >= 0:
                self.dataChanged.emit(self.index(position, top_left.column()),
                                      self.index(position, bottom_right.column()), roles)
