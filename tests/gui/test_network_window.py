"""Analysis → Networks, driven through its widgets on the sample project."""

import networkx as nx
import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QFileDialog

import afpak_coder
from afpak_coder.core.sample import build_sample_project
from afpak_coder.gui.networks.network_window import ALL_CODERS, NetworkWindow
from gui_helpers import choose_text as choose


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    with build_sample_project(tmp_path_factory.mktemp("network-window") / "sample.afpak") as project:
        yield project


@pytest.fixture
def window(qtbot, sample, errors):
    widget = NetworkWindow(sample)
    qtbot.addWidget(widget)
    widget.resize(1400, 860)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def matrix_values(window):
    model = window.matrix_model
    return np.array([[float(model.frame.iat[r, c]) for c in range(model.columnCount())]
                     for r in range(model.rowCount())])


def test_opens_on_all_coders_and_says_they_are_pooled(window, sample, errors):
    assert window.coder_box.currentText() == ALL_CODERS
    assert window.note.isVisible() and "3 coders pooled" in window.note.text()
    expected = afpak_coder.network(sample)
    assert window.graph.number_of_edges() == expected.number_of_edges()
    assert errors == []


def test_settings_rebuild_the_network_and_the_matrix_matches_the_api(window, sample):
    choose(window.coder_box, "Ayesha")
    choose(window.weight_box, "Subtract (congruence − conflict)")
    choose(window.normalise_box, "Average activity")
    assert not window.note.isVisible()
    expected = afpak_coder.network(sample, kind="onemode", weight="subtract", normalise="average", coders="Ayesha")
    nodes = list(window.graph)
    assert set(nodes) == set(expected)
    assert np.allclose(matrix_values(window), nx.to_numpy_array(expected, nodelist=nodes))
    values = matrix_values(window)
    assert np.allclose(values, values.T)  # one-mode: symmetric
    assert "one-mode actor × actor, weight subtract, average normalisation" in window.summary.text()


def test_two_mode_offers_its_own_weights_and_shows_actors_by_themes(window, sample):
    choose(window.kind_box, "Actors × themes (two-mode)")
    weights = [window.weight_box.itemData(i) for i in range(window.weight_box.count())]
    assert weights == ["subtract", "combine", "ignore"]
    assert [window.normalise_box.itemData(i) for i in range(window.normalise_box.count())] == \
        ["none", "activity", "prominence"]
    actors = [n for n in window.graph if window.graph.nodes[n]["variable"] == "actor"]
    themes = [n for n in window.graph if window.graph.nodes[n]["variable"] == "theme"]
    assert window.matrix_model.frame.shape == (len(actors), len(themes))
    assert window.centrality_model.rowCount() == window.graph.number_of_nodes()


def test_clicking_an_edge_lists_the_claims_behind_it(window, qtbot):
    choose(window.coder_box, "Ayesha")
    choose(window.kind_box, "Actor → target (directed)")
    source, target, data = max(window.graph.edges(data=True), key=lambda e: e[2]["count"])
    x, y = window.canvas.edge_pixels(source, target)
    qtbot.mouseClick(window.canvas, Qt.MouseButton.LeftButton, pos=QPoint(round(x), round(y)))
    clicked = window.canvas.highlighted
    assert clicked is not None
    count = window.graph.edges[clicked]["count"]
    assert window.claims_model.rowCount() == count
    claims = window.claims_model.frame
    assert set(claims["actor"]) == {clicked[0]} and set(claims["target"]) == {clicked[1]}
    assert f": {count} claims" in window.claims_label.text()


def test_an_edge_row_lists_its_claims_too(window):
    choose(window.coder_box, "Bilal")
    proxy = window.edges_view.model()
    window._edge_row_clicked(proxy.index(0, 0))
    u, v = window.canvas.highlighted
    assert window.claims_model.rowCount() > 0
    assert "–" in window.claims_label.text() and window.graph.nodes[u]["name"] in window.claims_label.text()


def test_time_windows_show_one_period_at_a_time(window, sample):
    choose(window.coder_box, "Ayesha")
    choose(window.window_box, "Per year")
    periods = [window.period_box.itemText(i) for i in range(window.period_box.count())]
    assert periods and all(p.isdigit() for p in periods)
    choose(window.period_box, periods[-1])
    expected = afpak_coder.network(sample, coders="Ayesha", window="year")[periods[-1]]
    assert window.graph.number_of_edges() == expected.number_of_edges()


def test_export_writes_the_network_on_show(window, tmp_path, monkeypatch):
    choose(window.coder_box, "Ayesha")
    path = tmp_path / "actors.graphml"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(path), "GraphML (*.graphml)"))
    window.export_button.click()
    found = nx.read_graphml(path)
    assert set(found) == set(window.graph)
    assert window.summary.text().startswith(f"Wrote {path}")


def test_keep_isolates_adds_every_actor(window, sample):
    choose(window.coder_box, "Ayesha")
    before = window.graph.number_of_nodes()
    window.isolates_box.setChecked(True)
    assert window.graph.number_of_nodes() >= before
    assert window.graph.number_of_nodes() == len([a for a in sample.actors() if not a.archived])
