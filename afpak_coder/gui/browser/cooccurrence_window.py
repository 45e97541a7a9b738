"""Analysis → Co-occurrence: theme × theme (claims on overlapping spans, or in the same document)
and actor × theme, over the claims of the coders the workspace shows. Double-click a number to see
its claims in the claims browser."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from afpak_coder.analysis import crosstabs
from afpak_coder.analysis.cell_claims import claims_behind
from afpak_coder.analysis.cooccurrence import cooccurrence, cooccurrence_claims
from afpak_coder.analysis.filters import ClaimFilter, select_claims
from afpak_coder.gui.analysis.overview_window import FrameModel
from afpak_coder.gui.browser.opening import open_claims_browser

TABLES = {
    "Theme × theme: claims on overlapping spans": "overlap",
    "Theme × theme: in the same document": "document",
    "Actor × theme: claims": "actor",
}
LEVELS = {"Top-level themes": "top", "All themes": "theme"}


class CooccurrenceWindow(QWidget):
    def __init__(self, project, coders, parent=None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle(f"Co-occurrence — {project.name}")
        self.project = project
        self.selection = select_claims(project, ClaimFilter(coders=tuple(c.name for c in coders)))
        self.table_box = QComboBox(objectName="cooccurrenceTable")
        self.table_box.addItems(list(TABLES))
        self.level_box = QComboBox(objectName="cooccurrenceLevel")
        self.level_box.addItems(list(LEVELS))
        self.model = FrameModel(self)
        self.view = QTableView(objectName="cooccurrenceView")
        self.view.setModel(self.model)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setMaximumSectionSize(160)
        self.view.doubleClicked.connect(self.open_claims_behind)
        self.note = QLabel(objectName="cooccurrenceNote", wordWrap=True)
        bar = QHBoxLayout()
        bar.addWidget(self.table_box, 1)
        bar.addWidget(QLabel("Themes:"))
        bar.addWidget(self.level_box)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.note)
        self.table_box.currentIndexChanged.connect(self.refresh)
        self.level_box.currentIndexChanged.connect(self.refresh)
        self.refresh()

    @property
    def kind(self) -> str:
        return TABLES[self.table_box.currentText()]

    @property
    def level(self) -> str:
        return LEVELS[self.level_box.currentText()]

    def refresh(self) -> None:
        coders = ", ".join(c.name for c in self.selection.coders)
        if self.kind == "actor":
            self.model.set_frame(crosstabs.actor_by_theme(self.selection, self.level))
            self.note.setText(f"Claims per actor and theme ({coders}). Double-click a number to see its claims.")
            return
        axis = crosstabs.theme_axis(self.selection, self.level)
        self.model.set_frame(cooccurrence(self.selection.frame, axis.categories, self.kind, self.level))
        what = ("pairs of one coder's claims whose spans overlap" if self.kind == "overlap"
                else "documents × coder in which one coder coded both themes")
        self.note.setText(f"Counts {what} ({coders}). Double-click a number to see its claims.")

    def claims_at(self, row: int, column: int) -> list[str]:
        frame = self.model.frame
        row_label, column_label = str(frame.index[row]), str(frame.columns[column])
        if self.kind == "actor":
            return claims_behind(self.selection, "Actor × theme", row_label, column_label, self.level)
        return cooccurrence_claims(self.selection.frame, row_label, column_label, self.kind, self.level)

    def open_claims_behind(self, index) -> None:
        ids = self.claims_at(index.row(), index.column())
        if ids:
            open_claims_browser(self.parentWidget() or self, {"ids": ids})
