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


def layout(graph: nx.Graph) -> dict:
    """Node → (x, y): a spring layout on absolute weights scaled to 0.2 … 1 (so that one strong tie
    does not pull two nodes on top of each other), with every node weakly tied to a hidden centre
    so that separate components and isolates stay near the rest instead of drifting to a corner."""
    if graph.number_of_nodes() == 0:
        return {}
    simple = nx.Graph()
    simple.add_nodes_from(graph)
    for u, v, data in graph.edges(data=True):
        previous = simple.get_edge_data(u, v, {"weight": 0.0})["weight"]
        simple.add_edge(u, v, weight=previous + abs(float(data.get("weight", 1.0))))
    largest = max((d["weight"] for _, _, d in simple.edges(data=True)), default=1.0) or 1.0
    for _, _, data in simple.edges(data=True):
        data["weight"] = 0.2 + 0.8 * data["weight"] / largest
    centre = object()
    simple.add_edges_from(((centre, node) for node in graph), weight=0.03)
    k = 2.0 / np.sqrt(max(graph.number_of_nodes(), 1))
    positions = nx.spring_layout(simple, weight="weight", seed=LAYOUT_SEED, k=k, iterations=300)
    positions.pop(centre)
    return positions


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
        chosen = highlight is not None and {u, v} == set(highlight[:2])
        (x1, y1), (x2, y2) = positions[u], positions[v]
        colour = "black" if chosen else SIGN_COLOURS.get(int(data.get("sign", 0)), SIGN_COLOURS[0])
        width = 0.6 + 5.0 * weight / largest + (2 if chosen else 0)
        if arrows:
            axes.annotate("", xy=(x2, y2), xytext=(x1, y1), zorder=1,
                          arrowprops=dict(arrowstyle="-|>", color=colour, lw=width, alpha=0.7,
                                          shrinkA=8, shrinkB=8, connectionstyle="arc3,rad=0.08"))
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
    font = max(6.5, 10 - graph.number_of_nodes() / 20)
    for node in graph:
        x, y = positions[node]
        axes.annotate(_short(graph.nodes[node].get("name", str(node))), (x, y), xytext=(6, 5),
                      textcoords="offset points", fontsize=font, zorder=3,
                      bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.75))
    _legend(graph, axes)
    axes.margins(0.12)
    return positions


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
        axes.legend(handles=handles, loc="lower left", fontsize=7, frameon=True, framealpha=0.85)


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
