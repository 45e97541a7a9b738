"""Centrality of the nodes of a discourse network, for the Networks window's table.

    centrality_table(graph)   # name, variable, degree, weighted degree, betweenness

degree: number of neighbours (in a directed network, in- plus out-neighbours' edges); weighted
degree: the sum of the absolute edge weights (a strong negative tie is as central as a strong
positive one); betweenness: networkx's normalised betweenness with the distance of an edge taken
as 1 / |weight|, so that strong ties are short.
"""

from __future__ import annotations

import networkx as nx
import pandas as pd

COLUMNS = ["node", "name", "variable", "degree", "weighted degree", "betweenness"]


def centrality_table(graph: nx.Graph) -> pd.DataFrame:
    simple = nx.DiGraph() if graph.is_directed() else nx.Graph()
    simple.add_nodes_from(graph)
    for u, v, data in graph.edges(data=True):
        strength = abs(float(data.get("weight", 1.0)))
        previous = simple.get_edge_data(u, v, {"strength": 0.0})["strength"]
        simple.add_edge(u, v, strength=previous + strength)
    for _, _, data in simple.edges(data=True):
        data["distance"] = 1.0 / data["strength"] if data["strength"] else float("inf")
    betweenness = nx.betweenness_centrality(simple, weight="distance", normalized=True) if len(simple) else {}
    rows = [(node, graph.nodes[node].get("name", node), graph.nodes[node].get("variable", ""),
             int(simple.degree(node)), float(simple.degree(node, weight="strength")), float(betweenness.get(node, 0.0)))
            for node in graph]
    table = pd.DataFrame(rows, columns=COLUMNS)
    return table.sort_values(["weighted degree", "name"], ascending=[False, True], kind="stable").reset_index(drop=True)
