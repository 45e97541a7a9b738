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
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

LEVELS = ("nominal", "ordinal", "interval", "ratio")
KAPPA_WEIGHTS = (None, "linear", "quadratic")


@dataclass(frozen=True)
class Coefficient:
    """One agreement figure: its value (None when undefined, with the reason) and what it rests on."""

    name: str
    value: float | None
    units: float  # units behind the figure (those coded by two or more coders where pairing matters)
    reason: str = ""
    observed: float | None = None  # observed agreement (kappa family) or disagreement (alpha)
    expected: float | None = None  # chance agreement (kappa family) or expected disagreement (alpha)
    pairable: float | None = None  # alpha: values in units with two or more values

    @property
    def defined(self) -> bool:
        return self.value is not None

    def __float__(self) -> float:
        return float("nan") if self.value is None else float(self.value)

    def text(self, digits: int = 3) -> str:
        """The value as reliability figures are printed (".743", "-.120"), or "undefined"."""
        return format_value(self.value, digits)


def format_value(value: float | None, digits: int = 3) -> str:
    if value is None or not np.isfinite(value):
        return "undefined"
    text = f"{value:.{digits}f}"
    return text.replace("0.", ".", 1) if abs(value) < 1 else text


def undefined(name: str, units: float, reason: str, **extra: Any) -> Coefficient:
    return Coefficient(name, None, units, reason, **extra)


# -- turning data into category codes ------------------------------------------------------------

@dataclass(frozen=True)
class Encoded:
    """Reliability data as integer codes: ``codes[coder, unit]`` indexes ``domain``; -1 = missing."""

    codes: np.ndarray
    domain: tuple
    weights: np.ndarray | None = None  # units standing for many identical ones (character runs)
    numeric: np.ndarray | None = field(default=None, compare=False)


def encode(data: Any, categories: Sequence | None = None, level: str = "nominal") -> Encoded:
    """Encode coders × units data; values outside ``categories`` are refused with a ValueError."""
    check_level(level)
    numbers = _numeric_table(data)
    if numbers is not None and categories is None:  # fast path: numbers with NaN for missing
        present = ~np.isnan(numbers)
        domain_values, inverse = np.unique(numbers[present], return_inverse=True)
        codes = np.full(numbers.shape, -1, dtype=np.int64)
        codes[present] = inverse
        domain = tuple(value.item() for value in domain_values)
        return Encoded(codes, domain, None, domain_values.astype(float) if level in ("interval", "ratio") else None)
    table = _as_table(data)
    flat = table.ravel()
    missing = np.asarray(pd.isna(flat), dtype=bool)
    present = flat[~missing]
    codes = np.full(flat.shape, -1, dtype=np.int64)
    if categories is not None:
        domain = tuple(categories)
        if len(set(domain)) != len(domain):
            raise ValueError("categories must not repeat")
        found = pd.Index(list(domain), dtype=object).get_indexer(pd.Index(list(present), dtype=object))
        if (found < 0).any():
            stray = present[found < 0][0]
            raise ValueError(f"value {stray!r} is not among the categories")
        codes[~missing] = found
    else:
        try:
            uniques = sorted(set(present.tolist()))
        except TypeError:  # labels of mixed kinds do not sort; fine for nominal data
            if level != "nominal":
                raise ValueError(f"{level} data need categories in scale order") from None
            uniques = list(dict.fromkeys(present.tolist()))
        domain = tuple(uniques)
        codes[~missing] = pd.Index(uniques, dtype=object).get_indexer(pd.Index(list(present), dtype=object))
    numeric = None
    if level in ("interval", "ratio"):
        try:
            numeric = np.asarray(domain, dtype=float)
        except (TypeError, ValueError):
            raise ValueError(f"{level} data must be numbers") from None
    return Encoded(codes.reshape(table.shape), domain, None, numeric)


def _numeric_table(data: Any) -> np.ndarray | None:
    """The data as a 2-D float array when they are numeric already (an array or a DataFrame)."""
    numeric = pd.api.types.is_numeric_dtype
    if isinstance(data, pd.DataFrame) and all(numeric(t) and not pd.api.types.is_bool_dtype(t) for t in data.dtypes):
        array = data.to_numpy(dtype=float, na_value=np.nan)
    elif isinstance(data, np.ndarray) and numeric(data.dtype) and data.dtype != bool:
        array = data.astype(float, copy=False)
    else:
        return None
    return array if array.ndim == 2 else None


def _as_table(data: Any) -> np.ndarray:
    if isinstance(data, pd.DataFrame):
        table = data.to_numpy(dtype=object)
    elif isinstance(data, np.ndarray):
        table = data.astype(object) if data.dtype != object else data
    else:
        rows = [list(row) for row in data]
        if len({len(row) for row in rows}) > 1:
            raise ValueError("every coder's row must have one entry per unit (use None for missing)")
        table = np.empty((len(rows), len(rows[0]) if rows else 0), dtype=object)
        for number, row in enumerate(rows):
            table[number, :] = row
    if table.ndim != 2:
        raise ValueError("reliability data must be a coders × units table")
    return table


def check_level(level: str) -> None:
    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}, not {level!r}")


# -- Krippendorff's alpha --------------------------------------------------------------------------

def krippendorff_alpha(data: Any, level: str = "nominal", categories: Sequence | None = None) -> Coefficient:
    """Krippendorff's alpha for any number of coders, with missing values (Krippendorff 2011).

    Undefined when no unit has values from two coders, or when all pairable values are the same
    (no variation: expected disagreement is zero)."""
    encoded = encode(data, categories, level)
    return alpha_from_codes(encoded.codes, len(encoded.domain), level, encoded.weights, encoded.numeric)


def coincidences(codes: np.ndarray, size: int, weights: np.ndarray | None = None) -> tuple[np.ndarray, float, float]:
    """The coincidence matrix o[c, k] (Krippendorff 2011), the number of pairable units and the
    number of pairs of values (sum of m_u(m_u - 1)/2) in them."""
    present = codes >= 0
    per_unit = present.sum(axis=0)
    pairable = per_unit >= 2
    unit_weight = np.ones(codes.shape[1]) if weights is None else np.asarray(weights, dtype=float)
    scale = np.zeros(codes.shape[1])
    scale[pairable] = unit_weight[pairable] / (per_unit[pairable] - 1)
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


def alpha_by_group(codes: np.ndarray, size: int, level: str, groups: np.ndarray, count: int,
                   weights: np.ndarray | None = None, numeric: np.ndarray | None = None) -> list[Coefficient]:
    """Alpha for each group of units (``groups[unit]`` in 0..count-1, e.g. each document) in one
    pass: the same figures as ``alpha_from_codes`` on each group's units, without a loop per group."""
    present = codes >= 0
    per_unit = present.sum(axis=0)
    pairable = per_unit >= 2
    unit_weight = np.ones(codes.shape[1]) if weights is None else np.asarray(weights, dtype=float)
    scale = np.zeros(codes.shape[1])
    scale[pairable] = unit_weight[pairable] / (per_unit[pairable] - 1)
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
        delta = distances(level, np.zeros(size), numeric)[None, :, :]
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


def percent_by_group(codes: np.ndarray, size: int, groups: np.ndarray, count: int,
                     weights: np.ndarray | None = None) -> list[Coefficient]:
    """Percent agreement for each group of units, in one pass (as ``percent_from_counts``)."""
    counts = unit_counts(codes, size)
    per_unit = counts.sum(axis=1)
    pairable = per_unit >= 2
    unit_weight = np.ones(len(counts)) if weights is None else np.asarray(weights, dtype=float)
    agree = np.zeros(len(counts))
    agree[pairable] = ((counts[pairable] * (counts[pairable] - 1)).sum(axis=1)
                       / (per_unit[pairable] * (per_unit[pairable] - 1)))
    weight = np.bincount(groups[pairable], weights=unit_weight[pairable], minlength=count)
    agreeing = np.bincount(groups[pairable], weights=(agree * unit_weight)[pairable], minlength=count)
    return [Coefficient("percent agreement", float(agreeing[g] / weight[g]), float(weight[g]), "",
                        float(agreeing[g] / weight[g]), 0.0) if weight[g] else
            undefined("percent agreement", 0, "no unit was coded by two or more coders") for g in range(count)]


# -- the bootstrap of Hayes & Krippendorff (2007) ----------------------------------------------------

DEFAULT_DRAWS = 10_000
THRESHOLDS = (0.667, 0.800)


@dataclass(frozen=True)
class AlphaInterval:
    """A bootstrap confidence interval for alpha and the chance it falls short of .667 and .800."""

    low: float | None
    high: float | None
    confidence: float
    draws: int
    pairs: int  # pairs of values drawn in each resample
    below: dict = field(default_factory=dict)  # threshold -> share of resampled alphas below it
    reason: str = ""

    @property
    def defined(self) -> bool:
        return self.low is not None


def bootstrap_alpha(data: Any, level: str = "nominal", categories: Sequence | None = None,
                    draws: int = DEFAULT_DRAWS, seed: int | None = None, confidence: float = 0.95) -> AlphaInterval:
    """Bootstrap interval for Krippendorff's alpha as in Hayes & Krippendorff (2007)."""
    encoded = encode(data, categories, level)
    return bootstrap_from_codes(encoded.codes, len(encoded.domain), level, encoded.weights, encoded.numeric,
                                draws, seed, confidence)


def bootstrap_from_codes(codes: np.ndarray, size: int, level: str, weights: np.ndarray | None = None,
                         numeric: np.ndarray | None = None, draws: int = DEFAULT_DRAWS, seed: int | None = None,
                         confidence: float = 0.95) -> AlphaInterval:
    """Resample pairs of values, as Hayes & Krippendorff (2007) and Krippendorff's bootstrap
    algorithm do: each resample draws as many pairs as the data hold (the sum of
    m_u(m_u - 1)/2 over units), each pair falling in cell (c, k) of the coincidence matrix with
    probability o_ck / n; the resample's alpha is 1 - (mean difference of the drawn pairs) / D_e,
    with D_e fixed at its value in the data. A resample whose pairs all fall in one diagonal cell
    has no variation; following Krippendorff's algorithm it counts as alpha = 0."""
    observed, units, pairs = coincidences(codes, size, weights)
    point = alpha_from_coincidences(observed, units, level, numeric)
    if not point.defined:
        return AlphaInterval(None, None, confidence, draws, int(round(pairs)), {}, point.reason)
    total = observed.sum()
    marginals = observed.sum(axis=0)
    delta = distances(level, marginals, numeric)
    upper = np.triu_indices(size)
    cell_share = np.where(upper[0] == upper[1], 1.0, 2.0) * observed[upper] / total
    keep = cell_share > 0
    probabilities, cell_delta = cell_share[keep] / cell_share[keep].sum(), delta[upper][keep]
    diagonal = (upper[0] == upper[1])[keep]
    sample_size = max(int(round(pairs)), 1)
    rng = np.random.default_rng(seed)
    drawn = rng.multinomial(sample_size, probabilities, size=draws)
    resampled = 1 - (drawn @ cell_delta) / sample_size / point.expected
    uniform = (drawn[:, diagonal] == sample_size).any(axis=1)
    resampled[uniform] = 0.0
    tail = (1 - confidence) / 2
    low, high = np.quantile(resampled, [tail, 1 - tail])
    below = {threshold: float((resampled < threshold).mean()) for threshold in THRESHOLDS}
    return AlphaInterval(float(low), float(high), confidence, draws, sample_size, below)


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


def unit_counts(codes: np.ndarray, size: int) -> np.ndarray:
    """Codes (coders × units, -1 missing) as units × categories counts."""
    units = codes.shape[1]
    counts = np.zeros(units * size)
    for row in codes:
        present = row >= 0
        counts += np.bincount(np.flatnonzero(present) * size + row[present], minlength=units * size)
    return counts.reshape(units, size)


@dataclass(frozen=True)
class Shares:
    """Per-unit agreement and category shares (Gwet 2014), for units weighted by ``weights``."""

    agreement: float | None  # mean share of agreeing pairs over units with two or more values
    pairable: float  # (weighted) number of such units
    rated: float  # (weighted) number of units with at least one value
    category_share: np.ndarray  # pi_k: mean over rated units of the share of values in category k


def category_shares(counts: np.ndarray, weights: np.ndarray | None = None) -> Shares:
    """What percent agreement, Fleiss, AC1 and Brennan–Prediger share: computed once, used by all."""
    counts = np.asarray(counts, dtype=float)
    unit_weights = np.ones(len(counts)) if weights is None else np.asarray(weights, dtype=float)
    per_unit = counts.sum(axis=1)
    rated, pairable = per_unit >= 1, per_unit >= 2
    agree = (counts[pairable] * (counts[pairable] - 1)).sum(axis=1) / (per_unit[pairable] * (per_unit[pairable] - 1))
    paired_weight = unit_weights[pairable].sum()
    agreement = float((agree * unit_weights[pairable]).sum() / paired_weight) if paired_weight else None
    rated_weight = unit_weights[rated].sum()
    shares = (counts[rated] / per_unit[rated, None] * unit_weights[rated, None]).sum(axis=0)
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


# unitizing_alpha lives with the rest of unitizing; it belongs to this API.
from afpak_coder.analysis.unitizing import unitizing_alpha  # noqa: E402,F401
