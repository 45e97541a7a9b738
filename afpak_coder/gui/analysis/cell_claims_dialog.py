"""The claims behind one cell of an overview table or heatmap, listed plainly: the fallback until
the project-wide claims browser takes over the overview's ``cell_requested`` signal."""

from __future__ import annotations

import pandas as pd
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHeaderView, QLabel, QTableView, QVBoxLayout

from afpak_coder.analysis.cell_claims import CellFilter

COLUMNS = {"title": "document", "coder": "coder", "theme_path": "theme", "actor": "actor", "target": "target",
           "stance_label": "stance", "quote": "quote"}


class CellClaimsDialog(QDialog):
    def __init__(self, cell: CellFilter, claims: pd.DataFrame, parent=None) -> None:
        super().__init__(parent)
        from afpak_coder.gui.analysis.overview_window import FrameModel  # the overview's table model

        self.setWindowTitle(f"Claims — {cell.describe()}")
        self.resize(980, 480)
        self.claims = claims
        shown = claims[list(COLUMNS)].rename(columns=COLUMNS).reset_index(drop=True)
        shown.index = range(1, len(shown) + 1)
        self.model = FrameModel(self)
        self.model.set_frame(shown)
        self.table = QTableView(objectName="cellClaims")
        self.table.setModel(self.model)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.resizeColumnsToContents()
        for column in range(self.model.columnCount()):  # the quote takes what is left (full text as tooltip)
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), 220))
        header.setStretchLastSection(True)
        count = len(claims)
        self.heading = QLabel(f"<b>{count} claim{'' if count == 1 else 's'}</b> in {cell.describe()}", wordWrap=True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
