"""The main window: start screen when no project is open; else the coding workspace — documents,
the text, the coding panel, the claims list and corpus search in docks around the reading pane."""

from __future__ import annotations

from typing import TYPE_CHECKING
from pathlib import Path

from PySide6.QtCore import QEvent, QSettings, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView, QApplication, QDockWidget, QFileDialog, QHeaderView, QLabel, QLineEdit, QMainWindow,
    QMessageBox, QStackedWidget, QTableView, QVBoxLayout, QWidget,
)

from afpak_coder.core.errors import AfpakError, ReadOnlyProjectError
from afpak_coder.core.records import Coder
from afpak_coder.gui.workspace.claims_table import ClaimRole, ClaimsTableModel
from afpak_coder.gui.workspace.incomplete_claims import IncompleteClaims
from afpak_coder.gui.workspace.coder_dialog import CoderDialog
from afpak_coder.gui.workspace.coding_controller import CodingController
from afpak_coder.gui.workspace.coding_panel import CodingPanel
from afpak_coder.gui.workspace.document_columns import TitleTakesSpareWidth
from afpak_coder.gui.workspace.document_filter import DocumentFilterProxy
from afpak_coder.gui.workspace.document_table import DocumentRole, DocumentTableModel
from afpak_coder.gui.workspace.document_header import DocumentHeader
from afpak_coder.gui.workspace.document_view import DocumentView
from afpak_coder.gui.workspace.find_bar import FindBar
from afpak_coder.gui.fonts import bundled_fonts_wanted, use_bundled_fonts_everywhere
from afpak_coder.gui.browser.codebook_counts import CodebookCounts
from afpak_coder.gui.menus import build_menus
from afpak_coder.gui.suggestions.suggestion_controller import SuggestionController
from afpak_coder.gui.recent import forget_project, is_server_address, recent_projects, remember_project
from afpak_coder.gui.server.live_refresh import LiveRefresh
from afpak_coder.gui.server.server_window import ask_for_server_project, login_coder, where, window_title
from afpak_coder.gui.workspace.search_panel import SearchPanel
from afpak_coder.gui.safety.idle_checkpoint import IdleCheckpoint
from afpak_coder.gui.start_screen import StartScreen
from afpak_coder.wording import plural

FILE_FILTER = "afpak-coder projects (*.afpak);;All files (*)"

if TYPE_CHECKING:  # SQLAlchemy loads when a project opens, after the window is painted
    from afpak_coder.core.project import Project


LAYOUT_VERSION = 1


class MainWindow(QMainWindow):
    def __init__(self, settings: QSettings, sample_path: Path | None = None, ask_coder=None) -> None:
        super().__init__()
        self.settings = settings
        self.sample_path = sample_path
        # How to ask who is coding (a function returning a Coder, a new name, or None); tests replace it.
        self.ask_coder = ask_coder or self._ask_coder_with_dialog
        self.project: Project | None = None
        self.idle_checkpoint = IdleCheckpoint(self)  # the file alone holds every saved claim once idle
        self.setWindowTitle("afpak-coder")
        self.setObjectName("mainWindow")
        self.resize(1360, 820)
        self.setDockOptions(QMainWindow.DockOption.AnimatedDocks | QMainWindow.DockOption.AllowTabbedDocks)

        self.start_screen = StartScreen()
        self.start_screen.new_requested.connect(self.choose_new_project)
        self.start_screen.open_requested.connect(self.choose_project_to_open)
        self.start_screen.sample_requested.connect(self.open_sample_project)
        self.start_screen.server_requested.connect(self.open_server)
        self.start_screen.recent_chosen.connect(self.open_recent)

        self.document_view = DocumentView()
        self.document_view.bundled_fonts = bundled_fonts_wanted(settings)
        use_bundled_fonts_everywhere(QApplication.instance(), self.document_view.bundled_fonts)
        self.documents_model = DocumentTableModel()
        self.document_header = DocumentHeader(self.documents_model)
        self.find_bar = FindBar(self.document_view)
        self.read_only_banner = QLabel(objectName="readOnlyBanner")
        self.read_only_banner.setStyleSheet("background: #fff3cd; color: #664d03; padding: 6px;")
        self.read_only_banner.hide()
        reading = QWidget()
        reading_layout = QVBoxLayout(reading)
        reading_layout.setContentsMargins(0, 0, 0, 0)
        reading_layout.setSpacing(0)
        reading_layout.addWidget(self.read_only_banner)
        reading_layout.addWidget(self.document_header)
        reading_layout.addWidget(self.find_bar)
        reading_layout.addWidget(self.document_view)

        self.documents_proxy = DocumentFilterProxy(self.documents_model, self)
        self.filter_box = QLineEdit(placeholderText="Filter documents (title, outlet, date…)", clearButtonEnabled=True)
        self.filter_box.textChanged.connect(self.documents_proxy.set_filter_text)
        self.documents_table = self._table("documentTable", self.documents_proxy)
        self.documents_table.setSortingEnabled(True)
        self.document_columns = TitleTakesSpareWidth(self.documents_table)
        self.documents_table.sortByColumn(2, Qt.SortOrder.AscendingOrder)
        self.documents_table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.documents_table.selectionModel().currentRowChanged.connect(self._document_row_changed)
        self.documents_table.setAcceptDrops(True)
        self.documents_table.viewport().setAcceptDrops(True)
        self.documents_table.viewport().installEventFilter(self)
        documents_panel = QWidget()
        documents_layout = QVBoxLayout(documents_panel)
        documents_layout.setContentsMargins(2, 2, 2, 2)
        documents_layout.addWidget(self.filter_box)
        documents_layout.addWidget(self.documents_table)

        self.claims_model = ClaimsTableModel()
        self.claims_table = self._table("claimsTable", self.claims_model)
        claims_header = self.claims_table.horizontalHeader()
        claims_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        claims_header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)  # the quote
        claims_header.setSectionResizeMode(6, QHeaderView.ResizeMode.Interactive)
        self.claims_table.selectionModel().currentRowChanged.connect(self._claim_row_changed)
        self.coding_panel = CodingPanel()
        self.search_panel = SearchPanel()
        self.search_panel.hit_chosen.connect(self._open_search_hit)

        self.controller = CodingController(self.document_view, self.coding_panel, self.documents_model,
                                           self.claims_model, settings, self)
        self.controller.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.controller.error.connect(self.show_refusal)
        self.controller.conflict.connect(lambda text: QMessageBox.warning(self, "Changed by someone else", text))
        self.controller.coder_changed.connect(self._show_coder)
        self.controller.document_opened.connect(self.document_header.show_document)
        self.controller.document_opened.connect(self._sync_document_selection)
        # a list read again (another view mode, coder, a merge) still highlights the open document
        self.documents_model.modelReset.connect(lambda: self._sync_document_selection(self.controller.document))
        self.documents_proxy.layoutChanged.connect(self._rows_moved)
        self.document_header.status_changed.connect(self.controller.set_status)
        self._syncing_list = False
        self.coding_panel.new_actor_requested.connect(self._new_actor)

        self.docks = {}
        for name, title, widget, area in (
            ("documents", "Documents", documents_panel, Qt.DockWidgetArea.LeftDockWidgetArea),
            ("coding", "Coding", self.coding_panel, Qt.DockWidgetArea.RightDockWidgetArea),
            ("claims", "Claims in this document", self.claims_table, Qt.DockWidgetArea.BottomDockWidgetArea),
            ("search", "Search all documents", self.search_panel, Qt.DockWidgetArea.BottomDockWidgetArea),
        ):
            dock = QDockWidget(title, self, objectName=f"{name}Dock")
            dock.setWidget(widget)
            self.addDockWidget(area, dock)
            self.docks[name] = dock
        self.tabifyDockWidget(self.docks["claims"], self.docks["search"])
        self.docks["claims"].raise_()
        self.resizeDocks([self.docks["documents"], self.docks["coding"]], [580, 420], Qt.Orientation.Horizontal)
        self.resizeDocks([self.docks["claims"]], [190], Qt.Orientation.Vertical)
        self.coder_label = QLabel(objectName="coderLabel")
        self.incomplete = IncompleteClaims(self)
        self.controller.claim_step.connect(self.incomplete.claim_step)
        self.controller.message.connect(self.incomplete.after_message)
        self.statusBar().addPermanentWidget(self.incomplete.label)
        self.statusBar().addPermanentWidget(self.coder_label)

        self.pages = QStackedWidget()
        self.pages.addWidget(self.start_screen)
        self.pages.addWidget(reading)
        self.reading_page = reading
        self.setCentralWidget(self.pages)
        self.suggestions = SuggestionController(self)
        self.actions = build_menus(self)
        self.codebook_counts = CodebookCounts(self)  # claim counts beside themes and actors
        self.live = LiveRefresh(self)  # a server project: other coders' saves show within a second
        self.server_dialog = None
        self._restore_layout()
        self._show_start_screen()

    @staticmethod
    def _table(name: str, model) -> QTableView:
        table = QTableView(objectName=name)
        table.setModel(model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().hide()
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        # Fit columns to the first rows only: measuring 10,000 documents or 5,000 claims would stall.
        table.horizontalHeader().setResizeContentsPrecision(40)
        table.setWordWrap(False)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        return table

    # -- opening and closing projects ---------------------------------------------------------

    def open_path(self, path: Path) -> bool:
        from afpak_coder.core.project import open_project

        path = Path(path)
        if not self.controller.settle_draft("open another project"):
            return False
        try:
            project = open_project(path)
        except ReadOnlyProjectError:
            try:
                project = open_project(path, read_only=True)
            except AfpakError as error:
                self.show_error("Cannot open the project", str(error))
                return False
        except AfpakError as error:
            if not path.exists():
                forget_project(self.settings, path)
                self._refresh_recent()
            self.show_error("Cannot open the project", str(error))
            return False
        return self.show_opened_project(project)

    def show_opened_project(self, project: Project) -> bool:
        try:
            self._set_project(project)
        except AfpakError as error:  # e.g. a damaged row read by the first views: named, not a traceback
            self.close_project()
            self.show_error("Cannot open the project", str(error))
            return False
        return True

    def open_server(self, address: str | None = None) -> None:
        """File → Open server project…: the login dialog; the open project stays until another opens."""
        if self.controller.settle_draft("open another project"):
            ask_for_server_project(self, address)

    def open_recent(self, entry) -> None:
        """A recent project: a file opens at once, a server project asks for the password."""
        if is_server_address(entry):
            self.open_server(entry)
        else:
            self.open_path(entry)

    def choose_project_to_open(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open project", "", FILE_FILTER)
        if path:
            self.open_path(Path(path))

    def choose_new_project(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "New project", "study.afpak", FILE_FILTER)
        if not path:
            return
        path = Path(path) if path.endswith(".afpak") else Path(path + ".afpak")
        if not self.controller.settle_draft("create another project"):
            return
        from afpak_coder.core.project import create_project

        try:
            project = create_project(path)
        except AfpakError as error:
            self.show_error("Cannot create the project", str(error))
            return
        self._set_project(project)

    def open_sample_project(self) -> None:
        if self.sample_path is None:
            return
        if not self.sample_path.exists():
            from afpak_coder.core.sample import build_sample_project

            self.sample_path.parent.mkdir(parents=True, exist_ok=True)
            try:
                build_sample_project(self.sample_path).close()
            except AfpakError as error:
                self.show_error("Cannot build the sample project", str(error))
                return
        self.open_path(self.sample_path)

    def save_copy(self) -> None:
        if self.project is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, "Save a copy of the project", "", FILE_FILTER)
        if path:
            try:
                self.project.save_copy(Path(path))
            except AfpakError as error:
                self.show_error("Cannot save the copy", str(error))
                return
            self.statusBar().showMessage(f"Saved a copy to {path}", 8000)

    def _set_project(self, project: Project) -> None:
        self.close_project()  # any draft was settled before the new project was opened
        self.project = project
        self.idle_checkpoint.watch(project)
        remember_project(self.settings, project.path)
        self._refresh_recent()
        coder = login_coder(project) or self.controller.remembered_coder(project) or self._choose_coder(project)
        self.controller.set_project(project, coder)
        self.search_panel.set_project(project)
        self.pages.setCurrentWidget(self.reading_page)
        for dock in self.docks.values():
            dock.setEnabled(True)
        self.actions.project_opened(project)
        self.setWindowTitle(window_title(project))
        self.read_only_banner.setText(
            f"Read-only: {project.path} cannot be written (read-only file, folder or medium). "
            "You can read and search; to code, copy the project somewhere writable.")
        self.read_only_banner.setVisible(project.read_only)
        summary = project.summary()
        self.statusBar().showMessage(
            f"{where(project)}  ·  {plural(summary.documents, 'document')}  ·  "
            f"{plural(summary.claims, 'claim')} by {plural(summary.coders, 'coder')}")
        self.incomplete.refresh()
        self.live.watch(project)
        if self.documents_proxy.rowCount():
            self.documents_table.selectRow(0)

    def close_project(self) -> bool:
        """Close the project (False when the coder cancels to keep an unsaved draft)."""
        if self.project is not None:
            if not self.controller.settle_draft("close the project"):
                return False
            self.find_bar.close_bar()
            self.filter_box.clear()
            for shown in self.findChildren(QWidget):  # overview, networks, claims browser …
                if shown.isWindow() and getattr(shown, "project", None) is self.project:
                    shown.close()  # nothing of this project stays on screen
            self.controller.set_project(None, None)
            self.search_panel.set_project(None)
            self.idle_checkpoint.watch(None)
            self.live.watch(None)
            self.project.close()
            self.project = None
        self._show_start_screen()
        return True

    def _show_start_screen(self) -> None:
        self._refresh_recent()
        self.pages.setCurrentWidget(self.start_screen)
        for dock in self.docks.values():
            dock.setEnabled(False)
        self.actions.project_closed()
        self.setWindowTitle("afpak-coder")
        self.coder_label.clear()
        self.incomplete.refresh()
        self.statusBar().showMessage("No project open")

    def _refresh_recent(self) -> None:
        paths = recent_projects(self.settings)
        self.start_screen.set_recent(paths)
        self.actions.set_recent(paths, self.open_recent)

    # -- coder --------------------------------------------------------------------------------

    def _choose_coder(self, project: Project) -> Coder | None:
        if project.read_only:
            return None
        return self._coder_from_choice(project, self.ask_coder(project.coders(), None))

    def _coder_from_choice(self, project: Project, choice) -> Coder | None:
        """A name typed in the coder dialog: an existing coder of that name, else a new coder."""
        if not isinstance(choice, str):
            return choice
        existing = next((c for c in project.coders() if c.name.casefold() == choice.strip().casefold()), None)
        if existing is not None:
            return existing
        try:
            return project.add_coder(choice)
        except AfpakError as error:
            self.show_error("Cannot add the coder", str(error))
            return None

    def _ask_coder_with_dialog(self, coders: list[Coder], current: Coder | None):
        dialog = CoderDialog(coders, current, self)
        return dialog.chosen() if dialog.exec() else None

    def switch_coder(self) -> None:
        if self.project is None or not self.controller.settle_draft("switch coder"):
            return
        choice = self._coder_from_choice(self.project, self.ask_coder(self.project.coders(), self.controller.coder))
        if choice is not None:
            self.controller.set_coder(choice)
            self.actions.coders_changed(self.project, choice)

    def _show_coder(self, coder: Coder | None) -> None:
        if coder is None:
            self.coder_label.setText("No coder chosen — Coding → Switch coder…")
        else:
            self.coder_label.setText(f"Coding as <b style='color:{coder.color}'>■</b> <b>{coder.name}</b>")

    # -- documents and claims -----------------------------------------------------------------

    def _document_row_changed(self, current, _previous) -> None:
        if self._syncing_list:
            return
        document = self.documents_proxy.index(current.row(), 0).data(DocumentRole) if current.isValid() else None
        try:
            opened = self.controller.open_document(document)
        except AfpakError as error:  # a damaged row: named in one sentence, the app goes on
            self.show_error("Cannot show the document", str(error))
            return
        if not opened:
            # The coder kept the draft: once the list has finished moving, it goes back.
            QTimer.singleShot(0, lambda: self._sync_document_selection(self.controller.document))
        elif self.find_bar.isVisible():
            self.find_bar.close_bar()

    def _sync_document_selection(self, document) -> None:
        """The document list highlights the open document, however it was opened."""
        source_row = self.documents_model.row_of(document.id) if document is not None else -1
        proxy_index = self.documents_proxy.mapFromSource(self.documents_model.index(source_row, 0))
        selection = self.documents_table.selectionModel()
        if proxy_index.isValid() and selection.selectedRows() == [proxy_index] and self.documents_table.currentIndex().row() == proxy_index.row():
            return
        self._syncing_list = True  # the view must see the change (no blocked signals), the controller not
        try:
            if proxy_index.isValid():
                # this row alone, whatever keys are held (selectRow would add to the selection under
                # the Ctrl of Ctrl+J)
                selection.setCurrentIndex(proxy_index, selection.SelectionFlag.ClearAndSelect
                                          | selection.SelectionFlag.Rows)
                self.documents_table.scrollTo(proxy_index)
            else:  # no document, or one the list's filter hides: highlight none rather than another
                selection.clearSelection()
                selection.setCurrentIndex(proxy_index, selection.SelectionFlag.NoUpdate)
        finally:
            self._syncing_list = False

    def _rows_moved(self) -> None:
        """After filtering or sorting, the open document stays open (the filter may hide its row) and
        its row is highlighted again when it shows; a selection of several rows is left as it is."""
        if not self.documents_table.currentIndex().isValid():
            self._sync_document_selection(self.controller.document)

    def selected_documents(self) -> list:
        rows = sorted({index.row() for index in self.documents_table.selectionModel().selectedRows()})
        return [self.documents_proxy.index(row, 0).data(DocumentRole) for row in rows]

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        """Files dropped onto the document list are imported (through the import dialog)."""
        if watched is self.documents_table.viewport() and event.type() in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            if event.mimeData().hasUrls() and self.project is not None and not self.project.read_only:
                event.acceptProposedAction()
                return True
        if watched is self.documents_table.viewport() and event.type() == QEvent.Type.Drop:
            paths = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
            if paths:
                self.actions.import_paths(paths)
                event.acceptProposedAction()
                return True
        return super().eventFilter(watched, event)

    def open_document_by_id(self, document_id, select=None) -> None:
        if self.project is not None:
            self.controller.open_document(self.project.document(document_id), select=select)

    def _open_search_hit(self, hit) -> None:
        self.controller.open_document(hit.document, select=(hit.start, hit.end))

    def next_document(self) -> None:
        document = self.controller.next_document()
        if document is None:
            self.statusBar().showMessage("Every document is done for this coder.", 8000)
        else:
            self.controller.open_document(document)

    def _claim_row_changed(self, current, _previous) -> None:
        claim = current.data(ClaimRole) if current.isValid() else None
        if claim is not None and self.controller.edit_claim(claim):
            self.document_view.select_span(claim.start, claim.end)
            self.document_view.setTextCursor(self.document_view.textCursor())

    def delete_selected_claim(self) -> None:
        index = self.claims_table.currentIndex()
        if index.isValid():
            self.controller.delete_claim(index.data(ClaimRole).id)
        elif self.coding_panel.editing is not None:
            self.controller.delete_claim(self.coding_panel.editing.id)

    def _new_actor(self, role: str) -> None:
        from afpak_coder.gui.codebook.codebook_editor import ask_new_actor

        actor = ask_new_actor(self, self.project, self.controller)
        if actor is not None:
            picker = self.coding_panel.actor if role == "actor" else self.coding_panel.target
            picker.set_actor(actor.id)

    # -- messages and layout ------------------------------------------------------------------

    def show_error(self, title: str, message: str) -> None:
        self.statusBar().showMessage(message)
        QMessageBox.critical(self, title, message)

    def show_refusal(self, message: str) -> None:
        """A refused action: said in the status bar and the panel, never silently dropped."""
        self.statusBar().showMessage(message, 15000)
        self.coding_panel.show_message(message)
        if "has disappeared" in message:
            self.show_error("The project file has disappeared", message)

    def _restore_layout(self) -> None:
        geometry = self.settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = self.settings.value("window/state")
        if state is not None:
            self.restoreState(state, LAYOUT_VERSION)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if not self.close_project():
            event.ignore()  # the coder keeps the window and the draft
            return
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState(LAYOUT_VERSION))
        super().closeEvent(event)
