"""Krippendorff's unitizing alpha against his worked example and a hand-derived one."""

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from afpak_coder.analysis.agreement import unitizing_alpha

# Krippendorff, K. (2004). Content Analysis: An Introduction to Its Methodology, 2nd ed., Sage,
# ch. 12, the unitizing example (p. 254; also the test case of DKPro Statistics): a continuum from
# 150 to 450, observers i and j, categories c and k. Units are (observer, start, length, category).
# Published: D_o(c) = .0144, D_e(c) = .0532, alpha_c = .7286; D_o(k) = 0, D_e(k) = .0490,
# alpha_k = 1; joint alpha .8591 (from the rounded disagreements; unrounded it is .8587).
KRIPPENDORFF_2004 = [
    ("i", 225, 70, "c"), ("i", 370, 30, "c"), ("j", 220, 80, "c"), ("j", 355, 20, "c"), ("j", 400, 20, "c"),
    ("i", 180, 60, "k"), ("i", 300, 50, "k"), ("j", 180, 60, "k"), ("j", 300, 50, "k"),
]


def test_krippendorff_2004_example():
    result = unitizing_alpha(KRIPPENDORFF_2004, 150, 300)
    c, k = result.per_category["c"], result.per_category["k"]
    assert round(c.observed, 4) == 0.0144
    assert round(c.expected, 4) == 0.0532
    assert round(c.value, 4) == 0.7286
    assert k.observed == 0 and round(k.expected, 4) == 0.0490 and k.value == 1.0
    assert result.value == pytest.approx(1 - (c.observed + k.observed) / (c.expected + k.expected))
    assert round(result.value, 4) == 0.8587
    assert 1 - 0.0144 / (0.0532 + 0.0490) == pytest.approx(0.8591, abs=1e-4)  # the book's rounded route
    assert result.observers == 2 and result.length == 300 and result.units == 9


def test_hand_derived_example():
    # Continuum 0–10; observer A marks [2, 6) and B marks [3, 6), both category x.
    # Observed: the two units overlap: (2-3)² + (6-6)² = 1, over m(m-1)L²/2 = 2·1·100/2 → D_o = .01.
    # Expected: N_x = 2 units of lengths 4 and 3; gaps: A 2 and 4, B 3 and 4.
    #   l = 4: (N-1)(2·64 - 3·16 + 4)/3 = 28;  gaps ≥ 4: (4-4+1) + (4-4+1) = 2 → 16·2 = 32;  60
    #   l = 3: (2·27 - 3·9 + 3)/3 = 10;         gaps ≥ 3: 2 + 1 + 2 = 5         → 9·5 = 45;   55
    #   (2/L)·115 = 23;  denominator mL(mL-1) - Σ l(l-1) = 20·19 - (12 + 6) = 362;  D_e = 23/362
    # alpha = 1 - .01 / (23/362) = 1 - 3.62/23 = .842609
    result = unitizing_alpha([("A", 2, 4, "x"), ("B", 3, 3, "x")], 0, 10)
    assert result.per_category["x"].observed == pytest.approx(0.01)
    assert result.per_category["x"].expected == pytest.approx(23 / 362)
    assert result.value == pytest.approx(1 - 3.62 / 23)


def test_a_unit_inside_the_others_gap_counts_its_length_squared():
    # A marks [2, 4); B marks nothing, so A's unit lies in B's gap: D_o = 2·2²/(2·1·10²) = .04
    result = unitizing_alpha([("A", 2, 2, "x")], 0, 10, observers=["A", "B"])
    assert result.per_category["x"].observed == pytest.approx(0.04)
    assert result.value < 0.5


def test_identical_observers_agree_perfectly():
    units = [(observer, start, length, category) for observer in ("A", "B", "C")
             for start, length, category in ((0, 5, "x"), (8, 3, "y"), (20, 7, "x"))]
    assert unitizing_alpha(units, 0, 40).value == 1.0


@given(st.lists(st.tuples(st.sampled_from("ABC"), st.integers(0, 80), st.integers(1, 20), st.sampled_from("xy")),
                min_size=1, max_size=25), st.randoms(use_true_random=False))
def test_order_of_units_and_observers_changes_nothing(units, rng):
    units = [(o, s, min(n, 100 - s), c) for o, s, n, c in units]
    shuffled = list(units)
    rng.shuffle(shuffled)
    renamed = {"A": "C", "B": "A", "C": "B"}
    relabelled = [(renamed[o], s, n, c) for o, s, n, c in shuffled]
    first = unitizing_alpha(units, 0, 100, observers=["A", "B", "C"])
    second = unitizing_alpha(relabelled, 0, 100, observers=["B", "C", "A"])
    assert first.defined == second.defined
    if first.defined:
        assert first.value == pytest.approx(second.value)


def test_overlapping_units_of_one_category_are_merged():
    merged = unitizing_alpha([("A", 0, 6, "x"), ("A", 4, 6, "x"), ("B", 0, 10, "x")], 0, 20)
    whole = unitizing_alpha([("A", 0, 10, "x"), ("B", 0, 10, "x")], 0, 20)
    assert merged.value == whole.value == 1.0


def test_degenerate_and_bad_input():
    assert "two or more observers" in unitizing_alpha([("A", 0, 2, "x")], 0, 10).reason
    assert "no observer marked" in unitizing_alpha([], 0, 10, observers=["A", "B"]).reason
    assert "continuum is empty" in unitizing_alpha([], 0, 0, observers=["A", "B"]).reason
    with pytest.raises(ValueError, match="outside the continuum"):
        unitizing_alpha([("A", 8, 5, "x"), ("B", 0, 2, "x")], 0, 10)
    with pytest.raises(ValueError, match="positive length"):
        unitizing_alpha([("A", 2, 0, "x"), ("B", 0, 2, "x")], 0, 10)


def test_agreement_rises_as_boundaries_converge():
    rng = random.Random(3)
    values = []
    for jitter in (12, 6, 2, 0):
        units = []
        for start in range(0, 900, 60):
            units.append(("A", start + 5, 30, "x"))
            shift = rng.randint(-jitter, jitter)
            units.append(("B", start + 5 + shift, 30, "x"))
        values.append(unitizing_alpha(units, 0, 1000).value)
    assert values == sorted(values) and values[-1] == 1.0


@given(st.lists(st.tuples(st.integers(0, 60), st.integers(1, 15)), max_size=20))
def test_merging_keeps_exactly_the_covered_positions(spans):
    from afpak_coder.analysis.unitizing import _merge

    spans = [(start, start + length) for start, length in spans]
    merged = _merge(spans)
    covered = {p for start, end in spans for p in range(start, end)}
    assert {p for start, end in merged.tolist() for p in range(start, end)} == covered
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in zip(merged.tolist(), merged.tolist()[1:]))
