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


def _is_arabic_script(char: str) -> bool:
    code = ord(char)
    return 0x0600 <= code <= 0x06FF or 0x0750 <= code <= 0x077F or 0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFF


def _is_latin(char: str) -> bool:
    return ("a" <= char.lower() <= "z") or (0x00C0 <= ord(char) <= 0x024F and char.isalpha())


def detect_language(text: str, sample: int = 20000) -> str | None:
    """'ur', 'ps', 'fa' (Persian, Dari included: the script cannot tell them apart), 'ar', 'en' or None."""
    opening = text[:sample]
    arabic = latin = 0
    counts = {"ur": 0, "ps": 0, "fa": 0, "ar": 0}
    for char in opening:
        if not char.isalpha():
            continue
        if _is_arabic_script(char):
            arabic += 1
            if char in _URDU_LETTERS:
                counts["ur"] += 1
            elif char in _PASHTO_LETTERS:
                counts["ps"] += 1
            elif char in _PERSIAN_LETTERS:
                counts["fa"] += 1
            elif char in _ARABIC_LETTERS:
                counts["ar"] += 1
        elif _is_latin(char):
            latin += 1
    if arabic >= 10 and arabic >= latin:
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
