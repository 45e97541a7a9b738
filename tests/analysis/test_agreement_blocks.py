"""The block-wise sums of alpha per group and of the category shares give exactly the figures of the
whole computation they replaced (kept below as the reference), whatever the block size."""

import math

import numpy as np
import pytest

from afpak_coder.analysis import agreement as A
from afpak_coder.analysis import alpha as alpha_module
from afpak_coder.analysis.agreement_data import Coefficient, undefined

LEVELS = ("nominal", "ordinal", "interval", "ratio")


# -- the whole computations, as they were before blocks ------------------------------------------------

def _whole_alpha_by_group(codes, size, level, groups, count, weights=None, numeric=None):
    present, per_unit, pairable, unit_weight, scale = alpha_module._pairable_units(codes, weights)
    cells = size * size
    observed = np.zeros(count * cells)
    for first in range(codes.shape[0]):
        for second in range(first + 1, codes.shape[0]):
            both = present[first] & present[second] & pairable
            observed += np.bincount(groups[both] * cells + codes[first, both] * size + codes[second, both],
                                    weights=scale[both], minlength=count * cells)
    observed = observed.reshape(count, size, size)
    observed = observed + observed.transpose(0, 2, 1)
    units = np.bincount(groups[pairable], weights=unit_weight[pairable], minlength=count)
    total = observed.sum(axis=(1, 2))
    marginals = observed.sum(axis=1)
    if level == "ordinal":
        cumulative = np.concatenate([np.zeros((count, 1)), np.cumsum(marginals, axis=1)], axis=1)
        index = np.arange(size)
        low, high = np.minimum(index[:, None], index[None, :]), np.maximum(index[:, None], index[None, :])
        between = cumulative[:, high + 1] - cumulative[:, low]
        delta = (between - (marginals[:, :, None] + marginals[:, None, :]) / 2) ** 2
    else:
        delta = A.distances(level, np.zeros(size), numeric)[None, :, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        observed_disagreement = (observed * delta).sum(axis=(1, 2)) / total
        expected_disagreement = ((marginals[:, :, None] * marginals[:, None, :] * delta).sum(axis=(1, 2))
                                 / (total * (total - 1)))
    used = (marginals > 1e-12).sum(axis=1)
    results = []
    for group in range(count):
        name, group_units = "Krippendorff's alpha", float(units[group])
        if group_units == 0 or total[group] == 0:
            results.append(undefined(name, group_units, "no unit was coded by two or more coders", pairable=0))
        elif used[group] < 2:
            results.append(undefined(name, group_units, "every value falls in one category, so there is no "
                                     "variation to agree on", pairable=float(total[group])))
        elif not expected_disagreement[group] > 0:
            results.append(undefined(name, group_units, "the values differ in no way the metric counts",
                                     pairable=float(total[group])))
        else:
            d_o, d_e = float(observed_disagreement[group]), float(expected_disagreement[group])
            results.append(Coefficient(name, 1 - d_o / d_e, group_units, "", d_o, d_e, float(total[group])))
    return results


def _whole_counts(codes, size):
    counts = np.zeros(codes.shape[1] * size)
    for row in codes:
        present = row >= 0
        counts[np.flatnonzero(present) * size + row[present]] += 1
    return counts.reshape(codes.shape[1], size)


def _whole_shares(counts, weights=None):
    counts = np.asarray(counts, dtype=float)
    unit_weights = np.ones(len(counts)) if weights is None else np.asarray(weights, dtype=float)
    per_unit = counts.sum(axis=1)
    rated, pairable = per_unit >= 1, per_unit >= 2
    chosen = counts[pairable]
    agree = ((chosen - 1) * chosen).sum(axis=1) / (per_unit[pairable] * (per_unit[pairable] - 1))
    paired_weight = unit_weights[pairable].sum()
    agreement = float((agree * unit_weights[pairable]).sum() / paired_weight) if paired_weight else None
    rated_weight = unit_weights[rated].sum()
    shares = (counts[rated] / per_unit[rated, None] * unit_weights[rated, None]).sum(axis=0)
    category_share = shares / rated_weight if rated_weight else np.zeros(counts.shape[1])
    return A.Shares(agreement, float(paired_weight), float(rated_weight), category_share)


# -- random data ------------------------------------------------------------------------------------------

def _data(seed, coders, units, size, groups, weighted):
    rng = np.random.default_rng(seed)
    codes = rng.integers(0, size, (coders, units))
    codes[rng.random((coders, units)) < 0.3] = -1
    codes[:, rng.random(units) < 0.05] = -1  # some units coded by nobody
    labels = rng.integers(0, groups, units)
    labels[labels == groups - 1] = 0  # the last group has no unit
    weights = rng.integers(1, 40, units).astype(float) / 7 if weighted else None
    numeric = np.sort(rng.choice(np.arange(1, 60), size, replace=False)).astype(float) / 3
    return codes, labels, weights, numeric


def _identical(first: Coefficient, second: Coefficient):
    for name in Coefficient.__dataclass_fields__:
        one, other = getattr(first, name), getattr(second, name)
        assert one == other or (isinstance(one, float) and math.isnan(one) and math.isnan(other)), name


CASES = [(seed, coders, units, size, groups, weighted)
         for seed, (coders, units, size, groups) in enumerate([(2, 3000, 5, 200), (3, 5000, 12, 500),
                                                                (4, 2000, 3, 900), (3, 4000, 1, 50),
                                                                (5, 1500, 30, 40)])
         for weighted in (False, True)]


@pytest.mark.parametrize("block", [1, 37, 1000, 4_000_000])
@pytest.mark.parametrize("seed,coders,units,size,groups,weighted", CASES)
def test_alpha_by_group_in_blocks_equals_the_whole(monkeypatch, block, seed, coders, units, size, groups, weighted):
    monkeypatch.setattr(alpha_module, "BLOCK_CELLS", block)
    codes, labels, weights, numeric = _data(seed, coders, units, size, groups, weighted)
    for level in LEVELS:
        blocked = A.alpha_by_group(codes, size, level, labels, groups, weights, numeric)
        whole = _whole_alpha_by_group(codes, size, level, labels, groups, weights, numeric)
        assert len(blocked) == len(whole) == groups
        for one, other in zip(blocked, whole):
            _identical(one, other)
        assert any(c.defined for c in blocked) or size == 1


def test_alpha_by_group_keeps_units_in_order_within_a_group(monkeypatch):
    """Units of a group scattered among others' (not sorted by group) give the same sums."""
    monkeypatch.setattr(alpha_module, "BLOCK_CELLS", 50)
    codes, labels, weights, numeric = _data(11, 3, 6000, 7, 300, True)
    labels = labels[::-1].copy()
    for level in LEVELS:
        for one, other in zip(A.alpha_by_group(codes, 7, level, labels, 300, weights, numeric),
                              _whole_alpha_by_group(codes, 7, level, labels, 300, weights, numeric)):
            _identical(one, other)


@pytest.mark.parametrize("block", [1, 5, 999, 4_000_000])
@pytest.mark.parametrize("seed,coders,units,size,groups,weighted", CASES)
def test_shares_in_blocks_equal_the_whole(monkeypatch, block, seed, coders, units, size, groups, weighted):
    monkeypatch.setattr(A, "BLOCK_CELLS", block)
    codes, labels, weights, _numeric = _data(seed, coders, units, size, groups, weighted)
    counts = A.unit_counts(codes, size)
    assert counts.dtype == np.uint8 and np.array_equal(counts, _whole_counts(codes, size))
    blocked, whole = A.category_shares(counts, weights), _whole_shares(_whole_counts(codes, size), weights)
    assert (blocked.agreement, blocked.pairable, blocked.rated) == (whole.agreement, whole.pairable, whole.rated)
    assert np.array_equal(blocked.category_share, whole.category_share)
    from_floats = A.category_shares(_whole_counts(codes, size), weights)  # counts given as floats
    assert from_floats.agreement == blocked.agreement
    assert np.array_equal(from_floats.category_share, blocked.category_share)
    for make in (A.percent_from_counts, A.fleiss_from_counts, A.ac1_from_counts, A.bp_from_counts):
        _identical(make(counts, weights=weights), make(_whole_counts(codes, size), weights=weights,
                                                         shares=whole))


@pytest.mark.parametrize("block", [1, 64, 4_000_000])
@pytest.mark.parametrize("seed,coders,units,size,groups,weighted", CASES)
def test_percent_by_group_in_blocks_equals_the_whole(monkeypatch, block, seed, coders, units, size, groups, weighted):
    monkeypatch.setattr(A, "BLOCK_CELLS", block)
    codes, labels, weights, _numeric = _data(seed, coders, units, size, groups, weighted)
    counts = _whole_counts(codes, size)
    per_unit = counts.sum(axis=1)
    pairable = per_unit >= 2
    unit_weight = np.ones(units) if weights is None else weights
    agree = np.zeros(units)
    chosen = counts[pairable]
    agree[pairable] = ((chosen - 1) * chosen).sum(axis=1) / (per_unit[pairable] * (per_unit[pairable] - 1))
    weight = np.bincount(labels[pairable], weights=unit_weight[pairable], minlength=groups)
    agreeing = np.bincount(labels[pairable], weights=(agree * unit_weight)[pairable], minlength=groups)
    for group, found in enumerate(A.percent_by_group(codes, size, labels, groups, weights)):
        if weight[group]:
            _identical(found, Coefficient("percent agreement", float(agreeing[group] / weight[group]),
                                          float(weight[group]), "", float(agreeing[group] / weight[group]), 0.0))
        else:
            assert not found.defined and found.units == 0


def test_counts_of_many_coders_do_not_overflow():
    codes = np.zeros((300, 4), dtype=np.int64)  # 300 coders, all in category 0: 300 × 299 pairs
    counts = A.unit_counts(codes, 2)
    assert counts.dtype == np.uint16 and counts[:, 0].tolist() == [300] * 4
    shares = A.category_shares(counts)
    assert shares.agreement == 1.0 and shares.category_share.tolist() == [1.0, 0.0]
    assert A.category_counts([["a"] * 3] * 256).to_numpy().tolist() == [[256]] * 3
