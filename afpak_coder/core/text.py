"""Document text: the minimal, recorded normalisation, its hash, and its writing direction."""

from __future__ import annotations

import hashlib
import re
import unicodedata

# Languages written right to left that researchers of the region meet (BCP-47 primary subtags).
RTL_LANGUAGES = frozenset({"ar", "fa", "prs", "ps", "pbt", "ur", "he", "ug", "sd", "ckb", "dv", "yi"})


def normalise_text(text: str) -> tuple[str, list[str]]:
    """Return the text as stored and the list of steps that changed it.

    Only three things change: a leading byte-order mark is dropped, line endings become ``\\n``,
    and the text is composed to Unicode NFC. Anything else would move what the researcher sees.
    """
    steps: list[str] = []
    if text.startswith("\ufeff"):
        text = text[1:]
        steps.append("removed byte-order mark")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        steps.append("line endings to \\n")
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
        steps.append("Unicode NFC")
    return text, steps


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def direction_for_language(language: str | None) -> str | None:
    """'rtl' or 'ltr' when the language tag decides it, else None."""
    if not language:
        return None
    primary = language.replace("_", "-").split("-")[0].lower()
    return "rtl" if primary in RTL_LANGUAGES else "ltr"


def detect_direction(text: str, sample: int = 4000) -> str:
    """'rtl' when most strongly directional letters in the opening of the text are right-to-left."""
    rtl = ltr = 0
    for char in text[:sample]:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            rtl += 1
        elif kind == "L":
            ltr += 1
    return "rtl" if rtl > ltr else "ltr"


# -- sentences ------------------------------------------------------------------------------
# One splitter for the whole project: triple-click selection in the document view and the
# agreement's sentence unit both use ``sentence_spans``. Rules (tested in tests/core/test_sentences.py):
# a sentence ends at . ! ? … or the Arabic-script full stop ۔ and question mark ؟, with any closing
# quotes or brackets and a footnote mark (superscript digits, [12], or 1–3 digits after a word) that
# follow, before white space or the end of the paragraph; a line break always ends a sentence. It
# does not end before a lower-case letter ("?" he asked), after a title or other abbreviation
# (Mr. Dr. Gen. e.g.), after initials (U.S. S. Qureshi), or after No. / p. / Art. before a number.
# Arabic script has no capitals, so after ۔ ؟ (and . ! ? before Arabic-script words) it simply ends.
# Why not a library: pysbd 0.3.4 (last release 2021) has Urdu and Persian rules but no Pashto, and
# with superscript footnotes it joins "2025.³ Another …" to the previous sentence or starts the next
# sentence with "⁴"; blingfire's sentence breaker is a trained model for English-like text.

_CANDIDATE = re.compile(
    r"(?P<stop>[.!?…؟۔]+)(?P<close>[\"'”’»)\]]*)"
    r"(?P<note>[⁰¹²³⁴⁵⁶⁷⁸⁹]+|\[\d{1,3}\]|\d{1,3})?(?=\s|$)"
)
_ABBREVIATIONS = frozenset(
    "Mr Mrs Ms Dr Prof Gen Lt Col Maj Capt Cpt Sgt Brig Adm Gov Sen Rep Amb Hon Pres Rev St Mt Ft Jr Sr "
    "Inc Ltd Co Corp Bros vs approx est Jan Feb Apr Jun Jul Aug Sep Sept Oct Nov Dec e.g i.e cf viz al".split()
)
_BEFORE_NUMBERS = frozenset("No Nos no nos Art art p pp Vol vol Sec sec Para para Fig fig Ch ch".split())
_INITIALS = re.compile(r"(?:[A-Za-z]\.)*[A-Za-z]")
_TOKEN_BEFORE = re.compile(r"[^\s\"'“‘(\[«]+$")
_SPACES = re.compile(r"\s*")
# How far back the word before a full stop is looked for: far longer than any abbreviation or run
# of initials, and it keeps each candidate's cost constant (searching from the start of the text
# made splitting a 1,000,000-character document take minutes).
_TOKEN_REACH = 80


def _ends_sentence(text: str, match: re.Match, limit: int) -> bool:
    note, stop = match.group("note"), match.group("stop")
    if note and note.isascii() and note.isdigit() and match.start() > 0 and text[match.start() - 1].isdigit():
        return False  # "3.5 percent": a decimal, not a footnote mark
    after_spaces = _SPACES.match(text, match.end(), limit).end()
    upcoming = text[after_spaces] if after_spaces < limit else ""
    if upcoming.islower():
        return False
    if note or stop[-1] != "." or match.group("close"):
        return True
    before = _TOKEN_BEFORE.search(text, max(0, match.start() - _TOKEN_REACH), match.start())
    token = before.group() if before else ""
    if token in _ABBREVIATIONS or _INITIALS.fullmatch(token):
        return False
    return not (token in _BEFORE_NUMBERS and upcoming.isdigit())


def _paragraph_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans, begin = [], start
    for match in _CANDIDATE.finditer(text, start, end):
        if _ends_sentence(text, match, end):
            spans.append((begin, match.end()))
            begin = match.end()
    spans.append((begin, end))
    trimmed = []
    for low, high in spans:
        while low < high and text[low].isspace():
            low += 1
        while high > low and text[high - 1].isspace():
            high -= 1
        if high > low:
            trimmed.append((low, high))
    return trimmed


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """[start, end) of every sentence (code points, end exclusive), without surrounding space."""
    spans, start = [], 0
    while start <= len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        spans.extend(_paragraph_sentences(text, start, end))
        start = end + 1
    return spans


def sentence_bounds(text: str, position: int) -> tuple[int, int]:
    """The sentence around ``position`` (code points, end exclusive), without surrounding space;
    white space between two sentences belongs to the next one."""
    position = max(0, min(position, len(text)))
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    spans = _paragraph_sentences(text, start, len(text) if end < 0 else end)
    if not spans:
        return position, position
    return next((span for span in spans if span[1] > position), spans[-1])

