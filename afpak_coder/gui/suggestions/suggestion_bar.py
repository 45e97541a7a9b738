"""The suggestion chips in the coding panel: the likely theme (top 3), actor, target and stance of
the selected passage. A chip only fills its field (visibly); nothing is saved until Enter."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from afpak_coder.core.records import THEME_PATH_SEPARATOR

if TYPE_CHECKING:  # numpy and pandas load when suggestions are first trained, not with the window
    from afpak_coder.analysis.suggestions import Suggestion

NO_TARGET = ""  # as analysis.suggestions.NO_TARGET

ORDER = ("theme", "actor", "target", "stance")
NAME_WIDTH = 28


class SuggestionBar(QFrame):
    """Fixed rows of chips (three for the theme, one each for actor, target and stance), filled in
    place on every selection: building widgets per selection cost more than the suggesting."""

    accepted = Signal(object)  # the Suggestion taken

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("suggestionBar")
        self.setStyleSheet("QFrame#suggestionBar { border: 1px dashed palette(mid); border-radius: 3px; }"
                           "QToolButton { padding: 1px 4px; }")
        self.caption = QLabel(objectName="suggestionCaption")
        self.caption.setStyleSheet("color: palette(dark);")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(2)
        layout.addWidget(self.caption)
        self._rows: dict[str, tuple[QWidget, list[QToolButton]]] = {}
        for dimension in ORDER:
            row = QWidget()
            row_layout = QHBoxLayout(row)
            row_layout.setContentsMargins(0, 0, 0, 0)
            row_layout.addWidget(QLabel(dimension.capitalize()))
            buttons = []
            for _ in range(3 if dimension == "theme" else 1):
                button = QToolButton()
                button.clicked.connect(lambda _checked=False, b=button: self._clicked(b))
                row_layout.addWidget(button)
                buttons.append(button)
            row_layout.addStretch(1)
            layout.addWidget(row)
            self._rows[dimension] = (row, buttons)
        self.chips: list[tuple[QToolButton, Suggestion]] = []
        self.clear()

    def clear(self, message: str = "") -> None:
        self.chips = []
        self.caption.setText(message)
        for row, _buttons in self._rows.values():
            row.hide()
        self.setVisible(bool(message))

    def show_suggestions(self, shown: dict[str, list[Suggestion]], stance_labels: dict[int, str]) -> None:
        self.chips = []
        for dimension in ORDER:
            row, buttons = self._rows[dimension]
            found = shown.get(dimension, [])[: len(buttons)]
            for index, button in enumerate(buttons):
                if index >= len(found):
                    button.hide()
                    continue
                suggestion = found[index]
                number = len(self.chips) + 1
                button.setObjectName(f"suggestion{number}")
                button.setText(f"{number} · {_short(_label(suggestion, stance_labels))} {_score(suggestion)}")
                button.setToolTip(f"Ctrl+{number}: {escape(_label(suggestion, stance_labels, full=True))} "
                                  f"({suggestion.reason}) — fills the field; Enter saves")
                button.show()
                self.chips.append((button, suggestion))
            row.setVisible(bool(found))
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

    def _clicked(self, button: QToolButton) -> None:
        for chip, suggestion in self.chips:
            if chip is button:
                self.accepted.emit(suggestion)


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
