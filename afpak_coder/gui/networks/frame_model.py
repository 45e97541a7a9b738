"""A read-only pandas table for the Networks window's views, sortable on the raw values."""

from __future__ import annotations

import pandas as pd
from PySide6.QtCore import Qt

from afpak_coder.gui.analysis.overview_window import FrameModel

SortRole = Qt.ItemDataRole.UserRole + 1


class FrameTableModel(FrameModel):
    """Shows ``frame`` (rows and columns as the overview's tables); numbers right-aligned with
    ``decimals`` places, zeros shown blank in a matrix (``blank_zero``), the row labels (the index)
    in the vertical header when asked, raw values under ``SortRole`` for sorting."""

    def __init__(self, parent=None, *, decimals: int = 3, blank_zero: bool = False, row_labels: bool = False) -> None:
        super().__init__(parent)
        self.decimals, self.blank_zero, self.row_labels = decimals, blank_zero, row_labels

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if orientation == Qt.Orientation.Horizontal:
            return str(self.frame.columns[section])
        return str(self.frame.index[section]) if self.row_labels else str(section + 1)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        value = self.frame.iat[index.row(), index.column()]
        numeric = isinstance(value, (int, float)) and not isinstance(value, bool)
        if role == SortRole:
            return float(value) if numeric else str(value)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if value is None or (numeric and pd.isna(value)):
                return ""
            if numeric:
                if self.blank_zero and value == 0:
                    return ""
                return str(int(value)) if float(value).is_integer() else f"{float(value):.{self.decimals}f}"
            return str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = Qt.AlignmentFlag.AlignRight if numeric else Qt.AlignmentFlag.AlignLeft
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        return None
