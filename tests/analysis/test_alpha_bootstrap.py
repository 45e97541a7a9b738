"""The bootstrap interval for Krippendorff's alpha against an independent implementation written
here, step by step, from Krippendorff's published algorithm ("Algorithm for bootstrapping a
distribution of alpha", 2006, revised 2011; used in Hayes & Krippendorff 2007, Communication
Methods and Measures 1(1), 77–89):

  given the coincidences o_ck, n.., D_e, the metric differences delta_ck and X resamples,
  1. f(R): a uniform R in [0, 1) segmented by p_ck = o_ck / n.., each segment giving delta_ck;
  2. M = min(25·Q, number of pairs of values), Q = the number of non-zero cells o_ck;
  3. each resample sums f(R) over M random R; alpha = 1 - sum / (M · D_e), floored at -1;
  4. correction for resamples without variation: round(X · sum_c p_cc^M) of the resamples that
     came out as 1 are set to 0.

This version works from the raw data (its own coincidence matrix and differences) and draws
one uniform number per pair, unlike the library's multinomial counts per cell."""

from __future__ import annotations

import numpy as np
import pytest

from afpak_coder.analysis import agreement as A
from test_agreement_published import HAYES_KRIPPENDORFF_2007

N = None


def published_bootstrap(data, level, resamples, seed):
    domain = sorted({value for row in data for value in row if value is not None})
    index = {value: position for position, value in enumerate(domain)}
    size = len(domain)
    observed = np.zeros((size, size))
    pairs = 0
    for unit in zip(*data):
        values = [index[value] for value in unit if value is not None]
        m = len(values)
        if m < 2:
            continue
        pairs += m * (m - 1) // 2
        for i, first in enumerate(values):
            for j, second in enumerate(values):
                if i != j:
                    observed[first, second] += 1 / (m - 1)
    n = observed.sum()
    n_c = observed.sum(axis=0)
    delta = np.zeros((size, size))
    for c in range(size):
        for k in range(size):
            if level == "nominal":
                delta[c, k] = float(c != k)
            elif level == "ordinal":  # (sum of n_g from c to k, minus (n_c + n_k)/2) squared
                low, high = min(c, k), max(c, k)
                delta[c, k] = (n_c[low:high + 1].sum() - (n_c[c] + n_c[k]) / 2) ** 2
            else:
                delta[c, k] = (domain[c] - domain[k]) ** 2
    expected = (np.outer(n_c, n_c) * delta).sum() / (n * (n - 1))
    if (observed * delta).sum() == 0:  # alpha = 1: nothing to resample
        return np.ones(resamples), pairs
    p = (observed / n).ravel()
    q = int(np.count_nonzero(p))
    m_draws = min(25 * q, pairs)
    boundaries = np.cumsum(p)
    rng = np.random.default_rng(seed)
    drawn = np.minimum(np.searchsorted(boundaries, rng.random((resamples, m_draws)), side="right"), p.size - 1)
    alphas = np.maximum(1 - delta.ravel()[drawn].sum(axis=1) / (m_draws * expected), -1.0)
    without_variation = int(round(resamples * (np.diag(observed / n) ** m_draws).sum()))
    ones = np.flatnonzero(alphas == 1.0)[:without_variation]
    alphas[ones] = 0.0
    return alphas, m_draws


def check_against_published(data, level, resamples=20_000):
    ours = A.bootstrap_alpha(data, level, draws=resamples, seed=11)
    theirs, m_draws = published_bootstrap(data, level, resamples, seed=12)
    assert ours.pairs == m_draws
    low, high = np.quantile(theirs, [0.025, 0.975])
    assert ours.low == pytest.approx(low, abs=0.012)
    assert ours.high == pytest.approx(high, abs=0.012)
    for threshold in (0.667, 0.800):  # two shares of 20,000: standard error of the difference < .005
        assert ours.below[threshold] == pytest.approx((theirs < threshold).mean(), abs=0.02)
    return ours


def test_hayes_krippendorff_2007_example_matches_the_published_algorithm():
    interval = check_against_published(HAYES_KRIPPENDORFF_2007, "ordinal")
    # 239 pairs of values; Q = 14 non-empty cells, so the cap 25·Q = 350 does not bite.
    assert interval.pairs == 239
    assert interval.low < 0.7598 < interval.high


def test_the_number_of_draws_is_capped_at_25_per_non_empty_cell():
    rng = np.random.default_rng(2)
    truth = rng.integers(0, 3, 400)
    other = np.where(rng.random(400) < 0.3, rng.integers(0, 3, 400), truth)
    data = [truth.tolist(), other.tolist()]
    interval = check_against_published(data, "nominal")
    assert interval.pairs == 25 * 9  # 400 pairs, but only 9 cells of the 3 × 3 matrix


def test_three_coders_with_missing_values_match_the_published_algorithm():
    data = [["a", "b", "a", "c", "b", "a", N, "c", "a", "b"] * 3,
            ["a", "b", "b", "c", "b", "a", "c", "c", N, "b"] * 3,
            ["a", "c", "a", "c", N, "a", "c", "b", "a", "b"] * 3]
    check_against_published(data, "nominal")


def test_perfect_agreement_is_not_resampled():
    # Two coders agree on every unit of [0, 0, 0, 0, 1]: alpha = 1, and no resample can disagree.
    interval = A.bootstrap_alpha([[0, 0, 0, 0, 1], [0, 0, 0, 0, 1]], draws=5000, seed=1)
    assert (interval.low, interval.high) == (1.0, 1.0)
    assert interval.below == {0.667: 0.0, 0.800: 0.0}


def test_resampled_alpha_never_falls_below_minus_one():
    # Rare category b, never agreed on: D_e = 2·18·2/(20·19) = .189, so a resample with half its
    # pairs disagreeing would give 1 - .5/.189 < -1; the floor is -1, and the interval ends there.
    data = [["a"] * 8 + ["b", "a"], ["a"] * 8 + ["a", "b"]]
    interval = check_against_published(data, "nominal")
    assert interval.low == -1.0
    assert interval.high <= 1.0


def test_resamples_without_variation_count_as_zero_as_the_algorithm_corrects():
    # Four pairs, one disagreement: p_aa = .5, p_bb = .25, so .5⁴ + .25⁴ = 6.6 % of resamples fall
    # in a single diagonal cell; the algorithm's step 4 counts them as alpha 0 instead of 1.
    data = [["a", "b", "a", "b"], ["a", "b", "a", "a"]]
    interval = check_against_published(data, "nominal")
    assert interval.pairs == 4
