"""How good the suggestions are for this project: cross-validated top-1 and top-3 accuracy per
dimension, beside the simplest baseline (always suggest the most frequent categories).

A dimension's suggestions are shown only when they beat that baseline on held-out claims, so a
coder is never nudged by a model that knows less than a tally.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from afpak_coder.analysis.suggestions import DIMENSIONS, MIN_CLAIMS, SuggestionModel, most_frequent, plain


@dataclass(frozen=True)
class DimensionQuality:
    dimension: str
    claims: int  # labelled claims that were held out once each
    top1: float
    top3: float
    baseline_top1: float
    baseline_top3: float

    @property
    def useful(self) -> bool:
        """Better than always suggesting the most frequent category."""
        return bool(self.top1 > self.baseline_top1)


class TrainingCancelled(Exception):
    """Training was stopped: its project, coder or window is gone, or a newer training replaces it."""


def cross_validated_quality(
    table: pd.DataFrame, dimensions: Sequence[str] = DIMENSIONS, folds: int = 5, seed: int = 0,
    mentioned: Callable[[str], list[str]] | None = None, cancelled: Callable[[], bool] = lambda: False,
) -> dict[str, DimensionQuality]:
    """Quality of each dimension with at least MIN_CLAIMS labelled claims (others are left out).
    Each claim is held out once (k-fold, shuffled with a fixed seed so figures are repeatable).
    ``mentioned`` (text -> actor names found in it) ranks named actors first, as the workspace does.
    ``cancelled()`` true stops it between folds (TrainingCancelled)."""
    table = table.reset_index(drop=True)
    folds = max(2, min(folds, len(table)))
    if len(table) < MIN_CLAIMS:
        return {}
    order = np.random.default_rng(seed).permutation(len(table))
    fold_of = np.empty(len(table), dtype=np.int64)
    fold_of[order] = np.arange(len(table)) % folds
    hits = {dimension: np.zeros(4, dtype=np.int64) for dimension in dimensions}  # top1, top3, base1, base3
    counted = dict.fromkeys(dimensions, 0)
    for fold in range(folds):
        if cancelled():
            raise TrainingCancelled
        train, test = table[fold_of != fold], table[fold_of == fold]
        model = SuggestionModel.train(train, dimensions)
        for dimension in dimensions:
            truth = test[dimension]
            known = truth.notna().to_numpy()
            if not known.any():
                continue
            labels = [plain(value) for value in truth[known]]
            counted[dimension] += len(labels)
            baseline = most_frequent((plain(v) for v in train[dimension].dropna()), 3)
            hits[dimension][2] += sum(label in baseline[:1] for label in labels)
            hits[dimension][3] += sum(label in baseline[:3] for label in labels)
            if dimension not in model.dimensions:
                continue
            texts = test["text"][known].tolist()
            classes, ranked = model.ranked(dimension, texts)
            for text, label, row in zip(texts, labels, ranked, strict=True):
                best = [plain(classes[i]) for i in row]
                if dimension == "actor" and mentioned is not None:
                    named = mentioned(text)
                    best = named + [value for value in best if value not in named]
                best = best[:3]
                hits[dimension][0] += label in best[:1]
                hits[dimension][1] += label in best
    return {
        dimension: DimensionQuality(dimension, counted[dimension],
                                    *(float(h) / counted[dimension] for h in hits[dimension]))
        for dimension in dimensions if counted[dimension] >= MIN_CLAIMS
    }

