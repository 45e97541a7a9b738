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


# Sentence ends: Latin . ! ? and the Arabic-script question mark (؟) and full stop (۔), followed by
# closing quotes/brackets; a paragraph break always ends a sentence.
_SENTENCE_END = re.compile(r"[.!?؟۔]+[\"'”’)\]]*(?=\s|$)|\n")


def sentence_bounds(text: str, position: int) -> tuple[int, int]:
    """The sentence around ``position`` (code points, end exclusive), without surrounding space."""
    position = max(0, min(position, len(text)))
    start = 0
    end = len(text)
    for match in _SENTENCE_END.finditer(text):
        if match.end() <= position:
            start = match.end()
        else:
            end = match.end() if match.group() != "\n" else match.start()
            break
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def counted(count: int, noun: str) -> str:
    """'1 claim', '3 claims', '12,000 claims'."""
    return f"{count:,} {noun}" + ("" if count == 1 else "s")
