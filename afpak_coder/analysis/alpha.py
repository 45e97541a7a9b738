"""Krippendorff's alpha from the coincidence matrix (Krippendorff 2011), whole and per group of units.

Re-exported by :mod:`afpak_coder.analysis.agreement`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from afpak_coder.analysis.agreement_data import Coefficient, encode, undefined

# -- Krippendorff's alpha --------------------------------------------------------------------------

def krippendorff_alpha(data: Any, level: str = "nominal", categories: Sequence | None = None) -> Coefficient:
    """Krippendorff's alpha for any number of coders, with missing values (Krippendorff 2011).

    Undefined when no unit has values from two coders, or when all pairable values are the same
    (no variation: expected disagreement is zero)."""
    encoded = encode(data, categories, level)
    return alpha_from_codes(encoded.codes, len(encoded.domain), level, encoded.weights, encoded.numeric)


def _pairable_units(codes: np.ndarray, weights: np.ndarray | None):
    """Which values are present, values per unit, units with a pair, unit weights, and each unit's
    scale 1 / (m_u - 1) times its weight (Krippendorff 2011), for the coincidence counts."""
    present = codes >= 0
    per_unit = present.sum(axis=0)
    pairable = per_unit >= 2
    unit_weight = np.ones(codes.shape[1]) if weights is None else np.asarray(weights, dtype=float)
    scale = np.zeros(codes.shape[1])
    scale[pairable] = unit_weight[pairable] / (per_unit[pairable] - 1)
    return present, per_unit, pairable, unit_weight, scale


def coincidences(codes: np.ndarray, size: int, weights: np.ndarray | None = None) -> tuple[np.ndarray, float, float]:
    """The coincidence matrix o[c, k] (Krippendorff 2011), the number of pairable units and the
    number of pairs of values (sum of m_u(m_u - 1)/2) in them."""
    present, per_unit, pairable, unit_weight, scale = _pairable_units(codes, weights)
    counts = np.zeros(size * size)
    coders = codes.shape[0]
    for first in range(coders):
        for second in range(first + 1, coders):
            both = present[first] & present[second] & pairable
            if both.any():
                counts += np.bincount(codes[first, both] * size + codes[second, both],
                                      weights=scale[both], minlength=size * size)
    matrix = counts.reshape(size, size)
    matrix = matrix + matrix.T  # each unordered pair of coders gives both ordered pairs of values
    pairs = float((unit_weight[pairable] * per_unit[pairable] * (per_unit[pairable] - 1) / 2).sum())
    return matrix, float(unit_weight[pairable].sum()), pairs


def distances(level: str, marginals: np.ndarray, numeric: np.ndarray | None = None) -> np.ndarray:
    """Squared difference functions of Krippendorff (2011) for each pair of values."""
    size = len(marginals)
    index = np.arange(size)
    if level == "nominal":
        return (index[:, None] != index[None, :]).astype(float)
    if level == "ordinal":
        # delta(c, k) = (sum of n_g for g from c to k, minus (n_c + n_k) / 2) squared
        cumulative = np.concatenate([[0.0], np.cumsum(marginals)])
        low, high = np.minimum(index[:, None], index[None, :]), np.maximum(index[:, None], index[None, :])
        between = cumulative[high + 1] - cumulative[low]
        return (between - (marginals[:, None] + marginals[None, :]) / 2) ** 2
    values = np.asarray(numeric, dtype=float)
    difference = values[:, None] - values[None, :]
    if level == "interval":
        return difference ** 2
    total = values[:, None] + values[None, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(total == 0, 0.0, (difference / np.where(total == 0, 1, total)) ** 2)


def alpha_from_codes(codes: np.ndarray, size: int, level: str, weights: np.ndarray | None = None,
                     numeric: np.ndarray | None = None, name: str = "Krippendorff's alpha") -> Coefficient:
    observed, units, _pairs = coincidences(codes, size, weights)
    return alpha_from_coincidences(observed, units, level, numeric, name)


def alpha_from_coincidences(observed: np.ndarray, units: float, level: str, numeric: np.ndarray | None = None,
                            name: str = "Krippendorff's alpha") -> Coefficient:
    total = observed.sum()
    if units == 0 or total == 0:
        return undefined(name, units, "no unit was coded by two or more coders", pairable=0)
    marginals = observed.sum(axis=0)
    if np.count_nonzero(marginals > 1e-12) < 2:
        return undefined(name, units, "every value falls in one category, so there is no variation to agree on",
                         pairable=total)
    delta = distances(level, marginals, numeric)
    observed_disagreement = float((observed * delta).sum() / total)
    expected_disagreement = float((np.outer(marginals, marginals) * delta).sum() / (total * (total - 1)))
    if expected_disagreement <= 0:
        return undefined(name, units, "the values differ in no way the metric counts", pairable=total)
    value = 1 - observed_disagreement / expected_disagreement
    return Coefficient(name, float(value), units, "", observed_disagreement, expected_disagreement, float(total))


# Cells (groups × categories²) one block of ``alpha_by_group`` holds at a time: 32 MB of float64.
BLOCK_CELLS = 4_000_000


def alpha_by_group(codes: np.ndarray, size: int, level: str, groups: np.ndarray, count: int,
                   weights: np.ndarray | None = None, numeric: np.ndarray | None = None) -> list[Coefficient]:
    """Alpha for each group of units (``groups[unit]`` in 0..count-1, e.g. each document): the same
    figures as ``alpha_from_codes`` on each group's units, without a loop per group.

    Groups are taken in blocks of about ``BLOCK_CELLS`` coincidence cells, so that 10,000 documents
    of 80 categories do not hold 10,000 × 80² floats (and four temporaries of that size) at once.
    A block's units keep their order, so every group's sums are added in the same order as over all
    units at once: the figures do not depend on the block size."""
    present, per_unit, pairable, unit_weight, scale = _pairable_units(codes, weights)
    groups = np.asarray(groups)
    units = np.bincount(groups[pairable], weights=unit_weight[pairable], minlength=count)
    order = np.argsort(groups, kind="stable")  # units by group, in their own order within each
    starts = np.searchsorted(groups[order], np.arange(count + 1))
    step = max(1, BLOCK_CELLS // max(size * size, 1))
    delta = None if level == "ordinal" else distances(level, np.zeros(size), numeric)[None, :, :]
    results: list[Coefficient] = []
    for first_group in range(0, count, step):
        last_group = min(first_group + step, count)
        chosen = order[starts[first_group]:starts[last_group]]
        results += _group_block(codes[:, chosen], present[:, chosen], pairable[chosen], scale[chosen],
                                groups[chosen] - first_group, last_group - first_group, size, level,
                                delta, units[first_group:last_group])
    return results


def _group_block(codes: np.ndarray, present: np.ndarray, pairable: np.ndarray, scale: np.ndarray,
                 groups: np.ndarray, count: int, size: int, level: str, delta: np.ndarray | None,
                 units: np.ndarray) -> list[Coefficient]:
    """``alpha_by_group`` for one block of ``count`` groups (``groups`` numbered from 0 within it)."""
    cells = size * size
    observed = np.zeros(count * cells)
    for first in range(codes.shape[0]):
        for second in range(first + 1, codes.shape[0]):
            both = present[first] & present[second] & pairable
            observed += np.bincount(groups[both] * cells + codes[first, both] * size + codes[second, both],
                                    weights=scale[both], minlength=count * cells)
    observed = observed.reshape(count, size, size)
    observed = observed + observed.transpose(0, 2, 1)
    total = observed.sum(axis=(1, 2))
    marginals = observed.sum(axis=1)
    if delta is None:  # ordinal: the distances depend on each group's marginals
        cumulative = np.concatenate([np.zeros((count, 1)), np.cumsum(marginals, axis=1)], axis=1)
        index = np.arange(size)
        low, high = np.minimum(index[:, None], index[None, :]), np.maximum(index[:, None], index[None, :])
        between = cumulative[:, high + 1] - cumulative[:, low]
        delta = (between - (marginals[:, :, None] + marginals[:, None, :]) / 2) ** 2
    with np.errstate(divide="ignore", invalid="ignore"):
        observed_disagreement = (observed * delta).sum(axis=(1, 2)) / total
        expected_disagreement = ((marginals[:, :, None] * marginals[:, None, :] * delta).sum(axis=(1, 2))
                                 / (total * (total - 1)))
    categories_used = (marginals > 1e-12).sum(axis=1)
    results = []
    for group in range(count):
        name, group_units = "Krippendorff's alpha", float(units[group])
        if group_units == 0 or total[group] == 0:
            results.append(undefined(name, group_units, "no unit was coded by two or more coders", pairable=0))
        elif categories_used[group] < 2:
            results.append(undefined(name, group_units, "every value falls in one category, so there is no "
                                     "variation to agree on", pairable=float(total[group])))
        elif not expected_disagreement[group] > 0:
            results.append(undefined(name, group_units, "the values differ in no way the metric counts",
                                     pairable=float(total[group])))
        else:
            d_o, d_e = float(observed_disagreement[group]), float(expected_disagreement[group])
            results.append(Coefficient(name, 1 - d_o / d_e, group_units, "", d_o, d_e, float(total[group])))
    return results
