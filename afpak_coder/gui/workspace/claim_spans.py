"""The open document's claims, kept sorted so that one change and one screenful cost little.

A document may hold tens of thousands of claims. Saving, deleting, undoing or redoing one claim
puts or removes that one claim (a binary search and a list insert), and painting asks only for
the claims overlapping the visible stretch of text — never a re-sort or a scan of all of them.
"""

from __future__ import annotations

import uuid
from bisect import bisect_left
from collections.abc import Iterable, Iterator

from afpak_coder.core.records import Claim

# Claims up to this long (code points) are found by binary search on their start; the few longer
# ones (a whole paragraph or document coded at once) are kept apart and always checked.
LONG_SPAN = 4000


def span_order(claim: Claim) -> tuple:
    """Text order; a longer claim before the shorter ones starting with it (it is painted first,
    under them); the id makes the order total."""
    return claim.start, -claim.end, claim.id


class ClaimSpans:
    def __init__(self, claims: Iterable[Claim] = ()) -> None:
        self.replace(claims)

    def replace(self, claims: Iterable[Claim]) -> None:
        self._by_id: dict[uuid.UUID, Claim] = {c.id: c for c in claims}
        short = sorted((c for c in self._by_id.values() if not _is_long(c)), key=span_order)
        self._short = short
        self._keys = [span_order(c) for c in short]
        self._long = {c.id: c for c in self._by_id.values() if _is_long(c)}

    def put(self, claim: Claim) -> None:
        """Add the claim, or replace the stored claim of the same id (its span may have moved)."""
        self.remove(claim.id)
        self._by_id[claim.id] = claim
        if _is_long(claim):
            self._long[claim.id] = claim
            return
        key = span_order(claim)
        row = bisect_left(self._keys, key)
        self._keys.insert(row, key)
        self._short.insert(row, claim)

    def remove(self, claim_id: uuid.UUID) -> Claim | None:
        claim = self._by_id.pop(claim_id, None)
        if claim is None:
            return None
        if self._long.pop(claim_id, None) is None:
            row = bisect_left(self._keys, span_order(claim))
            del self._keys[row], self._short[row]
        return claim

    def get(self, claim_id: uuid.UUID) -> Claim | None:
        return self._by_id.get(claim_id)

    def overlapping(self, low: int, high: int) -> list[Claim]:
        """Claims with start < high and end > low, in ``span_order``."""
        first = bisect_left(self._keys, (low - LONG_SPAN,))
        last = bisect_left(self._keys, (high,))
        found = [c for c in self._short[first:last] if c.end > low]
        long = [c for c in self._long.values() if c.start < high and c.end > low]
        return sorted(found + long, key=span_order) if long else found

    def at(self, position: int) -> list[Claim]:
        """Claims covering a position, innermost (shortest) first."""
        return sorted(self.overlapping(position, position + 1), key=lambda c: (c.end - c.start, span_order(c)))

    def __len__(self) -> int:
        return len(self._by_id)

    def __iter__(self) -> Iterator[Claim]:
        return iter(sorted(self._by_id.values(), key=span_order))


def _is_long(claim: Claim) -> bool:
    return claim.end - claim.start > LONG_SPAN
