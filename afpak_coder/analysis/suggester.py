"""Suggestions for one coder of one project: what they are trained on, where they are cached, and
which of them may be shown.

Blind coding stays blind: a coder's suggestions learn only from that coder's own claims, plus the
Consensus coder's when the lead has allowed it (``allow_consensus_suggestions``). Other coders'
claims never reach the model, so agreement figures stay valid.

The trained models are cached beside the project file (``study.afpak.suggestions/``), never inside
it, so coder copies and e-mailed project files carry none of it.

    from afpak_coder.analysis.suggester import train_suggestions
    trained = train_suggestions(project, "Ayesha")
    trained.suggest(document, start, end)       # {"theme": [Suggestion, ...], ...}
    trained.candidates(document)                # sentences likely to hold a claim
"""

from __future__ import annotations

import datetime as dt
import os
import pickle
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from afpak_coder.analysis.claim_sentences import Candidate, SentenceModel, labelled_sentences
from afpak_coder.analysis.consensus import CONSENSUS
from afpak_coder.analysis.suggestion_quality import DimensionQuality, TrainingCancelled, cross_validated_quality
from afpak_coder.analysis.suggestions import (
    DIMENSIONS, MIN_CLAIMS, Suggestion, SuggestionModel, rank_with_mentions, training_table,
)
from afpak_coder.core.mentions import actors_mentioned

USED_SETTING = "suggestions.used"  # coder id -> first date suggestions were shown to that coder
CONSENSUS_SETTING = "suggestions.consensus_allowed"
CONTEXT = 200  # code points around a passage searched for actor names
# Training cost stays bounded however much a coder has coded: the most recent claims teach the
# models, a sample of them measures the quality, a sample of sentences teaches where claims are.
TRAINING_CLAIMS = 20_000
QUALITY_CLAIMS = 5_000
SENTENCES = 50_000
_CACHE_VERSION = 1


@dataclass
class TrainedSuggestions:
    coder_id: str
    claims: int  # how many of the coder's claims it learned from (the cache is stale when this differs)
    sources: list[str]  # coder names trained on
    model: SuggestionModel | None
    sentences: SentenceModel | None
    quality: dict[str, DimensionQuality] = field(default_factory=dict)
    actors: list = field(default_factory=list)

    def shown_dimensions(self) -> list[str]:
        """Dimensions whose suggestions beat the most-frequent baseline on held-out claims."""
        return [d for d in DIMENSIONS if d in self.quality and self.quality[d].useful]

    def suggest(self, document, start: int, end: int, top: int = 3) -> dict[str, list[Suggestion]]:
        """Suggestions for the passage ``document.text[start:end]``, only for shown dimensions."""
        if self.model is None:
            return {}
        text = document.text
        passage = text[start:end]
        learned = self.model.suggest(passage, top=len(self.actors) + 3)
        around = text[max(0, start - CONTEXT):end + CONTEXT]
        named = [actor.name for actor in actors_mentioned(passage, self.actors)]
        nearby = [actor.name for actor in actors_mentioned(around, self.actors) if actor.name not in named]
        shown = {}
        for dimension in self.shown_dimensions():
            ranked = learned.get(dimension, [])
            if dimension == "actor":
                ranked = rank_with_mentions(named + nearby, ranked, set(named))
            shown[dimension] = ranked[:top]
        return shown

    def candidates(self, document, coded: list[tuple[int, int]]) -> list[Candidate]:
        if self.sentences is None:
            return []
        return self.sentences.candidates(document.text, coded)


def cache_folder(project_path: Path) -> Path:
    project_path = Path(project_path)
    return project_path.with_name(project_path.name + ".suggestions")


def consensus_allowed(project) -> bool:
    return bool(project.setting(CONSENSUS_SETTING, False))


def allow_consensus_suggestions(project, allowed: bool) -> None:
    """The lead's choice: may coders' suggestions also learn from the Consensus coder's claims?"""
    project.set_setting(CONSENSUS_SETTING, bool(allowed))


def record_suggestions_shown(project, coder) -> None:
    """Remember (in the project, for the agreement report) that this coder saw suggestions."""
    used = dict(project.setting(USED_SETTING, {}))
    key = str(project.coder(coder).id)
    if key not in used and not project.read_only:
        used[key] = dt.date.today().isoformat()
        project.set_setting(USED_SETTING, used)


def suggestions_note(project, coder_names) -> str:
    """One sentence for the agreement report: which of these coders had suggestions on."""
    used = project.setting(USED_SETTING, {})
    by_name = {coder.name: coder for coder in project.coders()}
    on = [f"{name} (from {used[str(by_name[name].id)]})" for name in coder_names
          if name in by_name and str(by_name[name].id) in used]
    if not on:
        return "Suggestions were off for every coder compared."
    return "Suggestions were on for " + ", ".join(on) + "; off for the others."


def coded_claim_count(project, coder) -> int:
    coder_id = project.coder(coder).id
    return sum(n for (_document, who), n in project.claim_counts().items() if who == coder_id)


@dataclass(frozen=True)
class TrainingData:
    """Everything training needs, read from the project in one short step (the GUI reads it on a
    worker thread and then fits without touching the project)."""

    coder_id: str
    own_claims: int
    sources: list[str]
    frame: pd.DataFrame
    texts: dict
    actors: list


def read_training_data(project, coder) -> TrainingData:
    """The coder's own claims (and the Consensus coder's, when the lead allowed it)."""
    coder_record = project.coder(coder)
    sources = [coder_record.name]
    frames = [project.claims_frame(coder=coder_record)]
    if coder_record.name != CONSENSUS and consensus_allowed(project):
        if CONSENSUS in {c.name for c in project.coders()}:
            frames.append(project.claims_frame(coder=CONSENSUS))
            sources.append(CONSENSUS)
    frame = pd.concat(frames, ignore_index=True)
    texts = {document_id: project.document(document_id).text for document_id in frame["document_id"].unique()}
    actors = [actor for actor in project.actors() if not actor.archived]
    return TrainingData(str(coder_record.id), len(frames[0]), sources, frame, texts, actors)


def fit_suggestions(data: TrainingData, *, evaluate: bool = True,
                    cancelled: Callable[[], bool] = lambda: False) -> TrainedSuggestions:
    """``cancelled()`` is asked between steps: true stops the training (TrainingCancelled), so a
    closed project or window does not keep a core and the interpreter busy."""
    frame = data.frame
    if len(frame) > TRAINING_CLAIMS:
        frame = frame.sort_values("updated", kind="stable").tail(TRAINING_CLAIMS)
    table = training_table(frame)
    if len(table) < MIN_CLAIMS:
        return TrainedSuggestions(data.coder_id, data.own_claims, data.sources, None, None, {}, data.actors)
    model = SuggestionModel.train(table)
    quality = {}
    if evaluate:
        sample = table.sample(QUALITY_CLAIMS, random_state=0) if len(table) > QUALITY_CLAIMS else table
        quality = cross_validated_quality(sample, mentioned=_mention_finder(data.actors), cancelled=cancelled)
    sentences, labels = labelled_sentences(data.texts, frame, limit=SENTENCES, cancelled=cancelled)
    if cancelled():
        raise TrainingCancelled
    return TrainedSuggestions(data.coder_id, data.own_claims, data.sources, model,
                              SentenceModel.train(sentences, labels), quality, data.actors)


def train_suggestions(project, coder, *, evaluate: bool = True) -> TrainedSuggestions:
    """Train on the coder's own claims (and the Consensus coder's, when the lead allowed it)."""
    return fit_suggestions(read_training_data(project, coder), evaluate=evaluate)


def _mention_finder(actors):
    def mentioned(text: str) -> list[str]:
        return [actor.name for actor in actors_mentioned(text, actors)]
    return mentioned


# -- cache ------------------------------------------------------------------------------------


def save_cached(project_path: Path, trained: TrainedSuggestions) -> Path:
    """Write atomically, so a crash mid-write leaves the previous cache (or none)."""
    folder = cache_folder(project_path)
    folder.mkdir(exist_ok=True)
    target = folder / f"{trained.coder_id}.pickle"
    handle, temporary = tempfile.mkstemp(dir=folder, suffix=".part")
    try:
        with os.fdopen(handle, "wb") as stream:
            pickle.dump({"version": _CACHE_VERSION, "sklearn": _sklearn_version(), "trained": trained}, stream)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


def load_cached(project_path: Path, coder_id: str) -> TrainedSuggestions | None:
    """The cached models, or None when there are none or they were made by another version."""
    target = cache_folder(project_path) / f"{coder_id}.pickle"
    try:
        with target.open("rb") as stream:
            stored = pickle.load(stream)  # our own file, written beside the project by save_cached
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return None
    if not isinstance(stored, dict) or stored.get("version") != _CACHE_VERSION \
            or stored.get("sklearn") != _sklearn_version():
        return None
    return stored.get("trained")


def _sklearn_version() -> str:
    import sklearn

    return sklearn.__version__
