"""Bootstrap interval for Krippendorff's alpha. Re-exported by :mod:`afpak_coder.analysis.agreement`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from afpak_coder.analysis.agreement_data import encode
from afpak_coder.analysis.alpha import alpha_from_coincidences, coincidences, distances

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
