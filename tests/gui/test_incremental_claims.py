"""Saving, editing, deleting, undoing and redoing one claim update the claims list and the
highlights in place; after every step they must equal what a full re-read of the document shows."""

import random
import uuid
from dataclasses import dataclass

import pytest
from hypothesis import given, settings as hypothesis_settings, strategies as st
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

import afpak_coder
from afpak_coder.gui.workspace.claim_spans import LONG_SPAN, ClaimSpans, span_order
from afpak_coder.gui.workspace.claims_table import row_order
from afpak_coder.gui.workspace.highlight_layers import laid_over, stretches

SENTENCE = "Officials in Kabul and Islamabad traded statements about the border crossing at Torkham. "
THEMES = ("Border closures, crossings and trade", "Security", "Third-party mediation")
ACTORS = ("Traders and transporters", "Pakistani government", "Afghan Taliban administration")


@pytest.fixture
def overlapping(tmp_path):
    """A document whose claims nest and overlap, one of them longer than LONG_SPAN, and a claim
    of another coder (hidden in blind coding)."""
    path = tmp_path / "overlap.afpak"
    text = SENTENCE * (3 * LONG_SPAN // len(SENTENCE))
    with afpak_coder.create_project(path) as project:
        document = project.add_document(text, title="Overlaps")
        project.add_coder("Ayesha")
        project.add_coder("Bilal")
        spans = [(0, 40), (10, 30), (10, 60), (20, 25), (35, 120), (0, LONG_SPAN + 500), (200, 260), (210, 215)]
        project.add_claims([dict(document=document, coder="Ayesha", start=start, end=end, theme=THEMES[i % 3],
                                 actor=ACTORS[i % 3], stance=(i % 3) - 1) for i, (start, end) in enumerate(spans)])
        project.add_claim(document=document, coder="Bilal", start=15, end=45, theme=THEMES[0], actor=ACTORS[0],
                          stance=1)
    return path


def fields(claim):
    return (claim.id, claim.start, claim.end, claim.theme.id, claim.actor.id,
            claim.target.id if claim.target else None, claim.stance.value if claim.stance else None, claim.memo)


def assert_matches_full_read(window):
    """The list, the view's claims and the painted highlights equal a fresh read from the file."""
    document = window.document_view.document_shown
    fresh = window.project.claims(document=document, coder="Ayesha")
    documents = window.documents_model
    assert documents.index(documents.row_of(document.id), 4).data() == len(fresh)  # "Mine" in the list
    assert [fields(c) for c in window.claims_model.claims()] == [fields(c) for c in sorted(fresh, key=row_order)]
    for row, claim in enumerate(window.claims_model.claims()):
        assert window.claims_model.row_of(claim.id) == row
    view = window.document_view
    assert [fields(c) for c in view.shown_claims()] == [fields(c) for c in sorted(fresh, key=span_order)]
    low, high = view.visible_span()
    assert_painted(view, sorted(fresh, key=span_order), low, high)
    # the stretches worked out again only under the changed claim are those of a whole repaint
    assert view.painted_stretches() == stretches(view.shown_claims_between(low, high), low, high,
                                                 view.selected_claim(), view.coders_shown())
    assert view.painted_claims == len(view.shown_claims_between(low, high))
    for position in (0, 12, 22, 37, 100, 212, LONG_SPAN + 100):
        assert [c.id for c in view.claims_at(position)] == [
            c.id for c in sorted((c for c in fresh if c.start <= position < c.end),
                                 key=lambda c: (c.end - c.start, span_order(c)))]


def assert_painted(view, ordered, low, high):
    """Every position of [low, high) is painted in the colour its claims' highlights make laid over
    one another in paint order, and nothing else is painted. Checked at every claim and stretch
    boundary (the colour can change nowhere else) and just before each."""
    painted = [(s.cursor.selectionStart(), s.cursor.selectionEnd(), s.format.background().color())
               for s in view.extraSelections()]  # ASCII text: UTF-16 positions are code points
    assert all(end <= start for (_, end, _), (start, _, _) in zip(painted, painted[1:]))  # in order, apart
    edges = {p for c in ordered for p in (c.start, c.end)} | {p for start, end, _ in painted for p in (start, end)}
    for position in sorted({p + d for p in edges for d in (-1, 0)} & set(range(low, high))):
        covering = tuple(c.theme.color.lower() for c in ordered if c.start <= position < c.end)
        shown = [(colour.name(), colour.alpha()) for start, end, colour in painted if start <= position < end]
        assert shown == ([laid_over(covering)] if covering else []), position


def save_new(window, start, end, theme, actor):
    window.document_view.setFocus()
    window.document_view.select_span(start, end)
    panel = window.coding_panel
    panel.themes.set_current(window.project.theme(theme).id)
    panel.actor.set_actor(window.project.actor(actor).id)
    QTest.keyClick(window.document_view, Qt.Key.Key_Return)


def test_every_step_equals_a_full_re_read(window, overlapping):
    assert window.open_path(overlapping)
    window.documents_table.selectRow(0)
    assert_matches_full_read(window)
    undo, redo = window.actions.undo, window.actions.redo

    save_new(window, 12, 38, THEMES[1], ACTORS[1])  # nested inside three others
    added = next(c for c in window.project.claims(document=window.document_view.document_shown, coder="Ayesha")
                 if (c.start, c.end) == (12, 38))
    assert_matches_full_read(window)
    undo.trigger()
    assert window.project.claims(document=window.document_view.document_shown, coder="Ayesha", limit=100)
    assert window.claims_model.row_of(added.id) == -1
    assert_matches_full_read(window)
    redo.trigger()
    assert window.claims_model.row_of(added.id) >= 0
    assert_matches_full_read(window)

    # edit the codes of a claim that shares its start with others
    claim = next(c for c in window.claims_model.claims() if (c.start, c.end) == (10, 30))
    window.controller.edit_claim(claim)
    window.coding_panel.themes.set_current(window.project.theme(THEMES[2]).id)
    QTest.keyClick(window.document_view, Qt.Key.Key_Return)
    assert window.project.claim(claim.id).theme.name == THEMES[2]
    assert_matches_full_read(window)

    # move its span past others (its row and its place among the highlights change)
    window.controller.edit_claim(window.project.claim(claim.id))
    window.document_view.select_span(205, 300)
    window.coding_panel.span_button.click()
    QTest.keyClick(window.document_view, Qt.Key.Key_Return)
    assert (window.project.claim(claim.id).start, window.project.claim(claim.id).end) == (205, 300)
    assert_matches_full_read(window)
    undo.trigger()
    assert window.project.claim(claim.id).start == 10
    assert_matches_full_read(window)
    undo.trigger()
    assert window.project.claim(claim.id).theme.name != THEMES[2]
    assert_matches_full_read(window)
    redo.trigger()
    redo.trigger()
    assert_matches_full_read(window)

    # delete the long claim, undo, redo
    long_claim = next(c for c in window.claims_model.claims() if c.end - c.start > LONG_SPAN)
    window.controller.edit_claim(long_claim)
    window.coding_panel.delete_button.click()
    assert window.claims_model.claim(long_claim.id) is None
    assert_matches_full_read(window)
    undo.trigger()
    assert window.claims_model.claim(long_claim.id) is not None
    assert_matches_full_read(window)
    redo.trigger()
    assert_matches_full_read(window)

    # scrolled to the end: the highlights there equal a full read too
    window.document_view.verticalScrollBar().setValue(window.document_view.verticalScrollBar().maximum())
    window.document_view._paint()
    assert_matches_full_read(window)


def test_all_coders_view_shows_changes_of_mine_beside_the_others(window, overlapping):
    assert window.open_path(overlapping)
    window.controller.set_view_mode("all")
    window.documents_table.selectRow(0)
    save_new(window, 300, 330, THEMES[0], ACTORS[2])
    undo_target = window.claims_model.claims()
    assert {c.coder.name for c in undo_target} == {"Ayesha", "Bilal"}
    fresh = window.project.claims(document=window.document_view.document_shown)
    assert [c.id for c in window.claims_model.claims()] == [c.id for c in sorted(fresh, key=row_order)]
    window.actions.undo.trigger()
    fresh = window.project.claims(document=window.document_view.document_shown)
    assert [c.id for c in window.document_view.shown_claims()] == [c.id for c in sorted(fresh, key=span_order)]


@dataclass(frozen=True)
class Span:
    """The fields ClaimSpans reads from a claim record."""
    id: uuid.UUID
    start: int
    end: int


spans = st.builds(lambda start, length, long: (start, start + (LONG_SPAN + length if long else length)),
                  st.integers(0, 3 * LONG_SPAN), st.integers(1, 300), st.booleans())


@hypothesis_settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["put", "move", "remove"]), spans), max_size=40),
       st.lists(st.tuples(st.integers(0, 4 * LONG_SPAN), st.integers(1, 2 * LONG_SPAN)), min_size=1, max_size=5))
def test_claim_spans_answer_like_a_scan_of_every_claim(operations, windows):
    index, stored = ClaimSpans(), {}
    rng = random.Random(len(operations))
    for action, (start, end) in operations:
        if action == "put" or not stored:
            claim = Span(uuid.UUID(int=rng.getrandbits(128)), start, end)
        elif action == "move":
            claim = Span(rng.choice(sorted(stored)), start, end)
        else:
            claim_id = rng.choice(sorted(stored))
            assert index.remove(claim_id) == stored.pop(claim_id)
            continue
        index.put(claim)
        stored[claim.id] = claim
        assert len(index) == len(stored)
    assert list(index) == sorted(stored.values(), key=span_order)
    for low, width in windows:
        high = low + width
        assert index.overlapping(low, high) == sorted(
            (c for c in stored.values() if c.start < high and c.end > low), key=span_order)
