"""The network drawing in the window: a matplotlib canvas on which a click picks the nearest edge.

    canvas = NetworkCanvas(); canvas.show_graph(graph)
    canvas.edge_clicked.connect(lambda u, v: ...)
"""

from __future__ import annotations

import math

import networkx as nx
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from PySide6.QtCore import Signal

from afpak_coder.exchange.network_drawing import ARC, draw_network

PICK_PIXELS = 6  # a click this close to an edge's line picks it


class NetworkCanvas(FigureCanvasQTAgg):
    edge_clicked = Signal(str, str)

    def __init__(self, parent=None) -> None:
        self.figure = Figure(figsize=(8, 7), layout="constrained")
        super().__init__(self.figure)
        self.setParent(parent)
        self.axes = self.figure.add_subplot()
        self.graph: nx.Graph = nx.Graph()
        self.positions: dict = {}
        self.highlighted: tuple[str, str] | None = None
        self.mpl_connect("button_press_event", self._clicked)

    def show_graph(self, graph: nx.Graph) -> None:
        self.graph, self.highlighted = graph, None
        self.positions = draw_network(graph, self.axes)
        self.draw_idle()

    def highlight(self, edge: tuple[str, str] | None) -> None:
        self.highlighted = edge
        draw_network(self.graph, self.axes, self.positions, highlight=edge)
        self.draw_idle()

    def edge_line(self, u: str, v: str) -> list[tuple[float, float]]:
        """Edge (u, v) as a polyline in display coordinates: straight, or for a directed network
        the slight arc matplotlib draws (a quadratic Bézier curve through arc3's control point)."""
        (x1, y1), (x2, y2) = self.axes.transData.transform([self.positions[u], self.positions[v]])
        if not self.graph.is_directed():
            return [(x1, y1), (x2, y2)]
        cx, cy = (x1 + x2) / 2 + ARC * (y2 - y1), (y1 + y2) / 2 - ARC * (x2 - x1)
        steps = [t / 16 for t in range(17)]
        return [((1 - t) ** 2 * x1 + 2 * (1 - t) * t * cx + t * t * x2,
                 (1 - t) ** 2 * y1 + 2 * (1 - t) * t * cy + t * t * y2) for t in steps]

    def edge_pixels(self, u: str, v: str) -> tuple[float, float]:
        """The middle of edge (u, v) in widget pixels (origin top left), for tests and tooltips."""
        self.draw()  # the layout engine places the axes when drawing
        line = self.edge_line(u, v)
        x, y = line[len(line) // 2] if len(line) > 2 else ((line[0][0] + line[1][0]) / 2, (line[0][1] + line[1][1]) / 2)
        ratio = self.devicePixelRatioF() or 1.0
        return x / ratio, self.height() - y / ratio

    def nearest_edge(self, x: float, y: float) -> tuple[str, str] | None:
        """The edge whose line passes closest to display point (x, y), if within PICK_PIXELS."""
        best, best_distance = None, float(PICK_PIXELS)
        for u, v in self.graph.edges():
            line = self.edge_line(u, v)
            distance = min(_segment_distance(x, y, *a, *b) for a, b in zip(line, line[1:]))
            if distance <= best_distance:
                best, best_distance = (u, v), distance
        return best

    def _clicked(self, event) -> None:
        if event.inaxes is not self.axes or not self.positions:
            return
        edge = self.nearest_edge(event.x, event.y)
        if edge is not None:
            self.highlight(edge)
            self.edge_clicked.emit(*edge)


def _segment_distance(px: float, py: float, x1: float, y1: float, x2: float, y2: float) -> float:
    dx, dy = x2 - x1, y2 - y1
    length = dx * dx + dy * dy
    t = 0.0 if length == 0 else max(0.0, min(1.0, ((px - x1) * dx + (py - y1) * dy) / length))
    return math.hypot(px - (x1 + t * dx), py - (y1 + t * dy))
