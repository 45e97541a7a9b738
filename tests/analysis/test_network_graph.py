"""Networks of a real project: graphs, filters, windows, directed ties and the claims behind an edge.

The project holds the hand-computed example of test_networks.py (actors A, B, C; themes T1, T2
under a top theme; stance −2 … +2), coded by Ayesha, plus a second coder's claims to filter.
"""

import datetime as dt

import networkx as nx
import numpy as np
import pytest

import afpak_coder
from afpak_coder.analysis.filters import Codebook
from afpak_coder.analysis.network_api import network
from afpak_coder.analysis.network_graph import NetworkSpec, build_network, claims_behind
from afpak_coder.core.errors import ValidationError

TEXT = "A said one thing. B said another. C disagreed. Then everyone talked again at length."


@pytest.fixture
def study(tmp_path):
    with afpak_coder.create_project(tmp_path / "net.afpak", codebook=None) as project:
        project.add_theme("Top")
        project.add_theme("T1", parent="Top")
        project.add_theme("T2", parent="Top")
        project.add_theme("Unused")
        project.add_actor("A", type="state")
        project.add_actor("B", type="state")
        project.add_actor("C", type="armed group")
        project.add_actor("D", type="media")  # never coded: an isolate
        for value, label in ((-2, "very negative"), (-1, "negative"), (0, "neutral"), (1, "positive"),
                             (2, "very positive")):
            project.add_stance_level(value, label)
        first = project.add_document(TEXT, title="One", outlet="Dawn", published="2024-02-10")
        second = project.add_document(TEXT + " More.", title="Two", outlet="Pajhwok", published="2024-05-03")
        project.add_coder("Ayesha")
        project.add_coder("Bilal")

        def claim(document, start, actor, theme, stance, target=None, coder="Ayesha"):
            project.add_claim(document=document, coder=coder, start=start, end=start + 5, theme=theme,
                              actor=actor, stance=stance, target=target)

        claim(first, 0, "A", "T1", 2, target="C")
        claim(first, 10, "A", "T1", 2, target="C")
        claim(first, 20, "A", "T2", -1, target="B")
        claim(first, 30, "B", "T1", 1, target="C")
        claim(second, 0, "B", "T2", -1, target="A")
        claim(second, 10, "C", "T1", -2, target="A")
        claim(second, 20, "C", "T2", None)
        claim(first, 0, "A", "T1", -2, target="C", coder="Bilal")
        yield project


def matrix(graph, nodes):
    return nx.to_numpy_array(graph, nodelist=nodes, weight="weight")


def test_onemode_congruence_matches_the_hand_computed_matrix(study):
    graph = network(study, kind="onemode", weight="congruence", coders="Ayesha")
    # see test_networks.py: A–B 2.5, B–C 0.25, A–C 0 (no edge)
    assert np.allclose(matrix(graph, ["A", "B", "C"]), [[0, 2.5, 0], [2.5, 0, 0.25], [0, 0.25, 0]])
    assert "D" not in graph  # no claims, no edge: isolates are dropped by default
    assert graph.nodes["A"] == {"name": "A", "variable": "actor", "type": False, "frequency": 3,
                                "actor_type": "state", "colour": graph.nodes["B"]["colour"]}
    assert graph.nodes["C"]["colour"] != graph.nodes["A"]["colour"]  # coloured by actor type
    assert graph.edges["A", "B"]["sign"] == 1


def test_subtract_gives_signed_edges_and_isolates_can_be_kept(study):
    graph = network(study, kind="onemode", weight="subtract", coders="Ayesha", isolates=True)
    assert np.allclose(matrix(graph, ["A", "B", "C", "D"]),
                       [[0, 2, -2, 0], [2, 0, -0.5, 0], [-2, -0.5, 0, 0], [0, 0, 0, 0]])
    assert graph.edges["A", "C"]["sign"] == -1 and "D" in graph


def test_theme_network_and_two_mode_network(study):
    themes = network(study, kind="onemode", mode="themes", weight="conflict", coders="Ayesha")
    assert np.allclose(matrix(themes, ["Top › T1", "Top › T2"]), [[0, 2], [2, 0]])
    assert themes.nodes["Top › T1"]["name"] == "T1" and themes.nodes["Top › T1"]["variable"] == "theme"
    twomode = network(study, kind="twomode", weight="subtract", normalise="activity", coders="Ayesha")
    rows = nx.bipartite.biadjacency_matrix(twomode, ["A", "B", "C"], ["Top › T1", "Top › T2"]).toarray()
    assert np.allclose(rows, [[4 / 3, -1 / 3], [0.5, -0.5], [-2, 0]])
    assert {twomode.nodes[n]["type"] for n in ["A", "B", "C"]} == {False}
    assert twomode.nodes["Top › T1"]["type"] is True


def test_directed_network_counts_and_averages_stance(study):
    graph = network(study, kind="directed", weight="count", coders="Ayesha")
    assert graph.is_directed()
    assert graph.edges["A", "C"] == {"weight": 2.0, "count": 2, "sign": 1, "mean_stance": 2.0}
    assert graph.edges["C", "A"]["mean_stance"] == -2.0 and graph.edges["C", "A"]["sign"] == -1
    assert not graph.has_edge("C", "B")  # C's claim on T2 has no target
    stance = network(study, kind="directed", weight="stance", coders="Ayesha")
    assert stance.edges["B", "A"]["weight"] == -1.0
    per_theme = network(study, kind="directed", weight="count", per_theme=True, coders="Ayesha")
    assert per_theme.is_multigraph() and set(per_theme["A"]["B"]) == {"Top › T2"}


def test_coders_filter_and_pooling_note(study):
    everyone = network(study, kind="directed", weight="count")
    assert everyone.edges["A", "C"]["count"] == 3  # Bilal's coding of the same passage counts too
    assert "2 coders pooled" in everyone.graph["pooling"]
    bilal = network(study, kind="directed", weight="count", coders=["Bilal"])
    assert bilal.edges["A", "C"]["count"] == 1 and bilal.graph["pooling"] == ""
    with pytest.raises(Exception, match="Consensus"):
        network(study, coders="consensus")


def test_outlet_date_theme_and_duplicate_filters(study):
    dawn = network(study, kind="twomode", weight="ignore", coders="Ayesha", outlets=["dawn"])
    assert set(n for n in dawn if dawn.nodes[n]["variable"] == "actor") == {"A", "B"}
    later = network(study, kind="twomode", weight="ignore", coders="Ayesha", date_from=dt.date(2024, 4, 1))
    assert set(n for n in later if later.nodes[n]["variable"] == "actor") == {"B", "C"}
    only_t1 = network(study, kind="twomode", weight="ignore", coders="Ayesha", themes=["T1"])
    assert {n for n in only_t1 if only_t1.nodes[n]["variable"] == "theme"} == {"Top › T1"}
    once = network(study, kind="directed", weight="count", coders="Ayesha", duplicates="document")
    assert once.edges["A", "C"]["count"] == 1  # the same claim twice in one document counts once


def test_windows_give_one_network_per_quarter(study):
    series = network(study, kind="twomode", weight="ignore", coders="Ayesha", window="quarter")
    assert list(series) == ["2024-Q1", "2024-Q2"]
    assert series["2024-Q1"].graph["claims"] == 4 and series["2024-Q2"].graph["claims"] == 3
    with pytest.raises(ValidationError, match="window 'week'"):
        network(study, window="week")


def test_claims_without_an_actor_are_left_out_of_actor_networks(study):
    for claim in study.claims(coder="Ayesha"):
        if claim.actor.name == "B":
            study.update_claim(claim, actor=None)  # incomplete claims, e.g. imported from another tool
    frame = study.claims_frame(coder="Ayesha")
    assert frame["actor"].isna().sum() == 2
    codebook = Codebook.of(study)
    graph = build_network(frame, codebook, NetworkSpec(kind="onemode", weight="ignore"))
    assert set(graph) == {"A", "C"}
    themes = build_network(frame, codebook, NetworkSpec(kind="onemode", mode="themes", weight="ignore"))
    assert themes.edges["Top › T1", "Top › T2"]["weight"] == 3  # A 2·1 + C 1·1: B's claims have no actor


def test_claims_behind_an_edge(study):
    frame = study.claims_frame(coder="Ayesha")
    codebook = Codebook.of(study)
    spec = NetworkSpec(kind="onemode", weight="congruence")
    graph = build_network(frame, codebook, spec)
    behind = claims_behind(frame, spec, graph, "A", "B")
    assert sorted(zip(behind["actor"], behind["theme"])) == [("A", "T1"), ("A", "T1"), ("A", "T2"),
                                                             ("B", "T1"), ("B", "T2")]
    twomode = NetworkSpec(kind="twomode", weight="ignore")
    graph2 = build_network(frame, codebook, twomode)
    assert len(claims_behind(frame, twomode, graph2, "Top › T1", "A")) == 2
    directed = NetworkSpec(kind="directed", weight="count")
    graph3 = build_network(frame, codebook, directed)
    assert claims_behind(frame, directed, graph3, "B", "A")["theme"].tolist() == ["T2"]


def test_bad_combinations_are_refused(study):
    with pytest.raises(ValidationError, match="two-mode network's normalisation"):
        network(study, kind="twomode", weight="ignore", normalise="average")
    with pytest.raises(ValidationError, match="directed network's weight"):
        network(study, kind="directed", weight="congruence")


def test_centrality_table_by_hand():
    from afpak_coder.analysis.network_centrality import centrality_table

    # A path X –2– Y –(−1)– Z: Y lies between X and Z; degrees 1, 2, 1; weighted 2, 3, 1
    graph = nx.Graph()
    graph.add_edge("X", "Y", weight=2.0)
    graph.add_edge("Y", "Z", weight=-1.0)
    table = centrality_table(graph).set_index("node")
    assert table.loc[["X", "Y", "Z"], "degree"].tolist() == [1, 2, 1]
    assert table.loc[["X", "Y", "Z"], "weighted degree"].tolist() == [2.0, 3.0, 1.0]
    assert table.loc[["X", "Y", "Z"], "betweenness"].tolist() == [0.0, 1.0, 0.0]  # the only path runs through Y
    assert centrality_table(graph)["node"].tolist() == ["Y", "X", "Z"]  # by weighted degree
