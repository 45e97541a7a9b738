"""Aligning coders' claims: one-to-one, optimal, symmetric, and within a document only."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from afpak_coder.analysis.matching import match_claims, rule_text


def _partition(documents, coders, starts, ends, threshold=0.5):
    """The units as a set of frozensets of (document, coder, start, end) claims."""
    matching = match_claims(documents, coders, starts, ends, threshold)
    units = {}
    for number, unit in enumerate(matching.unit):
        units.setdefault(unit, set()).add((documents[number], coders[number], starts[number], ends[number]))
    return {frozenset(claims) for claims in units.values()}


def test_a_trimmed_quote_matches_the_whole_sentence():
    # Bilal kept only the quoted words of the sentence Ayesha selected: all of his claim lies inside hers.
    matching = match_claims(["d", "d"], ["Ayesha", "Bilal"], [0, 70], [160, 150])
    assert matching.units == 1
    assert matching.matched().all()


def test_claims_below_the_threshold_stay_unmatched():
    # 30 shared characters: 30 % of the shorter (100-character) claim.
    assert match_claims(["d", "d"], ["A", "B"], [0, 70], [100, 170], threshold=0.5).units == 2
    assert match_claims(["d", "d"], ["A", "B"], [0, 70], [100, 170], threshold=0.3).units == 1
    with pytest.raises(ValueError, match="threshold"):
        match_claims(["d"], ["A"], [0], [5], threshold=0)


def test_only_different_coders_and_the_same_document_match():
    assert match_claims(["d", "d"], ["A", "A"], [0, 0], [50, 50]).units == 2
    assert match_claims(["d", "e"], ["A", "B"], [0, 0], [50, 50]).units == 2


def test_pairs_are_chosen_to_maximise_total_overlap():
    # Jaccard overlaps: a1-b1 .90, a1-b2 .80, a2-b1 .70, a2-b2 .43. Taking the single best pair
    # first (a1-b1) leaves a2-b2 (total 1.33); the optimal assignment pairs a1-b2 and a2-b1 (1.50).
    claims = {"a1": ("A", 0, 100), "a2": ("A", 0, 63), "b1": ("B", 0, 90), "b2": ("B", 20, 100)}
    names = list(claims)
    matching = match_claims(["d"] * 4, [claims[n][0] for n in names], [claims[n][1] for n in names],
                            [claims[n][2] for n in names])
    unit = dict(zip(names, matching.unit))
    assert unit["a1"] == unit["b2"] and unit["a2"] == unit["b1"] and unit["a1"] != unit["a2"]


def test_three_coders_never_share_a_unit_twice():
    # B's two short claims both lie inside A's long one; C's claim sits on the first.
    documents = ["d"] * 4
    coders = ["A", "B", "B", "C"]
    starts, ends = [0, 0, 60, 0], [100, 40, 100, 40]
    matching = match_claims(documents, coders, starts, ends)
    for unit in range(matching.units):
        members = [coders[i] for i in range(4) if matching.unit[i] == unit]
        assert len(members) == len(set(members))
    assert matching.unit[0] == matching.unit[1] == matching.unit[3]  # A, B's first and C align
    assert matching.unit[2] != matching.unit[0]  # B's second claim is left unmatched


claim_lists = st.lists(st.tuples(st.sampled_from(["d1", "d2"]), st.sampled_from(["Ayesha", "Bilal", "Clara"]),
                                 st.integers(0, 300), st.integers(1, 120)), max_size=30)


@given(claim_lists, st.randoms(use_true_random=False))
def test_no_coder_is_the_reference(claims, rng):
    documents = [c[0] for c in claims]
    coders = [c[1] for c in claims]
    starts = [c[2] for c in claims]
    ends = [c[2] + c[3] for c in claims]
    before = _partition(documents, coders, starts, ends)
    order = list(range(len(claims)))
    rng.shuffle(order)
    after = _partition([documents[i] for i in order], [coders[i] for i in order], [starts[i] for i in order],
                       [ends[i] for i in order])
    assert before == after
    for unit in before:
        assert len({coder for _d, coder, _s, _e in unit}) == len(unit)  # one claim per coder
        assert len({document for document, *_ in unit}) == 1


def test_the_rule_is_written_out_with_its_threshold():
    assert "40%" in rule_text(0.4)
    assert "shorter claim" in rule_text(0.4) and "optimal assignment" in rule_text(0.4)
