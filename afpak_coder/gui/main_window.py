"""The main window: start screen when no project is open, else the document list beside the text."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QSortFilterProxyModel, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog, QHeaderView, QLineEdit, QMainWindow, QMessageBox, QSplitter, QStackedWidget,
    QTableView, QVBoxLayout, QWidget,
)

from afpak_coder import __version__
from afpak_coder.core.errors import AfpakError
from afpak_coder.core.project import Project, create_project, open_project
from afpak_coder.gui.document_table import DocumentRole, DocumentTableModel
from afpak_coder.gui.document_view import DocumentView
from afpak_coder.gui.recent import forget_project, recent_projects, remember_project
from afpak_coder.gui.start_screen import StartScreen

FILE_FILTER = "afpak-coder projects (*.afpak);;All files (*)"


class MainWindow(QMainWindow):
    def __init__(self, settings: QSettings, sample_path: Path | None = None) -> None:
        super().__init__()
        self.settings = settings
        self.sample_path = sample_path
        self.project: Project | None = None
        self.setWindowTitle("afpak-coder")
        self.resize(1200, 760)

        self.start_screen = StartScreen()
        self.start_screen.new_requested.connect(self.choose_new_project)
        self.start_screen.open_requested.connect(self.choose_project_to_open)
        self.start_screen.sample_requested.connect(self.open_sample_project)
        self.start_screen.recent_chosen.connect(self.open_path)

        self.documents_model = DocumentTableModel()
        self.documents_proxy = QSortFilterProxyModel(self)
        self.documents_proxy.setSourceModel(self.documents_model)
        self.documents_proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.documents_proxy.setFilterKeyColumn(-1)
        self.filter_box = QLineEdit(placeholderText="Filter documents…", clearButtonEnabled=True)
        self.filter_box.textChanged.connect(self.documents_proxy.setFilterFixedString)
        self.documents_table = QTableView(objectName="documentTable")
        self.documents_table.setModel(self.documents_proxy)
        self.documents_table.setSortingEnabled(True)
        self.documents_table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.documents_table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.documents_table.verticalHeader().hide()
        self.documents_table.setWordWrap(False)
        self.documents_table.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.documents_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setMinimumSectionSize(40)
        self.documents_table.sortByColumn(2, Qt.SortOrder.AscendingOrder)  # by date, as researchers read
        self.documents_table.selectionModel().currentRowChanged.connect(self._document_chosen)
        self.document_view = DocumentView()

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.filter_box)
        left_layout.addWidget(self.documents_table)
        self.splitter = QSplitter(objectName="workspaceSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.document_view)
        self.splitter.setSizes([560, 640])

        self.pages = QStackedWidget()
        self.pages.addWidget(self.start_screen)
        self.pages.addWidget(self.splitter)
        self.setCentralWidget(self.pages)
        self._build_menus()
        self._restore_layout()
        self._show_start_screen()

    # -- menus --------------------------------------------------------------------------------

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        for text, shortcut, slot in (
            ("&New project…", QKeySequence.StandardKey.New, self.choose_new_project),
            ("&Open project…", QKeySequence.StandardKey.Open, self.choose_project_to_open),
            ("Open the &sample project", None, self.open_sample_project),
        ):
            action = QAction(text, self)
            if shortcut is not None:
                action.setShortcut(shortcut)
            action.triggered.connect(slot)
            file_menu.addAction(action)
        self.recent_menu = file_menu.addMenu("Open &recent")
        file_menu.addSeparator()
        self.close_action = QAction("&Close project", self, triggered=self.close_project)
        file_menu.addAction(self.close_action)
        file_menu.addAction(QAction("&Quit", self, shortcut=QKeySequence.StandardKey.Quit, triggered=self.close))
        help_menu = self.menuBar().addMenu("&Help")
        help_menu.addAction(QAction("&About afpak-coder", self, triggered=self._about))

    def _refresh_recent(self) -> None:
        paths = recent_projects(self.settings)
        self.start_screen.set_recent(paths)
        self.recent_menu.clear()
        for path in paths:
            action = self.recent_menu.addAction(str(path))
            action.triggered.connect(lambda _checked=False, p=path: self.open_path(p))
        self.recent_menu.setEnabled(bool(paths))

    # -- opening and closing projects ---------------------------------------------------------

    def open_path(self, path: Path) -> bool:
        try:
            project = open_project(path)
        except AfpakError as error:
            if not Path(path).exists():
                forget_project(self.settings, Path(path))
                self._refresh_recent()
            self.show_error("Cannot open the project", str(error))
            return False
        self._set_project(project)
        return True

    def choose_project_to_open(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open project", "", FILE_FILTER)
        if path:
            self.open_path(Path(path))

    def choose_new_project(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "New project", "study.afpak", FILE_FILTER)
        if not path:
            return
        path = Path(path) if path.endswith(".afpak") else Path(path + ".afpak")
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

    def _set_project(self, project: Project) -> None:
        self.close_project()
        self.project = project
        remember_project(self.settings, project.path)
        self._refresh_recent()
        self.documents_model.reload(project)
        self.documents_table.setColumnWidth(1, 130)
        self.pages.setCurrentWidget(self.splitter)
        self.close_action.setEnabled(True)
        self.setWindowTitle(f"{project.name} — afpak-coder")
        summary = project.summary()
        self.statusBar().showMessage(
            f"{project.path}  ·  {summary.documents} documents  ·  {summary.claims} claims by {summary.coders} coders"
        )
        if self.documents_proxy.rowCount():
            self.documents_table.selectRow(0)

    def close_project(self) -> None:
        if self.project is not None:
            self.project.close()
            self.project = None
        self.document_view.show_document(None)
        self._show_start_screen()

    def _show_start_screen(self) -> None:
        self.documents_model.clear()
        self._refresh_recent()
        self.pages.setCurrentWidget(self.start_screen)
        self.close_action.setEnabled(False)
        self.setWindowTitle("afpak-coder")
        self.statusBar().showMessage("No project open")

    def _document_chosen(self, current, _previous) -> None:
        document = current.data(DocumentRole) if current.isValid() else None
        if document is None and current.isValid():
            document = self.documents_proxy.index(current.row(), 0).data(DocumentRole)
        self.document_view.show_document(document)

    # -- messages and layout ------------------------------------------------------------------

    def show_error(self, title: str, message: str) -> None:
        self.statusBar().showMessage(message)
        QMessageBox.critical(self, title, message)

    def _about(self) -> None:
        QMessageBox.about(self, "About afpak-coder", f"afpak-coder {__version__}\n"
                          "Claims analysis of Afghanistan–Pakistan relations.")

    def _restore_layout(self) -> None:
        geometry = self.settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        splitter = self.settings.value("window/splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/splitter", self.splitter.saveState())
        self.close_project()
        super().closeEvent(event)
