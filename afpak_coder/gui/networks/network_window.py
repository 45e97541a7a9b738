"""Analysis → Networks: a discourse network drawn, with its matrix, centralities and the claims
behind a clicked edge.

    window = NetworkWindow(project, parent=main_window); window.show()

The claims are read once when the window opens (``reload()`` reads them again); every change of
a setting rebuilds the network from them in memory (see ``afpak_coder.analysis.network_graph``;
the definitions are in docs/networks.md). Export… writes the network on show (with a time window:
every period, one file each).
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import networkx as nx
import pandas as pd
from PySide6.QtCore import QSignalBlocker, QSortFilterProxyModel, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QFileDialog, QGridLayout, QHeaderView, QLabel, QMessageBox, QPushButton, QSplitter,
    QTableView, QTabWidget, QVBoxLayout, QWidget,
)

from afpak_coder.analysis.filters import CONSENSUS_CODER, Codebook, select_claims
from afpak_coder.analysis.network_api import CONSENSUS, graph_of, network_filter
from afpak_coder.analysis.network_centrality import centrality_table
from afpak_coder.analysis.network_filters import NetworkFilter, filter_claims, split_windows
from afpak_coder.analysis.network_graph import NetworkSpec, claims_behind
from afpak_coder.core.errors import AfpakError
from afpak_coder.exchange.network_export import export_network, matrix_of
from afpak_coder.gui.networks.filters_form import NetworkFiltersForm
from afpak_coder.gui.networks.frame_model import FrameTableModel, SortRole
from afpak_coder.gui.networks.network_canvas import NetworkCanvas

ALL_CODERS = "All coders (pooled)"
NO_WINDOW = "Whole period"
KINDS = {  # label → (kind, one-mode mode)
    "Actors, tied by shared themes (one-mode)": ("onemode", "actors"),
    "Themes, tied by shared actors (one-mode)": ("onemode", "themes"),
    "Actors × themes (two-mode)": ("twomode", "actors"),
    "Actor → target (directed)": ("directed", "actors"),
}
WEIGHTS = {
    "onemode": {"Congruence (agreeing stances)": "congruence", "Conflict (opposing stances)": "conflict",
                "Subtract (congruence − conflict)": "subtract", "Ignore stance (co-occurrence)": "ignore"},
    "twomode": {"Subtract (positive − negative)": "subtract", "Combine (1 positive, 2 negative, 3 both)": "combine",
                "Ignore stance (count)": "ignore"},
    "directed": {"Number of claims": "count", "Mean stance": "stance"},
}
NORMALISATIONS = {
    "onemode": {"None": "none", "Average activity": "average", "Jaccard": "jaccard", "Cosine": "cosine"},
    "twomode": {"None": "none", "Activity (actor's claims)": "activity", "Prominence (theme's claims)": "prominence"},
    "directed": {"None": "none"},
}
WINDOWS = {NO_WINDOW: None, "Per month": "month", "Per quarter": "quarter", "Per year": "year"}
CLAIM_COLUMNS = ["title", "coder", "actor", "target", "theme", "stance", "quote"]
EXPORTS = {  # file-dialog filter → output kind
    "GraphML (*.graphml)": "graphml", "CSV matrix, ';'-separated (*.csv)": "csv", "UCINET DL (*.dl)": "dl",
    "Event list CSV (*.csv)": "events", "PNG image (*.png)": "drawing", "SVG image (*.svg)": "drawing",
    "PDF document (*.pdf)": "drawing",
}


class NetworkWindow(QWidget):
    def __init__(self, project, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.project = project
        self.setWindowTitle(f"Networks — {project.name}")
        self.resize(1400, 860)
        self._frame: pd.DataFrame | None = None
        self.graph: nx.Graph = nx.Graph()
        self.claims: pd.DataFrame = pd.DataFrame()  # the claims the network on show is built from
        self.codebook: Codebook | None = None

        self.kind_box = _combo("networkKind", KINDS)
        self.weight_box = QComboBox(objectName="networkWeight")
        self.normalise_box = QComboBox(objectName="networkNormalise")
        self.coder_box = QComboBox(objectName="networkCoder")
        self.window_box = _combo("networkWindow", WINDOWS)
        self.period_box = QComboBox(objectName="networkPeriod")
        self.isolates_box = QCheckBox("Keep isolates", objectName="networkIsolates")
        self.export_button = QPushButton("Export…", objectName="networkExport")
        self.filters = NetworkFiltersForm(self)
        self.summary = QLabel(objectName="networkSummary", wordWrap=True)
        self.note = QLabel(objectName="networkNote", wordWrap=True)
        self.note.setStyleSheet("color: #8a5a00;")
        controls = QGridLayout()
        for column, (label, widget) in enumerate((("Network:", self.kind_box), ("Weight:", self.weight_box),
                                                  ("Normalisation:", self.normalise_box))):
            controls.addWidget(QLabel(label), 0, 2 * column)
            controls.addWidget(widget, 0, 2 * column + 1)
        for column, (label, widget) in enumerate((("Coders:", self.coder_box), ("Time:", self.window_box),
                                                  ("Period:", self.period_box))):
            controls.addWidget(QLabel(label), 1, 2 * column)
            controls.addWidget(widget, 1, 2 * column + 1)
        controls.addWidget(self.isolates_box, 0, 6)
        controls.addWidget(self.export_button, 1, 6)
        controls.setColumnStretch(1, 2)
        controls.setColumnStretch(3, 2)

        self.canvas = NetworkCanvas(self)
        self.matrix_model = FrameTableModel(self, blank_zero=True, row_labels=True)
        self.centrality_model = FrameTableModel(self)
        self.edges_model = FrameTableModel(self)
        self.claims_model = FrameTableModel(self)
        self.matrix_view = _view("networkMatrix", self.matrix_model, sortable=False)
        self.centrality_view = _view("networkCentrality", self.centrality_model)
        self.edges_view = _view("networkEdges", self.edges_model)
        self.claims_view = _view("networkClaims", self.claims_model)
        self.claims_label = QLabel("Click an edge (in the drawing or the Edges tab) to list the claims behind it.",
                                   objectName="networkClaimsLabel", wordWrap=True)
        self.tabs = QTabWidget(objectName="networkTabs")
        self.tabs.addTab(self.matrix_view, "Matrix")
        self.tabs.addTab(self.centrality_view, "Centrality")
        self.tabs.addTab(self.edges_view, "Edges")
        claims_pane = QWidget()
        claims_layout = QVBoxLayout(claims_pane)
        claims_layout.setContentsMargins(0, 0, 0, 0)
        claims_layout.addWidget(self.claims_label)
        claims_layout.addWidget(self.claims_view)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.tabs)
        right.addWidget(claims_pane)
        right.setSizes([480, 300])
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.canvas)
        split.addWidget(right)
        split.setSizes([820, 580])
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(self.filters)
        layout.addWidget(self.summary)
        layout.addWidget(self.note)
        layout.addWidget(split, 1)

        self._fill_options()
        self.kind_box.currentIndexChanged.connect(self._kind_changed)
        for box in (self.weight_box, self.normalise_box, self.coder_box, self.period_box):
            box.currentIndexChanged.connect(self.refresh)
        self.window_box.currentIndexChanged.connect(self.refresh)
        self.isolates_box.toggled.connect(self.refresh)
        self.filters.changed.connect(self.refresh)
        self.canvas.edge_clicked.connect(self.show_edge)
        self.edges_view.clicked.connect(self._edge_row_clicked)
        self.export_button.clicked.connect(self.choose_export)
        self.reload()

    # -- settings -----------------------------------------------------------------------------

    def spec(self) -> NetworkSpec:
        kind, mode = KINDS[self.kind_box.currentText()]
        return NetworkSpec(kind=kind, mode=mode, weight=self.weight_box.currentData(),
                           normalise=self.normalise_box.currentData(), isolates=self.isolates_box.isChecked())

    def choice(self) -> NetworkFilter:
        """The coder and the Filters group, built as ``afpak_coder.network`` builds them."""
        coder = self.coder_box.currentText()
        coders = CONSENSUS if coder == CONSENSUS_CODER else None if coder in ("", ALL_CODERS) else coder
        return network_filter(coders=coders, **self.filters.arguments())

    def _fill_options(self) -> None:
        kind = KINDS[self.kind_box.currentText()][0]
        for box, options in ((self.weight_box, WEIGHTS[kind]), (self.normalise_box, NORMALISATIONS[kind])):
            box.blockSignals(True)
            box.clear()
            for label, key in options.items():
                box.addItem(label, key)
            box.blockSignals(False)

    def _kind_changed(self) -> None:
        self._fill_options()
        self.refresh()

    # -- data ---------------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the claims, coders and codebook from the project again, then rebuild."""
        with _waiting():
            self._frame = self.project.claims_frame()
            names = [coder.name for coder in self.project.coders()]
            self.filters.fill(self.project)
        current = self.coder_box.currentText()
        with QSignalBlocker(self.coder_box):
            self.coder_box.clear()
            self.coder_box.addItems([ALL_CODERS, *names])
            self.coder_box.setCurrentText(current if current in names else ALL_CODERS)
        self.refresh()

    def refresh(self) -> None:
        try:
            choice, spec = self.choice(), self.spec()
            selection = select_claims(self.project, choice.claims, frame=self._frame)
            claims = filter_claims(selection.frame, choice)
            claims = self._period(claims)
            self.graph = graph_of(claims, selection.codebook, spec, choice)
        except AfpakError as error:
            QMessageBox.critical(self, "Networks", str(error))
            return
        self.claims, self.codebook = claims, selection.codebook
        self.summary.setText(f"{self.graph.graph['description']}: {self.graph.number_of_nodes()} nodes, "
                             f"{self.graph.number_of_edges()} edges from {self.graph.graph['claims']:,} claims")
        self._show_note(choice)
        self.canvas.show_graph(self.graph)
        self._fill_tables()

    def _show_note(self, choice: NetworkFilter) -> None:
        """The active filters beyond the coder (in the service's words) and the pooling warning."""
        active = [line for line in choice.describe() if not line.startswith(("none", "coder"))]
        if self.isolates_box.isChecked():
            active.append("isolates kept")
        pooling = self.graph.graph.get("pooling", "")
        lines = [f"Filters: {'; '.join(active)}."] if active else []
        lines += [f"Note: {pooling}."] if pooling else []
        self.note.setText("\n".join(lines))
        self.note.setVisible(bool(lines))

    def _period(self, claims: pd.DataFrame) -> pd.DataFrame:
        """The claims of the chosen period, refilling the period list for the chosen window."""
        window = WINDOWS[self.window_box.currentText()]
        current = self.period_box.currentText()
        parts = split_windows(claims, window) if window else {}
        self.period_box.blockSignals(True)
        self.period_box.clear()
        self.period_box.addItems(list(parts))
        if parts:
            self.period_box.setCurrentText(current if current in parts else next(iter(parts)))
        self.period_box.setEnabled(bool(parts))
        self.period_box.blockSignals(False)
        return parts[self.period_box.currentText()] if parts else claims

    def _fill_tables(self) -> None:
        rows, columns, values = matrix_of(self.graph)
        label = {node: self.graph.nodes[node].get("name", node) for node in self.graph}
        self.matrix_model.set_frame(pd.DataFrame(values, index=[label[r] for r in rows],
                                                 columns=[label[c] for c in columns]))
        table = centrality_table(self.graph)
        self.centrality_model.set_frame(table.drop(columns=["node"]))
        edges = [(u, v, label[u], label[v], float(d.get("weight", 0.0)), int(d.get("sign", 0)))
                 for u, v, d in self.graph.edges(data=True)]
        frame = pd.DataFrame(edges, columns=["_u", "_v", "from", "to", "weight", "sign"])
        self._edge_keys = list(zip(frame["_u"], frame["_v"]))
        self.edges_model.set_frame(frame.drop(columns=["_u", "_v"]))
        self.claims_model.set_frame(pd.DataFrame(columns=CLAIM_COLUMNS))
        for view in (self.matrix_view, self.centrality_view, self.edges_view):
            view.resizeColumnsToContents()

    # -- the claims behind an edge ------------------------------------------------------------

    def show_edge(self, source: str, target: str) -> None:
        behind = claims_behind(self.claims, self.spec(), self.graph, source, target)
        names = [self.graph.nodes[n].get("name", n) for n in (source, target)]
        arrow = "→" if self.graph.is_directed() else "–"
        weight = self.graph.edges[source, target].get("weight", 0.0)
        self.claims_label.setText(f"{names[0]} {arrow} {names[1]} (weight {weight:.3g}): {len(behind)} claims")
        shown = behind[CLAIM_COLUMNS].astype(object).where(behind[CLAIM_COLUMNS].notna(), "")
        self.claims_model.set_frame(shown.reset_index(drop=True))
        self.claims_view.resizeColumnsToContents()
        self.claims_view.setColumnWidth(CLAIM_COLUMNS.index("quote"), 420)

    def _edge_row_clicked(self, index) -> None:
        row = self.edges_view.model().mapToSource(index).row()
        edge = self._edge_keys[row]
        self.canvas.highlight(edge)
        self.show_edge(*edge)

    # -- export -------------------------------------------------------------------------------

    def choose_export(self) -> None:
        stem = self.project.path.with_suffix("")
        path, chosen = QFileDialog.getSaveFileName(self, "Export the network", str(stem) + "-network.graphml",
                                                   ";;".join(EXPORTS))
        if path:
            self.export(Path(path), EXPORTS.get(chosen, "graphml"))

    def export(self, path: Path, kind: str) -> list[str]:
        window = WINDOWS[self.window_box.currentText()]
        try:
            lines = export_network(self.project, self.spec(), self.choice(), {kind: path}, window=window,
                                   overwrite=True)
        except AfpakError as error:
            QMessageBox.critical(self, "Export failed", str(error))
            return []
        self.summary.setText("\n".join(line for line in lines if not line.startswith("Note: ")))
        return lines


@contextmanager
def _waiting():
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QGuiApplication.restoreOverrideCursor()


def _combo(name: str, options: dict) -> QComboBox:
    box = QComboBox(objectName=name)
    box.addItems(list(options))
    return box


def _view(name: str, model: FrameTableModel, *, sortable: bool = True) -> QTableView:
    view = QTableView(objectName=name)
    proxy = QSortFilterProxyModel(view)
    proxy.setSourceModel(model)
    proxy.setSortRole(SortRole)
    view.setModel(proxy)
    view.setSortingEnabled(sortable)
    view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # the table's own order first
    proxy.sort(-1)
    view.setAlternatingRowColors(True)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.horizontalHeader().setMaximumSectionSize(260)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return view
