"""Analysis → Overview: which coders count (with the pooling note), gaps in time, whole-number
count axes, and the claims behind a double-clicked table or heatmap cell."""

import datetime as dt

import numpy as np
import pytest
from matplotlib.backend_bases import MouseEvent

from afpak_coder.analysis.filters import ClaimFilter
from afpak_coder.core.sample import build_sample_project
from afpak_coder.gui.analysis.overview_window import ALL_CODERS, POOLED_NOTE, OverviewWindow


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    with build_sample_project(tmp_path_factory.mktemp("cells") / "sample.afpak") as project:
        yield project


@pytest.fixture
def overview(qtbot, sample, errors):
    window = OverviewWindow(sample)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_one_coder_the_consensus_or_all_coders_with_a_visible_note(overview, sample, tmp_path):
    choices = [overview.coder_box.itemText(i) for i in range(overview.coder_box.count())]
    assert choices == ["Ayesha", "Bilal", "Clara", ALL_CODERS]
    assert overview.coder_box.currentText() == ALL_CODERS  # no consensus yet: pooled, and said so
    assert overview.pooled_note.isVisible() and "once per coder" in overview.pooled_note.text()
    assert overview.figure.get_suptitle() == POOLED_NOTE  # a saved chart says it too
    overview.grab().save(str(tmp_path / "overview-pooled.png"))
    overview.coder_box.setCurrentText("Bilal")
    assert not overview.pooled_note.isVisible() and overview.figure.get_suptitle() == ""
    assert overview.summary.text().startswith(f"{len(sample.claims(coder='Bilal'))} claims")


def test_the_consensus_is_the_default_once_it_exists(qtbot, tmp_path, errors):
    with build_sample_project(tmp_path / "with-consensus.afpak") as project:
        project.add_coder("Consensus")
        window = OverviewWindow(project)
        qtbot.addWidget(window)
        assert window.coder_box.currentText() == "Consensus"
        assert window.claim_filter() == ClaimFilter(consensus_only=True)
        assert window.pooled_note.isHidden()


def test_months_without_claims_are_gaps_and_counts_are_whole(qtbot, project, errors):
    coder = project.add_coder("Ayesha")
    theme, actor = project.themes()[1], project.actors()[0]
    stance = {level.value: level for level in project.stance_levels()}
    for day, value in ((dt.date(2024, 1, 10), 1), (dt.date(2024, 1, 20), -1), (dt.date(2024, 4, 2), 2)):
        document = project.add_document(f"An invented report of {day}.", title=f"Report {day}", published=day)
        project.add_claim(document=document, coder=coder, start=0, end=9, theme=theme, actor=actor,
                          stance=stance[value])
    window = OverviewWindow(project)
    qtbot.addWidget(window)
    window.chart_box.setCurrentText("Stance over time")
    line = window.figure.axes[0].lines[0]
    means = np.asarray(line.get_ydata(), dtype=float)
    assert len(means) == 4  # January to April, every month on the axis
    assert means[0] == 0 and np.isnan(means[1]) and np.isnan(means[2]) and means[3] == 2  # no line across
    counts_axis = window.figure.axes[1]
    window.canvas.draw()
    assert all(float(tick).is_integer() for tick in counts_axis.get_yticks())
    window.chart_box.setCurrentText("Claims per theme by outlet")
    window.canvas.draw()
    assert all(float(tick).is_integer() for tick in window.figure.axes[0].get_xticks())


def test_double_clicking_a_heatmap_cell_opens_its_claims_in_the_browser(coding, qtbot, tmp_path):
    from PySide6.QtWidgets import QApplication

    from afpak_coder.gui.workspace.coding_controller import ALL

    coding.controller.set_view_mode(ALL)
    action = next(a for a in coding.actions.menus["analysis"].actions() if a.text().startswith("&Overview"))
    action.trigger()
    overview = next(w for w in QApplication.topLevelWidgets() if isinstance(w, OverviewWindow) and w.isVisible())
    qtbot.addWidget(overview)
    overview.coder_box.setCurrentText("Clara")
    overview.chart_box.setCurrentText("Actor × theme heatmap")
    overview.canvas.draw()
    heatmap = overview.heatmap
    counts = overview.tables["Theme × actor"]  # the heatmap draws the same crosstab, turned
    row = heatmap.rows.index("Afghan Taliban administration")
    column = heatmap.columns.index("Security")
    x, y = heatmap.axes.transData.transform((column, row))
    MouseEvent("button_press_event", overview.canvas, x, y, button=1, dblclick=True)._process()
    browser = coding._claims_browser
    qtbot.addWidget(browser)
    browser.model.fetch_all()
    shown = [browser.model.row_at(r).claim for r in range(browser.model.rowCount())]
    assert len(shown) == counts.at["Security", "Afghan Taliban administration"] > 0
    assert {(c.coder.name, c.actor.name) for c in shown} == {("Clara", "Afghan Taliban administration")}
    assert {c.theme.name for c in shown} <= {t.name for t in coding.project.themes() if t.path[0] == "Security"}
    overview.grab().save(str(tmp_path / "overview-heatmap.png"))
