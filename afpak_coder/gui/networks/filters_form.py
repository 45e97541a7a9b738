"""The Filters group of Analysis → Networks: dates, outlet, one document variable, a theme subtree and
duplicates. It only collects choices; ``arguments()`` gives them as the keyword arguments of
``afpak_coder.analysis.network_api.network_filter``, so the window filters exactly as the API and CLI do.

    form = NetworkFiltersForm(); form.fill(project); form.changed.connect(...)
    choice = network_filter(coders="Ayesha", **form.arguments())
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, QSignalBlocker, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QDateEdit, QGroupBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

ANY_DATE = "any"
ANY_OUTLET = "Any outlet"
ANY_VARIABLE = "Any variable"
ALL_THEMES = "All themes"


class NetworkFiltersForm(QGroupBox):
    """Emits ``changed`` whenever a choice changes (not while ``fill`` refills the lists)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Filters", parent, objectName="networkFilters")
        self._documents: list = []
        self.date_from = _date_edit("networkDateFrom")
        self.date_to = _date_edit("networkDateTo")
        self.outlet_box = QComboBox(objectName="networkOutlet")
        self.variable_box = QComboBox(objectName="networkVariable")
        self.value_box = QComboBox(objectName="networkVariableValue")
        self.theme_box = QComboBox(objectName="networkTheme")
        self.theme_box.setMinimumContentsLength(28)
        self.theme_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.duplicates_box = QCheckBox("One identical claim per document", objectName="networkDuplicates")
        self.duplicates_box.setToolTip("Count identical claims (same coder, actor, target, theme and stance) "
                                       "in a document once, as DNA's 'one per document'")
        for box in (self.outlet_box, self.variable_box, self.value_box):
            box.setMinimumContentsLength(12)
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        rows = QVBoxLayout(self)
        rows.setSpacing(4)
        for widgets in ((QLabel("Published from"), self.date_from, QLabel("to"), self.date_to, QLabel("Outlet:"),
                         self.outlet_box, self.duplicates_box),
                        (QLabel("Document variable"), self.variable_box, QLabel("="), self.value_box,
                         QLabel("Themes:"), self.theme_box)):
            row = QHBoxLayout()
            for widget in widgets:
                row.addWidget(widget)
            row.addStretch(1)
            rows.addLayout(row)
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(self.changed)
        for box in (self.outlet_box, self.value_box, self.theme_box):
            box.currentIndexChanged.connect(self.changed)
        self.variable_box.currentIndexChanged.connect(self._variable_changed)
        self.duplicates_box.toggled.connect(self.changed)

    def fill(self, project: Any) -> None:
        """Offer the project's publication dates, outlets, variables and themes, keeping the current
        choices where they still exist."""
        self._documents = project.documents()
        dates = [d.published for d in self._documents if d.published]
        first, last = (min(dates), max(dates)) if dates else (dt.date.today(), dt.date.today())
        outlets = sorted({d.outlet for d in self._documents if d.outlet}, key=str.casefold)
        variables = [v.name for v in project.variables()]
        themes = [t.path_label for t in project.themes() if not t.archived]
        with QSignalBlocker(self):
            for edit in (self.date_from, self.date_to):
                chosen = self._date(edit)
                with QSignalBlocker(edit):
                    # the day before the first publication stands for "any date" (the special value)
                    edit.setMinimumDate(QDate(first - dt.timedelta(days=1)))
                    edit.setMaximumDate(QDate(max(last, dt.date.today())))
                    edit.setDate(QDate(chosen) if chosen else edit.minimumDate())
            _refill(self.outlet_box, [ANY_OUTLET, *outlets])
            _refill(self.variable_box, [ANY_VARIABLE, *variables])
            _refill(self.theme_box, [ALL_THEMES, *themes])
            self._fill_values()

    def arguments(self) -> dict[str, Any]:
        """The keyword arguments of ``network_filter`` (all but ``coders``)."""
        outlet, variable, theme = (self.outlet_box.currentText(), self.variable_box.currentText(),
                                   self.theme_box.currentText())
        return {
            "date_from": self._date(self.date_from), "date_to": self._date(self.date_to),
            "outlets": () if outlet in ("", ANY_OUTLET) else (outlet,),
            "variables": () if variable in ("", ANY_VARIABLE) or not self.value_box.count()
            else ((variable, self.value_box.currentText()),),
            "themes": () if theme in ("", ALL_THEMES) else (theme,),
            "duplicates": "document" if self.duplicates_box.isChecked() else "all",
        }

    def _date(self, edit: QDateEdit) -> dt.date | None:
        return None if edit.date() == edit.minimumDate() else edit.date().toPython()

    def _variable_changed(self) -> None:
        self._fill_values()
        self.changed.emit()

    def _fill_values(self) -> None:
        variable = self.variable_box.currentText()
        values = sorted({str(d.variables[variable]) for d in self._documents
                         if d.variables.get(variable) not in (None, "")}, key=str.casefold)
        _refill(self.value_box, values)
        self.value_box.setEnabled(bool(values))


def _date_edit(name: str) -> QDateEdit:
    edit = QDateEdit(calendarPopup=True, displayFormat="yyyy-MM-dd", objectName=name)
    edit.setSpecialValueText(ANY_DATE)  # shown at the minimum date, which means no bound
    edit.setDate(edit.minimumDate())
    edit.setToolTip("'any' (the lowest date): no bound; undated documents are left out once a bound is set")
    return edit


def _refill(box: QComboBox, items: list[str]) -> None:
    current = box.currentText()
    with QSignalBlocker(box):
        box.clear()
        box.addItems(items)
        if current in items:
            box.setCurrentText(current)
