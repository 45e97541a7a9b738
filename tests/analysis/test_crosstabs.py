"""Crosstabs and export filters on a small project whose every count is worked out by hand below."""

import datetime as dt

import pandas as pd
import pytest

import afpak_coder
from afpak_coder.analysis import crosstabs
from afpak_coder.analysis.filters import ClaimFilter, select_claims
from afpak_coder.core.errors import NotFoundError, ValidationError


@pytest.fixture
def small(tmp_path):
    """Themes (tree order ≠ alphabetical): Zeta, Zeta › Zeta-one, Alpha, Unused; an archived theme
    with no claims. Actors (codebook order is alphabetical): Kabul, Islamabad, Nobody. Stance -1..1.

    Claims (coder, document, theme, actor, target, stance):
      1 Ayesha  d1 (2024-01-10, Ledger)  Zeta        Islamabad  Kabul   -1
      2 Ayesha  d1                       Zeta-one    Islamabad  -       -1
      3 Ayesha  d2 (2024-03-05, Courier) Alpha       Kabul      -        1
      4 Bilal   d2                       Alpha       Kabul      -        -   (no stance)
      5 Bilal   d3 (undated, no outlet)  Zeta-one    Kabul      -        1
      6 Consensus d1                     Zeta        Islamabad  -        0
    d4 (2024-02-01, Ledger) has no claims.
    """
    with afpak_coder.create_project(tmp_path / "small.afpak", codebook=None) as p:
        zeta = p.add_theme("Zeta")
        p.add_theme("Zeta-one", parent=zeta)
        p.add_theme("Alpha")
        p.add_theme("Unused")
        p.add_theme("Retired")
        p.update_theme("Retired", archived=True)
        p.add_actor("Kabul", type="government")
        p.add_actor("Islamabad", type="government")
        p.add_actor("Nobody", type="other")
        for value, label in ((-1, "Against"), (0, "Neutral"), (1, "For")):
            p.add_stance_level(value, label)
        text = "Islamabad blamed Kabul. Kabul denied it. Talks resumed."
        d1 = p.add_document(text, title="d1", outlet="Ledger", published="2024-01-10", variables={"country": "PK"})
        d2 = p.add_document(text + " 2", title="d2", outlet="Courier", published="2024-03-05",
                            variables={"country": "AF"})
        d3 = p.add_document(text + " 3", title="d3", variables={"country": "PK"})
        p.add_document(text + " 4", title="d4", outlet="Ledger", published="2024-02-01", variables={"country": "PK"})
        for name in ("Ayesha", "Bilal", "Consensus"):
            p.add_coder(name)
        claims = [
            ("Ayesha", d1, "Zeta", "Islamabad", "Kabul", -1),
            ("Ayesha", d1, "Zeta-one", "Islamabad", None, -1),
            ("Ayesha", d2, "Alpha", "Kabul", None, 1),
            ("Bilal", d2, "Alpha", "Kabul", None, None),
            ("Bilal", d3, "Zeta-one", "Kabul", None, 1),
            ("Consensus", d1, "Zeta", "Islamabad", None, 0),
        ]
        for coder, document, theme, actor, target, stance in claims:
            p.add_claim(document=document, coder=coder, start=0, end=9, theme=theme, actor=actor,
                        target=target, stance=stance)
        yield p


def test_theme_by_actor_follows_the_codebook_and_keeps_empty_rows(small):
    table = crosstabs.theme_by_actor(select_claims(small))
    # Tree order, not alphabetical; the archived theme without claims is left out.
    assert list(table.index) == ["Zeta", "Zeta › Zeta-one", "Alpha", "Unused", "Total"]
    assert list(table.columns) == ["Islamabad", "Kabul", "Nobody", "Total"]
    assert table.loc["Zeta"].tolist() == [2, 0, 0, 2]
    assert table.loc["Zeta › Zeta-one"].tolist() == [1, 1, 0, 2]
    assert table.loc["Alpha"].tolist() == [0, 2, 0, 2]
    assert table.loc["Unused"].tolist() == [0, 0, 0, 0]
    assert table.loc["Total"].tolist() == [3, 3, 0, 6]


def test_theme_by_stance_counts_and_means(small):
    table = crosstabs.theme_by_stance(select_claims(small))
    assert list(table.columns[:5]) == ["Against (-1)", "Neutral (0)", "For (+1)", "no stance", "Total"]
    assert table.loc["Zeta"].iloc[:5].tolist() == [1, 1, 0, 0, 2]
    assert table.loc["Alpha"].iloc[:5].tolist() == [0, 0, 1, 1, 2]
    # Zeta: (-1 + 0) / 2; Zeta-one: (-1 + 1) / 2; Alpha: only claim 3 has a stance; all: (-1-1+1+1+0)/5
    assert table.loc["Zeta", crosstabs.MEAN_STANCE] == -0.5
    assert table.loc["Zeta › Zeta-one", crosstabs.MEAN_STANCE] == 0
    assert table.loc["Alpha", crosstabs.MEAN_STANCE] == 1
    assert table.loc["Alpha", crosstabs.STANCE_N] == 1
    assert pd.isna(table.loc["Unused", crosstabs.MEAN_STANCE]) and table.loc["Unused", crosstabs.STANCE_N] == 0
    assert table.loc["Total", crosstabs.MEAN_STANCE] == 0
    assert table.loc["Total", crosstabs.STANCE_N] == 5


def test_top_level_themes_gather_their_sub_themes(small):
    table = crosstabs.theme_by_stance(select_claims(small), level="top")
    assert list(table.index) == ["Zeta", "Alpha", "Unused", "Total"]
    assert table.loc["Zeta", "Total"] == 4  # claims 1, 2, 5, 6
    assert table.loc["Zeta", crosstabs.MEAN_STANCE] == pytest.approx(-0.25)  # (-1 - 1 + 1 + 0) / 4


def test_actor_by_stance_lists_actors_without_claims(small):
    table = crosstabs.actor_by_stance(select_claims(small))
    assert table.loc["Nobody", "Total"] == 0
    assert table.loc["Kabul"].iloc[:5].tolist() == [0, 0, 2, 1, 3]


def test_outlets_come_from_the_selected_documents(small):
    table = crosstabs.theme_by_outlet(select_claims(small))
    assert list(table.columns) == ["Courier", "Ledger", crosstabs.NO_OUTLET, "Total"]
    assert table.loc["Zeta › Zeta-one"].tolist() == [0, 1, 1, 2]


def test_months_run_without_gaps(small):
    table = crosstabs.themes_per_month(select_claims(small))
    # d4 (2024-02, no claims) still spans the range; d3 is undated.
    assert list(table.columns) == ["2024-01", "2024-02", "2024-03", crosstabs.NO_DATE, "Total"]
    assert table.loc["Total"].tolist() == [3, 0, 2, 1, 6]


def test_document_by_theme_has_a_row_for_every_document(small):
    matrix = crosstabs.document_by_theme(select_claims(small))
    assert matrix["title"].tolist() == ["d1", "d2", "d3", "d4"]
    assert "Total" not in matrix.index
    by_title = matrix.set_index("title")
    assert by_title.loc["d1", "Zeta"] == 2 and by_title.loc["d1", "Zeta › Zeta-one"] == 1
    assert by_title.loc["d4"].iloc[3:].sum() == 0


def test_archived_theme_appears_once_claims_use_it(small):
    small.update_theme("Retired", archived=False)
    document = small.documents()[0]
    small.add_claim(document=document, coder="Bilal", start=0, end=4, theme="Retired", actor="Kabul",
                    stance=None)
    small.update_theme("Retired", archived=True)
    table = crosstabs.theme_by_actor(select_claims(small))
    assert table.loc["Retired", "Kabul"] == 1


def test_filter_by_coder_and_consensus(small):
    assert len(select_claims(small, ClaimFilter(coders=("Ayesha",))).frame) == 3
    assert len(select_claims(small, ClaimFilter(coders=("ayesha", "Bilal"))).frame) == 5
    consensus = select_claims(small, ClaimFilter(consensus_only=True))
    assert consensus.frame["coder"].tolist() == ["Consensus"]
    assert [c.name for c in consensus.coders] == ["Consensus"]
    with pytest.raises(NotFoundError, match="no coder named 'Zed'"):
        select_claims(small, ClaimFilter(coders=("Zed",)))


def test_filter_by_date_leaves_out_undated_documents(small):
    selection = select_claims(small, ClaimFilter(date_from=dt.date(2024, 1, 1), date_to=dt.date(2024, 2, 28)))
    assert [d.title for d in selection.documents] == ["d1", "d4"]
    assert set(selection.frame["title"]) == {"d1"}
    with pytest.raises(ValidationError):
        ClaimFilter(date_from=dt.date(2024, 3, 1), date_to=dt.date(2024, 1, 1))


def test_filter_by_theme_keeps_sub_themes(small):
    frame = select_claims(small, ClaimFilter(themes=("Zeta",))).frame
    assert sorted(frame["theme"]) == ["Zeta", "Zeta", "Zeta-one", "Zeta-one"]
    with pytest.raises(NotFoundError):
        select_claims(small, ClaimFilter(themes=("Nothing",)))


def test_filter_by_variable_and_document(small):
    selection = select_claims(small, ClaimFilter(variables=(("Country", "pk"),)))
    assert [d.title for d in selection.documents] == ["d1", "d3", "d4"]
    assert len(selection.frame) == 4
    d2 = next(d for d in small.documents() if d.title == "d2")
    assert len(select_claims(small, ClaimFilter(documents=(str(d2.id),))).frame) == 2
    with pytest.raises(NotFoundError, match="no document variable"):
        select_claims(small, ClaimFilter(variables=(("region", "x"),)))


def test_describe_names_every_condition():
    lines = ClaimFilter(coders=("Ayesha",), date_from=dt.date(2024, 1, 1), themes=("Security",),
                        variables=(("country", "PK"),)).describe()
    assert lines[0] == "coders: Ayesha"
    assert any("2024-01-01 to any date" in line for line in lines)
    assert any("Security" in line for line in lines)
    assert ClaimFilter().describe() == ["none: every claim of every coder"]


def test_empty_selection_gives_tables_of_zeros(small):
    selection = select_claims(small, ClaimFilter(coders=("Ayesha",), themes=("Unused",)))
    tables = crosstabs.crosstabs(selection)
    for title, table in tables.items():
        assert table.loc["Total", "Total"] == 0, title

