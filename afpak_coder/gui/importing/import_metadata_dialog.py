"""Edit the details of one document or many at once: outlet, author, date, URL, language, genre,
direction and document variables (title only for one document).

    dialog = DocumentDetailsDialog(project, [document, ...], parent)
    dialog.saved.connect(window.reload_documents)      # list of updated Document records
    dialog.open()

With several documents, a field shows the value they share; where they differ it is empty and
stays as it is unless you type into it. Saving runs in a worker thread (many documents take time).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
    QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout,
)

from afpak_coder.core.importing import update_documents
from afpak_coder.core.project import Project
from afpak_coder.core.records import Document
from afpak_coder.gui.background import BackgroundTask, run_with_progress
from afpak_coder.wording import plural

TEXT_FIELDS = (("title", "Title"), ("outlet", "Outlet"), ("author", "Author"), ("published", "Published"),
               ("url", "URL"), ("language", "Language"), ("genre", "Genre"))
VARIOUS = "(various: unchanged unless you type here)"
DIRECTIONS = (("", VARIOUS), ("ltr", "Left to right"), ("rtl", "Right to left"))
OriginalNameRole = Qt.ItemDataRole.UserRole + 1


def _shown(document: Document, field: str) -> str:
    value = getattr(document, field)
    if field == "published":
        return value.isoformat() if value else ""
    return value or ""


class DocumentDetailsDialog(QDialog):
    saved = Signal(object)  # list[Document]

    def __init__(self, project: Project, documents: Sequence[Document], parent=None) -> None:
        super().__init__(parent)
        if not documents:
            raise ValueError("DocumentDetailsDialog needs at least one document")
        self.project = project
        self.documents = list(documents)
        self.task: BackgroundTask | None = None
        many = len(self.documents) > 1
        self.setWindowTitle(f"Details of {len(self.documents)} documents" if many else f"Details of “{documents[0].title}”")
        form = QFormLayout()
        self.fields: dict[str, QLineEdit] = {}
        for field, label in TEXT_FIELDS:
            values = {_shown(document, field) for document in self.documents}
            edit = QLineEdit(objectName=f"field:{field}")
            if len(values) == 1:
                edit.setText(values.pop())
            else:
                edit.setPlaceholderText(VARIOUS)
            if field == "published":
                edit.setPlaceholderText(edit.placeholderText() or "YYYY-MM-DD")
            if field == "title" and many:
                edit.setEnabled(False)
                edit.setPlaceholderText("each document keeps its own title")
            edit.setModified(False)
            self.fields[field] = edit
            form.addRow(label, edit)
        self.direction = QComboBox(objectName="field:direction")
        for value, label in DIRECTIONS[0 if many else 1:]:
            self.direction.addItem(label, value)
        directions = {document.direction for document in self.documents}
        self.direction.setCurrentIndex(self.direction.findData(directions.pop() if len(directions) == 1 else ""))
        self._initial_direction = self.direction.currentData()
        form.addRow("Writing direction", self.direction)

        self.variables = QTableWidget(0, 2, objectName="variablesTable")
        self.variables.setHorizontalHeaderLabels(["Variable", "Value"])
        self.variables.horizontalHeader().setStretchLastSection(True)
        self.variables.setColumnWidth(0, 180)
        self.variables.verticalHeader().hide()
        self.variables.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        names = list(dict.fromkeys(name for document in self.documents for name in document.variables))
        for name in names:
            values = {str(document.variables.get(name, "")) for document in self.documents}
            self._add_variable_row(name, values.pop() if len(values) == 1 else "", various=len(values) > 0)
        self._changed_rows: set[int] = set()
        self._removed: set[str] = set()
        self.variables.itemChanged.connect(lambda item: self._changed_rows.add(item.row()))
        add = QPushButton("Add variable", objectName="addVariable")
        add.clicked.connect(lambda: self._add_variable_row("", "", editing=True))
        remove = QPushButton("Remove variable", objectName="removeVariable")
        remove.clicked.connect(self._remove_variable)
        variable_buttons = QHBoxLayout()
        variable_buttons.addWidget(add)
        variable_buttons.addWidget(remove)
        variable_buttons.addStretch(1)

        self.message = QLabel(objectName="detailsMessage", wordWrap=True)
        self.message.setStyleSheet("color: #b00020;")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if many:
            layout.addWidget(QLabel(f"Changes apply to all {plural(len(self.documents), 'selected document')}.", wordWrap=True))
        layout.addLayout(form)
        layout.addWidget(QLabel("Document variables (for comparison by outlet country, outlet type, …):"))
        layout.addWidget(self.variables)
        layout.addLayout(variable_buttons)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(560, 520)

    # -- variables ----------------------------------------------------------------------------

    def _add_variable_row(self, name: str, value: str, various: bool = False, editing: bool = False) -> int:
        self.variables.blockSignals(True)
        row = self.variables.rowCount()
        self.variables.insertRow(row)
        name_item = QTableWidgetItem(name)
        name_item.setData(OriginalNameRole, name)
        value_item = QTableWidgetItem(value)
        if various:
            value_item.setToolTip("The documents have different values; type one to set it for all.")
            value_item.setForeground(Qt.GlobalColor.gray)
        self.variables.setItem(row, 0, name_item)
        self.variables.setItem(row, 1, value_item)
        self.variables.blockSignals(False)
        if editing:
            self.variables.setCurrentCell(row, 0)
            self.variables.editItem(name_item)
        return row

    def set_variable(self, name: str, value: str) -> None:
        """Set a variable's value as the user would by typing (adds a row when new)."""
        for row in range(self.variables.rowCount()):
            if self.variables.item(row, 0).text() == name:
                self.variables.item(row, 1).setText(value)
                return
        row = self._add_variable_row("", "")
        self.variables.item(row, 0).setText(name)
        self.variables.item(row, 1).setText(value)

    def _remove_variable(self) -> None:
        for row in sorted({index.row() for index in self.variables.selectedIndexes()}, reverse=True):
            original = self.variables.item(row, 0).data(OriginalNameRole)
            if original:
                self._removed.add(original)
            self.variables.removeRow(row)
            self._changed_rows = {r - 1 if r > row else r for r in self._changed_rows if r != row}

    # -- saving -------------------------------------------------------------------------------

    def changes(self) -> tuple[dict, dict, set]:
        """(field changes, variables to set, variables to remove), from what the user touched."""
        changes = {field: edit.text().strip() or None for field, edit in self.fields.items()
                   if edit.isModified() and edit.isEnabled()}
        if self.direction.currentData() != self._initial_direction and self.direction.currentData():
            changes["direction"] = self.direction.currentData()
        set_variables, removed = {}, set(self._removed)
        for row in sorted(self._changed_rows):
            name = self.variables.item(row, 0).text().strip()
            value = self.variables.item(row, 1).text().strip()
            original = self.variables.item(row, 0).data(OriginalNameRole)
            if original and original != name:
                removed.add(original)
            if name and value:
                set_variables[name] = value
            elif name:
                removed.add(name)
        return changes, set_variables, removed - set(set_variables)

    def save(self) -> BackgroundTask | None:
        changes, set_variables, removed = self.changes()
        if not changes and not set_variables and not removed:
            self.accept()
            return None
        project, documents = self.project, self.documents
        self.buttons.setEnabled(False)
        self.message.clear()
        self.task = run_with_progress(self, "Saving document details", lambda progress: update_documents(
            project, documents, changes, set_variables=set_variables, remove_variables=removed, progress=progress))
        self.task.succeeded.connect(self._saved)
        self.task.failed.connect(self._failed)
        self.task.finished.connect(lambda: self.buttons.setEnabled(True))
        return self.task

    def _saved(self, documents) -> None:
        self.documents = documents
        self.saved.emit(documents)
        self.accept()

    def _failed(self, message: str) -> None:
        self.message.setText(message)
