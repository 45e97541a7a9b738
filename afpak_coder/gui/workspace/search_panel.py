"""Search across the corpus (SQLite FTS5) with keyword-in-context; a hit opens its document."""

from __future__ import annotations

from typing import TYPE_CHECKING
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHeaderView, QLabel, QLineEdit, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from afpak_coder.core.errors import AfpakError
from afpak_coder.core.records import SearchHit
from afpak_coder.wording import plural

HitRole = Qt.ItemDataRole.UserRole + 6

if TYPE_CHECKING:  # SQLAlchemy loads when a project opens, after the window is painted
    from afpak_coder.core.project import Project


class SearchPanel(QWidget):
    hit_chosen = Signal(object)  # SearchHit

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.project: Project | None = None
        self.field = QLineEdit(objectName="corpusSearch", clearButtonEnabled=True,
                               placeholderText='Search all documents: words, "a phrase"… then Enter')
        self.field.returnPressed.connect(self.run_search)
        self.summary = QLabel()
        self.results = QTableWidget(0, 4, objectName="searchResults")
        self.results.setHorizontalHeaderLabels(["Document", "Before", "Hit", "After"])
        self.results.verticalHeader().hide()
        self.results.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.results.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.results.setWordWrap(False)
        header = self.results.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.results.cellActivated.connect(self._activated)
        self.results.cellClicked.connect(self._activated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.field)
        layout.addWidget(self.summary)
        layout.addWidget(self.results)

    def set_project(self, project: Project | None) -> None:
        self.project = project
        self.field.clear()
        self.results.setRowCount(0)
        self.summary.clear()

    def run_search(self) -> None:
        if self.project is None:
            return
        try:
            hits = self.project.search(self.field.text())
        except AfpakError as error:
            self.summary.setText(str(error))
            return
        self.results.setRowCount(len(hits))
        for row, hit in enumerate(hits):
            cells = (hit.document.title, "…" + hit.before, hit.match, hit.after + "…")
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 1:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if column == 2:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                item.setData(HitRole, hit)
                self.results.setItem(row, column, item)
        self.results.setColumnWidth(0, 200)
        documents = len({hit.document.id for hit in hits})
        self.summary.setText(f"{plural(len(hits), 'hit')} in {plural(documents, 'document')}" if hits else "No hits.")

    def _activated(self, row: int, _column: int) -> None:
        hit: SearchHit = self.results.item(row, 0).data(HitRole)
        self.hit_chosen.emit(hit)
