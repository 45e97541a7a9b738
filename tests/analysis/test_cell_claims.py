"""Every cell of every crosstab lists exactly the claims it counts (the overview's double-click)."""

import pytest

from afpak_coder.analysis import crosstabs
from afpak_coder.analysis.cell_claims import DOCUMENT_TABLE, HEATMAP, CellFilter, claims_in_cell, document_table
from afpak_coder.analysis.filters import ClaimFilter, select_claims
from afpak_coder.core.sample import build_sample_project


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    with build_sample_project(tmp_path_factory.mktemp("cells") / "sample.afpak") as project:
        yield project


def tables_of(selection, level):
    return {**crosstabs.crosstabs(selection, level), HEATMAP: crosstabs.actor_by_theme(selection, level),
            DOCUMENT_TABLE: document_table(selection)}


@pytest.mark.parametrize(("level", "coders", "rows"), [("top", (), None), ("theme", ("Bilal",), 4)])
def test_each_cell_lists_as_many_claims_as_it_counts(sample, level, coders, rows):
    selection = select_claims(sample, ClaimFilter(coders=coders))
    checked = 0
    for title, table in tables_of(selection, level).items():
        for row in [*table.index[:rows], table.index[-1]] if rows else table.index:  # all, or some and the last
            for column in table.columns:
                if column in ("title", "outlet", "published", crosstabs.MEAN_STANCE):
                    continue
                claims = claims_in_cell(selection, CellFilter(title, level, str(row), str(column)))
                assert len(claims) == table.at[row, column], (title, row, column)
                checked += 1
    assert checked > 300


def test_a_cell_holds_the_claims_it_names(sample):
    selection = select_claims(sample)
    claims = claims_in_cell(selection, CellFilter("Theme × actor", "top", "Security", "Pakistani government"))
    assert len(claims) > 0
    assert set(claims["top_theme"]) == {"Security"} and set(claims["actor"]) == {"Pakistani government"}
    stance_row = claims_in_cell(selection, CellFilter("Actor × stance", "top", "Pakistani government",
                                                      crosstabs.MEAN_STANCE))
    assert stance_row["stance"].notna().all()
    assert stance_row["stance"].mean() == pytest.approx(
        crosstabs.actor_by_stance(selection).at["Pakistani government", crosstabs.MEAN_STANCE], abs=1e-3)


def test_an_unknown_label_is_refused(sample):
    with pytest.raises(KeyError):
        claims_in_cell(select_claims(sample), CellFilter("Theme × actor", "top", "No such theme", "Total"))
