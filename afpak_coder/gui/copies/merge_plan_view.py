"""The merge plan shown to the lead, with the answers it needs: files from another project to merge
anyway or not, coders whose name is taken (same person, or kept apart under another name), new
themes and actors (add, or map onto an existing entry), and documents in conflict.

    view = MergePlanView(plan, project)
    view.answers_changed.connect(update_merge_button)
    view.unanswered()      # what still has to be decided before merging ([] when ready)

Answers are written into the plan's objects as they are given (``PlannedFile.confirmed``,
``CoderDecision.choice``/``new_name``, ``NewEntry.accept()``/``map_onto()``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QListWidget, QTableWidget,
    QTableWidgetItem, QVBoxLayout, QWidget,
)

from afpak_coder.core.copies.plan import ACCEPT, MAP, SAME, SEPARATE, CoderDecision, MergePlan, NewEntry
from afpak_coder.wording import plural

WARNING_COLOUR = QColor("#b35806")
ERROR_COLOUR = QColor("#b2182b")
CHOOSE, SAME_PERSON, KEEP_APART = "choose", SAME, SEPARATE


def _item(text: str, tooltip: str | None = None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    item.setToolTip(tooltip or text)
    return item


def _table(name: str, headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers), objectName=name)
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    table.horizontalHeader().setStretchLastSection(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return table


def _fit(table: QTableWidget, rows: int) -> None:
    table.resizeColumnsToContents()
    table.resizeRowsToContents()
    height = table.horizontalHeader().height() + sum(table.rowHeight(r) for r in range(rows)) + 4
    table.setMaximumHeight(max(height, 40))
    table.setMinimumHeight(min(max(height, 40), 150))


class CoderAnswer(QWidget):
    """Same person as the coder of that name, or kept apart under a name the lead may edit."""

    changed = Signal()

    def __init__(self, decision: CoderDecision, parent=None) -> None:
        super().__init__(parent)
        self.decision = decision
        self.choice = QComboBox(objectName="coderAnswer")
        self.choice.addItem("Choose…", CHOOSE)
        self.choice.addItem(f"The same person as {decision.clash_name!r}", SAME_PERSON)
        self.choice.addItem("Another person, named:", KEEP_APART)
        self.name = QLineEdit(decision.new_name or f"{decision.name} ({decision.planned.file.path.stem})",
                              objectName="keptApartName")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(2, 0, 2, 0)
        layout.addWidget(self.choice)
        layout.addWidget(self.name, 1)
        if decision.choice in (SAME, SEPARATE):
            self.choice.setCurrentIndex(self.choice.findData(decision.choice))
        self.choice.currentIndexChanged.connect(self._store)
        self.name.textChanged.connect(self._store)
        self._store()

    def _store(self, *_args) -> None:
        choice = self.choice.currentData()
        self.decision.choice = None if choice == CHOOSE else choice
        self.decision.new_name = self.name.text().strip()
        self.name.setEnabled(choice == KEEP_APART)
        self.changed.emit()


class EntryAnswer(QComboBox):
    """Add a new theme or actor, or map it onto an existing one (similar ones first)."""

    def __init__(self, entry: NewEntry, existing: list[tuple[str, str]], parent=None) -> None:
        super().__init__(parent, objectName="entryAnswer")
        self.entry = entry
        self.addItem(f"Add as a new {entry.kind}", ACCEPT)
        similar = [(id_, label) for id_, label in existing if id_ in entry.similar]
        for id_, label in similar + [(i, l) for i, l in existing if i not in entry.similar]:
            self.addItem(f"Map onto {label}" + ("  (similar)" if id_ in entry.similar else ""), id_)
        if entry.choice == MAP and entry.map_to:
            self.setCurrentIndex(max(self.findData(entry.map_to), 0))
        self.currentIndexChanged.connect(self._store)

    def _store(self, _index: int) -> None:
        data = self.currentData()
        if data == ACCEPT:
            self.entry.accept()
        else:
            self.entry.map_onto(data)


class MergePlanView(QWidget):
    answers_changed = Signal()

    def __init__(self, plan: MergePlan, project, parent=None) -> None:
        super().__init__(parent)
        self.plan = plan
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.summary = QLabel(objectName="planSummary", wordWrap=True)
        layout.addWidget(self.summary)
        layout.addWidget(QLabel("<b>Files</b>"))
        self.files = self._files_table()
        layout.addWidget(self.files)
        layout.addWidget(QLabel("<b>Coders</b> — each coder stays a coder of their own unless you say otherwise"))
        self.coders, self.coder_answers = self._coders_table()
        layout.addWidget(self.coders)
        themes = [(t.id.hex, t.path_label) for t in project.themes()]
        actors = [(a.id.hex, a.name) for a in project.actors()]
        self.entries_label = QLabel("<b>New themes and actors</b> — add them to the codebook, or put their claims "
                                    "on an existing entry")
        layout.addWidget(self.entries_label)
        self.entries, self.entry_answers = self._entries_table(themes, actors)
        layout.addWidget(self.entries)
        self.documents_label = QLabel("<b>Documents in conflict</b> — their claims are not attached")
        layout.addWidget(self.documents_label)
        self.documents = QListWidget(objectName="planDocumentIssues")
        for issue in plan.document_issues:
            self.documents.addItem(issue.text())
        self.documents.setMaximumHeight(90)
        layout.addWidget(self.documents)
        for widget in (self.entries_label, self.entries):
            widget.setVisible(bool(plan.new_entries))
        for widget in (self.documents_label, self.documents):
            widget.setVisible(bool(plan.document_issues))
        layout.addStretch(1)
        self._update_summary()

    # -- building -----------------------------------------------------------------------------

    def _files_table(self) -> QTableWidget:
        plan = self.plan
        table = _table("planFiles", ["File", "Made for", "Claims", "Status"])
        rows = len(plan.files) + len(plan.refused)
        table.setRowCount(rows)
        for row, planned in enumerate(plan.files):
            file = planned.file
            coder = file.coders.get(file.coder_copy_for, ("—", ""))[0] if file.coder_copy_for else "—"
            table.setItem(row, 0, _item(file.label, str(file.path)))
            table.setItem(row, 1, _item(coder))
            table.setItem(row, 2, _item(f"{len(file.claims):,}"))
            if planned.warning:
                status = _item("Not a copy of this project — merge anyway", planned.warning)
                status.setFlags(status.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                status.setCheckState(Qt.CheckState.Checked if planned.confirmed else Qt.CheckState.Unchecked)
                status.setForeground(WARNING_COLOUR)
                status.setData(Qt.ItemDataRole.UserRole, row)
            else:
                status = _item("ready")
            table.setItem(row, 3, status)
        for offset, (path, message) in enumerate(plan.refused):
            row = len(plan.files) + offset
            table.setItem(row, 0, _item(path.name, str(path)))
            for column in (1, 2):
                table.setItem(row, column, _item(""))
            status = _item(message.removeprefix(f"{path}: "), message)
            status.setForeground(ERROR_COLOUR)
            table.setItem(row, 3, status)
        table.itemChanged.connect(self._file_confirmed)
        _fit(table, rows)
        return table

    def _coders_table(self) -> tuple[QTableWidget, list[CoderAnswer]]:
        decisions = self.plan.coders
        table = _table("planCoders", ["Coder in the file", "File", "Claims", "In this project"])
        table.setRowCount(len(decisions))
        answers = []
        for row, decision in enumerate(decisions):
            table.setItem(row, 0, _item(decision.name))
            table.setItem(row, 1, _item(decision.planned.file.label))
            table.setItem(row, 2, _item(f"{decision.claims:,}"))
            if decision.clash_id is not None:
                answer = CoderAnswer(decision)
                answer.changed.connect(self._answered)
                table.setCellWidget(row, 3, answer)
                answers.append(answer)
            elif decision.master_id is not None:
                table.setItem(row, 3, _item(f"the same coder ({decision.target_name})"))
            else:
                table.setItem(row, 3, _item(f"a new coder, {decision.name!r}"))
        _fit(table, len(decisions))
        if answers:
            table.setColumnWidth(3, max(table.columnWidth(3), 430))
            table.setMinimumHeight(min(table.maximumHeight(), 150))
        return table, answers

    def _entries_table(self, themes, actors) -> tuple[QTableWidget, list[EntryAnswer]]:
        entries = self.plan.new_entries
        table = _table("planEntries", ["Kind", "New entry", "Proposed in", "Decision"])
        table.setRowCount(len(entries))
        answers = []
        for row, entry in enumerate(entries):
            table.setItem(row, 0, _item(entry.kind))
            table.setItem(row, 1, _item(entry.label))
            table.setItem(row, 2, _item(", ".join(entry.proposed_by)))
            answer = EntryAnswer(entry, themes if entry.kind == "theme" else actors)
            answer.currentIndexChanged.connect(lambda _index: self._answered())
            table.setCellWidget(row, 3, answer)
            answers.append(answer)
        _fit(table, len(entries))
        table.setColumnWidth(3, max(table.columnWidth(3), 360))
        return table, answers

    # -- answers ------------------------------------------------------------------------------

    def _file_confirmed(self, item: QTableWidgetItem) -> None:
        row = item.data(Qt.ItemDataRole.UserRole)
        if item.column() == 3 and row is not None:
            self.plan.files[row].confirmed = item.checkState() == Qt.CheckState.Checked
            self._answered()

    def _answered(self) -> None:
        self._update_summary()
        self.answers_changed.emit()

    def unanswered(self) -> list[str]:
        """What must still be decided before merging."""
        missing = [f"say whether {d.name!r} from {d.planned.file.label} is the same person as {d.clash_name!r}"
                   for d in self.plan.questions]
        missing += [f"give {d.name!r} from {d.planned.file.label} a name of their own" for d in self.plan.coders
                    if d.planned.included and d.clash_id is not None and d.choice == SEPARATE and not d.new_name]
        if not self.plan.included:
            missing.append("there is no file to merge")
        return missing

    def _update_summary(self) -> None:
        plan = self.plan
        included = plan.included
        claims = sum(len(p.file.claims) for p in included)
        coders = len([d for d in plan.coders if d.planned.included])
        text = (f"{len(included)} of {plural(len(plan.files) + len(plan.refused), 'file')} will be merged, with "
                f"{plural(claims, 'claim')} of {plural(coders, 'coder')}.")
        missing = self.unanswered()
        if missing:
            text += " Before merging: " + "; ".join(missing) + "."
        self.summary.setText(text)
