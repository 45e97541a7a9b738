"""Language from the writing itself, for the languages this tool's users meet.

A script heuristic, not a statistical model: Arabic-script text is told apart by the letters
only some of its languages use; Latin-script text is English when English function words are
frequent. Anything else stays unknown (None) for the user to fill in.
"""

from __future__ import annotations

import re

# Letters that mark a language among Arabic-script ones (Unicode code points by name).
_URDU_LETTERS = frozenset("ٹڈڑںےۓہۂ")  # tteh, ddal, rreh, noon ghunna, yeh barree, heh goal
_PASHTO_LETTERS = frozenset("ټډړښږځڅۍېګڼ")  # letters with ring or dot below, Pashto yeh forms
_PERSIAN_LETTERS = frozenset("پچژگکی")  # peh, tcheh, jeh, gaf, keheh, Farsi yeh
_ARABIC_LETTERS = frozenset("ةىيك")  # teh marbuta, alef maksura, Arabic yeh and kaf

_ENGLISH_WORDS = frozenset(
    "the of and to in a is that for on with was as by it are from at be this has have an not said "
    "were which its their would will been had but or they he she his her".split()
)
_WORD = re.compile(r"[^\W\d_]+")
# Share of marker letters (per Arabic-script letter) that decides for Urdu or Pashto: they make
# 5-15 % of the letters of Urdu or Pashto prose, so a quoted word in another language stays below.
_MARKER_SHARE = 0.015


# Letters only (no Arabic punctuation or digits), counted by the regex engine: this runs on every
# imported document, so it must cost far less than reading the file.
_ARABIC_SCRIPT_LETTER = re.compile(
    "[\u0620-\u064a\u066e-\u06d3\u06d5\u06ee\u06ef\u06fa-\u06fc\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufefc]")
_LATIN_LETTER = re.compile("[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]")


def _count(text: str, letters: frozenset[str]) -> int:
    return sum(text.count(letter) for letter in letters)


def detect_language(text: str, sample: int = 20000) -> str | None:
    """'ur', 'ps', 'fa' (Persian, Dari included: the script cannot tell them apart), 'ar', 'en' or None."""
    opening = text[:sample]
    arabic = len(_ARABIC_SCRIPT_LETTER.findall(opening))
    latin = len(_LATIN_LETTER.findall(opening))
    if arabic >= 10 and arabic >= latin:
        counts = {"ur": _count(opening, _URDU_LETTERS), "ps": _count(opening, _PASHTO_LETTERS),
                  "fa": _count(opening, _PERSIAN_LETTERS), "ar": _count(opening, _ARABIC_LETTERS)}
        return _arabic_script_language(arabic, counts)
    if latin >= 10:
        words = _WORD.findall(opening.lower())
        english = sum(1 for word in words if word in _ENGLISH_WORDS)
        return "en" if words and english / len(words) >= 0.08 else None
    return None


def _arabic_script_language(letters: int, counts: dict[str, int]) -> str:
    urdu, pashto = counts["ur"] / letters, counts["ps"] / letters
    if max(urdu, pashto) >= _MARKER_SHARE:
        return "ps" if pashto > urdu else "ur"
    return "fa" if counts["fa"] > counts["ar"] else "ar"
