"""Inter-coder agreement coefficients on plain data: for the agreement report, for notebooks, and
for checking our figures against other tools.

Reliability data are *coders × units*: a list of lists, a NumPy array or a DataFrame whose rows are
coders and whose columns are units. ``None``, ``NaN`` and ``pd.NA`` mean "this coder gave no value
for this unit". Values may be any hashable labels (theme names, stance levels, numbers).

``categories`` are the values a coder could choose (the codebook), in scale order for ordinal and
weighted measures. Pass them whenever you have them: chance terms such as Gwet's AC1 and
Brennan–Prediger depend on how many categories there were, not on how many were used. Without
them the categories are the distinct values found in the data (sorted where they sort).

Every function returns a :class:`Coefficient`: ``.value`` is a float, or ``None`` when the
coefficient is undefined for these data, in which case ``.reason`` says why (a single category,
no unit coded by two coders, ...). It is never a silent 0 or 1. ``.units`` is the number of units
behind the figure. ``float(result)`` gives the value (NaN when undefined).

Krippendorff's alpha is computed from the coincidence matrix, built coder pair by coder pair. The
``krippendorff`` package computes the same alpha (our tests check both agree on published and
random data) but builds a units × values × values array, 540 MB for 100,000 units and 26 themes,
and has no public way to weight units or to reach the coincidences the bootstrap resamples.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

# The building blocks live in their own modules; this module is the one public API.
from afpak_coder.analysis.agreement_data import (  # noqa: F401
    KAPPA_WEIGHTS, LEVELS, Coefficient, Encoded, check_level, encode, format_value, undefined,
)
from afpak_coder.analysis.alpha import (  # noqa: F401
    alpha_by_group, alpha_from_codes, alpha_from_coincidences, coincidences, distances, krippendorff_alpha,
)
from afpak_coder.analysis.alpha_bootstrap import (  # noqa: F401
    DEFAULT_DRAWS, THRESHOLDS, AlphaInterval, bootstrap_alpha, bootstrap_from_codes,
)

# -- two coders: Cohen's kappa, Scott's pi ------------------------------------------------------------

def confusion_matrix(first: Sequence, second: Sequence, categories: Sequence | None = None) -> pd.DataFrame:
    """Counts of (first coder's value, second coder's value) over units both coded."""
    encoded = encode([list(first), list(second)], categories)
    table = pair_table(encoded.codes[0], encoded.codes[1], len(encoded.domain))
    labels = [str(value) for value in encoded.domain]
    return pd.DataFrame(table.astype(int), index=labels, columns=labels)


def pair_table(first: np.ndarray, second: np.ndarray, size: int, weights: np.ndarray | None = None) -> np.ndarray:
    """Two coders' codes (-1 missing) as a size × size table of (weighted) counts."""
    both = (first >= 0) & (second >= 0)
    unit_weights = None if weights is None else np.asarray(weights, dtype=float)[both]
    return np.bincount(first[both] * size + second[both], weights=unit_weights,
                       minlength=size * size).reshape(size, size).astype(float)


def _kappa_weights(kind: str | None, size: int) -> np.ndarray:
    """Disagreement weights (Cohen 1968): 0 on the diagonal, growing with distance on the scale."""
    index = np.arange(size)
    distance = np.abs(index[:, None] - index[None, :]) / max(size - 1, 1)
    if kind is None:
        return (distance > 0).astype(float)
    if kind == "linear":
        return distance
    if kind == "quadratic":
        return distance ** 2
    raise ValueError(f"weights must be None, 'linear' or 'quadratic', not {kind!r}")


def cohen_kappa(first: Sequence, second: Sequence, categories: Sequence | None = None,
                weights: str | None = None) -> Coefficient:
    """Cohen's kappa (1960) for two coders, or weighted kappa (Cohen 1968) with linear or quadratic
    disagreement weights over ``categories`` taken in scale order. Units one coder left empty are
    skipped. Undefined when no unit was coded by both, or when chance agreement is perfect (both
    coders used one and the same category throughout)."""
    encoded = encode([list(first), list(second)], categories)
    return kappa_from_table(pair_table(encoded.codes[0], encoded.codes[1], len(encoded.domain)), weights)


def kappa_from_table(table: np.ndarray, weights: str | None = None, name: str | None = None) -> Coefficient:
    name = name or ("Cohen's kappa" if weights is None else f"weighted kappa ({weights})")
    total = table.sum()
    if total == 0:
        return undefined(name, 0, "no unit was coded by both coders")
    share = table / total
    chance = np.outer(share.sum(axis=1), share.sum(axis=0))
    disagreement = _kappa_weights(weights, len(table))
    expected = float((disagreement * chance).sum())
    if expected <= 1e-15:
        return undefined(name, float(total), "both coders used one and the same category throughout, so "
                         "agreement by chance is already perfect")
    observed = float((disagreement * share).sum())
    return Coefficient(name, 1 - observed / expected, float(total), "", 1 - observed, 1 - expected)


def scott_pi(first: Sequence, second: Sequence, categories: Sequence | None = None) -> Coefficient:
    """Scott's pi (1955) for two coders: chance agreement from the pooled distribution of both."""
    encoded = encode([list(first), list(second)], categories)
    return pi_from_table(pair_table(encoded.codes[0], encoded.codes[1], len(encoded.domain)))


def pi_from_table(table: np.ndarray) -> Coefficient:
    name = "Scott's pi"
    total = table.sum()
    if total == 0:
        return undefined(name, 0, "no unit was coded by both coders")
    pooled = (table.sum(axis=0) + table.sum(axis=1)) / (2 * total)
    expected = float((pooled ** 2).sum())
    if expected >= 1 - 1e-15:
        return undefined(name, float(total), "both coders used one and the same category throughout, so "
                         "agreement by chance is already perfect")
    observed = float(np.trace(table) / total)
    return Coefficient(name, (observed - expected) / (1 - expected), float(total), "", observed, expected)


# -- any number of coders: percent agreement, Fleiss, Gwet, Brennan–Prediger ------------------------------

def category_counts(data: Any, categories: Sequence | None = None) -> pd.DataFrame:
    """Units × categories: how many coders put each unit in each category (Fleiss's layout)."""
    encoded = encode(data, categories)
    counts = unit_counts(encoded.codes, len(encoded.domain))
    return pd.DataFrame(counts.astype(int), columns=[str(value) for value in encoded.domain])


# Cells (units × categories) of counts turned into floats at a time: 32 MB of float64.
BLOCK_CELLS = 4_000_000


def unit_counts(codes: np.ndarray, size: int) -> np.ndarray:
    """Codes (coders × units, -1 missing) as units × categories counts, in the smallest unsigned
    integer type that holds the number of coders (one byte per cell below 256 coders): 1,000,000
    units of 60 categories take 60 MB rather than 480. Turn them into floats before multiplying."""
    units = codes.shape[1]
    counts = np.zeros(units * size, dtype=np.min_scalar_type(max(codes.shape[0], 1)))
    for row in codes:  # one value per unit and coder: each cell is added to once per row, in place
        present = row >= 0
        counts[np.flatnonzero(present) * size + row[present]] += 1
    return counts.reshape(units, size)


def _row_blocks(counts: np.ndarray):
    """Consecutive slices of the rows of ``counts`` of about ``BLOCK_CELLS`` cells each."""
    step = max(1, BLOCK_CELLS // max(counts.shape[1], 1))
    return (slice(start, start + step) for start in range(0, max(len(counts), 1), step))


def _agreeing_pairs(counts: np.ndarray) -> np.ndarray:
    """Sum over categories of n(n - 1) for each row of ``counts`` (ordered pairs of values that
    agree), as floats, a block of rows at a time. Whole numbers, so exact in any order."""
    found = np.zeros(len(counts))
    for rows in _row_blocks(counts):
        chosen = np.asarray(counts[rows], dtype=float)
        pairs = chosen - 1
        pairs *= chosen
        found[rows] = pairs.sum(axis=1)
    return found


def _values_per_unit(counts: np.ndarray) -> np.ndarray:
    """Number of values of each unit (row sums of ``counts``) as floats; whole numbers, so exact."""
    found = np.zeros(len(counts))
    for rows in _row_blocks(counts):
        found[rows] = np.asarray(counts[rows], dtype=float).sum(axis=1)
    return found


def _share_sums(counts: np.ndarray, per_unit: np.ndarray, unit_weights: np.ndarray) -> np.ndarray:
    """Sum over units of counts[u, k] / per_unit[u] * unit_weights[u] (rows with per_unit > 0), a
    block of rows at a time. NumPy sums down the rows of a C-ordered table one row after another,
    so each block is summed below the running total (its first row) to add in the same order as
    over the whole table; a single column is summed pairwise, so it is summed whole."""
    rated = per_unit >= 1
    if counts.shape[1] < 2:
        column = np.asarray(counts[rated], dtype=float)
        column /= per_unit[rated, None]
        column *= unit_weights[rated, None]
        return column.sum(axis=0)
    total = None
    for rows in _row_blocks(counts):
        chosen = rated[rows]
        block = np.asarray(counts[rows][chosen], dtype=float)
        if not len(block):
            continue
        block /= per_unit[rows][chosen, None]
        block *= unit_weights[rows][chosen, None]
        total = block.sum(axis=0) if total is None else np.concatenate([total[None, :], block]).sum(axis=0)
    return np.zeros(counts.shape[1]) if total is None else total


@dataclass(frozen=True)
class Shares:
    """Per-unit agreement and category shares (Gwet 2014), for units weighted by ``weights``."""

    agreement: float | None  # mean share of agreeing pairs over units with two or more values
    pairable: float  # (weighted) number of such units
    rated: float  # (weighted) number of units with at least one value
    category_share: np.ndarray  # pi_k: mean over rated units of the share of values in category k


def category_shares(counts: np.ndarray, weights: np.ndarray | None = None) -> Shares:
    """What percent agreement, Fleiss, AC1 and Brennan–Prediger share: computed once, used by all.
    ``counts`` (units × categories) may be integers; only a block of rows is held as floats."""
    counts = np.asarray(counts)
    unit_weights = np.ones(len(counts)) if weights is None else np.asarray(weights, dtype=float)
    per_unit = _values_per_unit(counts)
    rated, pairable = per_unit >= 1, per_unit >= 2
    agree = _agreeing_pairs(counts)[pairable] / (per_unit[pairable] * (per_unit[pairable] - 1))
    paired_weight = unit_weights[pairable].sum()
    agreement = float((agree * unit_weights[pairable]).sum() / paired_weight) if paired_weight else None
    rated_weight = unit_weights[rated].sum()
    shares = _share_sums(counts, per_unit, unit_weights)
    category_share = shares / rated_weight if rated_weight else np.zeros(counts.shape[1])
    return Shares(agreement, float(paired_weight), float(rated_weight), category_share)


def percent_agreement(data: Any, categories: Sequence | None = None) -> Coefficient:
    """Share of agreeing pairs of coders, averaged over units coded by two or more (for two coders:
    the share of jointly coded units on which they agree). Not corrected for chance."""
    encoded = encode(data, categories)
    return percent_from_counts(unit_counts(encoded.codes, len(encoded.domain)))


def percent_from_counts(counts: np.ndarray, weights: np.ndarray | None = None, shares: Shares | None = None) -> Coefficient:
    shares = shares or category_shares(counts, weights)
    if shares.agreement is None:
        return undefined("percent agreement", 0, "no unit was coded by two or more coders")
    return Coefficient("percent agreement", shares.agreement, shares.pairable, "", shares.agreement, 0.0)


def fleiss_kappa(counts: Any) -> Coefficient:
    """Fleiss' kappa (1971) from a units × categories table of counts. Units may have different
    numbers of coders (Gwet's 2014 generalisation, identical to Fleiss's formula when every unit has
    the same number); units with fewer than two values add to the category shares only."""
    return fleiss_from_counts(np.asarray(counts, dtype=float))


def fleiss_from_counts(counts: np.ndarray, weights: np.ndarray | None = None, shares: Shares | None = None) -> Coefficient:
    name = "Fleiss' kappa"
    shares = shares or category_shares(counts, weights)
    if shares.agreement is None:
        return undefined(name, 0, "no unit was coded by two or more coders")
    expected = float((shares.category_share ** 2).sum())
    if expected >= 1 - 1e-15:
        return undefined(name, shares.pairable, "every value falls in one category, so agreement by chance is "
                         "already perfect")
    return Coefficient(name, (shares.agreement - expected) / (1 - expected), shares.pairable, "",
                       shares.agreement, expected)


def gwet_ac1(data: Any, categories: Sequence | None = None) -> Coefficient:
    """Gwet's AC1 (Gwet 2008, 2014) for any number of coders with missing values. Its chance term
    depends on the number of categories, so pass the codebook's ``categories``."""
    encoded = encode(data, categories)
    return ac1_from_counts(unit_counts(encoded.codes, len(encoded.domain)))


def ac1_from_counts(counts: np.ndarray, weights: np.ndarray | None = None, shares: Shares | None = None) -> Coefficient:
    name = "Gwet's AC1"
    size = counts.shape[1]
    shares = shares or category_shares(counts, weights)
    if size < 2:
        return undefined(name, shares.pairable, "there is only one category to choose from")
    if shares.agreement is None:
        return undefined(name, 0, "no unit was coded by two or more coders")
    share = shares.category_share
    expected = float((share * (1 - share)).sum() / (size - 1))
    return Coefficient(name, (shares.agreement - expected) / (1 - expected), shares.pairable, "",
                       shares.agreement, expected)


def brennan_prediger(data: Any, categories: Sequence | int) -> Coefficient:
    """Brennan & Prediger's (1981) coefficient: chance agreement is 1/q for q categories (pass the
    codebook's categories, or their number)."""
    if isinstance(categories, int):
        encoded = encode(data)
        size = categories
        if size < len(encoded.domain):
            raise ValueError(f"the data hold {len(encoded.domain)} distinct values, more than {size} categories")
    else:
        encoded = encode(data, categories)
        size = len(encoded.domain)
    counts = unit_counts(encoded.codes, len(encoded.domain))
    return bp_from_counts(counts, size)


def bp_from_counts(counts: np.ndarray, size: int | None = None, weights: np.ndarray | None = None,
                   shares: Shares | None = None) -> Coefficient:
    name = "Brennan–Prediger"
    size = counts.shape[1] if size is None else size
    shares = shares or category_shares(counts, weights)
    if size < 2:
        return undefined(name, shares.pairable, "there is only one category to choose from")
    if shares.agreement is None:
        return undefined(name, 0, "no unit was coded by two or more coders")
    expected = 1 / size
    return Coefficient(name, (shares.agreement - expected) / (1 - expected), shares.pairable, "",
                       shares.agreement, expected)


def percent_by_group(codes: np.ndarray, size: int, groups: np.ndarray, count: int,
                     weights: np.ndarray | None = None) -> list[Coefficient]:
    """Percent agreement for each group of units, in one pass (as ``percent_from_counts``)."""
    counts = unit_counts(codes, size)
    per_unit = _values_per_unit(counts)
    pairable = per_unit >= 2
    unit_weight = np.ones(len(counts)) if weights is None else np.asarray(weights, dtype=float)
    agree = np.zeros(len(counts))
    agree[pairable] = _agreeing_pairs(counts)[pairable] / (per_unit[pairable] * (per_unit[pairable] - 1))
    weight = np.bincount(groups[pairable], weights=unit_weight[pairable], minlength=count)
    agreeing = np.bincount(groups[pairable], weights=(agree * unit_weight)[pairable], minlength=count)
    return [Coefficient("percent agreement", float(agreeing[g] / weight[g]), float(weight[g]), "",
                        float(agreeing[g] / weight[g]), 0.0) if weight[g] else
            undefined("percent agreement", 0, "no unit was coded by two or more coders") for g in range(count)]


# unitizing_alpha lives with the rest of unitizing; it belongs to this API.
from afpak_coder.analysis.unitizing import unitizing_alpha  # noqa: E402,F401
