"""The Filters group of Analysis → Networks, driven through its widgets on the sample project: each
filter must give exactly the graph ``afpak_coder.network`` computes with the same filters."""

import networkx as nx
import pytest
from PySide6.QtCore import QDate

import afpak_coder
from afpak_coder.core.sample import build_sample_project
from afpak_coder.gui.networks.filters_form import ALL_THEMES, ANY_OUTLET, ANY_VARIABLE
from afpak_coder.gui.networks.network_window import NetworkWindow
from gui_helpers import choose_text as choose


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    with build_sample_project(tmp_path_factory.mktemp("network-filters") / "sample.afpak") as project:
        yield project


@pytest.fixture
def window(qtbot, sample, errors):
    widget = NetworkWindow(sample)
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def weighted_edges(graph):
    return {frozenset((u, v)) if not graph.is_directed() else (u, v): round(d["weight"], 9)
            for u, v, d in graph.edges(data=True)}


def assert_same_graph(shown, expected):
    assert set(shown) == set(expected)
    assert weighted_edges(shown) == weighted_edges(expected)


def test_filters_start_open_and_the_lists_come_from_the_project(window, sample):
    form = window.filters
    assert form.date_from.text() == "any" and form.date_to.text() == "any"
    outlets = [form.outlet_box.itemText(i) for i in range(form.outlet_box.count())]
    assert outlets[0] == ANY_OUTLET and set(outlets[1:]) == {d.outlet for d in sample.documents() if d.outlet}
    assert form.variable_box.itemText(0) == ANY_VARIABLE and form.variable_box.count() == 1 + len(sample.variables())
    assert form.theme_box.itemText(0) == ALL_THEMES
    assert form.arguments() == {"date_from": None, "date_to": None, "outlets": (), "variables": (), "themes": (),
                                "duplicates": "all"}
    assert_same_graph(window.graph, afpak_coder.network(sample))
    assert window.note.text().startswith("Note: claims of 3 coders pooled")  # no "Filters:" line yet


def test_a_sequence_of_filters_matches_the_service_at_every_step(window, sample):
    choose(window.coder_box, "Ayesha")
    full = window.graph.copy()
    dates = sorted(d.published for d in sample.documents() if d.published)
    middle = dates[len(dates) // 2]
    window.filters.date_from.setDate(QDate(middle))
    filters = {"coders": "Ayesha", "date_from": middle}
    assert_same_graph(window.graph, afpak_coder.network(sample, **filters))
    assert f"published: {middle.isoformat()} to any date" in window.note.text()
    assert weighted_edges(window.graph) != weighted_edges(full)  # the date did cut claims

    outlet = sorted({d.outlet for d in sample.documents() if d.outlet})[0]
    choose(window.filters.outlet_box, outlet)
    filters["outlets"] = (outlet,)
    assert_same_graph(window.graph, afpak_coder.network(sample, **filters))
    assert f"outlets: {outlet}" in window.note.text()

    window.filters.date_from.setDate(window.filters.date_from.minimumDate())  # back to "any"
    del filters["date_from"]
    assert window.filters.date_from.text() == "any"
    assert_same_graph(window.graph, afpak_coder.network(sample, **filters))
    assert "published:" not in window.note.text()

    choose(window.filters.outlet_box, ANY_OUTLET)
    assert_same_graph(window.graph, full)
    assert not window.note.isVisible()


def test_a_date_range_before_all_documents_gives_an_empty_network(window, sample):
    choose(window.coder_box, "Ayesha")
    first = min(d.published for d in sample.documents() if d.published)
    window.filters.date_to.setDate(QDate(first))  # the first day only
    expected = afpak_coder.network(sample, coders="Ayesha", date_to=first)
    assert_same_graph(window.graph, expected)
    assert f"published: any date to {first.isoformat()}" in window.note.text()


def test_a_document_variable_value_filters_like_the_service(window, sample):
    variable = sample.variables()[0].name
    choose(window.filters.variable_box, variable)
    values = [window.filters.value_box.itemText(i) for i in range(window.filters.value_box.count())]
    assert values and window.filters.value_box.isEnabled()
    expected = {value: afpak_coder.network(sample, kind="twomode", weight="subtract", variables=[(variable, value)])
                for value in values}
    choose(window.kind_box, "Actors × themes (two-mode)")
    for value in values:
        choose(window.filters.value_box, value)
        assert_same_graph(window.graph, expected[value])
        assert f"document variable {variable} = {value}" in window.note.text()
    choose(window.filters.variable_box, ANY_VARIABLE)
    assert not window.filters.value_box.isEnabled()
    assert_same_graph(window.graph, afpak_coder.network(sample, kind="twomode", weight="subtract"))


def test_a_theme_keeps_its_subtree_only(window, sample):
    parent = next(t for t in sample.themes() if any(c.parent_id == t.id for c in sample.themes()))
    subtree = {t.path_label for t in sample.themes() if t.path[: len(parent.path)] == parent.path}
    choose(window.kind_box, "Actors × themes (two-mode)")
    choose(window.filters.theme_box, parent.path_label)
    themes = {window.graph.nodes[n]["name"] for n in window.graph if window.graph.nodes[n]["variable"] == "theme"}
    assert themes and themes <= {t.name for t in sample.themes() if t.path_label in subtree}
    expected = afpak_coder.network(sample, kind="twomode", weight="subtract", themes=[parent.path_label])
    assert_same_graph(window.graph, expected)
    assert f"themes (with their sub-themes): {parent.path_label}" in window.note.text()


def test_one_identical_claim_per_document_and_isolates(window, sample):
    choose(window.kind_box, "Actor → target (directed)")
    window.filters.duplicates_box.setChecked(True)
    expected = afpak_coder.network(sample, kind="directed", weight="count", duplicates="document")
    assert_same_graph(window.graph, expected)
    assert "duplicates: one of identical claims per document" in window.note.text()
    every = afpak_coder.network(sample, kind="directed", weight="count")
    assert sum(d["count"] for *_e, d in window.graph.edges(data=True)) <= \
        sum(d["count"] for *_e, d in every.edges(data=True))
    window.isolates_box.setChecked(True)
    assert_same_graph(window.graph, afpak_coder.network(sample, kind="directed", weight="count",
                                                        duplicates="document", isolates=True))
    assert "isolates kept" in window.note.text()


def test_export_writes_the_filtered_network(window, sample, tmp_path):
    choose(window.coder_box, "Bilal")
    outlet = sorted({d.outlet for d in sample.documents() if d.outlet})[-1]
    choose(window.filters.outlet_box, outlet)
    path = tmp_path / "filtered.graphml"
    window.export(path, "graphml")
    written = nx.read_graphml(path)
    assert set(written) == set(window.graph)
    assert written.number_of_edges() == window.graph.number_of_edges()


def test_the_filters_fit_a_1280_by_800_window(window, qtbot):
    window.resize(1280, 800)
    qtbot.wait(50)
    form = window.filters
    assert form.minimumSizeHint().width() <= 1280
    corner = form.duplicates_box.mapTo(window, form.duplicates_box.rect().bottomRight())
    assert corner.x() <= window.width() and corner.y() <= window.height()
