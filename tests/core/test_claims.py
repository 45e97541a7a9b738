import datetime as dt

import pandas as pd
import pytest

from afpak_coder.core.claim_checks import RecentTexts
from afpak_coder.core.errors import AmbiguousNameError, NotFoundError, ValidationError

TEXT = "Islamabad accused Kabul of sheltering the TTP. Kabul denied it 🇦🇫 and called for talks."


@pytest.fixture
def setup(project):
    document = project.add_document(TEXT, title="Exchange", outlet="Gulf Observer", published="2025-02-01")
    coder = project.add_coder("Ayesha")
    return project, document, coder


def test_a_claim_stores_span_quote_and_codes(setup):
    project, document, coder = setup
    claim = project.add_claim(
        document=document, coder=coder, start=0, end=46, theme="Cross-border militancy and TTP sanctuaries",
        actor="Pakistani government", target="Afghan Taliban administration", stance=-2, memo="accusation",
    )
    assert claim.quote == TEXT[0:46] == "Islamabad accused Kabul of sheltering the TTP."
    assert claim.theme.path == ("Security", "Cross-border militancy and TTP sanctuaries")
    assert (claim.actor.name, claim.target.name) == ("Pakistani government", "Afghan Taliban administration")
    assert (claim.stance.value, claim.stance.label) == (-2, project.stance_levels()[0].label)
    assert claim.memo == "accusation" and claim.coder == coder and claim.document == document
    assert claim.created.tzinfo is not None and claim.created == claim.updated
    assert project.claims(document=document, coder=coder) == [claim]


def test_offsets_after_an_emoji_flag_are_code_points(setup):
    project, document, coder = setup
    start = TEXT.index("and called")
    claim = project.add_claim(document=document, coder=coder, start=start, end=len(TEXT), theme="Bilateral talks and visits",
                              actor="Afghan Taliban administration", stance=1)
    assert claim.quote == "and called for talks."
    flag_span = project.add_claim(document=document, coder=coder, start=TEXT.index("🇦🇫"), end=TEXT.index("🇦🇫") + 2,
                                  theme="Bilateral talks and visits", actor="Afghan Taliban administration", stance=0)
    assert flag_span.quote == "🇦🇫"


@pytest.mark.parametrize("start, end", [(-1, 5), (5, 5), (10, 4), (0, len(TEXT) + 1)])
def test_spans_outside_the_text_are_refused(setup, start, end):
    project, document, coder = setup
    with pytest.raises(ValidationError, match="outside the text of 'Exchange'"):
        project.add_claim(document=document, coder=coder, start=start, end=end, theme="Security",
                          actor="Pakistani government", stance=0)
    assert project.claims() == []


def test_a_quote_that_does_not_match_the_text_is_refused(setup):
    project, document, coder = setup
    with pytest.raises(ValidationError, match="quote does not match"):
        project.add_claim(document=document, coder=coder, start=0, end=9, quote="Kabul", theme="Security",
                          actor="Pakistani government", stance=0)


def test_claims_after_the_first_in_a_document_are_checked_against_the_same_text(setup):
    """The text read for one claim is kept for the next (stored texts never change): quotes and
    refusals are the same for the first claim in a document as for the later ones."""
    project, document, coder = setup
    other_text = "Torkham reopened after talks in Doha."
    other = project.add_document(other_text, title="Other")
    for shown, text in ((document, TEXT), (other, other_text), (document, TEXT), (other, other_text)):
        claim = project.add_claim(document=shown, coder=coder, start=3, end=12, theme="Security")
        assert claim.quote == text[3:12]
        with pytest.raises(ValidationError, match="quote does not match"):
            project.add_claim(document=shown, coder=coder, start=3, end=12, quote=text[4:13], theme="Security")
        with pytest.raises(ValidationError, match="outside the text"):
            project.add_claim(document=shown, coder=coder, start=0, end=len(text) + 1, theme="Security")
    moved = project.update_claim(claim, start=0, end=7)
    assert moved.quote == other_text[:7] == project.claim(claim.id).quote
    project.delete_document(other, with_claims=True)
    with pytest.raises(NotFoundError):  # a document gone is gone, whatever text was kept
        project.add_claim(document=other, coder=coder, start=0, end=7, theme="Security")


def test_recent_texts_keep_the_last_ones_within_their_budget():
    texts = RecentTexts(budget=10)
    texts.keep("a", "12345")
    texts.keep("b", "1234")
    texts.keep("a", "12345")  # read again: now the most recent
    texts.keep("c", "123")  # 5 + 4 + 3 > 10: the least recent goes
    assert (texts.get("a"), texts.get("b"), texts.get("c")) == ("12345", None, "123")
    texts.keep("d", "x" * 20)  # larger than the budget alone: kept by itself
    assert (texts.get("a"), texts.get("c"), texts.get("d")) == (None, None, "x" * 20)


def test_unknown_codes_are_named_in_the_error(setup):
    project, document, coder = setup
    base = dict(document=document, coder=coder, start=0, end=9, theme="Security", actor="Pakistani government", stance=0)
    with pytest.raises(NotFoundError, match="no theme named 'Weather'"):
        project.add_claim(**{**base, "theme": "Weather"})
    with pytest.raises(NotFoundError, match="no actor named 'Nobody'"):
        project.add_claim(**{**base, "actor": "Nobody"})
    with pytest.raises(NotFoundError, match="no coder named 'Zed'"):
        project.add_claim(**{**base, "coder": "Zed"})
    with pytest.raises(ValidationError, match="stance 7 is not on the scale"):
        project.add_claim(**{**base, "stance": 7})
    assert project.claims() == []


def test_an_ambiguous_theme_name_asks_for_the_path(setup):
    project, document, coder = setup
    project.add_theme("Other", parent="Security")
    project.add_theme("Other", parent="Diplomacy")
    base = dict(document=document, coder=coder, start=0, end=9, actor="Pakistani government", stance=None)
    with pytest.raises(AmbiguousNameError, match="full path"):
        project.add_claim(theme="Other", **base)
    claim = project.add_claim(theme="Diplomacy › Other", **base)
    assert claim.theme.path == ("Diplomacy", "Other") and claim.stance is None


def test_archived_codes_cannot_be_used_for_new_claims(setup):
    project, document, coder = setup
    project.update_theme("Security", archived=True)
    with pytest.raises(ValidationError, match="archived"):
        project.add_claim(document=document, coder=coder, start=0, end=9, theme="Security",
                          actor="Pakistani government", stance=0)


def test_update_resizes_span_and_refreshes_quote_and_time(setup):
    project, document, coder = setup
    claim = project.add_claim(document=document, coder=coder, start=0, end=9, theme="Security",
                              actor="Pakistani government", stance=0)
    changed = project.update_claim(claim, end=23, stance=-1, target="Afghan Taliban administration", memo="m")
    assert changed.quote == "Islamabad accused Kabul"
    assert (changed.stance.value, changed.target.name, changed.memo) == (-1, "Afghan Taliban administration", "m")
    assert changed.updated > claim.updated and changed.created == claim.created
    cleared = project.update_claim(changed, target=None)
    assert cleared.target is None and cleared.quote == "Islamabad accused Kabul"
    with pytest.raises(ValidationError, match="outside"):
        project.update_claim(claim.id, start=30, end=20)
    assert project.claim(claim.id).quote == "Islamabad accused Kabul"


def test_delete_and_restore_under_the_same_id(setup):
    project, document, coder = setup
    claim = project.add_claim(document=document, coder=coder, start=0, end=9, theme="Security",
                              actor="Pakistani government", stance=0)
    project.delete_claim(claim)
    assert project.claims() == []
    restored = project.add_claim(id=claim.id, document=document, coder=coder, start=0, end=9, theme="Security",
                                 actor="Pakistani government", stance=0)
    assert restored == claim


def test_bulk_add_is_all_or_nothing(setup):
    project, document, coder = setup
    good = dict(document=document, coder=coder, start=0, end=9, theme="Security", actor="Pakistani government", stance=0)
    assert project.add_claims([good, {**good, "start": 10, "end": 23}]) == 2
    with pytest.raises(ValidationError, match="claim 2: span"):
        project.add_claims([good, {**good, "end": 999}])
    assert len(project.claims()) == 2


def test_claim_counts_by_document_and_coder(setup):
    project, document, coder = setup
    other = project.add_coder("Bilal")
    for who in (coder, coder, other):
        project.add_claim(document=document, coder=who, start=0, end=9, theme="Security",
                          actor="Pakistani government", stance=0)
    assert project.claim_counts() == {(document.id, coder.id): 2, (document.id, other.id): 1}
    assert project.summary().claims_per_coder == {"Ayesha": 2, "Bilal": 1}


def test_claims_frame_has_one_row_per_claim_with_metadata(setup):
    project, document, coder = setup
    project.update_document(document, variables={"outlet_country": "Qatar", "title": "clash"})
    project.add_claim(document=document, coder=coder, start=0, end=46, theme="Cross-border militancy and TTP sanctuaries",
                      actor="Pakistani government", target="Afghan Taliban administration", stance=-2)
    project.add_claim(document=document, coder=coder, start=47, end=63, theme="Security", actor="Afghan Taliban administration",
                      stance=None)
    frame = project.claims_frame()
    assert len(frame) == 2
    first = frame.iloc[0]
    assert first["title"] == "Exchange" and first["outlet"] == "Gulf Observer"
    assert first["published"] == dt.datetime(2025, 2, 1)
    assert first["outlet_country"] == "Qatar" and first["title_2"] == "clash"
    assert first["theme_path"] == "Security › Cross-border militancy and TTP sanctuaries"
    assert first["top_theme"] == "Security"
    assert (first["actor_type"], first["target"], first["stance"]) == ("government", "Afghan Taliban administration", -2)
    assert first["quote"] == TEXT[0:46] and (first["start"], first["end"]) == (0, 46)
    second = frame.iloc[1]
    assert pd.isna(second["target"]) and pd.isna(second["stance"])
    assert str(frame["created"].dt.tz) == "UTC"


def test_an_incomplete_claim_lacks_its_actor_and_is_missing_in_the_frame(setup):
    project, document, coder = setup
    incomplete = project.add_claim(document=document, coder=coder, start=0, end=9, theme="Bilateral talks and visits")
    assert incomplete.actor is None and incomplete.stance is None
    assert incomplete.is_incomplete and incomplete.missing == ("actor", "stance")
    assert incomplete.incomplete_label == "incomplete: no actor, no stance"
    finished = project.update_claim(incomplete, actor="Pakistani government")
    assert finished.actor.name == "Pakistani government" and finished.missing == ("stance",)
    finished = project.update_claim(finished, stance=0)
    assert not finished.is_incomplete and finished.incomplete_label == ""
    again = project.update_claim(finished, actor=None)  # taking the actor away is allowed too
    assert project.claim(again.id).missing == ("actor",)
    complete = project.add_claim(document=document, coder=coder, start=10, end=17, theme="Bilateral talks and visits",
                                 actor="Afghan Taliban administration", stance=1)
    assert project.add_claims([dict(document=document, coder=coder, start=18, end=23, theme="Bilateral talks and visits",
                                    actor=None, stance=None)]) == 1
    with pytest.raises(ValidationError, match="a claim needs a theme"):
        project.add_claim(document=document, coder=coder, start=0, end=9, theme=None, actor="Pakistani government")
    frame = project.claims_frame().set_index("start")
    assert pd.isna(frame.loc[0, "actor"]) and pd.isna(frame.loc[0, "actor_type"]) and frame.loc[0, "stance"] == 0
    assert frame.loc[18, "stance"] is pd.NA
    assert pd.isna(frame.loc[18, "actor"]) and pd.isna(frame.loc[18, "stance"])
    assert frame.loc[10, "actor"] == complete.actor.name and frame.loc[10, "stance"] == 1
    # Missing is never a category: no row holds a stand-in value for the absent actor.
    assert set(frame["actor"].dropna()) == {"Afghan Taliban administration"}


def test_claims_between_are_those_overlapping_the_stretch(setup):
    project, document, coder = setup
    bilal = project.add_coder("Bilal")
    spans = [(0, 9), (10, 16), (18, 23), (5, 46), (47, 52)]  # "Islamabad", "accused", "Kabul", ...
    made = {span: project.add_claim(document=document, coder=coder, start=span[0], end=span[1],
                                    theme="Bilateral talks and visits", actor="Pakistani government", stance=0)
            for span in spans}
    other = project.add_claim(document=document, coder=bilal, start=12, end=14, theme="Bilateral talks and visits",
                              actor="Pakistani government", stance=0)
    # [16, 18) touches "accused" and "Kabul" only at their ends (end exclusive), so neither overlaps
    assert project.claims_between(document, 16, 18) == [made[(5, 46)]]
    assert project.claims_between(document, 9, 19) == [made[(5, 46)], made[(10, 16)], other, made[(18, 23)]]
    assert project.claims_between(document, 9, 19, coder=coder) == [made[(5, 46)], made[(10, 16)], made[(18, 23)]]
    assert project.claims_between(document, 60, 80) == []
