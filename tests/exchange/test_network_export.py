"""Network files: GraphML read back by networkx and igraph, the ';' CSV matrix, UCINET DL, the
event list and the drawings."""

import csv

import igraph
import networkx as nx
import numpy as np
import pytest

from afpak_coder.analysis.network_api import network
from afpak_coder.analysis.network_graph import NetworkSpec
from afpak_coder.exchange.atomic import ExportError
from afpak_coder.exchange.network_drawing import save_drawing
from afpak_coder.exchange.network_export import (
    matrix_of, write_dl, write_event_list, write_graphml, write_matrix_csv,
)
from project_backends import sample_project


@pytest.fixture(scope="module")
def sample(tmp_path_factory, backend, request):
    with sample_project(tmp_path_factory.mktemp("networks"), backend, request) as project:
        yield project


@pytest.fixture(scope="module")
def twomode(sample):
    return network(sample, kind="twomode", weight="subtract", coders="Ayesha")


def test_graphml_reads_back_in_networkx_with_every_attribute(twomode, tmp_path):
    path = tmp_path / "net.graphml"
    write_graphml(twomode, path)
    found = nx.read_graphml(path)
    assert set(found) == set(twomode)
    assert found.number_of_edges() == twomode.number_of_edges()
    node = next(n for n in twomode if twomode.nodes[n]["variable"] == "actor")
    assert found.nodes[node] == twomode.nodes[node]  # name, variable, type, frequency, actor_type, colour
    for u, v, data in twomode.edges(data=True):
        assert found.edges[u, v]["weight"] == pytest.approx(data["weight"])
        assert found.edges[u, v]["sign"] == data["sign"]
    assert found.graph["kind"] == "twomode"
    assert "visone" not in path.read_text(encoding="utf-8")


def test_graphml_reads_back_in_igraph_as_a_bipartite_graph(twomode, tmp_path):
    path = tmp_path / "net.graphml"
    write_graphml(twomode, path)
    found = igraph.Graph.Read_GraphML(str(path))
    assert found.vcount() == twomode.number_of_nodes() and found.ecount() == twomode.number_of_edges()
    assert found.is_bipartite()
    assert sorted(found.vs["type"]) == sorted(bool(twomode.nodes[n]["type"]) for n in twomode)
    assert set(found.vs["variable"]) == {"actor", "theme"}
    assert sorted(found.es["weight"]) == pytest.approx(sorted(d["weight"] for _, _, d in twomode.edges(data=True)))


def test_directed_multigraph_graphml_round_trip(sample, tmp_path):
    graph = network(sample, kind="directed", weight="stance", per_theme=True, coders="Ayesha")
    write_graphml(graph, tmp_path / "d.graphml")
    found = nx.read_graphml(tmp_path / "d.graphml", force_multigraph=True)
    assert found.is_directed() and found.number_of_edges() == graph.number_of_edges()
    assert igraph.Graph.Read_GraphML(str(tmp_path / "d.graphml")).is_directed()
    with pytest.raises(ExportError, match="per theme"):
        write_matrix_csv(graph, tmp_path / "d.csv")


def test_csv_matrix_is_dna_style_and_symmetric_for_onemode(sample, tmp_path):
    graph = network(sample, kind="onemode", weight="subtract", normalise="average", coders="Ayesha")
    write_matrix_csv(graph, tmp_path / "m.csv")
    rows = list(csv.reader((tmp_path / "m.csv").open(encoding="utf-8"), delimiter=";"))
    labels = rows[0][1:]
    assert rows[0][0] == "" and labels == [r[0] for r in rows[1:]] == list(graph)
    values = np.array([[float(v) for v in r[1:]] for r in rows[1:]])
    assert np.allclose(values, values.T) and np.allclose(np.diag(values), 0)
    assert np.allclose(values, nx.to_numpy_array(graph, nodelist=labels))


def test_ucinet_dl_two_mode(twomode, tmp_path):
    write_dl(twomode, tmp_path / "m.dl")
    lines = (tmp_path / "m.dl").read_text(encoding="utf-8").splitlines()
    rows, columns, values = matrix_of(twomode)
    assert lines[:5] == [f"dl nr={len(rows)} nc={len(columns)}", "format = fullmatrix", "row labels embedded",
                         "column labels embedded", "data:"]
    assert lines[5] == " ".join(f'"{c}"' for c in columns)
    first = lines[6]
    assert first.startswith(f'"{rows[0]}" ')
    numbers = [float(x) for x in first[len(rows[0]) + 3:].split()]
    assert numbers == pytest.approx(values[0].tolist())


def test_event_list_has_one_row_per_claim_in_the_network(sample, tmp_path):
    frame = sample.claims_frame(coder="Ayesha")
    spec = NetworkSpec(kind="directed", weight="count")
    write_event_list(frame, spec, tmp_path / "events.csv")
    rows = list(csv.DictReader((tmp_path / "events.csv").open(encoding="utf-8-sig")))
    assert len(rows) == frame["target"].notna().sum()  # directed: claims with a target
    assert {"claim_id", "actor", "target", "theme_path", "stance", "published"} <= set(rows[0])


@pytest.mark.parametrize("suffix, magic", [(".png", b"\x89PNG"), (".svg", b"<?xml"), (".pdf", b"%PDF")])
def test_drawings_are_written_in_each_format(twomode, tmp_path, suffix, magic):
    save_drawing(twomode, tmp_path / f"net{suffix}", title="two-mode")
    assert (tmp_path / f"net{suffix}").read_bytes().startswith(magic)


def test_drawing_refuses_unknown_format(twomode, tmp_path):
    with pytest.raises(ExportError, match="saved as .png"):
        save_drawing(twomode, tmp_path / "net.bmp")
