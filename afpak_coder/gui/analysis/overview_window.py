"""Analysis → Overview: the crosstabs as tables and the charts, for a first look at the data.

    overview = OverviewWindow(project, parent=main_window)
    overview.show()

A top-level window (its own title bar) over one open project. The coder choice (one coder, the
consensus, or every coder's codings pooled, with a note saying so) and the theme level apply to
tables and charts alike; each chart can be saved as PNG, SVG or PDF. The claims are read once when
the window opens (``reload()`` reads them again after coding).

Double-clicking a number of a table, or a cell of the heatmap, opens the claims browser on the
claims it counts (``gui.browser.click_through``).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QComboBox, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QMessageBox, QPushButton, QTableView, QTabWidget,
    QVBoxLayout, QWidget,
)

from afpak_coder.analysis import crosstabs
from afpak_coder.analysis.filters import CONSENSUS_CODER, ClaimFilter, Selection, select_claims
from afpak_coder.core.errors import AfpakError
from afpak_coder.gui.analysis.charts import CHARTS, HeatmapCells, draw_chart, theme_names

ALL_CODERS = "All coders (each coding counted)"
POOLED_NOTE = ("All coders pooled: a passage coded by several coders counts once per coder. "
               "Choose one coder or the consensus for findings.")
LEVELS = {"Top-level themes": "top", "All themes": "theme"}
CHART_FILTER = "PNG image (*.png);;SVG image (*.svg);;PDF document (*.pdf)"


class FrameModel(QAbstractTableModel):
    """A pandas table for a ``QTableView``: row labels in the vertical header, numbers right-aligned,
    the mean stance with two decimals, the Total row and column in bold."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.frame = pd.DataFrame()

    def set_frame(self, frame: pd.DataFrame) -> None:
        self.beginResetModel()
        self.frame = frame
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.frame)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else self.frame.shape[1]

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        labels = self.frame.columns if orientation == Qt.Orientation.Horizontal else self.frame.index
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return str(labels[section])
        if role == Qt.ItemDataRole.FontRole and str(labels[section]) == crosstabs.TOTAL:
            return _bold()
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        value = self.frame.iat[index.row(), index.column()]
        column = str(self.frame.columns[index.column()])
        if role == Qt.ItemDataRole.DisplayRole:
            if _missing(value):
                return ""
            if column == crosstabs.MEAN_STANCE:
                return f"{float(value):.2f}"
            if isinstance(value, pd.Timestamp):
                return value.date().isoformat()
            return str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            numeric = isinstance(value, (int, float)) or hasattr(value, "dtype")
            horizontal = Qt.AlignmentFlag.AlignRight if numeric else Qt.AlignmentFlag.AlignLeft
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and crosstabs.TOTAL in (column, str(self.frame.index[index.row()])):
            return _bold()
        return None


class OverviewWindow(QWidget):
    def __init__(self, project, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.project = project
        self.setWindowTitle(f"Overview — {project.name}")
        self.resize(1180, 760)
        self._frame: pd.DataFrame | None = None
        self.selection: Selection | None = None
        self.tables: dict[str, pd.DataFrame] = {}
        self.heatmap: HeatmapCells | None = None

        self.coder_box = QComboBox(objectName="overviewCoder")
        self.level_box = QComboBox(objectName="overviewLevel")
        self.level_box.addItems(list(LEVELS))
        self.summary = QLabel(objectName="overviewSummary")
        bar = QHBoxLayout()
        for label, widget in (("Coder:", self.coder_box), ("Themes:", self.level_box)):
            bar.addWidget(QLabel(label))
            bar.addWidget(widget)
        bar.addSpacing(12)
        bar.addWidget(self.summary, 1)
        self.pooled_note = QLabel(POOLED_NOTE, objectName="overviewPooledNote", wordWrap=True)
        self.pooled_note.setStyleSheet("color: #8a4b00;")

        self.table_box = QComboBox(objectName="overviewTableChoice")
        self.table_model = FrameModel(self)
        self.table_view = QTableView(objectName="overviewTable")
        self.table_view.setModel(self.table_model)
        self.table_view.setAlternatingRowColors(True)
        self.table_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table_view.horizontalHeader().setMaximumSectionSize(220)
        self.table_view.horizontalHeader().setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table_view.setToolTip("Double-click a number to see the claims behind it.")
        tables = QWidget()
        tables_layout = QVBoxLayout(tables)
        tables_layout.addWidget(self.table_box)
        tables_layout.addWidget(self.table_view)

        self.chart_box = QComboBox(objectName="overviewChartChoice")
        self.chart_box.addItems(list(CHARTS))
        self.save_button = QPushButton("Save chart…", objectName="overviewSaveChart")
        self.figure = Figure(figsize=(10, 6), layout="constrained")
        self.canvas = FigureCanvasQTAgg(self.figure)
        charts = QWidget()
        charts_layout = QVBoxLayout(charts)
        chart_bar = QHBoxLayout()
        chart_bar.addWidget(self.chart_box, 1)
        chart_bar.addWidget(self.save_button)
        charts_layout.addLayout(chart_bar)
        charts_layout.addWidget(self.canvas, 1)
        self.canvas.mpl_connect("button_press_event", self._chart_clicked)

        self.tabs = QTabWidget(objectName="overviewTabs")
        self.tabs.addTab(charts, "Charts")
        self.tabs.addTab(tables, "Tables")
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.pooled_note)
        layout.addWidget(self.tabs, 1)

        self.coder_box.currentIndexChanged.connect(self.refresh)
        self.level_box.currentIndexChanged.connect(self.refresh)
        self.table_box.currentIndexChanged.connect(self.show_table)
        self.table_view.doubleClicked.connect(self.open_claims_behind)
        self.chart_box.currentIndexChanged.connect(self.show_chart)
        self.save_button.clicked.connect(self.choose_chart_file)
        self.reload()

    # -- data ---------------------------------------------------------------------------------

    @property
    def level(self) -> str:
        return LEVELS[self.level_box.currentText()]

    def reload(self) -> None:
        """Read the claims and coders from the project again, then redraw."""
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self._frame = self.project.claims_frame()
            names = [coder.name for coder in self.project.coders()]
        finally:
            QGuiApplication.restoreOverrideCursor()
        current = self.coder_box.currentText()
        self.coder_box.blockSignals(True)
        self.coder_box.clear()
        self.coder_box.addItems([*names, ALL_CODERS])
        # The consensus when there is one, the only coder when there is one, else every coder pooled.
        default = CONSENSUS_CODER if CONSENSUS_CODER in names else names[0] if len(names) == 1 else ALL_CODERS
        self.coder_box.setCurrentText(current if current in (*names, ALL_CODERS) else default)
        self.coder_box.blockSignals(False)
        self.refresh()

    def claim_filter(self) -> ClaimFilter:
        coder = self.coder_box.currentText()
        if coder == CONSENSUS_CODER:
            return ClaimFilter(consensus_only=True)
        return ClaimFilter() if coder in ("", ALL_CODERS) else ClaimFilter(coders=(coder,))

    def refresh(self) -> None:
        try:
            self.selection = select_claims(self.project, self.claim_filter(), frame=self._frame)
        except AfpakError as error:
            QMessageBox.critical(self, "Overview", str(error))
            return
        self.tables = {**crosstabs.crosstabs(self.selection, self.level),
                       "Document × theme": document_table(self.selection)}
        self.summary.setText(f"{len(self.selection.frame):,} claims in {len(self.selection.documents):,} documents")
        self.pooled_note.setVisible(self.pooled)
        current = self.table_box.currentText()
        self.table_box.blockSignals(True)
        self.table_box.clear()
        self.table_box.addItems(list(self.tables))
        self.table_box.setCurrentText(current if current in self.tables else next(iter(self.tables)))
        self.table_box.blockSignals(False)
        self.show_table()
        self.show_chart()

    # -- showing ------------------------------------------------------------------------------

    def show_table(self) -> None:
        title = self.table_box.currentText()
        if title in self.tables:
            self.table_model.set_frame(self.tables[title])

    def open_claims_behind(self, index) -> None:
        """Double-click on a number: the claims it counts, in the claims browser."""
        from afpak_coder.gui.browser.click_through import open_table_cell

        open_table_cell(self, self.selection, self.table_box.currentText(), self.table_model.frame,
                        index.row(), index.column(), self.level)

    def show_chart(self) -> None:
        if self.selection is None:
            return
        self.heatmap = draw_chart(self.chart_box.currentText(), self.figure, self.selection, self.level)
        if self.pooled:  # a saved chart carries the warning too
            self.figure.suptitle(POOLED_NOTE, fontsize="small", color="#8a4b00")
        self.canvas.draw_idle()

    @property
    def pooled(self) -> bool:
        return self.coder_box.currentText() == ALL_CODERS and self.coder_box.count() > 2

    # -- the claims behind a cell -------------------------------------------------------------

    def _chart_clicked(self, event) -> None:
        """Double-click on a heatmap cell: the claims it counts, in the claims browser."""
        if not event.dblclick or self.heatmap is None or event.inaxes is not self.heatmap.axes:
            return
        row, column = round(event.ydata), round(event.xdata)
        if 0 <= row < len(self.heatmap.rows) and 0 <= column < len(self.heatmap.columns):
            from afpak_coder.analysis.cell_claims import claims_behind
            from afpak_coder.gui.browser.opening import open_claims_browser

            ids = claims_behind(self.selection, self.heatmap.table, self.heatmap.rows[row],
                                self.heatmap.columns[column], self.level)
            if ids:
                open_claims_browser(self, {"ids": ids})

    def save_chart(self, path: str | Path) -> Path:
        """Save the chart on show; the format follows the suffix (.png, .svg or .pdf)."""
        path = Path(path)
        if path.suffix.lower() not in (".png", ".svg", ".pdf"):
            raise AfpakError(f"{path}: charts are saved as .png, .svg or .pdf")
        try:
            self.figure.savefig(path, dpi=150 if path.suffix.lower() == ".png" else None)
        except OSError as error:
            raise AfpakError(f"{path}: cannot be written ({error.strerror or error})") from error
        return path

    def choose_chart_file(self) -> None:
        suggested = str(self.project.path.with_name(_file_name(self.chart_box.currentText()) + ".png"))
        path, chosen_filter = QFileDialog.getSaveFileName(self, "Save chart", suggested, CHART_FILTER)
        if not path:
            return
        if not Path(path).suffix:  # take the format from the filter the user picked
            path += "." + chosen_filter.split("*.")[1].rstrip(")")
        try:
            self.save_chart(path)
        except AfpakError as error:
            QMessageBox.critical(self, "Save chart", str(error))


def document_table(selection: Selection) -> pd.DataFrame:
    """The document × theme matrix for the screen: rows by document number, themes by their names."""
    matrix = crosstabs.document_by_theme(selection).reset_index(drop=True).set_index("number")
    themes = [c for c in matrix.columns if c not in ("title", "outlet", "published", crosstabs.TOTAL)]
    return matrix.rename(columns=dict(zip(themes, theme_names(themes))))


def _file_name(title: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in title.lower()).strip("-").replace("--", "-")


def _bold() -> QFont:
    font = QFont()
    font.setBold(True)
    return font


def _missing(value) -> bool:
    try:
        return value is None or bool(pd.isna(value))
    except (TypeError, ValueError):
        return False
