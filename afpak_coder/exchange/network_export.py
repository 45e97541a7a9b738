"""Discourse networks to files: GraphML, a DNA-style ``;`` CSV matrix, UCINET DL, an event list.

    write_graphml(graph, "net.graphml")      # networkx and igraph read it back
    write_matrix_csv(graph, "net.csv")       # rows ; columns, first row and column the labels
    write_dl(graph, "net.dl")                # UCINET DL, full matrix, labels embedded
    write_event_list(frame, spec, "events.csv")

GraphML carries the node attributes (name, variable, type, frequency, actor_type, colour) and
edge attributes (weight, sign, and for directed networks count and mean_stance) with typed keys;
DNA's attribute-less visone key is not written (networkx cannot read it). The matrix formats need
a network with one edge per pair: a directed network per theme is refused there.
"""

from __future__ import annotations

import csv
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd

from afpak_coder.analysis.network_api import graph_of
from afpak_coder.analysis.network_filters import NetworkFilter, network_claims, pooling_note, split_windows
from afpak_coder.analysis.network_graph import NetworkSpec, usable_claims
from afpak_coder.exchange.atomic import ExportError, atomic_outputs
from afpak_coder.exchange.network_drawing import save_drawing
from afpak_coder.exchange.safe_cells import csv_header, csv_safe_values

EVENT_COLUMNS = ["claim_id", "document_id", "published", "outlet", "coder", "actor", "actor_type", "target",
                 "target_type", "theme", "theme_path", "stance", "stance_label"]


def write_graphml(graph: nx.Graph, path: str | Path) -> None:
    clean = graph.copy()
    clean.graph = {key: value for key, value in graph.graph.items()
                   if isinstance(value, (str, int, float, bool)) and value != ""}
    nx.write_graphml(clean, str(path), encoding="utf-8")


def matrix_of(graph: nx.Graph) -> tuple[list[str], list[str], np.ndarray]:
    """Row labels, column labels and the weight matrix: actors × themes for a two-mode network,
    nodes × nodes otherwise."""
    if graph.is_multigraph():
        raise ExportError("a directed network per theme has several edges per pair; export it as GraphML, "
                          "or choose the pooled directed network for a matrix")
    nodes = list(graph)
    if graph.graph.get("kind") == "twomode":
        rows = [n for n in nodes if graph.nodes[n]["variable"] == "actor"]
        columns = [n for n in nodes if graph.nodes[n]["variable"] == "theme"]
    else:
        rows = columns = nodes
    full = nx.to_numpy_array(graph, nodelist=nodes, weight="weight")
    index = {node: number for number, node in enumerate(nodes)}
    return rows, columns, full[np.ix_([index[r] for r in rows], [index[c] for c in columns])]


def write_matrix_csv(graph: nx.Graph, path: str | Path) -> None:
    """DNA's CSV matrix: ``;``-separated, an empty first cell, column labels, then one row per node."""
    rows, columns, matrix = matrix_of(graph)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\n")
        writer.writerow(["", *csv_safe_values(columns)[0]])
        for label, values in zip(csv_safe_values(rows)[0], matrix):
            writer.writerow([label, *(_number(v) for v in values)])


def write_dl(graph: nx.Graph, path: str | Path) -> None:
    """UCINET DL, full matrix with embedded (quoted) labels; nr × nc for a two-mode network."""
    rows, columns, matrix = matrix_of(graph)
    square = graph.graph.get("kind") != "twomode"
    lines = [f"dl n={len(rows)}" if square else f"dl nr={len(rows)} nc={len(columns)}", "format = fullmatrix"]
    lines += ["labels embedded"] if square else ["row labels embedded", "column labels embedded"]
    lines += ["data:", " ".join(_quoted(c) for c in columns)]
    lines += [" ".join([_quoted(label), *(_number(v) for v in values)]) for label, values in zip(rows, matrix)]
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_event_list(frame: pd.DataFrame, spec: NetworkSpec, path: str | Path) -> None:
    """One row per claim that enters the network, with its network fields (UTF-8 with BOM)."""
    events = usable_claims(frame, spec)
    columns = [c for c in EVENT_COLUMNS if c in events.columns]
    table = events[columns].copy()
    table["published"] = pd.to_datetime(table["published"]).dt.date
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(csv_header(columns))
        for row in table.itertuples(index=False):
            values = [None if pd.isna(v) else v for v in row]
            writer.writerow(["" if v is None else v for v in csv_safe_values(values)[0]])


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(round(float(value), 10))


def _quoted(label: str) -> str:
    return '"' + str(label).replace('"', "'") + '"'


# -- all outputs in one go ---------------------------------------------------------------------

OUTPUTS = ("graphml", "csv", "dl", "events", "drawing")


def export_network(project, spec: NetworkSpec, choice: NetworkFilter, outputs: dict[str, str | Path], *,
                   window: str | None = None, overwrite: bool = False) -> list[str]:
    """Build the network (one per time window with ``window``) and write the chosen outputs
    (keys of ``OUTPUTS``), all or nothing. With windows each file name gets the period:
    ``net.graphml`` → ``net-2024-Q1.graphml``. Returns one summary line per file (and a note
    when several coders' claims are pooled)."""
    unknown = set(outputs) - set(OUTPUTS)
    if unknown or not outputs:
        raise ExportError(f"network outputs are {', '.join(OUTPUTS)}; got {', '.join(sorted(unknown)) or 'none'}")
    frame, selection = network_claims(project, choice)
    parts = {"": frame} if window in (None, "none") else split_windows(frame, window)
    if not parts:
        raise ExportError(f"{project.path}: no dated claims to split into windows")
    jobs = []
    for label, part in parts.items():
        graph = graph_of(part, selection.codebook, spec, choice)
        for kind, path in outputs.items():
            path = Path(path)
            target = path.with_name(f"{path.stem}-{label}{path.suffix}") if label else path
            jobs.append((kind, target, graph, part, label))
    lines = []
    with atomic_outputs([target for _, target, *_ in jobs], overwrite=overwrite, protect=[project.path]) as temporary:
        for (kind, target, graph, part, label), scratch in zip(jobs, temporary):
            if kind == "graphml":
                write_graphml(graph, scratch)
            elif kind == "csv":
                write_matrix_csv(graph, scratch)
            elif kind == "dl":
                write_dl(graph, scratch)
            elif kind == "events":
                write_event_list(part, spec, scratch)
            else:
                title = graph.graph["description"] + (f" — {label}" if label else "")
                save_drawing(graph, scratch, title=title, suffix=target.suffix)
            what = (f"{len(usable_claims(part, spec))} claims" if kind == "events" else
                    f"{graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges")
            lines.append(f"Wrote {target}: {what} ({graph.graph['description']})")
    note = pooling_note(frame)
    return lines + ([f"Note: {note}"] if note else [])
