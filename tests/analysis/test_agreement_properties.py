"""Properties every coefficient must have, degenerate data, and agreement with the krippendorff package."""

import krippendorff
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from afpak_coder.analysis import agreement as A

CATEGORIES = ["a", "b", "c", "d"]


@st.composite
def reliability_data(draw, coders=(2, 4), units=(2, 25), missing=True):
    m = draw(st.integers(*coders))
    n = draw(st.integers(*units))
    value = st.sampled_from(CATEGORIES + ([None] if missing else []))
    return [[draw(value) for _ in range(n)] for _ in range(m)]


def _all_coefficients(data):
    return {
        "alpha": A.krippendorff_alpha(data, "nominal", CATEGORIES),
        "ordinal alpha": A.krippendorff_alpha(data, "ordinal", CATEGORIES),
        "percent": A.percent_agreement(data, CATEGORIES),
        "fleiss": A.fleiss_kappa(A.category_counts(data, CATEGORIES)),
        "ac1": A.gwet_ac1(data, CATEGORIES),
        "bp": A.brennan_prediger(data, CATEGORIES),
    }


def _same(first, second):
    assert first.defined == second.defined
    if first.defined:
        assert first.value == pytest.approx(second.value, abs=1e-9)
    assert first.units == pytest.approx(second.units)


@given(reliability_data(missing=False))
def test_identical_coders_agree_perfectly(data):
    copy = [list(data[0]) for _ in data]
    used = {value for value in copy[0]}
    results = _all_coefficients(copy)
    for name in ("percent", "ac1", "bp"):
        assert results[name].value == pytest.approx(1.0)
    if len(used) > 1:
        for name in ("alpha", "ordinal alpha", "fleiss"):
            assert results[name].value == pytest.approx(1.0)
        assert A.cohen_kappa(copy[0], copy[1], CATEGORIES).value == pytest.approx(1.0)
        assert A.cohen_kappa(copy[0], copy[1], CATEGORIES, "quadratic").value == pytest.approx(1.0)
        assert A.scott_pi(copy[0], copy[1]).value == pytest.approx(1.0)
    else:  # one category only: chance-corrected coefficients are undefined, never a silent 1
        for name in ("alpha", "ordinal alpha", "fleiss"):
            assert results[name].value is None and results[name].reason
        assert A.cohen_kappa(copy[0], copy[1]).value is None


@given(reliability_data(), st.randoms(use_true_random=False))
def test_permuting_coders_or_units_changes_nothing(data, rng):
    coders = list(range(len(data)))
    units = list(range(len(data[0])))
    rng.shuffle(coders)
    rng.shuffle(units)
    permuted = [[data[c][u] for u in units] for c in coders]
    before, after = _all_coefficients(data), _all_coefficients(permuted)
    for name in before:
        _same(before[name], after[name])
    _same(A.cohen_kappa(data[0], data[1], CATEGORIES), A.cohen_kappa(data[1], data[0], CATEGORIES))
    _same(A.scott_pi(data[0], data[1], CATEGORIES), A.scott_pi(data[1], data[0], CATEGORIES))


@given(reliability_data())
def test_a_coder_with_no_values_and_lone_values_change_no_alpha(data):
    with_absent_coder = data + [[None] * len(data[0])]
    _same(A.krippendorff_alpha(data), A.krippendorff_alpha(with_absent_coder))
    lone = [row + [None] for row in data]
    lone[0][-1] = "a"  # a unit only one coder coded cannot be paired
    _same(A.krippendorff_alpha(data, "nominal", CATEGORIES), A.krippendorff_alpha(lone, "nominal", CATEGORIES))
    _same(A.percent_agreement(data), A.percent_agreement(lone))


@settings(max_examples=150)
@given(reliability_data(coders=(2, 5), units=(2, 40)), st.sampled_from(A.LEVELS))
def test_alpha_equals_the_krippendorff_package(data, level):
    numbers = [[np.nan if v is None else float(CATEGORIES.index(v) + 1) for v in row] for row in data]
    ours = A.krippendorff_alpha(numbers, level)
    as_array = A.krippendorff_alpha(np.asarray(numbers), level)  # the fast path for numeric arrays
    assert as_array.value == ours.value or (as_array.value is not None and as_array.value == pytest.approx(ours.value))
    present = [v for row in numbers for v in row if not np.isnan(v)]
    counts = np.sum(~np.isnan(np.asarray(numbers)), axis=0)
    if (counts >= 2).sum() == 0 or len(set(np.asarray(numbers)[:, counts >= 2].ravel()) - {np.nan}) < 2 \
            or len(set(present)) < 2:
        assert ours.value is None and ours.reason
        return
    with np.errstate(all="ignore"):
        theirs = krippendorff.alpha(reliability_data=numbers, level_of_measurement=level)
    if np.isnan(theirs):
        assert ours.value is None
    else:
        assert ours.value == pytest.approx(theirs, abs=1e-9)


def test_dataframes_numpy_and_lists_give_the_same_alpha():
    data = [["x", "y", None, "x"], ["x", "y", "y", None], ["y", "y", "y", "x"]]
    expected = A.krippendorff_alpha(data)
    frame = pd.DataFrame(data, index=["A", "B", "C"])
    assert A.krippendorff_alpha(frame).value == expected.value
    assert A.krippendorff_alpha(np.array(data, dtype=object)).value == expected.value
    numeric = pd.DataFrame([[1, 2, np.nan], [1, 2, 2]], dtype=float)
    assert A.krippendorff_alpha(numeric, "interval").units == 2


def test_degenerate_data_is_undefined_with_a_reason():
    one_category = [["a", "a", "a"], ["a", "a", "a"]]
    for result in (A.krippendorff_alpha(one_category), A.cohen_kappa(*one_category), A.scott_pi(*one_category),
                   A.fleiss_kappa(A.category_counts(one_category))):
        assert result.value is None
        assert "category" in result.reason
        assert result.units == 3
        assert np.isnan(float(result))
        assert result.text() == "undefined"
    nothing_paired = [["a", None, "b"], [None, "b", None]]
    for result in (A.krippendorff_alpha(nothing_paired), A.cohen_kappa(*nothing_paired),
                   A.percent_agreement(nothing_paired), A.gwet_ac1(nothing_paired, ["a", "b"])):
        assert result.value is None
        assert "two" in result.reason or "both" in result.reason
        assert result.units == 0
    assert A.gwet_ac1(one_category, ["a"]).value is None
    assert "one category" in A.brennan_prediger(one_category, ["a"]).reason


def test_ac1_and_brennan_prediger_count_codebook_categories_not_used_ones():
    data = [["a", "b", "a", "b"], ["a", "b", "b", "b"]]
    used_only = A.brennan_prediger(data, ["a", "b"])
    codebook = A.brennan_prediger(data, ["a", "b", "c", "d"])
    assert codebook.expected == pytest.approx(0.25)
    assert codebook.value > used_only.value
    assert A.gwet_ac1(data, ["a", "b", "c", "d"]).value != pytest.approx(A.gwet_ac1(data).value)


def test_bad_input_is_refused_plainly():
    with pytest.raises(ValueError, match="not among the categories"):
        A.krippendorff_alpha([["a", "z"], ["a", "a"]], categories=["a", "b"])
    with pytest.raises(ValueError, match="level must be one of"):
        A.krippendorff_alpha([[1, 2], [1, 2]], "cardinal")
    with pytest.raises(ValueError, match="numbers"):
        A.krippendorff_alpha([["a", "b"], ["a", "b"]], "interval")
    with pytest.raises(ValueError, match="one entry per unit"):
        A.krippendorff_alpha([["a", "b"], ["a"]])
    with pytest.raises(ValueError, match="weights must be"):
        A.cohen_kappa([1, 2], [1, 2], weights="cubic")


def test_text_formats_as_reliability_figures_are_printed():
    assert A.Coefficient("x", 0.7434, 11).text() == ".743"
    assert A.Coefficient("x", -0.12, 11).text() == "-.120"
    assert A.Coefficient("x", 1.0, 11).text() == "1.000"


# -- the bootstrap --------------------------------------------------------------------------------------


def test_bootstrap_is_seedable_and_counts_its_draws():
    data = [["a", "b", "a", "c", "b", "a", None], ["a", "b", "b", "c", "b", "a", "c"], ["a", "b", "a", "c", None, "a", "c"]]
    first = A.bootstrap_alpha(data, draws=500, seed=3)
    again = A.bootstrap_alpha(data, draws=500, seed=3)
    other = A.bootstrap_alpha(data, draws=500, seed=4)
    assert (first.low, first.high) == (again.low, again.high)
    assert (first.low, first.high) != (other.low, other.high)
    assert first.draws == 500
    assert first.low <= A.krippendorff_alpha(data).value <= first.high
    assert set(first.below) == {0.667, 0.800}


def test_bootstrap_narrows_with_more_units():
    rng = np.random.default_rng(5)
    truth = rng.integers(0, 4, 2000)
    noisy = np.where(rng.random(2000) < 0.2, rng.integers(0, 4, 2000), truth)
    small = A.bootstrap_alpha([truth[:100].tolist(), noisy[:100].tolist()], draws=2000, seed=1)
    large = A.bootstrap_alpha([truth.tolist(), noisy.tolist()], draws=2000, seed=1)
    # Krippendorff's algorithm draws min(25 · non-empty cells, pairs) pairs: 100 for the small data,
    # 25 · 16 = 400 for the large, so the interval shrinks by about sqrt(400 / 100) = 2.
    assert (small.pairs, large.pairs) == (100, 400)
    assert (large.high - large.low) < (small.high - small.low) / 1.6


def test_bootstrap_of_perfect_and_undefined_agreement():
    perfect = A.bootstrap_alpha([["a", "b"] * 20, ["a", "b"] * 20], draws=200, seed=1)
    assert perfect.low == perfect.high == 1.0
    tiny = A.bootstrap_alpha([["a", "b", "a", "b"], ["a", "b", "a", "b"]], draws=20000, seed=1)
    assert (tiny.low, tiny.high) == (1.0, 1.0)  # no disagreement to resample, however few the pairs
    undefined = A.bootstrap_alpha([["a", "a"], ["a", "a"]], draws=200, seed=1)
    assert undefined.low is None and "one category" in undefined.reason


@settings(max_examples=60)
@given(reliability_data(coders=(2, 4), units=(1, 30)), st.lists(st.integers(0, 3), min_size=30, max_size=30),
       st.sampled_from(["nominal", "ordinal", "interval"]))
def test_figures_by_group_equal_figures_on_each_group(data, labels, level):
    encoded = A.encode(data, CATEGORIES, level) if level != "interval" else A.encode(
        [[None if v is None else CATEGORIES.index(v) for v in row] for row in data], None, level)
    groups = np.asarray(labels[: encoded.codes.shape[1]])
    by_group = A.alpha_by_group(encoded.codes, len(encoded.domain), level, groups, 4, None, encoded.numeric)
    percents = A.percent_by_group(encoded.codes, len(encoded.domain), groups, 4)
    for group in range(4):
        mine = encoded.codes[:, groups == group]
        _same(by_group[group], A.alpha_from_codes(mine, len(encoded.domain), level, None, encoded.numeric))
        _same(percents[group], A.percent_from_counts(A.unit_counts(mine, len(encoded.domain))))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.sampled_from([1.0, 2.0, 3.0, 4.0, np.nan]), min_size=12, max_size=12),
                min_size=2, max_size=4),
       st.permutations([1, 2, 3, 4]), st.sampled_from(["nominal", "ordinal", "interval"]))
def test_numeric_data_with_categories_equal_the_same_data_as_labels(rows, scale, level):
    """Numbers checked against numeric categories (the array path) give what the same values
    give as labels (the general path): the same codes, in the order the categories are given."""
    numbers = np.array(rows)
    labels = [[None if np.isnan(value) else int(value) for value in row] for row in rows]
    by_array = A.krippendorff_alpha(numbers, level, categories=scale)
    by_labels = A.krippendorff_alpha(labels, level, categories=scale)
    assert by_array.value == pytest.approx(by_labels.value, nan_ok=True)
    assert by_array.units == by_labels.units
    if level != "nominal" and not np.isnan(by_labels.value):
        reference = krippendorff.alpha(reliability_data=numbers, level_of_measurement=level, value_domain=scale)
        assert by_array.value == pytest.approx(reference)


def test_numeric_values_outside_numeric_categories_are_refused():
    with pytest.raises(ValueError, match="value 7.0 is not among the categories"):
        A.krippendorff_alpha(np.array([[1.0, 7.0], [1.0, 2.0]]), categories=[1, 2, 3])
    with pytest.raises(ValueError, match="must not repeat"):
        A.krippendorff_alpha(np.array([[1.0, 2.0], [1.0, 2.0]]), categories=[1, 2, 2.0])
