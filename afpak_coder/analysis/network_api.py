"""``afpak_coder.network(project, ...)``: a discourse network of a project as a networkx graph.

    import afpak_coder
    with afpak_coder.open_project("study.afpak") as p:
        g = afpak_coder.network(p, kind="onemode", weight="congruence", normalise="average",
                                coders="Ayesha")
        by_quarter = afpak_coder.network(p, kind="twomode", weight="subtract", window="quarter")

It lives at package level rather than as ``Project.network`` because the Project service (core)
must not depend on the analysis layer (an import-linter contract).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import networkx as nx
import pandas as pd

from afpak_coder.analysis.filters import ClaimFilter
from afpak_coder.analysis.network_filters import NetworkFilter, network_claims, pooling_note, split_windows
from afpak_coder.analysis.network_graph import NetworkSpec, build_network

CONSENSUS = "consensus"


def network_filter(*, coders: Any = None, documents: Iterable[str] = (), variables: Iterable[tuple[str, str]] = (),
                   date_from: dt.date | None = None, date_to: dt.date | None = None, themes: Iterable[str] = (),
                   outlets: Iterable[str] = (), duplicates: str = "all") -> NetworkFilter:
    """``coders``: None (all coders), a coder's name, several names, or ``"consensus"``."""
    consensus = isinstance(coders, str) and coders.casefold() == CONSENSUS
    names = () if coders is None or consensus else (coders,) if isinstance(coders, str) else tuple(coders)
    claim_filter = ClaimFilter(coders=names, consensus_only=consensus, documents=tuple(documents),
                               variables=tuple(variables), date_from=date_from, date_to=date_to,
                               themes=tuple(themes))
    return NetworkFilter(claims=claim_filter, outlets=tuple(outlets), duplicates=duplicates)


def network(project, *, kind: str = "onemode", weight: str = "congruence", normalise: str = "none",
            mode: str = "actors", per_theme: bool = False, isolates: bool = False, window: str | None = None,
            **filters: Any) -> nx.Graph | dict[str, nx.Graph]:
    """The network (see ``NetworkSpec``) of the claims the filters keep (see ``network_filter``).
    With ``window`` ("month", "quarter", "year"): one graph per period, in time order."""
    spec = NetworkSpec(kind=kind, weight=weight, normalise=normalise, mode=mode, per_theme=per_theme,
                       isolates=isolates)
    choice = network_filter(**filters)
    frame, selection = network_claims(project, choice)
    if window in (None, "none"):
        return graph_of(frame, selection.codebook, spec, choice)
    return {label: graph_of(part, selection.codebook, spec, choice)
            for label, part in split_windows(frame, window).items()}


def graph_of(frame: pd.DataFrame, codebook, spec: NetworkSpec, choice: NetworkFilter) -> nx.Graph:
    graph = build_network(frame, codebook, spec)
    graph.graph["filters"] = "; ".join(choice.describe())
    graph.graph["pooling"] = pooling_note(frame)
    return graph
