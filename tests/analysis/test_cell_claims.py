"""The claims behind a crosstab cell, on the hand-worked project of test_crosstabs (its docstring
lists the six claims; numbers below refer to it)."""

import pytest

from afpak_coder.analysis import crosstabs
from afpak_coder.analysis.cell_claims import claims_behind
from afpak_coder.analysis.filters import select_claims

from test_crosstabs import small  # noqa: F401 - the fixture


def numbered(small, ids):
    """Claim numbers 1-6 of the fixture's docstring, from claim ids."""
    order = {str(c.id): n for n, c in enumerate(sorted(small.claims(), key=lambda c: c.created), 1)}
    return sorted(order[i] for i in ids)


def test_cells_rows_and_totals_of_theme_by_actor(small):
    selection = select_claims(small)
    assert numbered(small, claims_behind(selection, "Theme × actor", "Zeta", "Islamabad")) == [1, 6]
    assert numbered(small, claims_behind(selection, "Theme × actor", "Zeta › Zeta-one", "Kabul")) == [5]
    assert numbered(small, claims_behind(selection, "Theme × actor", "Total", "Kabul")) == [3, 4, 5]
    assert numbered(small, claims_behind(selection, "Theme × actor", "Alpha", "Total")) == [3, 4]
    assert claims_behind(selection, "Theme × actor", "Unused", "Total") == []


def test_stance_tables_count_no_stance_and_the_claims_behind_the_mean(small):
    selection = select_claims(small)
    assert numbered(small, claims_behind(selection, "Theme × stance", "Alpha", crosstabs.NO_STANCE)) == [4]
    assert numbered(small, claims_behind(selection, "Theme × stance", "Alpha", crosstabs.MEAN_STANCE)) == [3]
    assert numbered(small, claims_behind(selection, "Actor × stance", "Islamabad", "Against (-1)")) == [1, 2]
    # Claim 5's document is undated: it sits in the "(no date)" row of the month table.
    assert numbered(small, claims_behind(selection, "Stance per month", crosstabs.NO_DATE, "For (+1)")) == [5]
    assert numbered(small, claims_behind(selection, "Themes per month", "Zeta", "2024-01")) == [1, 6]


def test_every_cell_holds_as_many_claims_as_the_table_counts(small):
    selection = select_claims(small)
    for title, table in crosstabs.crosstabs(selection).items():
        for row in table.index:
            for column in table.columns:
                if column in (crosstabs.MEAN_STANCE,):
                    continue
                counted = table.loc[row, crosstabs.STANCE_N if column == crosstabs.STANCE_N else column]
                assert len(claims_behind(selection, title, str(row), str(column))) == counted, (title, row, column)


def test_unknown_tables_and_labels_are_refused(small):
    selection = select_claims(small)
    with pytest.raises(KeyError, match="no crosstab named 'Theme × mood'"):
        claims_behind(selection, "Theme × mood", "Zeta", "Total")
    with pytest.raises(KeyError, match="no category 'Gamma'"):
        claims_behind(selection, "Theme × actor", "Gamma", "Total")
