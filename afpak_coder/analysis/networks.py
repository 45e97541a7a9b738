"""Discourse network matrices from coded claims: pure numpy/scipy functions (see docs/networks.md).

The claims become the array X[i, j, k]: the number of claims by actor i on theme j at stance
level k (for theme × theme networks the roles swap: i a theme, j an actor). X is held as one
sparse i × j matrix per level, so every network is a handful of sparse products and never a
Python loop over claims.

    array = claim_array(rows, columns, levels, n_rows, n_columns, stance_values)
    onemode(array, "congruence", "average", span=4)    # n_rows × n_rows, diagonal 0, symmetric
    twomode(array, "subtract", "activity")             # n_rows × n_columns

The definitions are those of DNA (Leifeld's Discourse Network Analyzer manual, "Methods for
Network Construction"), restated as formulas in docs/networks.md; tests/analysis/test_networks.py
checks each against a hand-computed example.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse

from afpak_coder.core.errors import ValidationError

ONEMODE_WEIGHTS = ("ignore", "congruence", "conflict", "subtract")
TWOMODE_WEIGHTS = ("ignore", "subtract", "combine")
ONEMODE_NORMALISATIONS = ("none", "average", "jaccard", "cosine")
TWOMODE_NORMALISATIONS = ("none", "activity", "prominence")
DENSE_CELLS = 20_000_000  # X up to this many cells (levels × rows × columns) is multiplied densely
# Codes of the "combine" two-mode weight (DNA's multiplex combination).
POSITIVE, NEGATIVE, BOTH = 1, 2, 3


@dataclass(frozen=True)
class ClaimArray:
    """X as one sparse matrix per stance level. ``values[k]`` is level k's stance value; the
    last level, with value NaN, holds the claims without a stance (used only by ``ignore``)."""

    levels: tuple[sparse.csr_matrix, ...]
    values: np.ndarray

    @property
    def stance_levels(self) -> list[int]:
        return [k for k, value in enumerate(self.values) if not np.isnan(value)]

    def total(self, with_unstanced: bool) -> sparse.csr_matrix:
        chosen = range(len(self.levels)) if with_unstanced else self.stance_levels
        shape = self.levels[0].shape
        return sum((self.levels[k] for k in chosen), sparse.csr_matrix(shape, dtype=np.float64))

    def transposed(self) -> ClaimArray:
        return ClaimArray(tuple(level.T.tocsr() for level in self.levels), self.values)


def claim_array(rows: np.ndarray, columns: np.ndarray, levels: np.ndarray, n_rows: int, n_columns: int,
                stance_values: np.ndarray) -> ClaimArray:
    """X from one entry per claim: row and column codes (−1 = missing: the claim is left out) and
    the stance level code (index into ``stance_values``; −1 = no stance)."""
    rows, columns, levels = (np.asarray(a, dtype=np.int64) for a in (rows, columns, levels))
    present = (rows >= 0) & (columns >= 0)
    rows, columns, levels = rows[present], columns[present], levels[present]
    n_levels = len(stance_values)
    levels = np.where(levels < 0, n_levels, levels)  # no stance → the extra last level
    matrices = []
    for k in range(n_levels + 1):
        chosen = levels == k
        data = np.ones(int(chosen.sum()), dtype=np.float64)
        matrix = sparse.coo_matrix((data, (rows[chosen], columns[chosen])), shape=(n_rows, n_columns)).tocsr()
        matrix.sum_duplicates()
        matrices.append(matrix)
    values = np.append(np.asarray(stance_values, dtype=np.float64), np.nan)
    return ClaimArray(tuple(matrices), values)


# -- one-mode networks -----------------------------------------------------------------------------

def onemode(array: ClaimArray, weight: str, normalise: str = "none", *, span: float | None = None) -> np.ndarray:
    """The i × i′ network through shared j: diagonal 0, symmetric.

    ignore:      Σ_j (Σ_k x_ijk)(Σ_k x_i′jk)                     (claims without stance count too)
    congruence:  Σ_j Σ_k Σ_k′ x_ijk x_i′jk′ (1 − |k − k′| / span)
    conflict:    Σ_j Σ_k Σ_k′ x_ijk x_i′jk′ |k − k′| / span
    subtract:    congruence − conflict (each normalised first, as DNA does)
    ``span`` is the range of the stance scale (max − min value).
    """
    if weight not in ONEMODE_WEIGHTS:
        raise ValidationError(f"one-mode weight {weight!r} is not one of {', '.join(ONEMODE_WEIGHTS)}")
    if normalise not in ONEMODE_NORMALISATIONS:
        raise ValidationError(f"one-mode normalisation {normalise!r} is not one of "
                              f"{', '.join(ONEMODE_NORMALISATIONS)}")
    chosen = list(range(len(array.levels))) if weight == "ignore" else array.stance_levels
    if weight == "ignore":
        total = array.total(with_unstanced=True)
        raw = (total @ total.T).toarray()
    else:
        if not span:
            raise ValidationError(f"the {weight} weight needs a stance scale with at least two values")
        values = array.values[chosen]
        distance = np.abs(values[:, None] - values[None, :]) / span  # |k − k′| / span
        congruence = _weighted_products(array, chosen, 1.0 - distance)
        conflict = _weighted_products(array, chosen, distance)
        raw = {"congruence": congruence, "conflict": conflict, "subtract": congruence - conflict}[weight]
    result = raw / _onemode_denominator(array, chosen, normalise) if normalise != "none" else raw
    np.fill_diagonal(result, 0.0)
    return result


def _weighted_products(array: ClaimArray, chosen: list[int], coefficients: np.ndarray) -> np.ndarray:
    """Σ_k Σ_k′ c[k, k′] X_k X_k′ᵀ, as Σ_k X_k (Σ_k′ c[k, k′] X_k′)ᵀ: one product per level.
    Dense while X is small (a few hundred actors × themes: dense products beat sparse ones)."""
    n, m = array.levels[0].shape
    if n * m * len(chosen) <= DENSE_CELLS:
        dense = np.stack([array.levels[k].toarray() for k in chosen])  # (levels, n, m)
        mixed = np.tensordot(coefficients, dense, axes=(1, 0))  # mixed[a] = Σ_b c[a, b] X_b
        return np.einsum("knm,kpm->np", dense, mixed)
    result = np.zeros((n, n))
    for a, k in enumerate(chosen):
        mixed = sum((coefficients[a, b] * array.levels[k2] for b, k2 in enumerate(chosen)),
                    sparse.csr_matrix(array.levels[0].shape, dtype=np.float64))
        result += (array.levels[k] @ mixed.T).toarray()
    return result


def _onemode_denominator(array: ClaimArray, chosen: list[int], normalise: str) -> np.ndarray:
    """Φ's denominator for every pair (i, i′); a zero denominator gives weight 0, never NaN."""
    activity = np.asarray(sum(array.levels[k].sum(axis=1) for k in chosen)).ravel()  # Σ_j Σ_k x_ijk
    if normalise == "average":
        denominator = (activity[:, None] + activity[None, :]) / 2
    elif normalise == "cosine":
        denominator = activity[:, None] * activity[None, :]
    else:  # jaccard: Σ x_ijk [x_i′jk = 0] + Σ x_i′jk [x_ijk = 0] + Σ x_ijk x_i′jk
        both = sum(((array.levels[k] @ (array.levels[k] > 0).T).toarray() for k in chosen))  # Σ x_ijk [x_i′jk > 0]
        matches = sum(((array.levels[k] @ array.levels[k].T).toarray() for k in chosen))
        denominator = (activity[:, None] - both) + (activity[None, :] - both.T) + matches
    return np.where(denominator > 0, denominator, np.inf)


# -- two-mode networks -----------------------------------------------------------------------------

def twomode(array: ClaimArray, weight: str, normalise: str = "none") -> np.ndarray:
    """The i × j affiliation network.

    ignore:    Σ_k x_ijk                  (claims without stance count too)
    subtract:  Σ_k k · x_ijk              (the stance value as weight: positive minus negative)
    combine:   1 only positive claims, 2 only negative, 3 both (neutral claims count as neither)
    activity:  divided by Σ_j Σ_k x_ijk (the row's claims); prominence: by Σ_i Σ_k x_ijk
    """
    if weight not in TWOMODE_WEIGHTS:
        raise ValidationError(f"two-mode weight {weight!r} is not one of {', '.join(TWOMODE_WEIGHTS)}")
    if normalise not in TWOMODE_NORMALISATIONS:
        raise ValidationError(f"two-mode normalisation {normalise!r} is not one of "
                              f"{', '.join(TWOMODE_NORMALISATIONS)}")
    if weight == "combine" and normalise != "none":
        raise ValidationError("the combine weight is a code (1, 2, 3), not a count: it cannot be normalised")
    stanced = array.stance_levels
    if weight == "ignore":
        counts = array.total(with_unstanced=True)
        result = counts.toarray()
    elif weight == "subtract":
        counts = array.total(with_unstanced=False)
        result = sum((array.values[k] * array.levels[k] for k in stanced),
                     sparse.csr_matrix(counts.shape, dtype=np.float64)).toarray()
    else:
        positive = sum((array.levels[k] for k in stanced if array.values[k] > 0),
                       sparse.csr_matrix(array.levels[0].shape)).toarray() > 0
        negative = sum((array.levels[k] for k in stanced if array.values[k] < 0),
                       sparse.csr_matrix(array.levels[0].shape)).toarray() > 0
        return (POSITIVE * (positive & ~negative) + NEGATIVE * (negative & ~positive)
                + BOTH * (positive & negative)).astype(np.float64)
    if normalise == "activity":
        return result / _safe(np.asarray(counts.sum(axis=1)).ravel())[:, None]
    if normalise == "prominence":
        return result / _safe(np.asarray(counts.sum(axis=0)).ravel())[None, :]
    return result


def _safe(denominator: np.ndarray) -> np.ndarray:
    return np.where(denominator > 0, denominator, np.inf)


def edge_sign(weight: float, kind_weight: str) -> int:
    """+1 or −1 by the weight's sign; for ``combine``: 1 → +1, 2 → −1, 3 (both) → 0."""
    if kind_weight == "combine":
        return {POSITIVE: 1, NEGATIVE: -1}.get(int(weight), 0)
    return int(np.sign(weight))
