"""Offsets are code points, end exclusive; Qt counts UTF-16 units. Property tests prove the
conversion, and that a claim's quote equals text[start:end] after a round trip through the file."""

import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import afpak_coder
from afpak_coder.core.offsets import OffsetMap

PIECES = [
    "a", "Z", " ", "\n", ".", "é",  # Latin, precomposed
    "e\u0301",  # e + combining acute
    "\u0627\u0631\u062f\u0648",  # Urdu/Arabic letters
    "\u067e\u0627\u06a9\u0633\u062a\u0627\u0646",  # پاکستان
    "\u0651",  # Arabic shadda (combining)
    "😀", "🇵🇰", "🇦🇫",  # astral: emoji and regional-indicator flags
    "👩\u200d👩\u200d👧",  # ZWJ family sequence
    "\U0001d11e",  # musical symbol G clef
    "\u200f",  # right-to-left mark
]
texts = st.lists(st.sampled_from(PIECES), min_size=1, max_size=60).map("".join)


def utf16_units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@given(texts, st.data())
def test_to_utf16_counts_units_before_the_offset(text, data):
    offsets = OffsetMap(text)
    position = data.draw(st.integers(0, len(text)))
    assert offsets.to_utf16(position) == utf16_units(text[:position])
    assert offsets.to_codepoint(offsets.to_utf16(position)) == position
    assert offsets.utf16_length == utf16_units(text)


@given(texts, st.data())
def test_a_position_inside_a_surrogate_pair_snaps_to_the_character_start(text, data):
    offsets = OffsetMap(text)
    position = data.draw(st.integers(0, offsets.utf16_length))
    codepoint = offsets.to_codepoint(position)
    assert offsets.to_utf16(codepoint) in (position, position - 1)
    assert utf16_units(text[:codepoint]) <= position


def test_known_values_around_an_emoji():
    offsets = OffsetMap("a😀b")
    assert [offsets.to_utf16(i) for i in range(4)] == [0, 1, 3, 4]
    assert [offsets.to_codepoint(u) for u in range(5)] == [0, 1, 1, 2, 3]


def test_out_of_range_offsets_are_refused():
    offsets = OffsetMap("abc")
    with pytest.raises(ValueError):
        offsets.to_utf16(4)
    with pytest.raises(ValueError):
        offsets.to_codepoint(-1)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=texts.filter(lambda t: t.strip() and unicodedata.normalize("NFC", t).strip()), data=st.data())
def test_quote_equals_text_span_after_a_round_trip_through_the_file(tmp_path_factory, text, data):
    path = tmp_path_factory.mktemp("roundtrip") / "p.afpak"
    with afpak_coder.create_project(path) as project:
        document = project.add_document(text, title="t")
        stored = document.text
        start = data.draw(st.integers(0, len(stored) - 1))
        end = data.draw(st.integers(start + 1, len(stored)))
        coder = project.add_coder("A")
        project.add_claim(document=document, coder=coder, start=start, end=end,
                          theme=project.themes()[0], actor=project.actors()[0], stance=0)
    with afpak_coder.open_project(path) as project:
        (claim,) = project.claims()
        assert claim.document.text == stored
        assert claim.quote == stored[start:end]
        assert (claim.start, claim.end) == (start, end)
        offsets = OffsetMap(stored)
        u_start, u_end = offsets.span_to_utf16(start, end)
        utf16 = stored.encode("utf-16-le")
        assert utf16[2 * u_start : 2 * u_end].decode("utf-16-le") == claim.quote
