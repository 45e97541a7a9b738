"""Theme co-occurrence on a hand-made set of claims, every count worked out below."""

import pandas as pd
import pytest

from afpak_coder.analysis.cooccurrence import cooccurrence, cooccurrence_claims

# claim, document, coder, start, end, theme
CLAIMS = [
    ("c1", "d1", "A", 0, 10, "X"),
    ("c2", "d1", "A", 5, 15, "Y"),   # overlaps c1 (5 < 10): one X–Y pair
    ("c3", "d1", "A", 12, 20, "Y"),  # overlaps c2 (12 < 15): one Y–Y pair; starts after c1 ends
    ("c4", "d1", "B", 0, 10, "Z"),   # another coder: never paired with A's claims
    ("c5", "d2", "A", 0, 5, "X"),
    ("c6", "d2", "A", 5, 9, "Z"),    # touches c5 (5 = 5) without sharing a character: no pair
    ("c7", "d2", "B", 0, 5, "X"),
    ("c8", "d2", "B", 3, 8, "X"),    # overlaps c7: one X–X pair
]


@pytest.fixture
def frame():
    rows = pd.DataFrame(CLAIMS, columns=["claim_id", "document_id", "coder", "start", "end", "theme_path"])
    return rows.assign(top_theme=rows["theme_path"])


def test_overlapping_claims(frame):
    table = cooccurrence(frame, ["X", "Y", "Z"], "overlap")
    # Pairs: (c1, c2) X–Y, (c2, c3) Y–Y, (c7, c8) X–X.
    assert table.values.tolist() == [[1, 1, 0],
                                     [1, 1, 0],
                                     [0, 0, 0]]


def test_same_document_same_coder(frame):
    table = cooccurrence(frame, ["X", "Y", "Z"], "document")
    # Units: (d1, A) {X, Y}; (d1, B) {Z}; (d2, A) {X, Z}; (d2, B) {X}.
    assert table.values.tolist() == [[3, 1, 1],
                                     [1, 1, 0],
                                     [1, 0, 2]]


def test_themes_outside_the_list_are_added_and_unused_ones_kept(frame):
    table = cooccurrence(frame, ["W", "X"], "document")
    assert list(table.index) == ["W", "X", "Y", "Z"]
    assert table.loc["W"].sum() == 0 and table.loc["X", "X"] == 3


def test_the_claims_behind_a_cell(frame):
    assert cooccurrence_claims(frame, "X", "Y", "overlap") == ["c1", "c2"]
    assert cooccurrence_claims(frame, "X", "X", "overlap") == ["c7", "c8"]
    assert cooccurrence_claims(frame, "X", "Z", "document") == ["c5", "c6"]
    assert sorted(cooccurrence_claims(frame, "X", "X", "document")) == ["c1", "c5", "c7", "c8"]
    assert cooccurrence_claims(frame, "Y", "Z", "overlap") == []


def test_bad_mode_or_level(frame):
    with pytest.raises(ValueError, match="mode"):
        cooccurrence(frame, [], "sentence")
    with pytest.raises(ValueError, match="level"):
        cooccurrence(frame, [], "overlap", level="leaf")
