"""Analysis → Documents as cases: every document a row, every metadata field, its memo and every
variable a column, edited in place (typed: dates as YYYY-MM-DD, numbers as numbers, categories from
their list), each edit one undo step on the workspace's stack; a value set for a whole selection is one step too.
Sortable by any column, filtered by text in any column; claim counts and status per shown coder.
"""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QTableView,
    QVBoxLayout, QWidget,
)

from afpak_coder.core.errors import AfpakError
from afpak_coder.gui.cases.cases_model import EDITABLE_FIELDS, CasesModel, SortRole, value_of
from afpak_coder.gui.undo_commands import ServiceCommand


def changes_for(document, key: str, text: str) -> dict:
    """The ``update_document`` keywords that set column ``key`` of ``document`` to ``text``."""
    if key.startswith("var:"):
        variables = dict(document.variables)
        if text == "":
            variables.pop(key[4:], None)
        else:
            variables[key[4:]] = text
        return {"variables": variables}
    return {key: text or None} if key not in ("title", "memo") else {key: text}


def restore_for(document, key: str) -> dict:
    if key.startswith("var:"):
        return {"variables": dict(document.variables)}
    value = value_of(document, key)
    return {key: value.isoformat() if hasattr(value, "isoformat") else value}


class CasesWindow(QWidget):
    def __init__(self, project, controller, parent=None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle(f"Documents as cases — {project.name}")
        self.project, self.controller = project, controller
        self.model = CasesModel(self)
        self.model.edit = self.edit
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SortRole)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.table = QTableView(objectName="casesTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setResizeContentsPrecision(40)
        self.filter_box = QLineEdit(objectName="casesFilter", placeholderText="Filter documents (any column)…",
                                    clearButtonEnabled=True)
        self.filter_box.textChanged.connect(self.proxy.setFilterFixedString)
        self.bulk_column = QComboBox(objectName="bulkColumn")
        self.bulk_value = QLineEdit(objectName="bulkValue", placeholderText="value (empty clears it)")
        self.bulk_button = QPushButton("Set for the selected documents", objectName="bulkSet")
        self.bulk_button.clicked.connect(self.set_for_selection)
        self.message = QLabel(objectName="casesMessage")
        bulk = QHBoxLayout()
        bulk.addWidget(QLabel("Set"))
        bulk.addWidget(self.bulk_column)
        bulk.addWidget(QLabel("to"))
        bulk.addWidget(self.bulk_value, 1)
        bulk.addWidget(self.bulk_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter_box)
        layout.addWidget(self.table, 1)
        layout.addLayout(bulk)
        layout.addWidget(self.message)
        stack = controller.undo_stack
        for action, keys in ((stack.createUndoAction(self, "Undo"), [QKeySequence.StandardKey.Undo]),
                             (stack.createRedoAction(self, "Redo"), [QKeySequence.StandardKey.Redo])):
            action.setShortcuts(keys)
            self.addAction(action)
        self.reload()

    def reload(self) -> None:
        coders = self.controller.visible_coders() or self.project.coders()
        self.model.load(self.project, coders)
        self.bulk_column.clear()
        for key, header in self.model.columns:
            if key in EDITABLE_FIELDS or key.startswith("var:"):
                self.bulk_column.addItem(header, key)
        self.table.resizeColumnsToContents()
        for column in range(self.model.columnCount()):
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), 240))

    # -- editing --------------------------------------------------------------------------------

    def edit(self, document, key: str, text: str):
        """One cell: the service call, then one undo step. None (and the reason shown) if refused."""
        done = self._apply([document], key, text, f"Edit {self._header(key)} of '{document.title}'")
        return done[0] if done else None

    def set_for_selection(self) -> list:
        rows = sorted({self.proxy.mapToSource(i).row() for i in self.table.selectionModel().selectedRows()})
        key = self.bulk_column.currentData()
        if not rows or key is None:
            self.message.setText("Select documents and a column first.")
            return []
        documents = [self.model.document_at(row) for row in rows]
        return self._apply(documents, key, self.bulk_value.text().strip(),
                           f"Set {self._header(key)} of {len(documents)} documents")

    def _apply(self, documents: list, key: str, text: str, title: str) -> list:
        before = [(d.id, restore_for(d, key)) for d in documents]
        after = [(d.id, changes_for(d, key, text)) for d in documents]
        done = []
        try:
            for document_id, changes in after:
                done.append(self._update(document_id, changes))
        except AfpakError as error:
            for document_id, changes in before[:len(done)]:  # all or none
                self._update(document_id, changes)
            self.message.setText(str(error))
            return []

        def replay(steps):
            for document_id, changes in steps:
                self.model.replace(self._update(document_id, changes))

        command = ServiceCommand(title, lambda: replay(after), lambda: replay(before),
                                 lambda _command: self.controller.reload_documents(), None, self.message.setText)
        self.controller.undo_stack.push(command)
        for document in done:
            self.model.replace(document)
        self.controller.reload_documents()
        self.message.setText(f"Saved: {title} (Ctrl+Z undoes it)")
        return done

    def _update(self, document_id, changes: dict):
        if "memo" in changes:  # the document's memo has a call of its own
            return self.project.set_document_memo(document_id, changes["memo"] or "")
        return self.project.update_document(document_id, **changes)

    def _header(self, key: str) -> str:
        return next(header for k, header in self.model.columns if k == key)
