"""The document list's filter box: keeps the rows whose text contains what was typed.

Qt's own fixed-string filter asks the model for every cell of every row at each keystroke (a
Python call each); here each row's shown text is joined and lower-cased once, kept by the model
until the row changes, and a keystroke is one substring test per row.
"""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel

from afpak_coder.gui.workspace.document_table import DocumentTableModel


class DocumentFilterProxy(QSortFilterProxyModel):
    def __init__(self, source: DocumentTableModel, parent=None) -> None:
        super().__init__(parent)
        self.setSourceModel(source)
        self._source = source
        self._needle = ""

    def set_filter_text(self, text: str) -> None:
        needle = text.lower()
        if needle == self._needle:
            return
        if hasattr(self, "beginFilterChange"):  # Qt ≥ 6.9; invalidateRowsFilter is deprecated there
            self.beginFilterChange()
            self._needle = needle
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self._needle = needle
            self.invalidateRowsFilter()

    def filter_text(self) -> str:
        return self._needle

    def filterAcceptsRow(self, row: int, _parent) -> bool:  # noqa: N802 - Qt's name
        return not self._needle or self._needle in self._source.filter_key(row)
