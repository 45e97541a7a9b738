"""Suggestions learned from a coder's own claims (issue 17): training, prediction, the blind rule,
the quality figures against the most-frequent baseline, candidate sentences and the cache."""

import hashlib

import numpy as np
import pandas as pd
import pytest

import afpak_coder
from afpak_coder.analysis import suggester
from afpak_coder.analysis.claim_sentences import SentenceModel, labelled_sentences
from afpak_coder.analysis.suggestion_quality import cross_validated_quality
from afpak_coder.analysis.suggestions import NO_TARGET, SuggestionModel, training_table

BORDER = "Border & trade › Border closures, crossings and trade"
REFUGEES = "People & humanitarian › Refugees and repatriation"

# Invented sentences: two kinds of passage, each always coded the same way by coder "Ayesha".
BORDER_LINES = [
    "The Torkham crossing stayed shut for a third day as traders waited at the border gate.",
    "Border guards closed the Chaman crossing after an exchange of fire near the fence.",
    "Trucks queued for miles at the border crossing while officials argued over the fence.",
    "The crossing at Ghulam Khan reopened briefly before border guards shut it again.",
    "Officials said the border fence would be extended past the Kurram crossing.",
    "The border gate at Angoor Adda was sealed and the crossing closed to traders.",
]
REFUGEE_LINES = [
    "Families of refugees waited for registration cards at the repatriation centre.",
    "Deportation of undocumented refugees resumed, and repatriation camps filled up.",
    "Aid groups said refugees returning home needed shelter after the repatriation drive.",
    "The refugee registration deadline passed and repatriation convoys left the camps.",
    "Refugees without cards feared deportation as the repatriation deadline neared.",
    "Repatriation of refugee families slowed as the camps ran out of tents.",
]


def _coded_project(project):
    """Two documents; Ayesha codes border passages as border management by the Pakistani
    military (stance -1) and refugee passages as refugees by the Pakistani government (stance -2).
    Bilal codes the very same passages the other way round."""
    ayesha = project.add_coder("Ayesha")
    bilal = project.add_coder("Bilal")
    texts = [" ".join(BORDER_LINES[:3] + REFUGEE_LINES[:3]) + " The weather was mild.",
             " ".join(BORDER_LINES[3:] + REFUGEE_LINES[3:]) + " Markets were quiet."]
    documents = [project.add_document(text, title=f"Report {n}") for n, text in enumerate(texts)]
    for document in documents:
        for line in BORDER_LINES + REFUGEE_LINES:
            start = document.text.find(line)
            if start < 0:
                continue
            border = line in BORDER_LINES
            project.add_claim(document=document, coder=ayesha, start=start, end=start + len(line),
                              theme=BORDER if border else REFUGEES,
                              actor="Pakistani military" if border else "Pakistani government",
                              stance=-1 if border else -2)
            project.add_claim(document=document, coder=bilal, start=start, end=start + len(line),
                              theme=REFUGEES if border else BORDER, actor="Afghan Taliban administration",
                              stance=2 if border else 1)
    return documents


def test_learned_suggestions_follow_the_coders_own_claims(project):
    _coded_project(project)
    trained = suggester.train_suggestions(project, "Ayesha")
    assert trained.sources == ["Ayesha"] and trained.claims == 12
    new = project.add_document("Border guards kept the crossing closed and the fence guarded.", title="New")
    shown = trained.suggest(new, 0, len(new.text))
    assert shown["theme"][0].value == BORDER
    assert shown["stance"][0].value == -1
    assert len(shown["theme"]) == 2  # the only two themes she has used
    probabilities = [s.probability for s in shown["theme"]]
    assert probabilities == sorted(probabilities, reverse=True)


def test_blind_coding_another_coders_claims_never_change_my_suggestions(project):
    _coded_project(project)
    new = project.add_document("Border guards kept the crossing closed and the fence guarded.", title="New")
    # Bilal's own model says refugees for this border passage: his claims would change the answer ...
    bilal = suggester.train_suggestions(project, "Bilal", evaluate=False)
    assert bilal.model.suggest(new.text)["theme"][0].value == REFUGEES
    # ... but Ayesha's suggestions are trained on hers alone, before and after Bilal codes more.
    before = suggester.train_suggestions(project, "Ayesha", evaluate=False).model.suggest(new.text)
    for _ in range(3):
        project.add_claim(document=new, coder="Bilal", start=0, end=len(new.text), theme=REFUGEES,
                          actor="Afghan Taliban administration", stance=2)
    after = suggester.train_suggestions(project, "Ayesha", evaluate=False).model.suggest(new.text)
    assert before == after
    assert after["theme"][0].value == BORDER


def test_consensus_claims_are_used_only_when_the_lead_allows_it(project):
    _coded_project(project)
    consensus = project.add_coder("Consensus")
    new = project.add_document("Border guards kept the crossing closed and the fence guarded.", title="New")
    for _ in range(12):
        project.add_claim(document=new, coder=consensus, start=0, end=len(new.text), theme=REFUGEES,
                          actor="Afghan Taliban administration", stance=2)
    assert suggester.train_suggestions(project, "Ayesha", evaluate=False).sources == ["Ayesha"]
    suggester.allow_consensus_suggestions(project, True)
    trained = suggester.train_suggestions(project, "Ayesha", evaluate=False)
    assert trained.sources == ["Ayesha", consensus.name]
    assert trained.claims == 12  # the freshness count is of the coder's own claims


def test_too_few_claims_give_no_suggestions(project):
    ayesha = project.add_coder("Ayesha")
    document = project.add_document(" ".join(BORDER_LINES), title="One")
    for line in BORDER_LINES[:3]:
        start = document.text.find(line)
        project.add_claim(document=document, coder=ayesha, start=start, end=start + len(line),
                          theme=BORDER, actor="Pakistani military", stance=-1)
    trained = suggester.train_suggestions(project, "Ayesha")
    assert trained.model is None and trained.suggest(document, 0, 20) == {} and trained.shown_dimensions() == []


def test_quality_against_the_most_frequent_baseline_hand_computed():
    # Ten identical passages: no text can tell the labels apart. 7 × A and 3 × B; every training
    # fold (8 of 10) keeps at least 5 A and at most 3 B, so the baseline always says A: held-out
    # top-1 = 7/10, top-3 = 10/10. A model can do no better than the baseline here, so the
    # dimension must not be shown.
    table = pd.DataFrame({"text": ["the same words"] * 10, "theme": ["A"] * 7 + ["B"] * 3,
                          "actor": ["X"] * 10, "target": [NO_TARGET] * 10, "stance": [1] * 10})
    quality = cross_validated_quality(table, dimensions=("theme",))
    theme = quality["theme"]
    assert theme.claims == 10
    assert theme.baseline_top1 == pytest.approx(0.7) and theme.baseline_top3 == pytest.approx(1.0)
    assert theme.top1 <= theme.baseline_top1 and not theme.useful


def test_quality_on_separable_passages_beats_the_baseline(project):
    _coded_project(project)
    table = training_table(project.claims_frame(coder="Ayesha"))
    quality = cross_validated_quality(table, dimensions=("theme", "stance"))
    # Held out: the theme is read off the words (border vs refugee vocabulary), the baseline
    # (most frequent of a 6/6 split) gets about half.
    assert quality["theme"].top1 == pytest.approx(1.0)
    assert quality["theme"].baseline_top1 <= 0.5
    assert quality["theme"].useful


def test_actors_named_in_the_passage_come_first(project):
    _coded_project(project)
    trained = suggester.train_suggestions(project, "Ayesha", evaluate=False)
    trained.quality = {d: _Useful() for d in ("theme", "actor", "target", "stance")}
    new = project.add_document("Kabul rejected the claim that border guards had fired first.", title="New")
    actors = trained.suggest(new, 0, len(new.text))["actor"]
    assert actors[0].value == "Afghan Taliban administration"  # "Kabul" is one of its aliases
    assert actors[0].reason == "named in the passage"


class _Useful:
    useful = True


def test_candidate_sentences_are_the_uncoded_ones_like_those_coded_before():
    claims = pd.DataFrame({"document_id": ["d"] * 4, "start": [0, 0, 0, 0], "end": [0, 0, 0, 0]})
    filler = ["The weather was mild.", "Markets were quiet.", "A match was played.", "Schools opened late."]
    coded = BORDER_LINES[:4]
    text = " ".join(x for pair in zip(coded, filler, strict=True) for x in pair)
    spans = [(text.find(line), text.find(line) + len(line)) for line in coded]
    claims["start"], claims["end"] = [s for s, _ in spans], [e for _, e in spans]
    sentences, labels = labelled_sentences({"d": text}, claims)
    assert labels.tolist() == [1, 0, 1, 0, 1, 0, 1, 0]
    model = SentenceModel.train(sentences, labels)
    new = BORDER_LINES[4] + " The weather was mild again. " + BORDER_LINES[5]
    already = (0, len(BORDER_LINES[4]))
    found = model.candidates(new, coded=[already])
    assert [new[c.start:c.end] for c in found] == [BORDER_LINES[5]]
    assert SentenceModel.train(sentences[:1], labels[:1]) is None
    # many coded spans, some touching a sentence without overlapping it: the sentences left are
    # exactly those no span overlaps (worked out in one sorted pass, not span by sentence)
    long_text = " ".join(BORDER_LINES[i % len(BORDER_LINES)] for i in range(60))
    rng = np.random.default_rng(3)
    starts = rng.integers(0, len(long_text) - 30, size=40)
    many = [(int(a), int(a) + int(rng.integers(0, 30))) for a in starts] + [(0, 0)]
    every = model.candidates(long_text, threshold=0.0)
    left = model.candidates(long_text, coded=many, threshold=0.0)
    assert [(c.start, c.end) for c in left] == [
        (c.start, c.end) for c in every if not any(a < c.end and b > c.start for a, b in many)]
    assert 0 < len(left) < len(every)


def test_cache_lives_beside_the_project_and_never_changes_the_project_file(tmp_path):
    path = tmp_path / "study.afpak"
    with afpak_coder.create_project(path) as project:
        _coded_project(project)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with afpak_coder.open_project(path) as project:
        trained = suggester.train_suggestions(project, "Ayesha")
        cached = suggester.save_cached(path, trained)
    assert cached.parent == tmp_path / "study.afpak.suggestions"
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    loaded = suggester.load_cached(path, trained.coder_id)
    assert loaded.claims == 12 and loaded.shown_dimensions() == trained.shown_dimensions()
    cached.write_bytes(b"not a pickle")
    assert suggester.load_cached(path, trained.coder_id) is None


def test_the_agreement_note_names_coders_who_had_suggestions(project):
    _coded_project(project)
    assert suggester.suggestions_note(project, ["Ayesha", "Bilal"]) == \
        "Suggestions were off for every coder compared."
    suggester.record_suggestions_shown(project, "Ayesha")
    note = suggester.suggestions_note(project, ["Ayesha", "Bilal"])
    assert note.startswith("Suggestions were on for Ayesha (from ") and note.endswith("; off for the others.")


def test_a_claim_without_actor_or_stance_teaches_only_the_dimensions_it_has():
    frame = pd.DataFrame({"quote": ["a", "b"], "theme_path": ["T", "U"], "actor": [None, "X"],
                          "target": [None, None], "stance": pd.array([pd.NA, 1], dtype="Int64")})
    table = training_table(frame)
    assert table["actor"].isna().tolist() == [True, False]
    assert table["target"].tolist() == [NO_TARGET, NO_TARGET]
    model = SuggestionModel.train(table)
    assert model.suggest("a")["actor"][0].value == "X"  # one known actor: always that one


def test_probabilities_are_exactly_what_sklearn_computes(project):
    # The workspace computes the scores itself (sklearn's input checks took most of the time).
    _coded_project(project)
    table = training_table(project.claims_frame(coder="Ayesha"))
    model = SuggestionModel.train(table)
    features = model.vectorizer.transform(table["text"])
    for dimension in ("theme", "actor", "stance"):
        fitted = model.dimensions[dimension]
        assert abs(fitted.probabilities(features) - fitted.model.predict_proba(features)).max() < 1e-9


def test_a_sentence_is_labelled_coded_exactly_when_a_claim_overlaps_it():
    from afpak_coder.analysis.claim_sentences import overlapping_any

    rng = np.random.default_rng(3)
    for _ in range(50):
        starts = rng.integers(0, 500, size=rng.integers(0, 30))
        ends = starts + rng.integers(1, 80, size=len(starts))
        cuts = np.unique(np.concatenate([[0, 600], rng.integers(0, 600, size=20)]))
        bounds = list(zip(cuts[:-1].tolist(), cuts[1:].tolist()))
        expected = [int(any(s < end and e > start for s, e in zip(starts, ends))) for start, end in bounds]
        assert overlapping_any(starts, ends, bounds).tolist() == expected
    # touching is not overlapping: a claim ending where a sentence starts leaves it uncoded
    assert overlapping_any(np.array([0, 20]), np.array([10, 30]), [(10, 20), (5, 11), (30, 40)]).tolist() == [0, 1, 0]


def test_a_training_asked_to_stop_stops_and_yields_nothing(project):
    from afpak_coder.analysis.suggestion_quality import TrainingCancelled

    _coded_project(project)
    data = suggester.read_training_data(project, project.coder("Ayesha"))
    asked = []

    def cancelled():
        asked.append(True)
        return len(asked) > 2  # stop at the third check, part way through

    with pytest.raises(TrainingCancelled):
        suggester.fit_suggestions(data, cancelled=cancelled)
    assert len(asked) == 3
    assert suggester.fit_suggestions(data, cancelled=lambda: False).model is not None  # not asked: trains
