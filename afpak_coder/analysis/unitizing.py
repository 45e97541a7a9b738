"""Krippendorff's unitizing alpha: agreement on where units begin and end, not only on their values.

The definition is the one in Krippendorff (2004), *Content Analysis*, 2nd ed., ch. 12 (from
Krippendorff 1995, "On the reliability of unitizing continuous data"). A continuum of ``length``
positions starting at ``begin`` (for text: characters) is segmented by each of ``m`` observers,
separately for each category c, into *units* coded c and *gaps* (everything else).

Observed disagreement for category c sums, over all ordered pairs of observers, the squared
differences of segments that meet:

* two units coded c that overlap: (difference of beginnings)² + (difference of ends)²;
* a unit coded c lying wholly inside the other observer's gap: its length²;
* anything else (gap against gap, a unit only partly in a gap): 0,

divided by m(m-1)·length². Expected disagreement counts the same for every way the units could
have been placed:

    D_e(c) = 2/L · Σ_units [ (N_c - 1)(2l³ - 3l² + l)/3 + l² Σ_gaps with g ≥ l (g - l + 1) ]
             / [ mL(mL - 1) - Σ_units l(l - 1) ]

where N_c is the number of units coded c by all observers. Then alpha_c = 1 - D_o(c)/D_e(c), and
the joint alpha over categories is 1 - Σ D_o(c) / Σ D_e(c).

Krippendorff's definition forbids overlapping units of one category from one observer; a coder's
overlapping claims of one theme are therefore merged into one unit first (their union).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class CategoryUnitizing:
    category: Hashable
    value: float | None
    observed: float
    expected: float
    units: int  # units coded with this category (after merging overlaps)
    reason: str = ""


@dataclass(frozen=True)
class UnitizingResult:
    """Joint unitizing alpha over all categories, and alpha for each category."""

    value: float | None
    observed: float
    expected: float
    observers: int
    length: int
    units: int
    reason: str = ""
    per_category: dict = field(default_factory=dict)  # category -> CategoryUnitizing

    @property
    def defined(self) -> bool:
        return self.value is not None

    def __float__(self) -> float:
        return float("nan") if self.value is None else self.value


def unitizing_alpha(units: Iterable[tuple], begin: int, length: int,
                    observers: Sequence[Hashable] | None = None) -> UnitizingResult:
    """Krippendorff's (2004) unitizing alpha.

    ``units`` are ``(observer, start, length, category)`` tuples on the continuum
    ``[begin, begin + length)``. ``observers`` lists every observer, including any who marked
    nothing (each still segmented the whole continuum: into one gap); by default the observers
    found in ``units``. Undefined (``value`` None, with ``reason``) with fewer than two observers,
    an empty continuum, or no unit at all.
    """
    by_category: dict = defaultdict(lambda: defaultdict(list))
    found_observers: list = []
    count = 0
    for observer, start, size, category in units:
        if size <= 0:
            raise ValueError(f"unit of {observer!r} at {start} has length {size}; units need a positive length")
        if start < begin or start + size > begin + length:
            raise ValueError(f"unit of {observer!r} at {start}–{start + size} lies outside the continuum "
                             f"{begin}–{begin + length}")
        by_category[category][observer].append((start - begin, start - begin + size))
        if observer not in found_observers:
            found_observers.append(observer)
        count += 1
    everyone = list(observers) if observers is not None else found_observers
    stray = [observer for observer in found_observers if observer not in everyone]
    if stray:
        raise ValueError(f"observer {stray[0]!r} is not among the observers")
    if len(everyone) < 2:
        return UnitizingResult(None, 0.0, 0.0, len(everyone), length, count, "unitizing needs two or more observers")
    if length <= 0:
        return UnitizingResult(None, 0.0, 0.0, len(everyone), length, count, "the continuum is empty")
    if not by_category:
        return UnitizingResult(None, 0.0, 0.0, len(everyone), length, 0, "no observer marked any unit")
    per_category = {}
    for category, marked in by_category.items():
        segments = [_merge(marked.get(observer, [])) for observer in everyone]
        per_category[category] = _category_alpha(category, segments, length)
    observed = sum(result.observed for result in per_category.values())
    expected = sum(result.expected for result in per_category.values())
    merged_units = sum(result.units for result in per_category.values())
    if expected <= 0:
        return UnitizingResult(None, observed, expected, len(everyone), length, merged_units,
                               "units cover the whole continuum, so there is no variation to agree on", per_category)
    return UnitizingResult(1 - observed / expected, observed, expected, len(everyone), length, merged_units, "",
                           per_category)


def _merge(spans: list[tuple[int, int]]) -> np.ndarray:
    """Union of one observer's spans of one category, as sorted, disjoint [start, end) rows."""
    if not spans:
        return np.empty((0, 2), dtype=np.int64)
    rows = np.asarray(spans, dtype=np.int64)
    rows = rows[np.lexsort((rows[:, 1], rows[:, 0]))]
    reach = np.maximum.accumulate(rows[:, 1])
    fresh = np.r_[True, rows[1:, 0] >= reach[:-1]]  # a span starting after all before it ended
    first = np.flatnonzero(fresh)
    last = np.r_[first[1:], len(rows)] - 1
    return np.column_stack([rows[first, 0], reach[last]])


def _gaps(units: np.ndarray, length: int) -> np.ndarray:
    edges = np.concatenate([[0], units.ravel(), [length]]).reshape(-1, 2)
    sizes = edges[:, 1] - edges[:, 0]
    return sizes[sizes > 0]


def _pair_disagreement(first: np.ndarray, second: np.ndarray) -> int:
    """Sum of squared differences between two observers' units of one category (each pair once)."""
    total = 0
    for units, other in ((first, second), (second, first)):
        if not len(units):
            continue
        # other's units meeting [start, end) are those ending after start and starting before end
        low = np.searchsorted(other[:, 1], units[:, 0], side="right")
        high = np.searchsorted(other[:, 0], units[:, 1], side="left")
        lone = units[high <= low]
        total += int(((lone[:, 1] - lone[:, 0]) ** 2).sum())  # int64: lengths stay far below 3·10⁹
    if len(first) and len(second):
        low = np.searchsorted(second[:, 1], first[:, 0], side="right")
        high = np.searchsorted(second[:, 0], first[:, 1], side="left")
        for row in np.flatnonzero(high > low):
            for partner in range(low[row], high[row]):
                total += int(first[row, 0] - second[partner, 0]) ** 2 + int(first[row, 1] - second[partner, 1]) ** 2
    return total


def _category_alpha(category: Hashable, segments: list[np.ndarray], length: int) -> CategoryUnitizing:
    observers = len(segments)
    pair_sum = sum(_pair_disagreement(segments[i], segments[j])
                   for i in range(observers) for j in range(i + 1, observers))
    # every unordered pair stands for two ordered pairs
    observed = 2 * pair_sum / (observers * (observers - 1) * length * length)
    lengths = [int(size) for units in segments for size in (units[:, 1] - units[:, 0])]
    gaps = np.sort(np.concatenate([_gaps(units, length) for units in segments]).astype(np.int64))
    # for a unit of length l: sum over gaps g >= l of (g - l + 1), from suffix sums of the sorted gaps
    suffix = np.concatenate([np.cumsum(gaps[::-1])[::-1], [0]]).astype(object)
    count_units = len(lengths)
    numerator = 0  # three times the bracketed sum, so that integer arithmetic stays exact
    for size in lengths:
        first = int(np.searchsorted(gaps, size, side="left"))
        gap_term = int(suffix[first]) - (len(gaps) - first) * (size - 1)
        numerator += (count_units - 1) * (2 * size ** 3 - 3 * size ** 2 + size) + 3 * size * size * gap_term
    denominator = observers * length * (observers * length - 1) - sum(size * (size - 1) for size in lengths)
    expected = (2 / length) * (numerator / 3) / denominator if denominator > 0 else 0.0
    if count_units == 0 or expected <= 0:
        return CategoryUnitizing(category, None, observed, expected, count_units,
                                 "no observer marked a unit of this category" if count_units == 0
                                 else "units of this category cover the whole continuum")
    return CategoryUnitizing(category, 1 - observed / expected, observed, expected, count_units)
