"""Offsets computed on the text as given land on the same characters of the stored (normalised) text."""

import unicodedata

import pytest
from hypothesis import given, strategies as st

from afpak_coder.core.errors import ValidationError
from afpak_coder.core.text_offsets import normalise_with_offsets

KABUL = "Kabul e\u0301 denied it 😀 twice"


def test_a_claim_on_the_callers_text_quotes_exactly_what_the_caller_meant(project):
    document = project.add_document(KABUL + ".", title="Kabul")
    assert document.text == "Kabul \u00e9 denied it 😀 twice."  # stored composed (NFC): one character shorter
    coder = project.add_coder("Ayesha")
    start, end = KABUL.index("denied"), len(KABUL)  # "denied it 😀 twice", without the full stop
    claim = project.add_claim(document=document, coder=coder, start=start, end=end, theme="Security",
                              actor="Pakistani government", offsets_in=KABUL + ".")
    assert claim.quote == "denied it 😀 twice"
    accent = project.add_claim(document=document, coder=coder, start=6, end=8, theme="Security",
                               offsets_in=KABUL + ".")
    assert accent.quote == "\u00e9" and (accent.start, accent.end) == (6, 7)
    with pytest.raises(ValidationError, match="not the text of 'Kabul'"):
        project.add_claim(document=document, coder=coder, start=0, end=5, theme="Security", offsets_in="Other text")


def test_bom_crlf_and_combining_marks_move_offsets_with_them():
    given_text = "\ufeffTorkham\r\nKabul e\u0301\r\n😀 twice"
    stored, steps, mapping = normalise_with_offsets(given_text)
    assert stored == "Torkham\nKabul \u00e9\n😀 twice"
    assert steps == ["removed byte-order mark", "line endings to \\n", "Unicode NFC"]
    for word in ("Torkham", "Kabul", "😀 twice"):
        start = given_text.index(word)
        assert stored[mapping.start(start):mapping.end(start + len(word))] == word
    inside_crlf = given_text.index("\r\nKabul") + 1  # between CR and LF
    assert stored[mapping.start(inside_crlf):mapping.end(inside_crlf + 1)] == "\n"


def _boundaries(text):
    """Positions not inside a CR LF pair and not before a combining mark."""
    return [p for p in range(len(text) + 1)
            if not (0 < p < len(text) and text[p - 1] == "\r" and text[p] == "\n")
            and not (p < len(text) and unicodedata.combining(text[p]))]


@given(st.lists(st.sampled_from(["a", "e", "\u0301", "\u0308", "\r", "\n", "\r\n", "😀", " ", "ی", "\ufeff"]),
                max_size=30))
def test_a_span_between_whole_characters_maps_to_exactly_its_normalised_text(parts):
    given_text = "".join(parts)
    stored, _steps, mapping = normalise_with_offsets(given_text)
    cuts = _boundaries(given_text)
    for start in cuts:
        for end in (e for e in cuts if e >= start):
            piece = given_text[start:end]
            if start == 0:
                piece = piece.removeprefix("\ufeff")
            expected = unicodedata.normalize("NFC", piece.replace("\r\n", "\n").replace("\r", "\n"))
            assert stored[mapping.start(start):mapping.end(end)] == expected
