"""Sentences likely to hold a claim, learned from where a coder has and has not coded.

In every document the coder has coded, a sentence overlapping one of their claims is a positive
example and any other sentence a negative one. In a new document, sentences not yet coded that the
model scores at or above the threshold are the candidates the workspace marks in the margin.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from afpak_coder.analysis.suggestion_quality import TrainingCancelled
from afpak_coder.analysis.units import sentence_spans

THRESHOLD = 0.5


@dataclass(frozen=True)
class Candidate:
    start: int  # code points into the document text, end exclusive
    end: int
    probability: float


def labelled_sentences(texts: Mapping[object, str], claims: pd.DataFrame, limit: int | None = None,
                       cancelled: Callable[[], bool] = lambda: False) -> tuple[list[str], np.ndarray]:
    """Sentence texts of the coded documents and whether each overlaps a claim (1) or not (0).
    ``claims`` has document_id, start and end; ``texts`` maps each document id to its text.
    With ``limit``, documents are taken in a fixed random order until that many sentences are
    collected (splitting every document of a large project would cost minutes)."""
    sentences: list[str] = []
    labels: list[int] = []
    groups = list(claims.groupby("document_id")[["start", "end"]])
    if limit is not None:
        groups = [groups[i] for i in np.random.default_rng(0).permutation(len(groups))]
    for document_id, spans in groups:
        if limit is not None and len(sentences) >= limit:
            break
        if cancelled():
            raise TrainingCancelled
        text = texts[document_id]
        bounds = sentence_spans(text)
        sentences.extend(text[start:end] for start, end in bounds)
        labels.extend(overlapping_any(spans["start"].to_numpy(), spans["end"].to_numpy(), bounds).tolist())
    return sentences, np.array(labels, dtype=np.int64)


def overlapping_any(starts: np.ndarray, ends: np.ndarray, bounds: Sequence[tuple[int, int]]) -> np.ndarray:
    """For each (start, end) of ``bounds``, 1 if some span (starts[i], ends[i]) overlaps it, else 0:
    the spans sorted by start, the longest reach of those starting before each end (one pass, not
    one comparison of every span per sentence: a long coded document had minutes of those)."""
    if not len(bounds) or not len(starts):
        return np.zeros(len(bounds), dtype=np.int64)
    order = np.argsort(starts, kind="stable")
    starts, reach = starts[order], np.maximum.accumulate(ends[order])
    bounds = np.asarray(bounds, dtype=np.int64)
    before = np.searchsorted(starts, bounds[:, 1], side="left")  # spans starting before each end
    furthest = np.where(before > 0, reach[np.maximum(before - 1, 0)], -1)
    return (furthest > bounds[:, 0]).astype(np.int64)


class SentenceModel:
    """A linear model over character n-grams saying how likely a sentence is to hold a claim."""

    def __init__(self, vectorizer, classifier) -> None:
        self.vectorizer = vectorizer
        self.classifier = classifier

    @classmethod
    def train(cls, sentences: Sequence[str], labels: np.ndarray) -> SentenceModel | None:
        """None when the examples cannot teach anything (no sentence of one of the two kinds)."""
        if len(set(labels.tolist())) < 2:
            return None
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True,
                                     max_features=100_000, dtype=np.float32)
        features = vectorizer.fit_transform(sentences)
        # Balanced: most sentences hold no claim, and a model that never marks one is useless.
        classifier = LogisticRegression(class_weight="balanced", max_iter=200)
        classifier.fit(features, labels)
        return cls(vectorizer, classifier)

    def candidates(self, text: str, coded: Sequence[tuple[int, int]] = (),
                   threshold: float = THRESHOLD) -> list[Candidate]:
        """Sentences of ``text`` not overlapping any of the ``coded`` spans, scored at or above
        ``threshold``, in reading order."""
        spans = sentence_spans(text)
        if len(coded) and spans:  # one sorted pass (a claim-by-sentence comparison took 20 s on 25,000 claims)
            coded = np.asarray(coded, dtype=np.int64).reshape(-1, 2)
            covered = overlapping_any(coded[:, 0], coded[:, 1], spans)
            spans = [span for span, hit in zip(spans, covered.tolist()) if not hit]
        if not spans:
            return []
        scores = self.classifier.predict_proba(self.vectorizer.transform([text[a:b] for a, b in spans]))[:, 1]
        return [Candidate(a, b, float(p)) for (a, b), p in zip(spans, scores, strict=True) if p >= threshold]
