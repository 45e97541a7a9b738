"""Bootstrap interval for Krippendorff's alpha. Re-exported by :mod:`afpak_coder.analysis.agreement`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from afpak_coder.analysis.agreement_data import encode
from afpak_coder.analysis.alpha import alpha_from_coincidences, coincidences, distances

DEFAULT_DRAWS = 10_000
THRESHOLDS = (0.667, 0.800)


@dataclass(frozen=True)
class AlphaInterval:
    """A bootstrap confidence interval for alpha and the chance it falls short of .667 and .800."""

    low: float | None
    high: float | None
    confidence: float
    draws: int
    pairs: int  # M: pairs of values drawn in each resample
    below: dict = field(default_factory=dict)  # threshold -> share of resampled alphas below it
    reason: str = ""

    @property
    def defined(self) -> bool:
        return self.low is not None


def bootstrap_alpha(data: Any, level: str = "nominal", categories: Sequence | None = None,
                    draws: int = DEFAULT_DRAWS, seed: int | None = None, confidence: float = 0.95) -> AlphaInterval:
    """Bootstrap interval for Krippendorff's alpha by Krippendorff's algorithm (see ``bootstrap_from_codes``)."""
    encoded = encode(data, categories, level)
    return bootstrap_from_codes(encoded.codes, len(encoded.domain), level, encoded.weights, encoded.numeric,
                                draws, seed, confidence)


def bootstrap_from_codes(codes: np.ndarray, size: int, level: str, weights: np.ndarray | None = None,
                         numeric: np.ndarray | None = None, draws: int = DEFAULT_DRAWS, seed: int | None = None,
                         confidence: float = 0.95) -> AlphaInterval:
    """Krippendorff's algorithm for bootstrapping alpha (Krippendorff 2006, revised 2011; used by
    Hayes & Krippendorff 2007):

    1. each draw picks a cell (c, k) of the coincidence matrix with probability o_ck / n..;
    2. a resample makes M = min(25·Q, P) draws, Q being the number of non-empty cells of the
       coincidence matrix (the practical cap) and P the number of pairs of values in the data
       (the sum of m_u(m_u - 1)/2 over units: 239 for Hayes & Krippendorff's example);
    3. its alpha is 1 - (sum of the drawn differences) / (M · D_e), D_e fixed at its value in
       the data, and set to -1 when it falls below -1 (alpha's floor);
    4. a resample whose draws all fall in one diagonal cell has no variation: alpha is
       indeterminate there and counts as 0 (the algorithm's correction, applied per resample
       rather than to its expected number).

    Data without a single disagreement (alpha = 1) are not resampled: every resample of them
    would also show none, so the interval is [1, 1]."""
    observed, units, pairs = coincidences(codes, size, weights)
    point = alpha_from_coincidences(observed, units, level, numeric)
    occupied = int(np.count_nonzero(observed > 1e-12))
    sample_size = max(int(min(25 * occupied, round(pairs))), 1)
    if not point.defined:
        return AlphaInterval(None, None, confidence, draws, sample_size, {}, point.reason)
    if point.observed <= 1e-15:
        return AlphaInterval(1.0, 1.0, confidence, draws, sample_size, {threshold: 0.0 for threshold in THRESHOLDS})
    total = observed.sum()
    delta = distances(level, observed.sum(axis=0), numeric)
    upper = np.triu_indices(size)
    cell_share = np.where(upper[0] == upper[1], 1.0, 2.0) * observed[upper] / total  # o_ck and o_kc together
    keep = cell_share > 0
    probabilities, cell_delta = cell_share[keep] / cell_share[keep].sum(), delta[upper][keep]
    diagonal = (upper[0] == upper[1])[keep]
    rng = np.random.default_rng(seed)
    drawn = rng.multinomial(sample_size, probabilities, size=draws)
    resampled = np.maximum(1 - (drawn @ cell_delta) / sample_size / point.expected, -1.0)
    uniform = (drawn[:, diagonal] == sample_size).any(axis=1)
    resampled[uniform] = 0.0
    tail = (1 - confidence) / 2
    low, high = np.quantile(resampled, [tail, 1 - tail])
    below = {threshold: float((resampled < threshold).mean()) for threshold in THRESHOLDS}
    return AlphaInterval(float(low), float(high), confidence, draws, sample_size, below)
