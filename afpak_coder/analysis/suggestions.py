"""Suggestions learned from a coder's own claims: the likely theme, actor, target and stance of a
passage, and the sentences of a document likely to hold a claim.

Everything here runs on the laptop: character n-gram TF-IDF (which reads Urdu, Dari and Pashto as
well as English without a tokenizer) and one linear model per dimension. Nothing is decided for the
coder: the workspace shows these as suggestions, and only the coder's Enter stores anything.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

DIMENSIONS = ("theme", "actor", "target", "stance")
NO_TARGET = ""  # the target is optional: "no target" is a legitimate suggestion
MIN_CLAIMS = 8  # fewer claims than this teach nothing worth showing


@dataclass(frozen=True)
class Suggestion:
    dimension: str
    value: object  # theme path, actor name, NO_TARGET, or a stance value
    probability: float
    reason: str = "learned"  # or "named in the passage"


def training_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Text and the four labels of each claim in a claims frame (``Project.claims_frame()``).
    The label of a missing actor or stance is NA: that claim teaches nothing on that dimension."""
    table = pd.DataFrame({
        "text": frame["quote"].astype(str),
        "theme": frame["theme_path"].astype(object),
        "actor": frame["actor"].astype(object),
        "target": frame["target"].astype(object).where(frame["target"].notna(), NO_TARGET),
        "stance": frame["stance"].astype(object),
    })
    return table.reset_index(drop=True)


def _vectorizer():
    from sklearn.feature_extraction.text import TfidfVectorizer

    # char_wb n-grams inside word boundaries: robust to inflection, spelling variants and scripts.
    return TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, lowercase=True,
                           max_features=200_000, dtype=np.float32)


def _classifier():
    from sklearn.linear_model import SGDClassifier

    # Logistic loss gives probabilities and SGD keeps training linear in the number of claims;
    # averaging the weights keeps it sensible on small sets, where plain SGD could favour a class
    # seen once. (Batch logistic regression agreed, but took 20 times as long on the sample.)
    return SGDClassifier(loss="log_loss", alpha=1e-4, average=True, max_iter=30, tol=None, random_state=0)


@dataclass
class _Dimension:
    """One dimension's model: a classifier, or a single known value when only one was ever used."""

    classes: np.ndarray
    model: object | None = None

    def probabilities(self, features) -> np.ndarray:
        if self.model is None:
            return np.ones((features.shape[0], 1))
        # What SGDClassifier.predict_proba computes for the logistic loss (one-vs-rest scores
        # normalised), done directly: its input checks cost more than the product itself.
        from scipy.special import expit

        scores = expit(np.asarray(features @ self.model.coef_.T) + self.model.intercept_)
        if scores.shape[1] == 1:
            return np.hstack([1 - scores, scores])
        total = scores.sum(axis=1, keepdims=True)
        return np.divide(scores, total, out=np.full_like(scores, 1 / scores.shape[1]), where=total > 0)


@dataclass
class SuggestionModel:
    """Per-dimension linear models over one shared character n-gram vocabulary."""

    vectorizer: object
    dimensions: dict[str, _Dimension] = field(default_factory=dict)
    trained_on: int = 0

    @classmethod
    def train(cls, table: pd.DataFrame, dimensions: Sequence[str] = DIMENSIONS) -> SuggestionModel:
        vectorizer = _vectorizer()
        features = vectorizer.fit_transform(table["text"])
        model = cls(vectorizer=vectorizer, trained_on=len(table))
        for dimension in dimensions:
            fitted = _fit_dimension(features, table[dimension])
            if fitted is not None:
                model.dimensions[dimension] = fitted
        return model

    def suggest(self, text: str, top: int = 3) -> dict[str, list[Suggestion]]:
        """The ``top`` most likely values of each dimension for one passage, most likely first."""
        features = self.vectorizer.transform([text])
        return {dimension: _top(dimension, fitted.classes, fitted.probabilities(features)[0], top)
                for dimension, fitted in self.dimensions.items()}

    def ranked(self, dimension: str, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Classes and, per text, the class indices ordered from most to least likely."""
        fitted = self.dimensions[dimension]
        probabilities = fitted.probabilities(self.vectorizer.transform(list(texts)))
        return fitted.classes, np.argsort(-probabilities, axis=1, kind="stable")


def _fit_dimension(features, labels: pd.Series) -> _Dimension | None:
    known = labels.notna().to_numpy()
    if not known.any():
        return None
    values = [plain(value) for value in labels[known]]
    classes = sorted(set(values), key=str)
    if len(classes) == 1:
        return _Dimension(classes=np.array(classes, dtype=object))
    # The model learns class indices: sklearn refuses object arrays of numbers (stance values).
    index = {value: i for i, value in enumerate(classes)}
    classifier = _classifier()
    classifier.fit(features[known], np.array([index[value] for value in values]))
    return _Dimension(classes=np.array([classes[i] for i in classifier.classes_], dtype=object), model=classifier)


def _top(dimension: str, classes: np.ndarray, probabilities: np.ndarray, top: int) -> list[Suggestion]:
    order = np.argsort(-probabilities, kind="stable")[:top]
    return [Suggestion(dimension, plain(classes[i]), float(probabilities[i])) for i in order]


def plain(value):
    """numpy scalars to Python values, so a stance comes back as the int the service takes."""
    return value.item() if isinstance(value, np.generic) else value


def most_frequent(labels: Iterable, top: int) -> list:
    """The baseline: the ``top`` most frequent labels (ties broken by first appearance)."""
    return [value for value, _count in Counter(labels).most_common(top)]


def rank_with_mentions(names: Sequence[str], learned: Sequence[Suggestion], in_passage: set[str]) -> list[Suggestion]:
    """Actors: those named in the passage first (in order of appearance), then what was learned
    (named-nearby actors join the learned ones at their learned rank, ahead of unnamed ones of
    equal rank). Each actor once."""
    probability = {s.value: s.probability for s in learned}
    ranked = [Suggestion("actor", name, probability.get(name, 0.0), "named in the passage")
              for name in names if name in in_passage]
    nearby = [name for name in names if name not in in_passage]
    for suggestion in learned:
        if suggestion.value in in_passage:
            continue
        reason = "learned; named nearby" if suggestion.value in nearby else "learned"
        ranked.append(Suggestion("actor", suggestion.value, suggestion.probability, reason))
    return ranked
