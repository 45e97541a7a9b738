"""Analysis → Coder agreement: choose coders, documents, unit and overlap threshold; read the
report; browse and reconcile the disagreements.

    dialog = AgreementDialog(project, window)
    dialog.consensus_changed.connect(window.reload_documents)   # reconcile wrote Consensus claims
    dialog.show()

The report is computed in a worker thread behind a progress dialog with Cancel
(``gui.background``), so the window never freezes. ``seed`` and ``draws`` fix the bootstrap.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox, QDialog, QFileDialog, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QMessageBox, QPushButton,
    QSpinBox, QSplitter, QTabWidget, QTextBrowser, QVBoxLayout, QWidget,
)

from afpak_coder.analysis import agreement_report as tables
from afpak_coder.analysis.agreement import format_value
from afpak_coder.analysis.agreement_report import DEFAULT_DRAWS, AgreementReport, agreement_report
from afpak_coder.analysis.consensus import CONSENSUS, reconciled
from afpak_coder.analysis.matching import DEFAULT_THRESHOLD, rule_text
from afpak_coder.analysis.units import UNIT_DESCRIPTIONS, UNITS
from afpak_coder.gui.background import BackgroundTask, run_with_progress
from afpak_coder.gui.agreement.disagreements_view import DisagreementsView
from afpak_coder.gui.agreement.reconcile_panel import ReconcilePanel
from afpak_coder.gui.agreement.click_through import claims_behind_category, claims_behind_confusion
from afpak_coder.gui.agreement.report_tables import (
    VERDICT_COLOURS, ConfusionModel, FrameModel, frame_table, show_frame, summary_table, verdict,
)

DocumentRole = Qt.ItemDataRole.UserRole + 1
# Asks where to save: (parent, caption, suggested name, filter) -> path or "" when cancelled.
PathChooser = Callable[[QWidget, str, str, str], str]


def choose_path_with_dialog(parent: QWidget, caption: str, name: str, file_filter: str) -> str:
    return QFileDialog.getSaveFileName(parent, caption, name, file_filter)[0]


class AgreementDialog(QDialog):
    report_ready = Signal(object)  # the AgreementReport shown
    consensus_changed = Signal()  # reconciling wrote claims of the Consensus coder

    def __init__(self, project, parent=None, *, draws: int = DEFAULT_DRAWS, seed: int | None = None,
                 choose_path: PathChooser = choose_path_with_dialog) -> None:
        super().__init__(parent)
        self.project = project
        self.draws, self.seed = draws, seed
        self.choose_path = choose_path
        self.report: AgreementReport | None = None
        self.task: BackgroundTask | None = None
        self.export_task: BackgroundTask | None = None
        self.setWindowTitle("Coder agreement")
        self.resize(1280, 820)
        self._coded = self._coded_pairs()

        self.coder_list = QListWidget(objectName="agreementCoders")
        for coder in project.coders():
            item = QListWidgetItem(coder.name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked if coder.name == CONSENSUS else Qt.CheckState.Checked)
            self.coder_list.addItem(item)
        self.coder_list.setMaximumHeight(110)
        self.coder_list.itemChanged.connect(self._coders_changed)
        self.document_list = QListWidget(objectName="agreementDocuments")
        # Long titles are elided in the middle (the full title is the tooltip), never cut off.
        self.document_list.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.document_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.document_list.setUniformItemSizes(True)
        self.document_list.itemChanged.connect(self._update_compute)
        default_documents = QPushButton("Coded by two or more")
        default_documents.clicked.connect(self._default_documents)
        no_documents = QPushButton("None")
        no_documents.clicked.connect(lambda: self._check_documents(lambda _d: False))
        self.unit_box = QComboBox(objectName="agreementUnit")
        for unit in UNITS:
            self.unit_box.addItem({"claim": "Matched claims", "sentence": "Sentences", "character": "Characters",
                                   "document": "Documents"}[unit], unit)
        self.unit_help = QLabel(wordWrap=True)
        self.unit_box.currentIndexChanged.connect(self._unit_changed)
        self.threshold = QSpinBox(objectName="agreementThreshold", minimum=5, maximum=100, singleStep=5, suffix=" %")
        self.threshold.setValue(round(DEFAULT_THRESHOLD * 100))
        self.threshold_help = QLabel(wordWrap=True)
        self.threshold.valueChanged.connect(self._threshold_changed)
        self.compute_button = QPushButton("Compute agreement", objectName="computeAgreement")
        self.compute_button.setDefault(True)
        self.compute_button.clicked.connect(self.compute)

        settings = QWidget()
        side = QVBoxLayout(settings)
        side.addWidget(QLabel("<b>Coders</b>"))
        side.addWidget(self.coder_list)
        side.addWidget(QLabel("<b>Documents</b>"))
        side.addWidget(self.document_list, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(default_documents)
        buttons.addWidget(no_documents)
        side.addLayout(buttons)
        side.addWidget(QLabel("<b>Unit of analysis</b>"))
        side.addWidget(self.unit_box)
        side.addWidget(self.unit_help)
        side.addWidget(QLabel("<b>Claims match when they overlap by at least</b>", wordWrap=True))
        side.addWidget(self.threshold)
        side.addWidget(self.threshold_help)
        side.addWidget(self.compute_button)
        settings.setMinimumWidth(250)
        settings.setMaximumWidth(340)

        self.tabs = QTabWidget()
        self.summary_view, self.summary_proxy = frame_table("agreementSummary", sortable=False)
        self.span_label = QLabel(wordWrap=True)
        self.reading = QTextBrowser(objectName="agreementReading")
        summary_page = QWidget()
        summary_layout = QVBoxLayout(summary_page)
        summary_layout.addWidget(self.summary_view)
        summary_layout.addWidget(self.span_label)
        summary_layout.addWidget(QLabel("<b>What the figures say</b>"))
        summary_layout.addWidget(self.reading, 1)
        self.tabs.addTab(summary_page, "Summary")
        self.category_view, self.category_proxy = frame_table("agreementCategories")
        self.document_view, self.document_proxy = frame_table("agreementDocumentsTable")
        self.pair_view, self.pair_proxy = frame_table("agreementPairs")
        self.tabs.addTab(self.category_view, "Per category")
        self.tabs.addTab(self.document_view, "Per document")
        self.tabs.addTab(self.pair_view, "Per coder pair")
        self.confusion_choice = QComboBox(objectName="confusionChoice")
        self.confusion_choice.currentIndexChanged.connect(self._show_confusion)
        self.confusion_view, self.confusion_proxy = frame_table("confusionMatrix", sortable=False)
        self.category_view.doubleClicked.connect(lambda index: claims_behind_category(self, index))
        self.confusion_view.doubleClicked.connect(lambda index: claims_behind_confusion(self, index))
        confusion_page = QWidget()
        confusion_layout = QVBoxLayout(confusion_page)
        confusion_layout.addWidget(self.confusion_choice)
        confusion_layout.addWidget(self.confusion_view)
        self.tabs.addTab(confusion_page, "Confusion matrices")
        self.disagreements = DisagreementsView(project)
        self.reconcile = ReconcilePanel(project, self.disagreements)
        self.reconcile.changed.connect(self.consensus_changed)
        self.disagreements.add_right_widget(self.reconcile)
        self.tabs.addTab(self.disagreements, "Disagreements")
        self.tabs.setEnabled(False)

        self.export_xlsx = QPushButton("Export workbook…")
        self.export_xlsx.clicked.connect(lambda: self.export("xlsx"))
        self.export_csv = QPushButton("Export CSV…")
        self.export_csv.clicked.connect(lambda: self.export("csv"))
        close = QPushButton("Close")
        close.clicked.connect(self.close)
        self.status = QLabel("Choose coders and documents, then compute.")
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.export_xlsx)
        bottom.addWidget(self.export_csv)
        bottom.addWidget(close)
        self.choices_button = QPushButton("Hide choices", objectName="toggleChoices", checkable=True, checked=True)
        self.choices_button.toggled.connect(self.show_choices)
        bottom.insertWidget(0, self.choices_button)
        self.settings = settings
        self.splitter = splitter = QSplitter()
        splitter.addWidget(settings)
        splitter.addWidget(self.tabs)
        splitter.setSizes([290, 990])
        splitter.setCollapsible(1, False)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)
        self._fill_documents()
        self._unit_changed()
        self._threshold_changed()
        self._set_exportable(False)

    # -- choices ------------------------------------------------------------------------------

    def _coded_pairs(self) -> set[tuple[str, str]]:
        names = {coder.id: coder.name for coder in self.project.coders()}
        coded = {(str(d), names[c]) for (d, c), count in self.project.claim_counts().items() if count}
        coded |= {(str(d), names[c]) for (d, c), status in self.project.statuses().items() if status == "done"}
        return coded

    def chosen_coders(self) -> list[str]:
        return [self.coder_list.item(row).text() for row in range(self.coder_list.count())
                if self.coder_list.item(row).checkState() == Qt.CheckState.Checked]

    def chosen_documents(self) -> list[str]:
        return [self.document_list.item(row).data(DocumentRole) for row in range(self.document_list.count())
                if self.document_list.item(row).checkState() == Qt.CheckState.Checked]

    def _fill_documents(self) -> None:
        self.document_list.blockSignals(True)
        self.document_list.clear()
        for document in sorted(self.project.documents(), key=lambda d: d.title.casefold()):
            item = QListWidgetItem(document.title)
            item.setData(DocumentRole, str(document.id))
            item.setToolTip(document.title)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.document_list.addItem(item)
        self.document_list.blockSignals(False)
        self._default_documents()

    def _check_documents(self, wanted) -> None:
        self.document_list.blockSignals(True)
        coders = self.chosen_coders()
        for row in range(self.document_list.count()):
            item = self.document_list.item(row)
            document = item.data(DocumentRole)
            by = [c for c in coders if (document, c) in self._coded]
            item.setToolTip(f"{item.text()}\ncoded by {', '.join(by)}" if by
                            else f"{item.text()}\ncoded by none of the chosen coders")
            item.setCheckState(Qt.CheckState.Checked if wanted(document) else Qt.CheckState.Unchecked)
        self.document_list.blockSignals(False)
        self._update_compute()

    def _default_documents(self) -> None:
        coders = self.chosen_coders()
        self._check_documents(lambda document: sum((document, c) in self._coded for c in coders) >= 2)

    def _coders_changed(self, _item=None) -> None:
        self._default_documents()

    def _update_compute(self, _item=None) -> None:
        coders, documents = len(self.chosen_coders()), len(self.chosen_documents())
        self.compute_button.setEnabled(coders >= 2 and documents >= 1 and self.task is None)
        self.compute_button.setToolTip("" if coders >= 2 else "Choose two or more coders")

    def _unit_changed(self) -> None:
        description = UNIT_DESCRIPTIONS[self.unit_box.currentData()]
        self.unit_help.setText(description[0].upper() + description[1:] + ".")

    def _threshold_changed(self) -> None:
        self.threshold_help.setText(f"<small>{rule_text(self.threshold.value() / 100)}</small>")

    # -- computing ----------------------------------------------------------------------------

    def compute(self) -> BackgroundTask | None:
        coders, documents = self.chosen_coders(), self.chosen_documents()
        unit, threshold = self.unit_box.currentData(), self.threshold.value() / 100
        draws, seed = self.draws, self.seed
        if len(coders) < 2 or not documents or self.task is not None:
            return None

        def work(progress):
            return agreement_report(self.project, coders, documents, unit, threshold, draws, seed, progress)

        self.status.setText("Computing…")
        self.task = run_with_progress(self, "Computing agreement", work)
        self.task.succeeded.connect(self.show_report)
        self.task.failed.connect(self._failed)
        self.task.cancelled.connect(lambda: self.status.setText("Cancelled."))
        self.task.finished.connect(self._task_done)
        self._update_compute()
        return self.task

    def _task_done(self) -> None:
        self.task = None
        self._update_compute()

    def _failed(self, message: str) -> None:
        self.status.setText(message)
        QMessageBox.critical(self, "Cannot compute agreement", message)

    def show_report(self, report: AgreementReport) -> None:
        self.report = report
        self.tabs.setEnabled(True)
        show_frame(self.summary_view, self.summary_proxy,
              FrameModel(summary_table(report), self, percent=("agreement",), tooltips="notes"))
        self.summary_view.setColumnHidden(13, True)
        self._fit_summary_height()
        span = report.span
        text = f"<b>Span agreement.</b> {span.matched} of {span.claims} claims matched another coder's claim"
        text += f" ({span.share:.1%})." if span.claims else "."
        if span.unitizing_spans is not None:
            text += (f" Unitizing alpha on the {span.documents} documents every coder coded: "
                     f"{format_value(span.unitizing_spans.value)} for where claims are, "
                     f"{format_value(span.unitizing_themes.value)} jointly over themes.")
        self.span_label.setText(text)
        self.reading.setHtml(self._reading_html(report))
        show_frame(self.category_view, self.category_proxy,
              FrameModel(tables.category_frame(report), self, ("percent agreement",), "notes"), stretch=1)
        show_frame(self.document_view, self.document_proxy,
              FrameModel(tables.document_frame(report).drop(columns=["document_id"]), self, ("percent agreement",),
                         "notes"), stretch=0)
        show_frame(self.pair_view, self.pair_proxy, FrameModel(tables.pair_frame(report), self, ("percent agreement",),
                                                          "notes"))
        self.confusion_choice.blockSignals(True)
        self.confusion_choice.clear()
        for dimension, first, second in report.confusion:
            self.confusion_choice.addItem(f"{dimension}: rows {first}, columns {second}", (dimension, first, second))
        self.confusion_choice.blockSignals(False)
        self._show_confusion()
        self.disagreements.set_disagreements(report.disagreements, reconciled(self.project, report.disagreements,
                                                                              threshold=report.settings.threshold))
        self.reconcile.set_coders(report.settings.coders)
        self.reconcile.set_agreed(report.agreed)
        self.status.setText(f"{', '.join(report.settings.coders)} · {report.settings.documents} documents · "
                            f"{report.settings.unit_description.split(':')[0]} · {len(report.disagreements)} "
                            "disagreements")
        self._set_exportable(True)
        self.choices_button.setChecked(False)  # the results get the space; the button brings the choices back
        self.report_ready.emit(report)

    def show_choices(self, shown: bool) -> None:
        self.settings.setVisible(shown)
        self.choices_button.setText("Hide choices" if shown else "Show choices")
        self.choices_button.setChecked(shown)
        if self.report is not None:  # once the layout has settled on the new widths
            QTimer.singleShot(0, self._fit_summary_height)

    def _fit_summary_height(self) -> None:
        """The summary table as high as its rows (four or five), so no row hides behind a scrollbar."""
        view = self.summary_view
        rows = view.model().rowCount()
        height = view.horizontalHeader().sizeHint().height() + sum(view.rowHeight(r) for r in range(rows))
        height += 2 * view.frameWidth()
        if view.horizontalHeader().length() > view.viewport().width():
            height += view.horizontalScrollBar().sizeHint().height()
        view.setFixedHeight(height)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if self.report is not None:
            self._fit_summary_height()

    def _reading_html(self, report: AgreementReport) -> str:
        lines = []
        for row in report.summary:
            reading_word = "not compared" if row.not_applicable else verdict(row.alpha.value)
            colour = VERDICT_COLOURS.get(reading_word, "#555555")
            marked = f"<span style='color:{colour}'><b>{reading_word}</b></span>"
            lines.append(f"<p>{escape(row.reading).replace(reading_word, marked, 1)}</p>")
        lines += [f"<p><i>{escape(note)}</i></p>" for note in report.notes]
        from afpak_coder.analysis.suggester import suggestions_note

        lines.append(f"<p><i>{escape(suggestions_note(self.project, report.settings.coders))}</i></p>")
        lines.append("<p><small>Krippendorff (2004): rely on variables with alpha ≥ .800; draw only tentative "
                     f"conclusions between .667 and .800. Intervals: {report.settings.draws:,} bootstrap draws "
                     "(Krippendorff's bootstrap algorithm, as in Hayes &amp; Krippendorff 2007).</small></p>")
        return "".join(lines)

    def _show_confusion(self) -> None:
        key = self.confusion_choice.currentData()
        if self.report is None or key is None:
            self.confusion_proxy.setSourceModel(FrameModel(None, self))
            return
        model = ConfusionModel(self.report.confusion[key], key[1], key[2], self)
        show_frame(self.confusion_view, self.confusion_proxy, model)
        for column in range(1, model.columnCount()):
            self.confusion_view.setColumnWidth(column, 34)

    # -- export -------------------------------------------------------------------------------

    def _set_exportable(self, enabled: bool) -> None:
        self.export_xlsx.setEnabled(enabled)
        self.export_csv.setEnabled(enabled)

    def export(self, kind: str) -> BackgroundTask | None:
        if self.report is None:
            return None
        caption, suggested, file_filter = {
            "xlsx": ("Export the agreement report", "agreement.xlsx", "Excel workbooks (*.xlsx)"),
            "csv": ("Export every figure as CSV", "agreement.csv", "CSV files (*.csv)"),
        }[kind]
        path = self.choose_path(self, caption, suggested, file_filter)
        if not path:
            return None
        if not path.lower().endswith(f".{kind}"):
            path += f".{kind}"
        report = self.report

        def work(progress):
            from afpak_coder.exchange import agreement_export

            if kind == "xlsx":
                agreement_export.write_agreement_xlsx(report, path, progress)
            else:
                agreement_export.write_agreement_csv(report, path)
            return path

        task = run_with_progress(self, caption, work)
        task.succeeded.connect(lambda written: self.status.setText(f"Wrote {written}"))
        task.failed.connect(self._failed)
        self.export_task = task
        return task

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        # Work still running in a thread is stopped and waited for: the dialog owns its tasks.
        for task in (self.task, self.export_task, self.reconcile.task):
            if task is not None and task.worker.isRunning():
                task.cancel()
                task.wait()
        super().closeEvent(event)
