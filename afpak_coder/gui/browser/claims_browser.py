"""Analysis → Claims: every claim of the project in one table, filtered, sorted, acted upon.

    browser = ClaimsBrowser(window.project, window.controller)
    browser.set_filters({"theme": theme.id})

A top-level window. The coders it shows are those the coding workspace shows (blind coding: only
mine). Double-click (or Enter) opens the document at the claim with the claim in the coding panel;
the selection can be exported, copied with citations, re-coded or deleted — each change one step
on the workspace's undo stack (Ctrl+Z here or in the main window).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QMenu, QMessageBox, QPushButton,
    QStyledItemDelegate, QTableView, QVBoxLayout, QWidget,
)

from afpak_coder.core.errors import AfpakError
from afpak_coder.gui.browser import bulk_commands
from afpak_coder.gui.browser.browser_model import HEADERS, ClaimRowRole, ClaimsBrowserModel
from afpak_coder.gui.browser.filter_bar import FilterBar
from afpak_coder.gui.browser.recode_dialog import RecodeDialog

EXPORT_FILTER = "Excel workbook (*.xlsx);;CSV, UTF-8 (*.csv)"
HIDDEN_AT_FIRST = ("Outlet", "Incomplete")


def citation(row) -> str:
    """One claim as text a researcher pastes into notes: quote, who, what, and where it was said."""
    claim, document = row.claim, row.claim.document
    stance = f"; stance {claim.stance.value:+d} {claim.stance.label}" if claim.stance else ""
    target = f" → {claim.target.name}" if claim.target else ""
    source = ", ".join(part for part in (document.title, document.outlet,
                                         document.published.isoformat() if document.published else None) if part)
    memo = f"\n  Memo: {' '.join(claim.memo.split())}" if claim.memo.strip() else ""
    actor = claim.actor.name if claim.actor else "(no actor)"
    return (f"“{' '.join(claim.quote.split())}”\n  {actor}{target} — {claim.theme.path_label}{stance} "
            f"(coded by {claim.coder.name})\n  Source: {source}{memo}")


class ElideLeftDelegate(QStyledItemDelegate):
    """Cuts text at its start: the words just before a quote are the ones to keep in view."""

    def initStyleOption(self, option, index) -> None:  # noqa: N802 - Qt's name
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideLeft


class ClaimsBrowser(QWidget):
    claim_opened = Signal(object)  # ClaimRow
    message = Signal(str)

    def __init__(self, project, controller, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Claims — afpak-coder")
        self.setObjectName("claimsBrowser")
        self.project, self.controller = project, controller
        self.filter_bar = FilterBar()
        self.model = ClaimsBrowserModel(self)
        self.table = QTableView(objectName="browserTable")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(HEADERS.index("Date"), Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._choose_columns)
        for name, width in (("Document", 160), ("Date", 80), ("Coder", 80), ("Theme", 220), ("Actor", 150),
                            ("Target", 120), ("Stance", 100), ("Before", 190), ("Quote", 300), ("After", 190)):
            header.resizeSection(HEADERS.index(name), width)
        self.table.setItemDelegateForColumn(HEADERS.index("Before"), ElideLeftDelegate(self.table))
        for name in HIDDEN_AT_FIRST:
            self.table.setColumnHidden(HEADERS.index(name), True)
        self.table.doubleClicked.connect(lambda index: self.open_row(index.row()))
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_counts())
        self.counts = QLabel(objectName="browserCounts")
        self.problem = QLabel(objectName="browserProblem", styleSheet="color: #b02a37;")

        self.actions_by_name: dict[str, QAction] = {}
        buttons = QHBoxLayout()
        for name, text, slot, key in (
            ("open", "Open in document", self.open_current, "Return"),
            ("export", "Export selected…", self.choose_export_file, None),
            ("copy", "Copy with citations", self.copy_selected, QKeySequence.StandardKey.Copy),
            ("recode", "Re-code selected…", self.recode_selected, None),
            ("delete", "Delete selected", self.delete_selected, QKeySequence.StandardKey.Delete),
        ):
            action = QAction(text, self)
            if key is not None:
                action.setShortcut(QKeySequence(key))
                action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                self.table.addAction(action)
            action.triggered.connect(lambda _checked=False, s=slot: s())
            self.actions_by_name[name] = action
            button = QPushButton(text, objectName=f"{name}Button")
            button.clicked.connect(action.trigger)
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.problem)
        buttons.addWidget(self.counts)
        stack = controller.undo_stack
        for action, keys in ((stack.createUndoAction(self, "Undo"), [QKeySequence.StandardKey.Undo]),
                             (stack.createRedoAction(self, "Redo"), [QKeySequence.StandardKey.Redo, QKeySequence("Ctrl+Shift+Z")])):
            action.setShortcuts(keys)
            self.addAction(action)
        stack.indexChanged.connect(lambda _index: self._changed_elsewhere.start())
        # Coding and undo elsewhere change claims: asked again once things settle, not per keystroke.
        self._changed_elsewhere = QTimer(self, singleShot=True, interval=150)
        self._changed_elsewhere.timeout.connect(self.refresh)

        layout = QVBoxLayout(self)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.filter_bar.changed.connect(self._filters_changed)
        self.filter_bar.problem.connect(self.problem.setText)
        self.reload_choices()

    # -- filters ---------------------------------------------------------------------------------

    def visible_coders(self) -> list:
        """The coders this user may see: those the workspace shows (all, when nobody codes)."""
        coders = self.controller.visible_coders() if self.controller.coder is not None else []
        return coders or self.project.coders()

    def reload_choices(self) -> None:
        self.filter_bar.set_choices(self.project.themes(), self.project.actors(), self.project.stance_levels(),
                                    self.visible_coders(), self.project.variables())
        self._filters_changed()

    def set_filters(self, filters: dict) -> None:
        self.filter_bar.set_filters(filters)

    def query(self) -> dict:
        """The service query behind the table: the bar's filters, within the coders I may see."""
        filters = self.filter_bar.filters()
        visible = [coder.id for coder in self.visible_coders()]
        if filters.get("coder") not in visible:
            filters["coder"] = visible
        return filters

    def _filters_changed(self) -> None:
        self.problem.setText(self.problem.text() if self.filter_bar.filters().get("published") is None else "")
        try:
            self.model.set_query(self.project, self.query())
        except AfpakError as error:
            self.problem.setText(str(error))
            self.model.clear()
        self._show_counts()

    def refresh(self) -> None:
        if self.isVisible():
            self.model.refresh()
            self._show_counts()

    def _show_counts(self) -> None:
        selected = len(self.table.selectionModel().selectedRows())
        shown = f"{self.model.total:,} claim{'s' if self.model.total != 1 else ''} shown"
        self.counts.setText(shown + (f" · {selected:,} selected" if selected else ""))

    # -- columns ---------------------------------------------------------------------------------

    def _choose_columns(self, position) -> None:
        menu = self.column_menu()
        menu.exec(self.table.horizontalHeader().mapToGlobal(position))

    def column_menu(self) -> QMenu:
        menu = QMenu(self)
        for column, name in enumerate(HEADERS):
            action = menu.addAction(name)
            action.setCheckable(True)
            action.setChecked(not self.table.isColumnHidden(column))
            action.toggled.connect(lambda shown, c=column: self.table.setColumnHidden(c, not shown))
        return menu

    # -- acting on rows --------------------------------------------------------------------------

    def selected_rows(self) -> list:
        return self.model.rows(index.row() for index in self.table.selectionModel().selectedRows())

    def open_current(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.open_row(index.row())

    def open_row(self, row: int) -> None:
        self.claim_opened.emit(self.model.row_at(row))

    def _context_menu(self, position) -> None:
        menu = QMenu(self)
        for name in ("open", "export", "copy", "recode", "delete"):
            menu.addAction(self.actions_by_name[name])
        menu.exec(self.table.viewport().mapToGlobal(position))

    def copy_selected(self) -> str:
        text = "\n\n".join(citation(row) for row in self.selected_rows())
        if text:
            QGuiApplication.clipboard().setText(text)
            self.message.emit(f"Copied {len(self.selected_rows())} claims with their citations")
        return text

    def choose_export_file(self) -> None:
        if not self.selected_rows():
            self.problem.setText("Select the claims to export first.")
            return
        path, chosen = QFileDialog.getSaveFileName(self, "Export the selected claims", "claims.xlsx", EXPORT_FILTER)
        if path:
            if "csv" in chosen and not path.lower().endswith(".csv"):
                path += ".csv"
            self.export_selected(Path(path))

    def export_selected(self, path: Path) -> None:
        from afpak_coder.exchange.selected_export import export_selected_claims

        rows = self.selected_rows()
        try:
            export_selected_claims(self.project, [row.claim.id for row in rows], path, overwrite=True)
        except AfpakError as error:
            QMessageBox.critical(self, "Cannot export the claims", str(error))
            return
        self.message.emit(f"Exported {len(rows)} claims to {path}")

    def recode_selected(self) -> None:
        rows = self.selected_rows()
        if not rows or not self._can_change():
            return
        dialog = RecodeDialog(self.project, len(rows), self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.changes():
            self.recode(rows, dialog.changes())

    def recode(self, rows: list, changes: dict) -> None:
        """Give every claim of ``rows`` these codes (theme/actor/target ids, stance value): one undo step."""
        self._push(lambda: bulk_commands.recode_claims(self.project, [r.claim for r in rows], changes,
                                                       self._after_step, self._report))

    def delete_selected(self) -> None:
        rows = self.selected_rows()
        if rows and self._can_change():
            self._push(lambda: bulk_commands.delete_claims(self.project, [r.claim for r in rows],
                                                           self._after_step, self._report))

    def _push(self, make_command) -> None:
        try:
            command = make_command()
        except AfpakError as error:
            self._report(str(error))
            return
        self.controller.undo_stack.push(command)
        self._after_step(command)
        self.message.emit(f"Saved: {command.text().lower()} (Ctrl+Z undoes it)")

    def _after_step(self, _command) -> None:
        """After a bulk change, its undo or redo: the workspace and this table show what is stored."""
        self.controller.new_claim()  # the panel may hold a claim just changed or deleted
        self.controller.refresh_claims()
        self.controller.reload_documents()
        self.refresh()

    def _can_change(self) -> bool:
        if self.project.read_only:
            self._report(f"{self.project.path}: is open read-only; claims cannot be changed")
            return False
        return True

    def _report(self, text: str) -> None:
        self.problem.setText(text)
        self.message.emit(text)
