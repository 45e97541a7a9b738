"""How a REFI-QDA file counts its selection offsets, and mapping them onto the text as read.

The standard says Unicode code points from 0, end exclusive; real tools differ:

* ``code points`` — the standard (and what we write).
* ``UTF-16 units, CRLF = 2`` — NVivo for Windows: UTF-16 code units (an emoji counts 2), each CR LF
  counted as 2, the byte-order mark not counted.
* ``code points, CRLF = 1`` — ATLAS.ti, and QualCoder (which counts over text with LF line endings
  and no byte-order mark, then saves the .txt with a BOM and sometimes CR LF).
* ``UTF-16 units, CRLF = 1`` — the two deviations together.

The model is decided once for a whole file: each model's spans are scored against the texts (a
boundary inside a word, or outside the text, counts against it) and the best wins; when scores
tie, the model the file's ``origin`` suggests is taken, then the standard.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

CODE_POINTS = "code points"
UTF16_CRLF2 = "UTF-16 units, CRLF = 2"
CRLF1 = "code points, CRLF = 1"
UTF16_CRLF1 = "UTF-16 units, CRLF = 1"
MODELS = (CODE_POINTS, UTF16_CRLF2, CRLF1, UTF16_CRLF1)

_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")
_WORD = re.compile(r"\w")


def preferred_model(origin: str | None) -> str:
    origin = (origin or "").lower()
    if "nvivo" in origin:
        return UTF16_CRLF2
    if "atlas" in origin or "qualcoder" in origin:
        return CRLF1
    return CODE_POINTS


@dataclass
class _Counting:
    """Positions of the things a model counts differently: astral characters (2 UTF-16 units) and
    CR LF pairs (1 instead of 2), as code-point indexes into the text."""

    astral: list[int]
    crlf: list[int]  # index of each CR that is followed by LF

    @classmethod
    def of(cls, text: str) -> "_Counting":
        return cls([m.start() for m in _ASTRAL.finditer(text)],
                   [m.start() for m in re.finditer("\r\n", text)])


class TextOffsets:
    """One source's text (byte-order mark already removed), converting a model's offsets into
    code points of that text; None when an offset cannot be one of its positions."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._counting = _Counting.of(text)
        self._tables: dict[str, list[int]] = {}

    def trivial(self) -> bool:
        """Every model reads this text the same way (no emoji, no CR LF)."""
        return not self._counting.astral and not self._counting.crlf

    def _positions(self, model: str) -> list[int]:
        """For each code-point position of the text, the offset the model gives it (ascending)."""
        table = self._tables.get(model)
        if table is None:
            utf16, crlf1 = model in (UTF16_CRLF2, UTF16_CRLF1), model in (CRLF1, UTF16_CRLF1)
            extra = [0] * (len(self.text) + 1)
            for index in (self._counting.astral if utf16 else ()):
                extra[index + 1] += 1
            for index in (self._counting.crlf if crlf1 else ()):
                extra[index + 2] -= 1  # the LF after this CR is not counted
            table, total = [], 0
            for position in range(len(self.text) + 1):
                total += extra[position]
                table.append(position + total)
            self._tables[model] = table
        return table

    def to_code_points(self, model: str, offset: int, is_end: bool) -> int | None:
        if model == CODE_POINTS:
            return offset if 0 <= offset <= len(self.text) else None
        table = self._positions(model)
        index = bisect_right(table, offset) - 1
        if index < 0 or offset > table[-1]:
            return None
        if table[index] != offset:  # inside a surrogate pair or at an uncounted LF
            return index + 1 if is_end else index
        if not is_end:
            # Several positions may share the offset (CR and LF under CRLF = 1): start at the last.
            while index + 1 < len(table) and table[index + 1] == offset:
                index += 1
        return index

    def span(self, model: str, start: int, end: int) -> tuple[int, int] | None:
        low, high = self.to_code_points(model, start, False), self.to_code_points(model, end, True)
        if low is None or high is None or not low < high:
            return None
        return low, high

    def score(self, model: str, start: int, end: int) -> int:
        """2 for a span whose both ends sit on word boundaries, 1 for one, 0 for none, -10 when
        the model puts it outside the text."""
        span = self.span(model, start, end)
        if span is None:
            return -10
        low, high = span
        text = self.text
        clean_start = low == 0 or not (_WORD.match(text[low - 1]) and _WORD.match(text[low]))
        clean_end = high == len(text) or not (_WORD.match(text[high - 1]) and _WORD.match(text[high]))
        return int(clean_start) + int(clean_end)


def choose_model(sources: list[tuple[TextOffsets, list[tuple[int, int]]]], origin: str | None) -> tuple[str, dict]:
    """The model for a file, and each model's score (for the report)."""
    preferred = preferred_model(origin)
    if all(offsets.trivial() for offsets, _spans in sources):
        return preferred, {}
    scores = {model: sum(offsets.score(model, s, e) for offsets, spans in sources for s, e in spans)
              for model in MODELS}
    best = max(scores.values())
    for model in (preferred, CODE_POINTS, *MODELS):
        if scores[model] == best:
            return model, scores
    raise AssertionError("unreachable")
