"""Edit a merged version of a disagreement: span and codes, prefilled from one coder's version.

    dialog = MergedClaimDialog(project, disagreement, parent)
    if dialog.exec() == QDialog.DialogCode.Accepted:
        values = dialog.values()      # for consensus.record(project, disagreement, values)
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QSpinBox, QVBoxLayout,
    QWidget,
)

from afpak_coder.analysis.consensus import Disagreement, Version

NONE = "(none)"


class MergedClaimDialog(QDialog):
    def __init__(self, project, disagreement: Disagreement, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Merged version of disagreement #{disagreement.number}")
        self.disagreement = disagreement
        self.text = project.document(disagreement.document_id).text
        self.versions = [v for v in disagreement.versions if v.has_claim]
        self.based_on = QComboBox()
        for version in self.versions:
            self.based_on.addItem(f"{version.coder}'s version", version)
        self.start = QSpinBox(maximum=len(self.text))
        self.end = QSpinBox(maximum=len(self.text))
        self.quote = QLabel(wordWrap=True)
        self.quote.setMinimumWidth(420)
        self.theme = QComboBox()
        self.theme.addItems([t.path_label for t in project.themes(include_archived=False)])
        self.actor = QComboBox()
        self.target = QComboBox()
        actors = [a.name for a in project.actors(include_archived=False)]
        self.actor.addItems(actors)
        self.target.addItems([NONE, *actors])
        self.stance = QComboBox()
        self.stance.addItem(NONE, None)
        for level in project.stance_levels():
            self.stance.addItem(f"{level.value:+d} {level.label}", level.value)
        self.memo = QLineEdit()
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #b00020")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow("Start from", self.based_on)
        form.addRow("Span (characters)", self._pair(self.start, self.end))
        form.addRow("Quote", self.quote)
        form.addRow("Theme", self.theme)
        form.addRow("Actor", self.actor)
        form.addRow("Target", self.target)
        form.addRow("Stance", self.stance)
        form.addRow("Memo", self.memo)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.based_on.currentIndexChanged.connect(self._fill)
        self.start.valueChanged.connect(self._show_quote)
        self.end.valueChanged.connect(self._show_quote)
        self._fill()

    @staticmethod
    def _pair(first, second) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(first)
        row.addWidget(QLabel("to"))
        row.addWidget(second)
        row.addStretch()
        return box

    def _fill(self) -> None:
        version: Version = self.based_on.currentData()
        if version is None:
            self.start.setValue(self.disagreement.start)
            self.end.setValue(self.disagreement.end)
            return
        self.start.setValue(version.start)
        self.end.setValue(version.end)
        self.theme.setCurrentText(version.theme)
        self.actor.setCurrentText(version.actor)
        self.target.setCurrentText(version.target or NONE)
        self.stance.setCurrentIndex(max(self.stance.findData(version.stance), 0))
        self.memo.setText(version.memo)

    def _show_quote(self) -> None:
        start, end = self.start.value(), self.end.value()
        quote = self.text[start:end] if end > start else ""
        self.quote.setText(quote if len(quote) <= 400 else quote[:399] + "…")

    def values(self) -> dict:
        target = self.target.currentText()
        return dict(start=self.start.value(), end=self.end.value(), theme=self.theme.currentText(),
                    actor=self.actor.currentText(), target=None if target == NONE else target,
                    stance=self.stance.currentData(), memo=self.memo.text())

    def _accept(self) -> None:
        if self.end.value() <= self.start.value():
            self.problem.setText("The span is empty: its end must come after its start.")
            return
        self.accept()
