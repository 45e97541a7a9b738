"""Reliability data for the four units of analysis, built from a project's claims."""

import numpy as np
import pytest

from afpak_coder.analysis.agreement_report import AgreementError, load_coding_data
from afpak_coder.analysis.units import NO_CLAIM, NO_TARGET, build_units, sentence_spans
from afpak_coder.core.errors import NotFoundError

from agreement_fixtures import AIRSTRIKES, CROSSINGS, MILITANCY, PAKISTAN, TALIBAN, TEXT, URDU


def _values(dimension, coder):
    return [None if code < 0 else dimension.categories[code] for code in dimension.codes[coder]]


def test_loading_defaults_to_documents_two_coders_coded(coded):
    project, article, urdu = coded
    data = load_coding_data(project)
    assert data.coders == ("Ayesha", "Bilal", "Clara")
    assert data.compared_documents() == [str(article.id)]  # the Urdu article had one coder
    assert (str(article.id), "Clara") in data.coded  # marked done, no claims
    assert MILITANCY in data.themes and data.stance_values == (-2, -1, 0, 1, 2)


def test_loading_refuses_fewer_than_two_coders_and_unknown_ones(coded):
    project, *_ = coded
    with pytest.raises(AgreementError, match="two or more coders") as error:
        load_coding_data(project, coders=["Ayesha"])
    assert str(project.path) in str(error.value)
    with pytest.raises(NotFoundError):
        load_coding_data(project, coders=["Ayesha", "Zarghuna"])


def test_matched_claims(coded):
    project, *_ = coded
    units = build_units(load_coding_data(project), "claim")
    assert units.unit_total == 3  # the trimmed quote matched the sentence; the third claim stands alone
    theme, target, stance = (units.dimensions[name] for name in ("theme", "target", "stance"))
    order = np.argsort(units.claims.loc[units.members[:, 0], "start"].to_numpy())  # by Ayesha's claims
    assert [_values(theme, 0)[i] for i in order] == [MILITANCY, MILITANCY, CROSSINGS]
    assert [_values(theme, 1)[i] for i in order] == [AIRSTRIKES, MILITANCY, NO_CLAIM]
    assert [_values(theme, 2)[i] for i in order] == [NO_CLAIM] * 3  # Clara coded it: "no claim", not missing
    assert [_values(target, 1)[i] for i in order] == ["Afghan Taliban administration", NO_TARGET, NO_CLAIM]
    assert [_values(stance, 1)[i] for i in order] == [-2, None, None]  # no stance, no claim: missing
    assert units.matching.matched().sum() == 4


def test_sentences():
    assert [TEXT[a:b] for a, b in sentence_spans(TEXT)][1] == "Kabul denied that its soil was used against Pakistan."
    assert len(sentence_spans(TEXT)) == 4
    assert [URDU[a:b] for a, b in sentence_spans(URDU)] == ["چمن میں دھرنا جاری ہے۔", "تاجروں نے سرحد کھولنے کا مطالبہ کیا۔"]
    assert sentence_spans('He said "Go." Then left.\n\nNew paragraph') == [(0, 13), (14, 24), (26, 39)]


def test_sentence_units(coded):
    project, *_ = coded
    units = build_units(load_coding_data(project), "sentence")
    theme = units.dimensions["theme"]
    assert units.unit_total == 4
    assert _values(theme, 0) == [MILITANCY, MILITANCY, CROSSINGS, NO_CLAIM]
    assert _values(theme, 1) == [AIRSTRIKES, MILITANCY, NO_CLAIM, NO_CLAIM]


def test_character_units(coded):
    project, article, _ = coded
    units = build_units(load_coding_data(project), "character")
    theme = units.dimensions["theme"]
    data = load_coding_data(project)
    assert theme.weights.sum() == len(TEXT) * len(data.themes)  # every character, for every theme
    number = data.themes.index(AIRSTRIKES)
    codes, weights, _ = theme.binary(number)
    start, end = TEXT.index("accused"), TEXT.index("TTP") + 3
    bilal_only = (codes[0] == 0) & (codes[1] == 1) & (codes[2] == 0)
    assert weights[bilal_only].sum() == end - start
    assert units.dimensions["stance"].not_applicable


def test_document_units(coded):
    project, *_ = coded
    data = load_coding_data(project)
    units = build_units(data, "document")
    theme = units.dimensions["theme"]
    codes, _, _ = theme.binary(data.themes.index(CROSSINGS))
    assert codes[:, 0].tolist() == [1, 0, 0]
    codes, _, _ = theme.binary(data.themes.index(MILITANCY))
    assert codes[:, 0].tolist() == [1, 1, 0]


def test_a_claim_without_an_actor_is_missing_for_actor_not_a_category(project):
    """Ayesha and Bilal code the same four sentences; Bilal's last claim lacks its actor.
    By hand (Krippendorff 2011, nominal): units 1-3 pair PAKISTAN/PAKISTAN, TALIBAN/TALIBAN,
    PAKISTAN/PAKISTAN and unit 4 has one value only, so it is not pairable; the observed
    disagreement is 0 and alpha is 1. Were the missing actor a category, unit 4 would disagree."""
    from afpak_coder.analysis.agreement import alpha_from_codes

    article = project.add_document(TEXT, title="Border talks stall", language="en")
    sentences = sentence_spans(TEXT)
    actors = {"Ayesha": [PAKISTAN, TALIBAN, PAKISTAN, TALIBAN], "Bilal": [PAKISTAN, TALIBAN, PAKISTAN, None]}
    for coder, chosen in actors.items():
        project.add_coder(coder)
        for (start, end), actor in zip(sentences, chosen):
            project.add_claim(document=article, coder=coder, start=start, end=end, theme=MILITANCY, actor=actor,
                              stance=0)
    data = load_coding_data(project)
    units = build_units(data, "claim")
    actor = units.dimensions["actor"]
    order = np.argsort(units.claims.loc[units.members[:, 0], "start"].to_numpy())
    assert [_values(actor, 1)[i] for i in order] == [PAKISTAN, TALIBAN, PAKISTAN, None]
    assert alpha_from_codes(actor.codes, len(actor.categories), "nominal").value == 1.0
    # Documents: Bilal named Pakistan and the Taliban there; that he named no one else is unknown.
    document_actor = build_units(data, "document").dimensions["actor"]
    bilal = dict(zip(document_actor.one_vs_rest, document_actor.codes[1]))
    assert bilal[PAKISTAN] == bilal[TALIBAN] == 1 and bilal["Qatar"] == -1
    assert dict(zip(document_actor.one_vs_rest, document_actor.codes[0]))["Qatar"] == 0
