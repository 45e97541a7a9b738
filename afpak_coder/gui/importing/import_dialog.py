"""File → Import documents…: pick files or folders, check and edit the preview, import.

    dialog = ImportDialog(project, parent)       # then dialog.add_paths([...]) or the buttons
    dialog.imported.connect(window.reload_documents)
    dialog.open()

Reading the files and storing them both run in a worker thread behind a progress dialog with
Cancel (``gui.background``); the window stays responsive. ``import_files_interactively`` is the
entry point for dropped files.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QDialog, QDialogButtonBox, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
    QMessageBox, QPlainTextEdit, QPushButton, QSplitter, QTableView, QVBoxLayout, QWidget,
)

from afpak_coder.core.errors import AfpakError
from afpak_coder.core.importing import (
    SUPPORTED_EXTENSIONS, ColumnMapping, ImportCandidate, ImportOptions, ImportReport, discover, guess_mapping,
    import_candidates, is_table, load_table, mark_duplicates, preview,
)
from afpak_coder.core.project import Project
from afpak_coder.gui.background import BackgroundTask, run_with_progress
from afpak_coder.gui.importing.import_mapping_dialog import ColumnMappingDialog
from afpak_coder.gui.importing.import_preview_model import ImportPreviewModel, ItemRole, parse_variables
from afpak_coder.gui.importing.import_report_dialog import ImportReportDialog

FILE_FILTER = ("Documents (" + " ".join(f"*{extension}" for extension in SUPPORTED_EXTENSIONS) + " *.qdpx)"
               ";;REFI-QDA project (*.qdpx);;All files (*)")
TEXT_PREVIEW_CHARACTERS = 4000

# Asked for each spreadsheet: returns the mapping, or None to leave the file out.
MappingChooser = Callable[[QWidget, Path, ColumnMapping, object], ColumnMapping | None]


def choose_mapping_with_dialog(parent: QWidget, path: Path, guessed: ColumnMapping, frame) -> ColumnMapping | None:
    dialog = ColumnMappingDialog(path, frame, guessed, parent)
    return dialog.mapping() if dialog.exec() == QDialog.DialogCode.Accepted else None


class ImportDialog(QDialog):
    preview_ready = Signal()  # files read and listed (after add_paths)
    imported = Signal(object)  # the ImportReport, once documents were stored
    refi_imported = Signal(str)  # the report of a REFI-QDA project imported

    def __init__(self, project: Project, parent: QWidget | None = None,
                 choose_mapping: MappingChooser = choose_mapping_with_dialog) -> None:
        super().__init__(parent)
        self.project = project
        self.choose_mapping = choose_mapping
        self.options = ImportOptions()
        self.task: BackgroundTask | None = None
        self.report: ImportReport | None = None
        self.report_dialog: ImportReportDialog | None = None
        self._leave_out: set[Path] = set()  # spreadsheets whose column dialog was cancelled
        self._busy = False  # reading or importing in the worker thread
        self.setWindowTitle(f"Import documents into {project.name}")
        self.setAcceptDrops(True)

        self.add_files_button = QPushButton("Add files…", objectName="addFiles")
        self.add_folder_button = QPushButton("Add folder…", objectName="addFolder")
        self.remove_button = QPushButton("Remove selected", objectName="removeSelected")
        self.add_files_button.clicked.connect(self.choose_files)
        self.add_folder_button.clicked.connect(self.choose_folder)
        self.remove_button.clicked.connect(self.remove_selected)
        self.counts = QLabel(objectName="importCounts")
        top = QHBoxLayout()
        for button in (self.add_files_button, self.add_folder_button, self.remove_button):
            top.addWidget(button)
        hint = QLabel("Nothing is stored until you press Import. Double-click a cell to correct it; "
                      "untick a row to leave it out.")
        hint.setStyleSheet("color: palette(placeholder-text);")
        top.addSpacing(12)
        top.addWidget(hint)
        top.addStretch(1)
        top.addWidget(self.counts)

        self.batch_outlet = QLineEdit(objectName="batchOutlet", placeholderText="Outlet for all")
        self.batch_genre = QLineEdit(objectName="batchGenre", placeholderText="Genre for all (news, op-ed, …)")
        self.batch_variables = QLineEdit(objectName="batchVariables",
                                         placeholderText="Variables for all: outlet_country=Pakistan; outlet_type=daily")
        self.apply_button = QPushButton("Apply to all", objectName="applyBatch")
        self.apply_button.clicked.connect(self.apply_batch_fields)
        for field in (self.batch_outlet, self.batch_genre, self.batch_variables):
            field.returnPressed.connect(self.apply_batch_fields)
        batch = QHBoxLayout()
        batch.addWidget(QLabel("For all documents:"))
        batch.addWidget(self.batch_outlet, 2)
        batch.addWidget(self.batch_genre, 2)
        batch.addWidget(self.batch_variables, 4)
        batch.addWidget(self.apply_button)
        self.day_first = QCheckBox("Numeric dates day first (14/03/2024)", objectName="dayFirst", checked=True)
        self.day_first.setToolTip("03/04/2024 is 3 April when ticked, 4 March when not; "
                                  "applies to the files added after the change")
        self.day_first.toggled.connect(lambda checked: setattr(self.options, "day_first", checked))
        batch.addWidget(self.day_first)

        self.model = ImportPreviewModel(self)
        self.table = QTableView(objectName="importPreview")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((28, 170, 260, 130, 110, 90, 50, 80, 140, 70, 200, 300)):
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().currentRowChanged.connect(self._show_text)
        self.model.dataChanged.connect(self._update_counts)
        self.model.rowsInserted.connect(self._update_counts)
        self.model.rowsRemoved.connect(self._update_counts)

        self.text_view = QPlainTextEdit(objectName="importTextPreview", readOnly=True,
                                        placeholderText="The selected document's text appears here.")
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.text_view)
        splitter.setSizes([380, 160])

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton("Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setObjectName("startImport")
        self.buttons.accepted.connect(self.start_import)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(batch)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.buttons)
        self.resize(1180, 640)
        self._update_counts()

    # -- choosing files -----------------------------------------------------------------------

    def choose_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "Import documents", self.start_folder(), FILE_FILTER)
        if paths:
            self.add_paths(paths)

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Import a folder (searched with its sub-folders)",
                                                  self.start_folder())
        if folder:
            self.add_paths([folder])

    def start_folder(self) -> str:
        """File dialogs open in the project's folder, where a study's articles usually sit."""
        return str(self.project.path.parent)  # (a server project suggests the home folder)

    def add_paths(self, paths: Iterable[str | Path]) -> BackgroundTask | None:
        """Read files and folders into the preview in a worker thread. Spreadsheets are asked
        about first (which column is the text, what the others become)."""
        paths = [Path(path) for path in paths]
        refi = [path for path in paths if path.suffix.lower() == ".qdpx"]
        if refi:  # REFI-QDA projects: their own flow (coders asked, codings kept)
            from afpak_coder.gui.importing.refi_import_dialog import import_qdpx_interactively

            for path in refi:
                import_qdpx_interactively(self, self.project, path, on_done=self.refi_imported.emit)
            paths = [path for path in paths if path not in refi]
        chosen = list(paths)
        for entry in discover(paths):
            if isinstance(entry, Path) and is_table(entry):
                mapping = self._mapping_for(entry)
                if mapping is None:
                    chosen = [p for p in chosen if p.resolve() != entry.resolve()]
                    self._leave_out.add(entry.resolve())
                elif mapping is not False:
                    self.options.mappings[entry.resolve()] = mapping
        if not chosen:
            return None
        leave_out = set(self._leave_out)
        earlier = list(self.model.candidates())

        def work(progress):
            items = [item for item in preview(chosen, self.options, progress) if item.path.resolve() not in leave_out]
            mark_duplicates(self.project, items, earlier)  # marked in the preview, before anything is stored
            return items

        self._set_busy(True)
        self.task = run_with_progress(self, "Reading files", work)
        self.task.succeeded.connect(self._previewed)
        self.task.failed.connect(lambda message: self._show_error("Cannot read the files", message))
        self.task.finished.connect(lambda: self._set_busy(False))
        return self.task

    def _mapping_for(self, path: Path):
        """The user's mapping for a spreadsheet; None = leave it out; False = unreadable (the
        preview reports why)."""
        try:
            frame = load_table(path)
            guessed = guess_mapping(frame, self.options.text_column, path)
        except AfpakError:
            return False
        return self.choose_mapping(self, path, guessed, frame)

    def _previewed(self, items) -> None:
        self._set_busy(False)
        self.model.add_items(items)
        if self.model.rowCount() and not self.table.currentIndex().isValid():
            self.table.selectRow(0)
        self.preview_ready.emit()

    def remove_selected(self) -> None:
        self.model.remove_rows([index.row() for index in self.table.selectionModel().selectedRows()])

    # -- batch fields -------------------------------------------------------------------------

    def apply_batch_fields(self) -> bool:
        variables = parse_variables(self.batch_variables.text())
        if variables is None:
            self._show_error("Variables for all", "Write variables as name=value, separated by ';' "
                             "(e.g. outlet_country=Pakistan; outlet_type=daily)")
            return False
        self.model.set_batch(outlet=self.batch_outlet.text().strip(), genre=self.batch_genre.text().strip(),
                             variables=variables)
        return True

    # -- importing ----------------------------------------------------------------------------

    def start_import(self) -> BackgroundTask | None:
        """Store the ticked documents (batch fields filled in are applied first)."""
        if not self.apply_batch_fields():
            return None
        if not self.model.included():
            self._show_error("Nothing to import", "Add files or folders, and tick at least one document.")
            return None
        items = self.model.items()
        project = self.project
        self._set_busy(True)
        self.task = run_with_progress(self, "Importing documents", lambda progress: import_candidates(project, items, progress))
        self.task.succeeded.connect(self._finished)
        self.task.failed.connect(lambda message: self._show_error("Import failed", message))
        self.task.finished.connect(lambda: self._set_busy(False))
        return self.task

    def _finished(self, report: ImportReport) -> None:
        self.report = report
        self.imported.emit(report)
        self.report_dialog = ImportReportDialog(report, self.parentWidget())
        self.report_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.report_dialog.show()
        self.accept()

    # -- helpers ------------------------------------------------------------------------------

    def _show_text(self, current, _previous) -> None:
        item = current.data(ItemRole) if current.isValid() else None
        if isinstance(item, ImportCandidate):
            rtl = item.direction == "rtl"
            self.text_view.setLayoutDirection(Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight)
            more = len(item.text) > TEXT_PREVIEW_CHARACTERS
            self.text_view.setPlainText(item.text[:TEXT_PREVIEW_CHARACTERS] + ("\n…" if more else ""))
        else:
            self.text_view.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
            self.text_view.setPlainText(item.reason if item is not None else "")

    def _update_counts(self, *_args) -> None:
        candidates = self.model.candidates()
        included = sum(1 for c in candidates if c.include)
        problems = len(self.model.problems())
        text = f"{included} of {len(candidates)} documents ticked"
        if problems:
            text += f" · {problems} cannot be imported"
        read_only = self.project.read_only
        if read_only:
            text = "The project is open read-only: nothing can be imported · " + text
        self.counts.setText(text)
        self.import_button.setText(f"Import {included} document{'s' if included != 1 else ''}")
        self.import_button.setEnabled(included > 0 and not self._busy and not read_only)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for widget in (self.add_files_button, self.add_folder_button, self.remove_button, self.apply_button,
                       self.table, self.import_button):
            widget.setEnabled(not busy)
        if not busy:
            self._update_counts()

    def _show_error(self, title: str, message: str) -> None:
        QMessageBox.critical(self, title, message)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        # Enter belongs to the cell editor or the batch field being typed in; it must never start
        # the import through QDialog's default button.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            return
        super().keyPressEvent(event)

    # -- drag and drop onto the dialog ---------------------------------------------------------

    def dragEnterEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802
        paths = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            self.add_paths(paths)
            event.acceptProposedAction()


def import_files_interactively(parent: QWidget | None, project: Project, paths: Iterable[str | Path] = (),
                               on_imported: Callable[[ImportReport], None] | None = None,
                               on_refi_imported: Callable[[str], None] | None = None) -> ImportDialog:
    """Open the import dialog (not blocking) with ``paths`` already being read, e.g. files
    dropped onto the document list. ``on_imported`` is called with the report after the import."""
    dialog = ImportDialog(project, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if on_imported is not None:
        dialog.imported.connect(on_imported)
    if on_refi_imported is not None:
        dialog.refi_imported.connect(on_refi_imported)
    dialog.show()
    paths = list(paths)
    if paths:
        dialog.add_paths(paths)
    return dialog
