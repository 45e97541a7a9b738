"""Convert between stored offsets (Unicode code points) and Qt's positions (UTF-16 code units).

Every character outside the Basic Multilingual Plane (emoji, many symbols) is one code point but two
UTF-16 units. This is the only place that knows; the GUI converts here at its boundary.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")


class OffsetMap:
    """Offset conversion for one text, cheap to build once per displayed document."""

    def __init__(self, text: str) -> None:
        self.length = len(text)
        # Code point index of each astral character, ascending.
        self._astral_cp = [match.start() for match in _ASTRAL.finditer(text)]
        # UTF-16 index of the same characters (each earlier astral character adds one unit).
        self._astral_u16 = [cp + rank for rank, cp in enumerate(self._astral_cp)]
        self.utf16_length = self.length + len(self._astral_cp)

    def to_utf16(self, codepoint: int) -> int:
        if not 0 <= codepoint <= self.length:
            raise ValueError(f"code point offset {codepoint} is outside 0..{self.length}")
        return codepoint + bisect_left(self._astral_cp, codepoint)

    def to_codepoint(self, utf16: int) -> int:
        """Code point offset for a UTF-16 position; a position inside a surrogate pair snaps back
        to the start of its character, so a selection never splits an emoji."""
        if not 0 <= utf16 <= self.utf16_length:
            raise ValueError(f"UTF-16 offset {utf16} is outside 0..{self.utf16_length}")
        # Each astral character that starts before this position used one extra unit. A position
        # on a low surrogate counts its own character too, which lands on that character's start.
        return utf16 - bisect_right(self._astral_u16, utf16 - 1)

    def span_to_utf16(self, start: int, end: int) -> tuple[int, int]:
        return self.to_utf16(start), self.to_utf16(end)

    def span_to_codepoints(self, start: int, end: int) -> tuple[int, int]:
        return self.to_codepoint(start), self.to_codepoint(end)
