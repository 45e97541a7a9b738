"""Analysis → Overview: tables and charts on the sample project, driven through the window's widgets."""

import pytest
from PySide6.QtCore import Qt

from afpak_coder.analysis import crosstabs
from afpak_coder.analysis.filters import ClaimFilter, select_claims
from afpak_coder.core.errors import AfpakError
from afpak_coder.core.sample import build_sample_project
from afpak_coder.gui.analysis.charts import CHARTS
from afpak_coder.gui.analysis.overview_window import OverviewWindow


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    with build_sample_project(tmp_path_factory.mktemp("overview") / "sample.afpak") as project:
        project.add_coder("Dana")  # a coder without any claims
        yield project


@pytest.fixture
def overview(qtbot, sample, errors):
    window = OverviewWindow(sample)
    qtbot.addWidget(window)
    window.show()
    return window


def cell(model, row, column, role=Qt.ItemDataRole.DisplayRole):
    return model.data(model.index(row, column), role)


def test_opens_on_every_claim_with_the_tables_listed(overview, sample):
    claims, documents = len(sample.claims()), len(sample.documents())
    assert overview.summary.text() == f"{claims} claims in {documents} documents"
    titles = [overview.table_box.itemText(i) for i in range(overview.table_box.count())]
    assert titles == [*crosstabs.crosstabs(select_claims(sample)), "Document × theme"]
    charts = [overview.chart_box.itemText(i) for i in range(overview.chart_box.count())]
    assert charts == list(CHARTS)


def test_a_table_shows_the_crosstab_with_totals_in_bold(overview, sample):
    overview.table_box.setCurrentText("Theme × stance")
    model = overview.table_model
    expected = crosstabs.theme_by_stance(select_claims(sample), level="top")
    assert model.rowCount() == len(expected) and model.columnCount() == expected.shape[1]
    total_row = model.rowCount() - 1
    assert model.headerData(total_row, Qt.Orientation.Vertical) == "Total"
    total_column = list(expected.columns).index("Total")
    assert cell(model, total_row, total_column) == str(len(sample.claims()))
    assert cell(model, total_row, total_column, Qt.ItemDataRole.FontRole).bold()
    mean_column = list(expected.columns).index(crosstabs.MEAN_STANCE)
    assert cell(model, 0, mean_column) == f"{expected.iloc[0][crosstabs.MEAN_STANCE]:.2f}"


def test_choosing_a_coder_and_the_theme_level_redraws(overview, sample):
    overview.coder_box.setCurrentText("Ayesha")
    assert overview.summary.text().startswith(f"{len(sample.claims(coder='Ayesha'))} claims")
    assert overview.selection.filter == ClaimFilter(coders=("Ayesha",))
    overview.table_box.setCurrentText("Theme × actor")
    top_rows = overview.table_model.rowCount()
    overview.level_box.setCurrentText("All themes")
    assert overview.table_box.currentText() == "Theme × actor"  # the choice survives the redraw
    assert overview.table_model.rowCount() == len(sample.themes()) + 1 > top_rows


@pytest.mark.parametrize("chart", list(CHARTS))
def test_every_chart_draws_and_saves_as_png_svg_and_pdf(overview, tmp_path, chart):
    overview.chart_box.setCurrentText(chart)
    axes = overview.figure.axes
    assert axes and axes[0].get_title()
    assert axes[0].patches or axes[0].images or axes[0].lines  # something was drawn
    signatures = {".png": b"\x89PNG", ".svg": b"<?xml", ".pdf": b"%PDF"}
    for suffix, signature in signatures.items():
        path = overview.save_chart(tmp_path / f"chart{suffix}")
        assert path.read_bytes().startswith(signature), suffix
    with pytest.raises(AfpakError, match="saved as .png, .svg or .pdf"):
        overview.save_chart(tmp_path / "chart.gif")


def test_stance_by_actor_has_a_bar_row_for_each_actor_with_a_stance(overview, sample):
    overview.chart_box.setCurrentText("Stance by actor")
    labels = [label.get_text() for label in overview.figure.axes[0].get_yticklabels()]
    frame = sample.claims_frame()
    expected = [a.name for a in sample.actors() if frame.loc[frame["actor"] == a.name, "stance"].notna().any()]
    assert labels == expected


def test_a_coder_without_claims_gets_empty_tables_and_a_note_on_the_chart(overview):
    overview.coder_box.setCurrentText("Dana")
    assert overview.summary.text().startswith("0 claims")
    overview.chart_box.setCurrentText("Actor × theme heatmap")
    texts = [text.get_text() for text in overview.figure.axes[0].texts]
    assert texts == ["No claims to show with these filters."]
