"""Which spreadsheet column is the article text, and what the other columns become.

    dialog = ColumnMappingDialog(path, frame, guess_mapping(frame))
    if dialog.exec():
        mapping = dialog.mapping()
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout,
)

from afpak_coder.core.importing import COLUMN_ROLES, ColumnMapping

ROLE_LABELS = {
    "text": "Article text", "title": "Title", "outlet": "Outlet", "author": "Author", "published": "Date",
    "url": "URL", "language": "Language", "genre": "Genre", "variable": "Document variable", "ignore": "Ignore",
}
PREVIEW_ROWS = 6


class ColumnMappingDialog(QDialog):
    def __init__(self, path: Path, frame: pd.DataFrame, mapping: ColumnMapping, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Columns of {path.name}")
        self.path = path
        self.columns = list(frame.columns)
        self.table = QTableWidget(min(PREVIEW_ROWS, len(frame)) + 1, len(self.columns), objectName="mappingTable")
        self.table.setHorizontalHeaderLabels(self.columns)
        self.table.setVerticalHeaderLabels(["Use as"] + [f"Row {row + 2}" for row in range(len(frame))][:PREVIEW_ROWS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.combos: dict[str, QComboBox] = {}
        for column_index, column in enumerate(self.columns):
            combo = QComboBox(objectName=f"role:{column}")
            for role in COLUMN_ROLES:
                combo.addItem(ROLE_LABELS[role], role)
            combo.setCurrentIndex(COLUMN_ROLES.index(mapping.roles.get(column, "ignore")))
            combo.currentIndexChanged.connect(lambda _index, changed=column: self._role_changed(changed))
            self.combos[column] = combo
            self.table.setCellWidget(0, column_index, combo)
            for row in range(min(PREVIEW_ROWS, len(frame))):
                value = frame.iloc[row, column_index]
                shown = "" if value is None else " ".join(str(value).split())
                cell = QTableWidgetItem(shown if len(shown) <= 80 else shown[:79] + "…")
                cell.setToolTip(str(value)[:1000] if value is not None else "")
                self.table.setItem(row + 1, column_index, cell)
        self.table.resizeColumnsToContents()
        for column_index in range(len(self.columns)):
            self.table.setColumnWidth(column_index, min(max(self.table.columnWidth(column_index), 130), 320))
        self.hint = QLabel(objectName="mappingHint", wordWrap=True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"{path.name}: {len(frame):,} rows, one article per row. Choose the column that "
                                "holds the article text, and what each other column becomes. Document variables "
                                "keep the column's name.", wordWrap=True))
        layout.addWidget(self.table)
        layout.addWidget(self.hint)
        layout.addWidget(self.buttons)
        self.resize(900, 380)
        self._check()

    def set_role(self, column: str, role: str) -> None:
        self.combos[column].setCurrentIndex(COLUMN_ROLES.index(role))

    def mapping(self) -> ColumnMapping:
        return ColumnMapping({column: combo.currentData() for column, combo in self.combos.items()})

    def _role_changed(self, changed: str) -> None:
        """One column per field: choosing a field for a column frees the column that had it."""
        role = self.combos[changed].currentData()
        if role not in ("variable", "ignore"):
            for column, combo in self.combos.items():
                if column != changed and combo.currentData() == role:
                    combo.blockSignals(True)
                    combo.setCurrentIndex(COLUMN_ROLES.index("ignore"))
                    combo.blockSignals(False)
        self._check()

    def _check(self) -> None:
        has_text = self.mapping().text_column is not None
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(has_text)
        self.hint.setText("" if has_text else "Choose the column that holds the article text.")
