"""File → Export claims (Excel, CSV)…: choose the files (Excel, CSV with its data codebook, Stata,
SPSS) and which claims go into them, then export in a worker thread with a progress dialog.

    dialog = ExportDialog(project, parent=window, selected_documents=[document, ...])
    dialog.exported.connect(lambda lines: window.statusBar().showMessage("; ".join(lines), 10000))
    dialog.open()

Existing files are replaced only after the user confirms. The work runs in
``afpak_coder.gui.background.run_with_progress``; a failure shows its one-line message and keeps
the dialog open, Cancel leaves every file as it was.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup, QCheckBox, QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QGridLayout,
    QGroupBox, QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem, QMessageBox, QPushButton,
    QRadioButton, QVBoxLayout, QWidget,
)

from afpak_coder.analysis.filters import CONSENSUS_CODER, ClaimFilter
from afpak_coder.core.errors import AfpakError
from afpak_coder.core.records import Document
from afpak_coder.exchange.dataset_export import CODEBOOK_NAME, export_dataset
from afpak_coder.gui.background import BackgroundTask, run_with_progress
from afpak_coder.wording import plural

OUTPUTS = (  # key, label, suffix of the suggested name, file-dialog filter
    ("xlsx", "Excel workbook", "-claims.xlsx", "Excel workbook (*.xlsx)"),
    ("csv", "CSV of the Claims table", "-claims.csv", "CSV file (*.csv)"),
    ("tidy_csv", "Long CSV (claim × dimension)", "-claims-long.csv", "CSV file (*.csv)"),
    ("dta", "Stata file (labelled)", "-claims.dta", "Stata file (*.dta)"),
    ("sav", "SPSS file (labelled)", "-claims.sav", "SPSS file (*.sav)"),
    ("qdpx", "REFI-QDA project (.qdpx)", ".qdpx", "REFI-QDA project (*.qdpx)"),  # QualCoder, MAXQDA, ATLAS.ti, NVivo
)
PathRole = Qt.ItemDataRole.UserRole + 1


class ExportDialog(QDialog):
    exported = Signal(list)  # one summary line per file written

    def __init__(self, project, parent: QWidget | None = None, *,
                 selected_documents: Iterable[Document] = ()) -> None:
        super().__init__(parent)
        self.project = project
        self.selected_documents = list(selected_documents)
        self.task: BackgroundTask | None = None
        self.reports: list = []
        self.setWindowTitle("Export claims")
        layout = QVBoxLayout(self)
        layout.addWidget(self._files_box())
        layout.addWidget(self._filters_box())
        self.status = QLabel(objectName="exportStatus", wordWrap=True)
        layout.addWidget(self.status)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = self.buttons.addButton("Export", QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setObjectName("exportButton")
        self.buttons.accepted.connect(self.start_export)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._update_enabled()

    # -- building -----------------------------------------------------------------------------

    def _files_box(self) -> QGroupBox:
        box = QGroupBox("Files")
        grid = QGridLayout(box)
        stem = self.project.path.with_suffix("")
        self.output_checks: dict[str, QCheckBox] = {}
        self.output_paths: dict[str, QLineEdit] = {}
        for row, (key, label, suffix, file_filter) in enumerate(OUTPUTS):
            check = QCheckBox(label, objectName=f"export_{key}", checked=key == "xlsx")
            path = QLineEdit(str(stem.with_name(stem.name + suffix)), objectName=f"export_{key}_path")
            path.setMinimumWidth(380)
            browse = QPushButton("Browse…")
            browse.clicked.connect(lambda _=False, k=key, f=file_filter: self._browse(k, f))
            check.toggled.connect(self._update_enabled)
            path.textChanged.connect(self._update_enabled)
            grid.addWidget(check, row, 0)
            grid.addWidget(path, row, 1)
            grid.addWidget(browse, row, 2)
            self.output_checks[key], self.output_paths[key] = check, path
        return box

    def _filters_box(self) -> QGroupBox:
        box = QGroupBox("Claims to export")
        form = QFormLayout(box)
        coders = self.project.coders()
        self.all_coders = QRadioButton("All coders", checked=True, objectName="allCoders")
        self.some_coders = QRadioButton("These coders:", objectName="someCoders")
        self.consensus_only = QRadioButton("The consensus coder only", objectName="consensusOnly")
        self.consensus_only.setEnabled(any(c.name == CONSENSUS_CODER for c in coders))
        if not self.consensus_only.isEnabled():
            self.consensus_only.setToolTip(f"This project has no coder named {CONSENSUS_CODER} yet.")
        self.coder_list = QListWidget(objectName="coderList")
        for coder in coders:
            item = QListWidgetItem(coder.name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.coder_list.addItem(item)
        self.coder_list.setMaximumHeight(90)
        self.coder_list.itemChanged.connect(lambda _item: self.some_coders.setChecked(True))
        coder_group = QButtonGroup(self)
        coder_column = QVBoxLayout()
        for button in (self.all_coders, self.some_coders, self.coder_list, self.consensus_only):
            if isinstance(button, QRadioButton):
                coder_group.addButton(button)
            coder_column.addWidget(button)
        form.addRow("Coders:", coder_column)

        self.all_documents = QRadioButton("All documents", checked=True, objectName="allDocuments")
        self.chosen_documents = QRadioButton(f"The {plural(len(self.selected_documents), 'selected document')}",
                                             objectName="selectedDocuments")
        self.chosen_documents.setEnabled(bool(self.selected_documents))
        self.by_variable = QRadioButton("Documents where", objectName="byVariable")
        self.variable_box = QComboBox(objectName="variableName")
        self.variable_box.addItems([v.name for v in self.project.variables()])
        self.value_box = QComboBox(objectName="variableValue", editable=True)
        self.by_variable.setEnabled(self.variable_box.count() > 0)
        self.variable_box.currentTextChanged.connect(self._fill_values)
        self._fill_values(self.variable_box.currentText())
        document_group = QButtonGroup(self)
        for button in (self.all_documents, self.chosen_documents, self.by_variable):
            document_group.addButton(button)
        variable_row = QHBoxLayout()
        for widget in (self.by_variable, self.variable_box, QLabel("is"), self.value_box):
            variable_row.addWidget(widget)
        variable_row.addStretch(1)
        document_column = QVBoxLayout()
        document_column.addWidget(self.all_documents)
        document_column.addWidget(self.chosen_documents)
        document_column.addLayout(variable_row)
        form.addRow("Documents:", document_column)

        dates = [d.published for d in self.project.documents() if d.published]
        self.use_from = QCheckBox("from", objectName="useFrom")
        self.use_to = QCheckBox("to", objectName="useTo")
        self.date_from = QDateEdit(calendarPopup=True, displayFormat="yyyy-MM-dd", objectName="dateFrom")
        self.date_to = QDateEdit(calendarPopup=True, displayFormat="yyyy-MM-dd", objectName="dateTo")
        self.date_from.setDate(QDate(min(dates)) if dates else QDate.currentDate())
        self.date_to.setDate(QDate(max(dates)) if dates else QDate.currentDate())
        self.date_from.dateChanged.connect(lambda _d: self.use_from.setChecked(True))
        self.date_to.dateChanged.connect(lambda _d: self.use_to.setChecked(True))
        date_row = QHBoxLayout()
        for widget in (self.use_from, self.date_from, self.use_to, self.date_to):
            date_row.addWidget(widget)
        date_row.addWidget(QLabel("(undated documents are left out)"))
        date_row.addStretch(1)
        form.addRow("Published:", date_row)

        self.theme_list = QListWidget(objectName="themeList")
        for theme in self.project.themes():
            item = QListWidgetItem("    " * theme.depth + theme.name)
            item.setData(PathRole, theme.path_label)
            item.setToolTip(theme.path_label)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.theme_list.addItem(item)
        self.theme_list.setMinimumHeight(130)
        form.addRow("Themes:", self.theme_list)
        form.addRow("", QLabel("None ticked: every theme. A ticked theme brings its sub-themes."))
        return box

    def _fill_values(self, variable: str) -> None:
        values = sorted({str(d.variables[variable]) for d in self.project.documents()
                         if d.variables.get(variable) not in (None, "")}, key=str.casefold)
        self.value_box.clear()
        self.value_box.addItems(values)

    def _browse(self, key: str, file_filter: str) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export to", self.output_paths[key].text(), file_filter,
                                              options=QFileDialog.Option.DontConfirmOverwrite)
        if path:  # replacing is confirmed once, for all files, when exporting
            self.output_paths[key].setText(path)
            self.output_checks[key].setChecked(True)

    def _update_enabled(self) -> None:
        self.export_button.setEnabled(bool(self.outputs()) and self.task is None)

    # -- what to export -----------------------------------------------------------------------

    def outputs(self) -> dict[str, Path]:
        return {key: Path(self.output_paths[key].text().strip()) for key, check in self.output_checks.items()
                if check.isChecked() and self.output_paths[key].text().strip()}

    def claim_filter(self) -> ClaimFilter:
        coders: tuple[str, ...] = ()
        if self.some_coders.isChecked():
            coders = tuple(self.coder_list.item(i).text() for i in range(self.coder_list.count())
                           if self.coder_list.item(i).checkState() == Qt.CheckState.Checked)
            if not coders:
                raise AfpakError("tick at least one coder, or choose all coders")
        documents: tuple[str, ...] = ()
        variables: tuple[tuple[str, str], ...] = ()
        if self.chosen_documents.isChecked():
            documents = tuple(str(d.id) for d in self.selected_documents)
        elif self.by_variable.isChecked():
            variables = ((self.variable_box.currentText(), self.value_box.currentText()),)
        themes = tuple(self.theme_list.item(i).data(PathRole) for i in range(self.theme_list.count())
                       if self.theme_list.item(i).checkState() == Qt.CheckState.Checked)
        return ClaimFilter(
            coders=coders, consensus_only=self.consensus_only.isChecked(), documents=documents, variables=variables,
            date_from=self.date_from.date().toPython() if self.use_from.isChecked() else None,
            date_to=self.date_to.date().toPython() if self.use_to.isChecked() else None, themes=themes,
        )

    # -- exporting ----------------------------------------------------------------------------

    def start_export(self) -> None:
        outputs = self.outputs()
        try:
            claim_filter = self.claim_filter()
        except AfpakError as error:
            QMessageBox.critical(self, "Export", str(error))
            return
        written = list(outputs.values())
        first_csv = next((outputs[key] for key in ("csv", "tidy_csv") if key in outputs), None)
        if first_csv is not None:  # the data codebook goes beside the CSV
            written.append(first_csv.parent / CODEBOOK_NAME)
        existing = [path for path in written if path.exists()]
        if existing and not self.confirm_replace(existing):
            return
        project = self.project
        self.status.setText("Exporting…")
        self.task = run_with_progress(self, "Exporting claims", lambda progress: export_files(
            project, outputs, claim_filter, progress))
        self.task.succeeded.connect(self._succeeded)
        self.task.failed.connect(self._failed)
        self.task.cancelled.connect(lambda: self.status.setText("Export cancelled; no file was written or changed."))
        self.task.finished.connect(self._finished)
        self._update_enabled()

    def confirm_replace(self, existing: list[Path]) -> bool:
        names = "\n".join(str(path) for path in existing)
        answer = QMessageBox.question(
            self, "Replace files?", f"These files already exist and will be replaced:\n\n{names}",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def _succeeded(self, reports: list) -> None:
        self.reports = reports
        lines = [report.summary() for report in reports]
        self.status.setText("\n".join(lines))
        self.exported.emit(lines)
        self.accept()

    def _failed(self, message: str) -> None:
        self.status.setText("The export failed; no file was written or changed.")
        QMessageBox.critical(self, "Export failed", message)

    def _finished(self) -> None:
        self.task = None
        self._update_enabled()


def export_files(project, outputs: dict[str, Path], claim_filter: ClaimFilter, progress) -> list:
    """The chosen files: the REFI-QDA project apart, the tables through ``export_dataset``."""
    reports = []
    if "qdpx" in outputs:
        from afpak_coder.exchange.refi_export import export_qdpx  # loaded when chosen

        reports.append(export_qdpx(project, outputs["qdpx"], claim_filter=claim_filter, overwrite=True))
    tables = {key: str(path) for key, path in outputs.items() if key != "qdpx"}
    if tables:
        reports += export_dataset(project, **tables, claim_filter=claim_filter, overwrite=True, progress=progress)
    return reports
