"""The suggestion chips in the coding panel: the likely theme (top 3), actor, target and stance of
the selected passage. A chip only fills its field (visibly); nothing is saved until Enter."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QVBoxLayout

from afpak_coder.analysis.suggestions import NO_TARGET, Suggestion
from afpak_coder.core.records import THEME_PATH_SEPARATOR

ORDER = ("theme", "actor", "target", "stance")
MAX_CHIPS = 6  # Ctrl+1 … Ctrl+6
NAME_WIDTH = 28


class SuggestionBar(QFrame):
    accepted = Signal(object)  # the Suggestion taken

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("suggestionBar")
        self.setStyleSheet("QFrame#suggestionBar { border: 1px dashed palette(mid); border-radius: 3px; }"
                           "QToolButton { padding: 1px 4px; }")
        self.caption = QLabel(objectName="suggestionCaption")
        self.caption.setStyleSheet("color: palette(dark);")
        self.rows = QVBoxLayout()
        self.rows.setSpacing(2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addWidget(self.caption)
        layout.addLayout(self.rows)
        self.chips: list[tuple[QToolButton, Suggestion]] = []
        self.clear()

    def clear(self, message: str = "") -> None:
        self._remove_rows()
        self.caption.setText(message)
        self.setVisible(bool(message))

    def show_suggestions(self, shown: dict[str, list[Suggestion]], stance_labels: dict[int, str]) -> None:
        self._remove_rows()
        for dimension in ORDER:
            if not shown.get(dimension):
                continue
            row = QHBoxLayout()
            row.addWidget(QLabel(dimension.capitalize()), 0)
            for suggestion in shown[dimension][: 3 if dimension == "theme" else 1]:
                if len(self.chips) >= MAX_CHIPS:
                    break
                number = len(self.chips) + 1
                chip = QToolButton(objectName=f"suggestion{number}")
                chip.setText(f"{number} · {_short(_label(suggestion, stance_labels))} {_score(suggestion)}")
                chip.setToolTip(f"Ctrl+{number}: {escape(_label(suggestion, stance_labels, full=True))} "
                                f"({suggestion.reason}) — fills the field; Enter saves")
                chip.clicked.connect(lambda _checked=False, s=suggestion: self.accepted.emit(s))
                row.addWidget(chip)
                self.chips.append((chip, suggestion))
            row.addStretch(1)
            self.rows.addLayout(row)
        if self.chips:
            self.caption.setText("Suggested from your own claims (Ctrl+1 … Ctrl+%d fills a field):" % len(self.chips))
            self.setVisible(True)
        else:
            self.clear()

    def accept_chip(self, number: int) -> bool:
        if 1 <= number <= len(self.chips):
            self.accepted.emit(self.chips[number - 1][1])
            return True
        return False

    def _remove_rows(self) -> None:
        self.chips = []
        while self.rows.count():
            row = self.rows.takeAt(0).layout()
            while row is not None and row.count():
                widget = row.takeAt(0).widget()
                if widget is not None:
                    widget.deleteLater()


def _label(suggestion: Suggestion, stance_labels: dict[int, str], full: bool = False) -> str:
    value = suggestion.value
    if suggestion.dimension == "target" and value == NO_TARGET:
        return "no target"
    if suggestion.dimension == "stance":
        return f"{value:+d} {stance_labels.get(value, '')}".strip()
    if suggestion.dimension == "theme" and not full:
        return str(value).split(THEME_PATH_SEPARATOR)[-1]
    return str(value)


def _short(text: str) -> str:
    return text if len(text) <= NAME_WIDTH else text[: NAME_WIDTH - 1] + "…"


def _score(suggestion: Suggestion) -> str:
    if suggestion.reason == "named in the passage":
        return "(named)"
    return f"{suggestion.probability:.0%}"
