"""The claims browser's filters: theme (a subtree), actor, actor type, target, stance range, coder,
one document field or variable, date range, text, incomplete only.

``filters()`` is exactly what the service is asked (``Project.claim_cursor`` keywords); what the
bar shows is what it returns — a filter set from elsewhere (a count clicked in the codebook, a cell
of a crosstab) is shown in the bar, including chosen documents, which get a removable note.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget,
)

from afpak_coder.core.claim_query import DOCUMENT_FIELDS

ANY = None
_TYPING_DELAY_MS = 250


def _combo(name: str, any_text: str) -> QComboBox:
    combo = QComboBox(objectName=name)
    combo.addItem(any_text, ANY)
    combo.setMinimumContentsLength(14)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    return combo


def _select_data(combo: QComboBox, value) -> None:
    index = combo.findData(value)
    combo.setCurrentIndex(max(index, 0))


class FilterBar(QWidget):
    changed = Signal()
    problem = Signal(str)  # a filter that cannot be used as typed (a malformed date)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._documents: list = []
        self._ids: list = []  # the claims behind a number clicked in a table
        self._quiet = False
        self.theme = _combo("themeFilter", "Any theme")
        self.actor = _combo("actorFilter", "Any actor")
        self.actor_type = _combo("actorTypeFilter", "Any actor type")
        self.target = _combo("targetFilter", "Any target")
        self.stance_from = _combo("stanceFromFilter", "lowest")
        self.stance_to = _combo("stanceToFilter", "highest")
        self.coder = _combo("coderFilter", "All shown coders")
        self.field = QComboBox(objectName="fieldFilter")
        self.value = QLineEdit(objectName="valueFilter", placeholderText="value", clearButtonEnabled=True)
        self.date_from = QLineEdit(objectName="dateFromFilter", placeholderText="from YYYY-MM-DD", clearButtonEnabled=True)
        self.date_to = QLineEdit(objectName="dateToFilter", placeholderText="to YYYY-MM-DD", clearButtonEnabled=True)
        self.text = QLineEdit(objectName="textFilter", placeholderText="Text in quote or memo", clearButtonEnabled=True)
        self.incomplete = QCheckBox("Incomplete only", objectName="incompleteFilter")
        self.documents_note = QPushButton(objectName="documentsNote", flat=True)
        self.documents_note.setToolTip("Click to drop this condition")
        self.documents_note.clicked.connect(self.clear_documents)
        self.documents_note.hide()
        clear = QPushButton("Clear filters", objectName="clearFilters")
        clear.clicked.connect(self.clear)

        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for column, (label, widget) in enumerate((("Theme", self.theme), ("Actor", self.actor),
                                                  ("Type", self.actor_type), ("Target", self.target))):
            layout.addWidget(QLabel(label), 0, 2 * column)
            layout.addWidget(widget, 0, 2 * column + 1)
        stance = QHBoxLayout()
        stance.addWidget(self.stance_from)
        stance.addWidget(QLabel("to"))
        stance.addWidget(self.stance_to)
        layout.addWidget(QLabel("Stance"), 1, 0)
        layout.addLayout(stance, 1, 1)
        layout.addWidget(QLabel("Coder"), 1, 2)
        layout.addWidget(self.coder, 1, 3)
        document = QHBoxLayout()
        document.addWidget(self.field)
        document.addWidget(QLabel("="))
        document.addWidget(self.value)
        layout.addWidget(QLabel("Document"), 1, 4)
        layout.addLayout(document, 1, 5)
        dates = QHBoxLayout()
        dates.addWidget(self.date_from)
        dates.addWidget(self.date_to)
        layout.addWidget(QLabel("Published"), 1, 6)
        layout.addLayout(dates, 1, 7)
        last = QHBoxLayout()
        last.addWidget(self.text, 1)
        last.addWidget(self.incomplete)
        last.addWidget(self.documents_note)
        last.addWidget(clear)
        layout.addWidget(QLabel("Text"), 2, 0)
        layout.addLayout(last, 2, 1, 1, 7)

        self._typing = QTimer(self, singleShot=True, interval=_TYPING_DELAY_MS)
        self._typing.timeout.connect(self._emit)
        for combo in (self.theme, self.actor, self.actor_type, self.target, self.stance_from, self.stance_to,
                      self.coder, self.field):
            combo.currentIndexChanged.connect(self._emit)
        for line in (self.value, self.date_from, self.date_to, self.text):
            line.textChanged.connect(lambda _text: self._typing.start())
        self.incomplete.toggled.connect(self._emit)

    # -- choices --------------------------------------------------------------------------------

    def set_choices(self, themes, actors, levels, coders, variables) -> None:
        """Fill the lists from the codebook; ``coders`` are the coders the user may see."""
        self._quiet = True
        try:
            kept = self.filters()
            for combo in (self.theme, self.actor, self.actor_type, self.target, self.stance_from, self.stance_to,
                          self.coder):
                while combo.count() > 1:
                    combo.removeItem(1)
            for theme in themes:
                self.theme.addItem("    " * theme.depth + theme.name, theme.id)
                self.theme.setItemData(self.theme.count() - 1, theme.path_label, 3)  # tooltip
            for actor in actors:
                self.actor.addItem(actor.name, actor.id)
                self.target.addItem(actor.name, actor.id)
            for kind in sorted({a.type for a in actors if a.type}, key=str.casefold):
                self.actor_type.addItem(kind, kind)
            for level in levels:
                for combo in (self.stance_from, self.stance_to):
                    combo.addItem(f"{level.value:+d} {level.label}", level.value)
            for coder in coders:
                self.coder.addItem(coder.name, coder.id)
            self.field.clear()
            for name in (*DOCUMENT_FIELDS[1:5], *(v.name for v in variables)):
                self.field.addItem(name, name)
            self.set_filters(kept, emit=False)
        finally:
            self._quiet = False

    # -- the filters ----------------------------------------------------------------------------

    def filters(self) -> dict:
        found: dict = {}
        for key, combo in (("theme", self.theme), ("actor", self.actor), ("actor_type", self.actor_type),
                           ("target", self.target), ("coder", self.coder)):
            if combo.currentData() is not ANY:
                found[key] = combo.currentData()
        low, high = self.stance_from.currentData(), self.stance_to.currentData()
        if low is not ANY or high is not ANY:
            found["stance"] = (low, high)
        if self.value.text().strip() and self.field.currentData():
            found["where"] = {self.field.currentData(): self.value.text().strip()}
        dates = (self._date(self.date_from), self._date(self.date_to))
        if dates != (None, None):
            found["published"] = dates
        if self.text.text().strip():
            found["text"] = self.text.text().strip()
        if self.incomplete.isChecked():
            found["incomplete"] = True
        if self._documents:
            found["documents"] = list(self._documents)
        if self._ids:
            found["ids"] = list(self._ids)
        return found

    def set_filters(self, filters: dict, *, emit: bool = True) -> None:
        """Show ``filters`` (keywords of ``filters()``; ids for codebook entries and coders)."""
        quiet, self._quiet = self._quiet, True
        try:
            self.clear(emit=False)
            for key, combo in (("theme", self.theme), ("actor", self.actor), ("actor_type", self.actor_type),
                               ("target", self.target), ("coder", self.coder)):
                if filters.get(key) is not None:
                    _select_data(combo, filters[key])
            low, high = filters.get("stance") or (None, None)
            _select_data(self.stance_from, low)
            _select_data(self.stance_to, high)
            for name, value in (filters.get("where") or {}).items():
                index = self.field.findData(name)
                if index < 0:
                    self.field.addItem(name, name)
                    index = self.field.count() - 1
                self.field.setCurrentIndex(index)
                self.value.setText(str(value))
            low, high = filters.get("published") or (None, None)
            self.date_from.setText(str(low or ""))
            self.date_to.setText(str(high or ""))
            self.text.setText(filters.get("text") or "")
            self.incomplete.setChecked(bool(filters.get("incomplete")))
            self._documents = list(filters.get("documents") or ())
            self._ids = list(filters.get("ids") or ())
            self._show_documents_note()
        finally:
            self._quiet = quiet
        self._typing.stop()
        if emit:
            self._emit()

    def clear(self, *, emit: bool = True) -> None:
        quiet, self._quiet = self._quiet, True
        for combo in (self.theme, self.actor, self.actor_type, self.target, self.stance_from, self.stance_to, self.coder):
            combo.setCurrentIndex(0)
        for line in (self.value, self.date_from, self.date_to, self.text):
            line.clear()
        self.incomplete.setChecked(False)
        self._documents, self._ids = [], []
        self._show_documents_note()
        self._quiet = quiet
        if emit:
            self._emit()

    def clear_documents(self) -> None:
        self._documents, self._ids = [], []
        self._show_documents_note()
        self._emit()

    def _show_documents_note(self) -> None:
        parts = []
        if self._ids:
            parts.append(f"the {len(self._ids):,} claims behind the number clicked")
        if self._documents:
            parts.append(f"{len(self._documents):,} chosen document{'s' if len(self._documents) != 1 else ''}")
        self.documents_note.setText("Only " + " in ".join(parts) + " ✕")
        self.documents_note.setVisible(bool(parts))

    def _date(self, line: QLineEdit) -> str | None:
        typed = line.text().strip()
        if not typed:
            return None
        try:
            return dt.date.fromisoformat(typed).isoformat()
        except ValueError:
            return None  # reported by _emit; the filter is left out meanwhile

    def _emit(self) -> None:
        if self._quiet:
            return
        for line in (self.date_from, self.date_to):
            if line.text().strip() and self._date(line) is None:
                self.problem.emit(f"{line.text().strip()!r} is not a date (YYYY-MM-DD); that end is left open")
        self.changed.emit()
