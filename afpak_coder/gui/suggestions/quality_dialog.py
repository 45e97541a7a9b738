"""Coding → Suggestions → How good are the suggestions?: cross-validated top-1 and top-3 accuracy
per dimension (and per coder), beside the most-frequent baseline; the on/off switch; the lead's
choice to let suggestions learn from the Consensus coder too."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox, QDialog, QDialogButtonBox, QHeaderView, QLabel, QPushButton, QTableWidget, QTableWidgetItem,
    QVBoxLayout,
)

from afpak_coder.gui.background import run_with_progress

COLUMNS = ["Coder", "Dimension", "Claims", "Top-1", "Top-3", "Baseline top-1", "Baseline top-3", "Shown"]


class SuggestionsDialog(QDialog):
    def __init__(self, suggestions, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Suggestions")
        self.suggestions = suggestions
        project = suggestions.coding.project
        self.explanation = QLabel(wordWrap=True, objectName="suggestionsExplanation")
        self.explanation.setText(
            "Suggestions learn on this computer from your own claims only (never another coder's), and are "
            "cached beside the project file, never inside it. Each figure holds every claim out once "
            "(5-fold cross-validation): top-1 is how often the first suggestion was the code chosen, top-3 "
            "how often it was among the first three. A dimension is suggested only when it beats the "
            "baseline — always guessing the most frequent codes.")
        self.enabled = QCheckBox("Show suggestions while coding", objectName="suggestionsEnabled")
        self.enabled.setChecked(suggestions.enabled)
        self.enabled.toggled.connect(self._switch)
        self.consensus = QCheckBox("Coders' suggestions may also learn from the Consensus coder's claims "
                                   "(the lead's choice, stored in the project)", objectName="suggestionsConsensus")
        from afpak_coder.analysis.suggester import consensus_allowed

        self.consensus.setChecked(bool(project) and consensus_allowed(project))
        self.consensus.setEnabled(bool(project) and not project.read_only)
        self.consensus.toggled.connect(self._allow_consensus)
        self.status = QLabel(objectName="suggestionsStatus", wordWrap=True)
        self.table = QTableWidget(0, len(COLUMNS), objectName="suggestionsQuality")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.every_coder = QPushButton("Compute for every coder", objectName="suggestionsEveryCoder")
        self.every_coder.clicked.connect(self._every_coder)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.explanation, self.enabled, self.consensus, self.status, self.table, self.every_coder):
            layout.addWidget(widget)
        layout.addWidget(buttons)
        self.resize(820, 420)
        suggestions.trained_changed.connect(self._show_current)
        self._show_current()

    def _show_current(self) -> None:
        coder = self.suggestions.coding.coder
        trained = self.suggestions.trained
        if not self.suggestions.enabled:
            self.status.setText("Suggestions are off.")
        elif trained is None:
            self.status.setText("Learning from your claims…" if self.suggestions.training else "No suggestions yet.")
        elif trained.model is None:
            self.status.setText(f"{coder.name} has {trained.claims} claims; suggestions start from 8.")
        else:
            self.status.setText(f"Learned from {trained.claims} of {coder.name}'s own claims"
                                f"{' and the Consensus coder' if len(trained.sources) > 1 else ''}.")
        self.table.setRowCount(0)
        if trained is not None and coder is not None:
            self._add_rows(coder.name, trained.quality)

    def _add_rows(self, name: str, quality: dict) -> None:
        for dimension, q in quality.items():
            row = self.table.rowCount()
            self.table.insertRow(row)
            cells = [name, dimension, str(q.claims), f"{q.top1:.0%}", f"{q.top3:.0%}", f"{q.baseline_top1:.0%}",
                     f"{q.baseline_top3:.0%}", "yes" if q.useful else "no (not better than the baseline)"]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if 2 <= column <= 6:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)

    def _switch(self, enabled: bool) -> None:
        self.suggestions.set_enabled(enabled)
        actions = getattr(self.parent(), "actions", None)
        if actions is not None and hasattr(actions, "suggestions_switch"):
            actions.suggestions_switch.setChecked(enabled)
        self._show_current()

    def _allow_consensus(self, allowed: bool) -> None:
        from afpak_coder.analysis.suggester import allow_consensus_suggestions

        allow_consensus_suggestions(self.suggestions.coding.project, allowed)
        self.suggestions.restart()
        self._show_current()

    def _every_coder(self) -> None:
        from afpak_coder.analysis.suggester import fit_suggestions, read_training_data

        project = self.suggestions.coding.project
        coders = project.coders()

        def work(progress):
            results = []
            for done, coder in enumerate(coders):
                progress.update(done, len(coders), f"Learning from {coder.name}'s claims")
                progress.check()
                results.append((coder.name, fit_suggestions(read_training_data(project, coder)).quality))
            return results

        task = run_with_progress(self, "Suggestions for every coder", work)
        task.succeeded.connect(self._show_every_coder)

    def _show_every_coder(self, results) -> None:
        self.table.setRowCount(0)
        for name, quality in results:
            self._add_rows(name, quality)
        self.status.setText(f"Suggestion quality for {len(results)} coders, each from their own claims only.")
