"""Column widths of the document list: the Title takes the spare width, every column can be dragged.

Qt's Stretch and ResizeToContents modes both forbid dragging, and with several coders' columns
beside the title they left it a few pixels wide. Here every column is Interactive: the short
columns are fitted to their contents (capped), and the Title gets whatever width is left, never
less than ``MIN_TITLE``. A title the user has dragged keeps its width until the list is resized.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QHeaderView, QTableView
from shiboken6 import isValid

TITLE = 0
MIN_TITLE = 160
MAX_OTHER = {1: 150}  # the outlet: long names are elided, the full name is one drag away


class TitleTakesSpareWidth(QObject):
    def __init__(self, table: QTableView) -> None:
        super().__init__(table)
        self.table = table
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(36)
        table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        table.viewport().installEventFilter(self)
        self._fitting = False
        # Dragging a short column's border gives the title the difference.
        header.sectionResized.connect(lambda column, _old, _new: column != TITLE and not self._fitting and self.fit_title())
        model = table.model()
        model.modelReset.connect(self.fit)
        model.columnsInserted.connect(self.fit)
        model.columnsRemoved.connect(self.fit)

    def fit(self) -> None:
        """Fit the short columns to their contents, then give the Title the rest."""
        table = self.table
        self._fitting = True
        for column in range(1, table.model().columnCount()):
            table.resizeColumnToContents(column)
            cap = MAX_OTHER.get(column)
            if cap is not None and table.columnWidth(column) > cap:
                table.setColumnWidth(column, cap)
        self._fitting = False
        self.fit_title()

    def fit_title(self) -> None:
        table = self.table
        others = sum(table.columnWidth(c) for c in range(1, table.model().columnCount()) if not table.isColumnHidden(c))
        table.setColumnWidth(TITLE, max(MIN_TITLE, table.viewport().width() - others))

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        # (a table being destroyed still sends its viewport's last events)
        if event.type() == QEvent.Type.Resize and isValid(self.table) and watched is self.table.viewport():
            self.fit_title()
        return False
