"""Offsets through the text normalisation: where a position in the text as given lands in the text
as stored (byte-order mark dropped, line endings to ``\\n``, Unicode NFC; see ``text.normalise_text``).

Offsets that arrive with a text (a REFI-QDA coding, an API caller's own offsets) are mapped here so
that they mark the same characters after normalising. A position inside something the normalisation
merged (between the CR and LF of a line ending, or between a letter and the accent composed onto it)
has no exact image: a span's start moves to the start of the merged piece and its end to its end,
so a span never loses a character it covered.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right

from afpak_coder.core.errors import ValidationError
from afpak_coder.core.text import normalise_text


class OffsetMapping:
    """Maps code-point offsets in the given text onto the stored text. Built from the pieces that
    changed: (start in given, length in given, start in stored, length in stored)."""

    def __init__(self, given_length: int, stored_length: int, changes: list[tuple[int, int, int, int]]) -> None:
        self.given_length = given_length
        self.stored_length = stored_length
        self._changes = changes
        self._starts = [change[0] for change in changes]

    @property
    def is_identity(self) -> bool:
        return not self._changes

    def _map(self, offset: int, is_end: bool) -> int:
        if not 0 <= offset <= self.given_length:
            raise ValidationError(f"offset {offset} is outside the given text (0–{self.given_length})")
        index = bisect_right(self._starts, offset) - 1
        if index < 0:
            return offset
        given, given_length, stored, stored_length = self._changes[index]
        if offset >= given + given_length:  # after this change: shifted by what it added or removed
            return offset - (given + given_length) + stored + stored_length
        if offset == given:
            return stored
        return stored + stored_length if is_end else stored  # inside a merged piece

    def start(self, offset: int) -> int:
        return self._map(offset, False)

    def end(self, offset: int) -> int:
        return self._map(offset, True)

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.start(start), self.end(end)


def normalise_with_offsets(text: str) -> tuple[str, list[str], OffsetMapping]:
    """The stored text, the steps applied (as ``normalise_text``) and the offset mapping."""
    stored, steps = normalise_text(text)
    if not steps:
        return stored, steps, OffsetMapping(len(text), len(stored), [])
    changes: list[tuple[int, int, int, int]] = []
    pieces: list[str] = []
    given_at = stored_at = 0
    if text.startswith("\ufeff"):
        changes.append((0, 1, 0, 0))
        given_at = 1
    # Line by line, so that NFC (the slow part) runs only on lines that need it.
    for line in text[given_at:].splitlines(keepends=True):
        body = line.rstrip("\r\n")
        ending = line[len(body):]
        if unicodedata.is_normalized("NFC", body):
            out = body
        else:
            out = _compose(body, given_at, stored_at, changes)
        pieces.append(out)
        given_at += len(body)
        stored_at += len(out)
        if ending:
            if ending != "\n":
                changes.append((given_at, len(ending), stored_at, 1))
            pieces.append("\n")
            given_at += len(ending)
            stored_at += 1
    if "".join(pieces) != stored:  # a composition across the pieces cut here (very rare)
        raise ValidationError("the text's normalisation cannot be traced character by character")
    return stored, steps, OffsetMapping(len(text), len(stored), changes)


def _compose(line: str, given_at: int, stored_at: int, changes: list) -> str:
    """NFC of one line, cluster by cluster (a character with its combining marks), recording each
    cluster whose length changed."""
    out: list[str] = []
    start = made = 0
    for position in range(1, len(line) + 1):
        if position < len(line) and unicodedata.combining(line[position]):
            continue
        cluster = line[start:position]
        composed = unicodedata.normalize("NFC", cluster)
        if len(composed) != len(cluster):  # same length: every offset keeps its place
            changes.append((given_at + start, len(cluster), stored_at + made, len(composed)))
        out.append(composed)
        made += len(composed)
        start = position
    return "".join(out)
