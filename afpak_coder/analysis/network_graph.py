"""Discourse networks as networkx graphs, built from a claims frame and the codebook.

    spec = NetworkSpec(kind="onemode", weight="congruence", normalise="average")
    graph = build_network(frame, codebook, spec)          # nx.Graph
    claims_behind(frame, spec, graph, "Pakistani government", "Afghan Taliban administration")

Kinds: ``onemode`` (actors through shared themes, or with ``mode="themes"`` themes through shared
actors; undirected), ``twomode`` (actor × theme; bipartite), ``directed`` (actor → target,
weighted by the number of claims or their mean stance; pooled over themes, or with
``per_theme=True`` one edge per theme in a MultiDiGraph keyed by theme path).

Which claims count: an actor network leaves out claims without an actor, a theme network those
without a theme, a directed network those without a target; weights that use the stance
(congruence, conflict, subtract, combine, mean stance) leave out claims without a stance.
Edges are the non-zero cells of the matrix. Without ``isolates`` a node with no edge is dropped;
with it every codebook actor/theme is a node (archived ones only when claims use them).

Nodes carry ``name``, ``variable`` (actor/theme), ``type`` (False for actors, True for themes:
igraph's bipartite flag), ``frequency`` (claims in the network's data), ``actor_type`` and
``colour``; edges ``weight`` and ``sign`` (+1, −1, 0 for mixed), directed edges also ``count``
and ``mean_stance``.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import numpy as np
import pandas as pd

from afpak_coder.analysis import networks
from afpak_coder.analysis.filters import Codebook
from afpak_coder.core.errors import ValidationError

KINDS = ("onemode", "twomode", "directed")
KIND_NAMES = {"onemode": "one-mode", "twomode": "two-mode", "directed": "directed"}
MODES = ("actors", "themes")
DIRECTED_WEIGHTS = ("count", "stance")
STANCE_WEIGHTS = {"congruence", "conflict", "subtract", "combine", "stance"}
TYPE_PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
                "#bcbd22", "#17becf")
NO_TYPE_COLOUR = "#999999"


@dataclass(frozen=True)
class NetworkSpec:
    kind: str = "onemode"
    weight: str = "congruence"
    normalise: str = "none"
    mode: str = "actors"  # one-mode: actors through themes, or themes through actors
    per_theme: bool = False  # directed: one edge per theme
    isolates: bool = False

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValidationError(f"network kind {self.kind!r} is not one of {', '.join(KINDS)}")
        if self.mode not in MODES:
            raise ValidationError(f"mode {self.mode!r} is not one of {', '.join(MODES)}")
        allowed = {"onemode": networks.ONEMODE_WEIGHTS, "twomode": networks.TWOMODE_WEIGHTS,
                   "directed": DIRECTED_WEIGHTS}[self.kind]
        if self.weight not in allowed:
            raise ValidationError(f"a {KIND_NAMES[self.kind]} network's weight is one of {', '.join(allowed)}, "
                                  f"not {self.weight!r}")
        normalisations = {"onemode": networks.ONEMODE_NORMALISATIONS, "twomode": networks.TWOMODE_NORMALISATIONS,
                          "directed": ("none",)}[self.kind]
        if self.normalise not in normalisations:
            raise ValidationError(f"a {KIND_NAMES[self.kind]} network's normalisation is one of "
                                  f"{', '.join(normalisations)}, "
                                  f"not {self.normalise!r}")

    def describe(self) -> str:
        what = {"onemode": f"one-mode {self.mode[:-1]} × {self.mode[:-1]}", "twomode": "two-mode actor × theme",
                "directed": "directed actor → target" + (" per theme" if self.per_theme else "")}[self.kind]
        norm = "" if self.normalise == "none" else f", {self.normalise} normalisation"
        return f"{what}, weight {self.weight}{norm}"


def type_colours(codebook: Codebook) -> dict[str, str]:
    """Actor type → colour, types in alphabetical order on a fixed palette."""
    types = sorted({a.type for a in codebook.actors if a.type}, key=str.casefold)
    return {name: TYPE_PALETTE[number % len(TYPE_PALETTE)] for number, name in enumerate(types)}


def usable_claims(frame: pd.DataFrame, spec: NetworkSpec) -> pd.DataFrame:
    """The claims that can enter this network (see the module docstring)."""
    needed = {"onemode": ["actor", "theme_path"], "twomode": ["actor", "theme_path"],
              "directed": ["actor", "target"] + (["theme_path"] if spec.per_theme else [])}[spec.kind]
    if spec.weight in STANCE_WEIGHTS:
        needed.append("stance")
    return frame.dropna(subset=needed)


def build_network(frame: pd.DataFrame, codebook: Codebook, spec: NetworkSpec) -> nx.Graph:
    if spec.kind == "directed":
        graph = _directed(frame, codebook, spec)
    else:
        graph = _from_matrix(frame, codebook, spec)
    graph.graph.update(kind=spec.kind, weight=spec.weight, normalise=spec.normalise, mode=spec.mode,
                       claims=int(len(usable_claims(frame, spec))), description=spec.describe())
    if not spec.isolates:
        graph.remove_nodes_from([node for node in list(graph) if graph.degree(node) == 0])
    return graph


def _from_matrix(frame: pd.DataFrame, codebook: Codebook, spec: NetworkSpec) -> nx.Graph:
    actors = _active(codebook.actors, frame["actor"], lambda a: a.name)
    themes = _active(codebook.themes, frame["theme_path"], lambda t: t.path_label)
    actor_codes = _codes(frame["actor"], [a.name for a in actors])
    theme_codes = _codes(frame["theme_path"], [t.path_label for t in themes])
    values = np.array([level.value for level in codebook.stance_levels], dtype=np.float64)
    stance_codes = _codes(frame["stance"], [level.value for level in codebook.stance_levels])
    array = networks.claim_array(actor_codes, theme_codes, stance_codes, len(actors), len(themes), values)
    graph: nx.Graph = nx.Graph()
    colours = type_colours(codebook)
    both = (actor_codes >= 0) & (theme_codes >= 0)  # the claims in X
    actor_counts = np.bincount(actor_codes[both], minlength=len(actors))
    theme_counts = np.bincount(theme_codes[both], minlength=len(themes))
    actor_nodes = [_actor_node(graph, a, int(actor_counts[n]), colours) for n, a in enumerate(actors)]
    theme_nodes = [_theme_node(graph, t, int(theme_counts[n])) for n, t in enumerate(themes)]
    if spec.kind == "twomode":
        matrix = networks.twomode(array, spec.weight, spec.normalise)
        _add_edges(graph, matrix, actor_nodes, theme_nodes, spec.weight, upper_only=False)
        return graph
    span = float(values.max() - values.min()) if len(values) > 1 else None
    if spec.mode == "actors":
        graph.remove_nodes_from(theme_nodes)
        matrix = networks.onemode(array, spec.weight, spec.normalise, span=span)
        _add_edges(graph, matrix, actor_nodes, actor_nodes, spec.weight, upper_only=True)
    else:
        graph.remove_nodes_from(actor_nodes)
        matrix = networks.onemode(array.transposed(), spec.weight, spec.normalise, span=span)
        _add_edges(graph, matrix, theme_nodes, theme_nodes, spec.weight, upper_only=True)
    return graph


def _directed(frame: pd.DataFrame, codebook: Codebook, spec: NetworkSpec) -> nx.Graph:
    graph: nx.Graph = nx.MultiDiGraph() if spec.per_theme else nx.DiGraph()
    frame = usable_claims(frame, spec)
    actors = _active(codebook.actors, pd.concat([frame["actor"], frame["target"]]), lambda a: a.name)
    colours = type_colours(codebook)
    made = frame["actor"].value_counts()
    for actor in actors:
        _actor_node(graph, actor, int(made.get(actor.name, 0)), colours)
    keys = ["actor", "target"] + (["theme_path"] if spec.per_theme else [])
    stances = pd.to_numeric(frame["stance"], errors="coerce").astype("float64")
    grouped = (frame[keys].assign(_stance=stances).groupby(keys, sort=False)["_stance"].agg(["size", "mean"])
               .reset_index())
    grouped = grouped[grouped["actor"] != grouped["target"]]  # a claim about oneself is no tie between two
    if spec.weight == "stance":
        grouped = grouped[grouped["mean"].notna()]
    means = grouped["mean"].to_numpy()
    weights = grouped["size"].to_numpy(dtype=float) if spec.weight == "count" else means
    signs = np.sign(np.nan_to_num(means)).astype(int)
    edges = []
    for number, row in enumerate(zip(*(grouped[k].to_numpy() for k in keys))):
        attributes = {"weight": float(weights[number]), "count": int(grouped["size"].iat[number]),
                      "sign": int(signs[number])}
        if not np.isnan(means[number]):
            attributes["mean_stance"] = float(means[number])
        if spec.per_theme:
            attributes["theme"] = row[2]
            edges.append((row[0], row[1], row[2], attributes))
        else:
            edges.append((row[0], row[1], attributes))
    graph.add_edges_from(edges)
    return graph


def _active(entries: list, used: pd.Series, name_of) -> list:
    """Codebook entries in codebook order: those the claims use, and the unarchived rest (which
    become isolates when asked for)."""
    used_names = set(used.dropna())
    return [entry for entry in entries if name_of(entry) in used_names or not entry.archived]


def _codes(series: pd.Series, categories: list) -> np.ndarray:
    return pd.Categorical(series, categories=categories).codes.astype(np.int64)


def _actor_node(graph: nx.Graph, actor, frequency: int, colours: dict[str, str]) -> str:
    graph.add_node(actor.name, name=actor.name, variable="actor", type=False, frequency=frequency,
                   actor_type=actor.type or "", colour=colours.get(actor.type, NO_TYPE_COLOUR))
    return actor.name


def _theme_node(graph: nx.Graph, theme, frequency: int) -> str:
    node = theme.path_label if theme.path_label not in graph else f"{theme.path_label} (theme)"
    graph.add_node(node, name=theme.name, path=theme.path_label, variable="theme", type=True,
                   frequency=frequency, actor_type="", colour=theme.color)
    return node


def _add_edges(graph: nx.Graph, matrix: np.ndarray, rows: list[str], columns: list[str], weight: str, *,
               upper_only: bool) -> None:
    found_rows, found_columns = np.nonzero(matrix)
    for i, j in zip(found_rows.tolist(), found_columns.tolist()):
        if upper_only and j <= i:
            continue
        value = float(matrix[i, j])
        graph.add_edge(rows[i], columns[j], weight=value, sign=networks.edge_sign(value, weight))


def claims_behind(frame: pd.DataFrame, spec: NetworkSpec, graph: nx.Graph, source: str, target: str,
                  key: str | None = None) -> pd.DataFrame:
    """The claims that make the edge between ``source`` and ``target`` (node ids of ``graph``)."""
    frame = usable_claims(frame, spec)
    if spec.kind == "directed":
        chosen = (frame["actor"] == source) & (frame["target"] == target)
        if key is not None:
            chosen &= frame["theme_path"] == key
        return frame[chosen]
    if spec.kind == "twomode":
        actor, theme = (source, target) if graph.nodes[source]["variable"] == "actor" else (target, source)
        return frame[(frame["actor"] == actor) & (frame["theme_path"] == graph.nodes[theme]["path"])]
    own, through = ("actor", "theme_path") if spec.mode == "actors" else ("theme_path", "actor")
    first, second = (graph.nodes[n].get("path", n) for n in (source, target))
    shared = set(frame.loc[frame[own] == first, through]) & set(frame.loc[frame[own] == second, through])
    return frame[frame[own].isin([first, second]) & frame[through].isin(shared)]
