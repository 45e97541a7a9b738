"""Memos: the researcher's notes on claims and on whole documents, listed and searched together."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from afpak_coder.core import records
from afpak_coder.core.claim_query import like_pattern
from afpak_coder.core.errors import ValidationError
from afpak_coder.core.service_base import DOCUMENT_COLUMNS, ServiceBase, fetch_all

KINDS = ("claim", "document")


@dataclass(frozen=True)
class Memo:
    kind: str  # "claim" or "document"
    document: records.Document
    text: str
    claim: records.Claim | None = None  # for a claim memo


class MemosMixin(ServiceBase):
    def memos(self, text: str = "", *, kind: str | None = None, coder: Any = None) -> list[Memo]:
        """Document memos (by document number), then claim memos (by document, then span), those
        containing ``text`` (ignoring the case of A–Z) if given. ``kind``: only "claim" or only
        "document" memos; ``coder``: only these coders' claim memos (one or a list)."""
        if kind is not None and kind not in KINDS:
            raise ValidationError(f"memos are of kind claim or document, not {kind!r}")
        found: list[Memo] = []
        text = (text or "").strip()
        if kind in (None, "document"):
            query = f"SELECT {DOCUMENT_COLUMNS} FROM document WHERE memo != ''"
            parameters: tuple = ()
            if text:
                query, parameters = query + " AND memo LIKE ? ESCAPE '\\'", (like_pattern(text),)
            with self._read() as connection:
                rows = fetch_all(connection, query + " ORDER BY number", parameters)
            found += [Memo("document", document, document.memo)
                      for document in self._document_records_from_rows(rows).values()]
        if kind in (None, "claim"):
            claims = self.claims(coder=coder, memo=text or True)
            found += [Memo("claim", claim.document, claim.memo, claim) for claim in claims]
        return found
