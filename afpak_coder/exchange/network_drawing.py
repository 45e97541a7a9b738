"""A discourse network drawn with matplotlib: for the Networks window and for PNG/SVG/PDF files.

    figure = Figure(figsize=(10, 8)); positions = draw_network(graph, figure.add_subplot())
    save_drawing(graph, "net.png")   # .png, .svg or .pdf by the suffix

A force-directed layout (Fruchterman–Reingold, fixed seed so the same network looks the same).
Actors are circles coloured by actor type, themes squares in their codebook colour; node size
follows the number of claims. Edges: green for positive weights, red for negative, grey for
mixed (``combine`` code 3); width follows the absolute weight. Labels sit beside their nodes on
a white ground, in a size that shrinks gently with the number of nodes, so 60 stay readable.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from afpak_coder.exchange.atomic import ExportError

SIGN_COLOURS = {1: "#2e8b57", -1: "#c0392b", 0: "#8c8c8c"}
FORMATS = (".png", ".svg", ".pdf")
LAYOUT_SEED = 7
ARC = 0.08  # directed edges bend a little, so that a → b and b → a are both visible
KAMADA_KAWAI_NODES = 150
SINGLE_WIDTH = 2.2  # room for the label of an isolate or a pair, in layout units  # larger components get the (faster) spring layout


def layout(graph: nx.Graph) -> dict:
    """Node → (x, y). Each connected component is laid out on its own — Kamada–Kawai (nodes spaced
    by their distance in the network, which keeps labels apart) or, beyond KAMADA_KAWAI_NODES,
    a spring layout — sized by the square root of its node count; the components are then packed
    in rows, largest first, so that small components and isolates sit beside the main one
    instead of drifting off into a corner."""
    if graph.number_of_nodes() == 0:
        return {}
    simple = nx.Graph(graph.to_undirected()) if graph.is_directed() or graph.is_multigraph() else graph
    components = sorted(nx.connected_components(simple), key=lambda c: (-len(c), sorted(map(str, c))))
    pieces = [_component_layout(simple.subgraph(nodes)) for nodes in components]
    return _pack(pieces)


def _component_layout(component: nx.Graph) -> dict:
    nodes = sorted(component, key=str)
    if len(nodes) == 1:
        return {nodes[0]: np.zeros(2)}
    if len(nodes) == 2:
        return {nodes[0]: np.array([-0.5, 0.0]), nodes[1]: np.array([0.5, 0.0])}
    if len(nodes) <= KAMADA_KAWAI_NODES:
        start = nx.circular_layout(nodes)  # a fixed start: the same network always looks the same
        positions = nx.kamada_kawai_layout(component, pos=start, weight=None)
        # a few spring steps from there push apart the hubs Kamada–Kawai packs into the centre
        positions = nx.spring_layout(component, pos=positions, weight=None, iterations=50, seed=LAYOUT_SEED,
                                     k=2.5 / np.sqrt(len(nodes)))
    else:
        positions = nx.spring_layout(component, seed=LAYOUT_SEED, weight=None, iterations=100)
    points = np.array([positions[n] for n in nodes])
    points -= points.mean(axis=0)
    radius = np.abs(points).max() or 1.0
    points *= 0.75 * np.sqrt(len(nodes)) / radius
    return dict(zip(nodes, _spread(points)))


def _spread(points: np.ndarray, minimum: float = 0.85, rounds: int = 60) -> np.ndarray:
    """Push apart nodes closer than ``minimum`` layout units (hubs tied to everything end up on
    top of each other in any force layout), a pair at a time by half the shortfall each."""
    points = points.copy()
    if len(points) > 400:
        return points
    for _ in range(rounds):
        difference = points[:, None, :] - points[None, :, :]
        distance = np.sqrt((difference ** 2).sum(axis=2))
        np.fill_diagonal(distance, 10 * minimum)  # a node does not push itself
        close = distance < minimum
        if not close.any():
            break
        push = np.where(close, (minimum - distance) / 2 / np.maximum(distance, 1e-9), 0.0)
        points += (difference * push[:, :, None]).sum(axis=1) * 0.5
    return points


def _pack(pieces: list[dict]) -> dict:
    """Shelf packing: components left to right in rows no wider than the largest component (or
    the square root of the total area, if wider), with a gap between them."""
    gap = 0.6
    boxes = []
    for piece in pieces:
        points = np.array(list(piece.values()))
        low, high = points.min(axis=0), points.max(axis=0)
        boxes.append((low, np.maximum(high - low, (SINGLE_WIDTH if len(piece) <= 2 else 0.4, 0.4))))
    row_width = max(boxes[0][1][0], np.sqrt(sum((size[0] + gap) * (size[1] + gap) for _, size in boxes)))
    result, x, y, row_height = {}, 0.0, 0.0, 0.0
    for piece, (low, size) in zip(pieces, boxes):
        if x > 0 and x + size[0] > row_width:
            x, y, row_height = 0.0, y - row_height - gap, 0.0
        for node, point in piece.items():
            result[node] = point - low + np.array([x, y - size[1]])
        x += size[0] + gap
        row_height = max(row_height, size[1])
    return result


def draw_network(graph: nx.Graph, axes: Axes, positions: dict | None = None, *, highlight=None) -> dict:
    """Draw ``graph`` on ``axes``; returns the positions used. ``highlight``: an edge (u, v) drawn
    thicker and in black."""
    axes.clear()
    axes.set_axis_off()
    positions = positions or layout(graph)
    if not positions:
        axes.text(0.5, 0.5, "No edges with these settings", ha="center", va="center", transform=axes.transAxes)
        return positions
    weights = [abs(float(d.get("weight", 1.0))) for _, _, d in graph.edges(data=True)]
    largest = max(weights, default=1.0) or 1.0
    arrows = graph.is_directed()
    for (u, v, data), weight in zip(graph.edges(data=True), weights):
        chosen = highlight is not None and ((u, v) == tuple(highlight[:2]) if arrows else {u, v} == set(highlight[:2]))
        (x1, y1), (x2, y2) = positions[u], positions[v]
        colour = "black" if chosen else SIGN_COLOURS.get(int(data.get("sign", 0)), SIGN_COLOURS[0])
        width = 0.6 + 5.0 * weight / largest + (2 if chosen else 0)
        if arrows:
            axes.annotate("", xy=(x2, y2), xytext=(x1, y1), zorder=1,
                          arrowprops=dict(arrowstyle="-|>", color=colour, lw=width, alpha=0.7,
                                          shrinkA=8, shrinkB=8, connectionstyle=f"arc3,rad={ARC}"))
        else:
            axes.plot([x1, x2], [y1, y2], color=colour, linewidth=width, alpha=0.6, zorder=1,
                      solid_capstyle="round")
    frequencies = np.array([graph.nodes[n].get("frequency", 1) for n in graph], dtype=float)
    sizes = 60 + 340 * np.sqrt(frequencies / max(frequencies.max(), 1.0))
    for marker, variable in (("o", "actor"), ("s", "theme")):
        chosen = [i for i, n in enumerate(graph) if graph.nodes[n].get("variable") == variable]
        if chosen:
            nodes = [list(graph)[i] for i in chosen]
            axes.scatter([positions[n][0] for n in nodes], [positions[n][1] for n in nodes], s=sizes[chosen],
                         c=[graph.nodes[n].get("colour", "#999999") for n in nodes], marker=marker,
                         edgecolors="#333333", linewidths=0.8, zorder=2)
    axes.margins(0.12)
    _labels(graph, axes, positions)
    _legend(graph, axes)
    return positions


# Where a label may sit beside its node, in points: (x offset, y offset, horizontal alignment).
LABEL_PLACES = ((6, 4, "left"), (6, -11, "left"), (-6, 4, "right"), (-6, -11, "right"), (0, 9, "center"),
                (0, -17, "center"))


def _labels(graph: nx.Graph, axes: Axes, positions: dict) -> None:
    """Each label in the first place beside its node that overlaps the labels already placed
    least (estimated boxes in points), biggest nodes first, so crowded areas stay readable."""
    font = max(6.5, 10 - graph.number_of_nodes() / 20)
    axes.figure.canvas.draw_without_rendering() if hasattr(axes.figure.canvas, "draw_without_rendering") else None
    to_points = 72.0 / axes.figure.dpi
    x0, y0, x1, y1 = (axes.bbox.extents * to_points).tolist()
    inside = (x0, y0, x1, y1)
    placed: list[tuple[float, float, float, float]] = []
    order = sorted(graph, key=lambda n: -graph.nodes[n].get("frequency", 0))
    for node in order:
        text = _short(graph.nodes[node].get("name", str(node)))
        px, py = axes.transData.transform(positions[node]) * to_points
        width, height = 0.56 * font * len(text), 1.25 * font
        best, best_overlap = LABEL_PLACES[0], None
        for dx, dy, align in LABEL_PLACES:
            left = px + dx - {"left": 0, "right": width, "center": width / 2}[align]
            box = (left, py + dy, left + width, py + dy + height)
            outside = (box[2] - box[0]) * (box[3] - box[1]) - _overlap(box, inside)  # cut off at the edge
            overlap = sum(_overlap(box, other) for other in placed) + 4 * outside
            if best_overlap is None or overlap < best_overlap:
                best, best_overlap, best_box = (dx, dy, align), overlap, box
            if overlap == 0:
                break
        placed.append(best_box)
        axes.annotate(text, positions[node], xytext=best[:2], textcoords="offset points", fontsize=font,
                      ha=best[2], zorder=3, bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.75))


def _overlap(a: tuple, b: tuple) -> float:
    return max(0.0, min(a[2], b[2]) - max(a[0], b[0])) * max(0.0, min(a[3], b[3]) - max(a[1], b[1]))


def _legend(graph: nx.Graph, axes: Axes) -> None:
    types = {}
    for node in graph:
        data = graph.nodes[node]
        if data.get("variable") == "actor":
            types.setdefault(data.get("actor_type") or "no type", data.get("colour", "#999999"))
    handles = [Line2D([], [], marker="o", linestyle="", color=colour, label=name)
               for name, colour in sorted(types.items())]
    if any(graph.nodes[n].get("variable") == "theme" for n in graph):
        handles.append(Line2D([], [], marker="s", linestyle="", color="#bbbbbb", label="theme"))
    signs = {int(d.get("sign", 0)) for _, _, d in graph.edges(data=True)}
    labels = {1: "positive tie", -1: "negative tie", 0: "mixed tie"}
    handles += [Line2D([], [], color=SIGN_COLOURS[s], linewidth=2.5, label=labels[s]) for s in sorted(signs, reverse=True)]
    if handles:
        axes.legend(handles=handles, loc="best", fontsize=7, frameon=True, framealpha=0.85)


def _short(label: str, limit: int = 28) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def save_drawing(graph: nx.Graph, path: str | Path, *, title: str = "", suffix: str | None = None) -> None:
    """Save the drawing as PNG, SVG or PDF: by ``suffix``, else by the path's own suffix (give
    ``suffix`` when writing to a temporary name)."""
    path = Path(path)
    suffix = (suffix or path.suffix).lower()
    if suffix not in FORMATS:
        raise ExportError(f"{path}: a drawing is saved as {', '.join(FORMATS)}")
    figure = Figure(figsize=(11, 8.5), dpi=150)
    axes = figure.add_subplot()
    draw_network(graph, axes)
    if title:
        axes.set_title(title, fontsize=11)
    figure.tight_layout()
    figure.savefig(path, format=suffix.lstrip("."))
