"""Checking a claim's fields before it is stored: the document and span, the quote, the codes.

One ``ClaimChecker`` serves one transaction. It resolves what callers pass (records, ids, names)
against the codebook snapshot and remembers each answer, so a bulk import of many claims costs a
few dictionary lookups per claim; documents are read once each.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import Connection

from afpak_coder.core import records
from afpak_coder.core.codebook_cache import CodebookSnapshot
from afpak_coder.core.errors import AmbiguousNameError, NotFoundError, ValidationError
from afpak_coder.core.service_base import DOCUMENT_COLUMNS, fetch_all, reference_id

REQUIRED = ("document", "coder", "start", "end", "theme")  # the actor may be missing (incomplete claim)
_TEXT_BUDGET = 20_000_000  # characters of document text kept while checking many claims
_DOCUMENT_SELECT = ", ".join(f"d.{name.strip()}" for name in DOCUMENT_COLUMNS.split(","))


@dataclass(frozen=True)
class StanceById:
    """A stance level already known by id (used when re-validating a stored claim)."""

    id: uuid.UUID | None


@dataclass(frozen=True)
class CheckedDocument:
    hex: str  # the id as stored
    number: int
    title: str
    length: int
    row: tuple  # DOCUMENT_COLUMNS, to build the record without reading it again


class CheckedClaim(NamedTuple):
    """A claim's values, checked, with the stored form (hex) of each id beside its record."""

    document: CheckedDocument
    coder: records.Coder
    coder_hex: str
    start: int
    end: int
    quote: str
    theme: records.Theme
    theme_hex: str
    actor: records.Actor | None
    actor_hex: str | None
    target: records.Actor | None
    target_hex: str | None
    stance: records.StanceLevel | None
    stance_hex: str | None
    memo: str


class RecentTexts:
    """The texts of the last documents coded in, kept by the service between single-claim checks.

    A database cuts a span out of a stored text only by reading the whole value (a 1,000,000-character
    text is most of an Enter's time); texts never change once stored (a trigger refuses it), so the
    text read for one claim serves the next claims in the same document.
    """

    def __init__(self, budget: int = 4_000_000) -> None:
        self._texts: dict[str, str] = {}
        self._budget = budget

    def get(self, document_hex: str) -> str | None:
        return self._texts.get(document_hex)

    def keep(self, document_hex: str, text: str) -> None:
        self._texts.pop(document_hex, None)
        while self._texts and sum(map(len, self._texts.values())) + len(text) > self._budget:
            del self._texts[next(iter(self._texts))]  # the least recently read first
        self._texts[document_hex] = text


class ClaimChecker:
    def __init__(self, connection: Connection, codebook: CodebookSnapshot, *, whole_texts: bool,
                 recent_texts: RecentTexts | None = None) -> None:
        self._connection = connection
        self._codebook = codebook
        # whole_texts: read each document's text once and slice it (many claims); otherwise let
        # SQLite cut out just the span, or slice a text in ``recent_texts``.
        self._whole_texts = whole_texts
        self._recent_texts = recent_texts
        # What callers passed → what it resolved to. Keyed by the text itself or, for any other
        # object, by its id(); the object is kept in the value so that its id() stays unique.
        self._documents: dict[Any, tuple[Any, CheckedDocument]] = {}
        self._themes: dict[Any, tuple[Any, records.Theme, str]] = {}
        self._actors: dict[Any, tuple[Any, records.Actor, str]] = {}
        self._coders: dict[Any, tuple[Any, records.Coder, str]] = {}
        self._entries = {"theme": self._themes, "actor": self._actors, "coder": self._coders}
        self._levels = {level.value: (level, level.id.hex) for level in codebook.levels.values()}
        # Whole texts by stored document id, within a budget: claims come grouped by document, so
        # a text is rarely needed again once the next document's claims begin.
        self._texts: dict[str, str] = {}
        self._text_characters = 0

    def check(self, given: Mapping[str, Any]) -> CheckedClaim:
        # The common case (records or names, whole numbers) runs through dictionary lookups only:
        # a bulk import checks every claim, and this loop was half of its time.
        get = given.get
        document_ref, coder_ref, start, end = get("document"), get("coder"), get("start"), get("end")
        theme_ref, actor_ref = get("theme"), get("actor")
        if document_ref is None or coder_ref is None or start is None or end is None or theme_ref is None:
            for required in REQUIRED:
                if get(required) is None:
                    raise ValidationError(f"a claim needs a {required}")
        spans_ok = (type(start) is int or (isinstance(start, int) and not isinstance(start, bool))) and (
            type(end) is int or (isinstance(end, int) and not isinstance(end, bool)))
        known = self._documents.get(document_ref if type(document_ref) is str else id(document_ref))
        if known is not None:
            document, quote = known[1], None
        else:
            document, quote = self._document(document_ref, start, end, spans_ok)
        if not spans_ok:
            raise ValidationError(f"start and end must be whole numbers, got {start!r} and {end!r}")
        if not 0 <= start < end <= document.length:
            raise ValidationError(
                f"span {start}–{end} is outside the text of {document.title!r} (0–{document.length}) or empty"
            )
        if self._whole_texts:
            text = self._texts.get(document.hex)
            quote = (text if text is not None else self._text(document))[start:end]
        given_quote = get("quote")
        if given_quote is not None and given_quote != quote:
            raise ValidationError(
                f"the quote does not match the text of {document.title!r} at {start}–{end}: "
                f"expected {_short(quote)!r}, got {_short(given_quote)!r}"
            )
        themes, actors = self._themes, self._actors
        theme, theme_hex = (themes.get(theme_ref if type(theme_ref) is str else id(theme_ref))
                            or self._entry("theme", theme_ref))[1:]
        if actor_ref is None or (type(actor_ref) is str and actor_ref == ""):
            actor = actor_hex = None
        else:
            actor, actor_hex = (actors.get(actor_ref if type(actor_ref) is str else id(actor_ref))
                                or self._entry("actor", actor_ref))[1:]
        target_ref = get("target")
        if target_ref is None or (type(target_ref) is str and target_ref == ""):
            target = target_hex = None
        else:
            target, target_hex = (actors.get(target_ref if type(target_ref) is str else id(target_ref))
                                  or self._entry("actor", target_ref))[1:]
        if theme.archived or (actor is not None and actor.archived) or (target is not None and target.archived):
            for what, entry in (("theme", theme), ("actor", actor), ("actor", target)):
                if entry is not None and entry.archived:
                    raise ValidationError(f"{what} {entry.name!r} is archived; restore it before coding with it")
        memo = get("memo") or ""
        if type(memo) is not str and not isinstance(memo, str):
            raise ValidationError(f"memo: expected text, got {memo!r}")
        coder, coder_hex = (self._coders.get(coder_ref if type(coder_ref) is str else id(coder_ref))
                            or self._entry("coder", coder_ref))[1:]
        stance = get("stance")
        if stance is None:
            level = level_hex = None
        else:
            found = self._levels.get(stance) if type(stance) is int else None
            level, level_hex = found if found is not None else self._stance(stance)
        return CheckedClaim(document, coder, coder_hex, start, end, quote, theme, theme_hex, actor, actor_hex,
                            target, target_hex, level, level_hex, memo)

    # -- documents ----------------------------------------------------------------------------

    def _document(self, ref: Any, start: Any, end: Any, spans_ok: bool) -> tuple[CheckedDocument, str | None]:
        """The document and, when checking one claim, the text of its span (else None)."""
        key = ref if type(ref) is str else id(ref)
        known = self._documents.get(key)
        if known is not None:
            return known[1], None
        document_id = reference_id(ref)
        if document_id is None:
            raise ValidationError(f"document: expected a document record, id or name, got {ref!r}")
        recent = self._recent_texts.get(document_id.hex) if self._recent_texts is not None else None
        if recent is not None:
            found = fetch_all(self._connection, f"SELECT {_DOCUMENT_SELECT}, NULL FROM document AS d WHERE d.id = ?",
                              (document_id.hex,))
        elif self._whole_texts or self._recent_texts is not None:
            found = fetch_all(self._connection, f"SELECT {_DOCUMENT_SELECT}, t.text FROM document AS d "
                              "JOIN document_text AS t ON t.number = d.number WHERE d.id = ?", (document_id.hex,))
        else:
            # SQLite's substr counts characters (code points) of TEXT values, 1-based.
            first, count = (start + 1, max(end - start, 0)) if spans_ok else (1, 0)  # PostgreSQL refuses < 0
            found = fetch_all(self._connection, f"SELECT {_DOCUMENT_SELECT}, substr(t.text, ?, ?) FROM document AS d "
                              "JOIN document_text AS t ON t.number = d.number WHERE d.id = ?",
                              (first, count, document_id.hex))
        if not found:
            raise NotFoundError(f"no document with id {document_id} in this project")
        row = found[0]
        fields = row[:-1]
        document = CheckedDocument(hex=fields[0], number=fields[1], title=fields[2], length=fields[12], row=fields)
        if self._recent_texts is not None and not self._whole_texts:
            text = recent if recent is not None else row[-1]
            self._recent_texts.keep(document.hex, text)
            return document, text[start:end] if spans_ok else ""
        if not self._whole_texts:
            return document, row[-1]  # one claim: nothing to remember
        self._keep_text(document, row[-1])
        self._documents[key] = (ref, document)  # the reference is kept so that its id() stays unique
        return document, None

    def _text(self, document: CheckedDocument) -> str:
        (text,) = fetch_all(self._connection, "SELECT text FROM document_text WHERE number = ?", (document.number,))[0]
        self._keep_text(document, text)
        return text

    def _keep_text(self, document: CheckedDocument, text: str) -> None:
        if self._text_characters + len(text) > _TEXT_BUDGET:
            self._texts.clear()
            self._text_characters = 0
        self._texts[document.hex] = text
        self._text_characters += len(text)

    # -- codebook entries and coders ----------------------------------------------------------

    def _entry(self, kind: str, ref: Any) -> tuple[Any, Any, str]:
        """(ref, record, stored id) of the theme, actor or coder that ``ref`` names."""
        known = self._entries[kind]
        key = ref if type(ref) is str else id(ref)
        found = known.get(key)
        if found is None:
            record = self._resolve(kind, ref)
            found = known[key] = (ref, record, record.id.hex)
        return found

    def _resolve(self, kind: str, ref: Any) -> Any:
        entries = self._codebook.by_id(kind)
        found_id = reference_id(ref)
        if found_id is not None:
            if found_id not in entries:
                raise NotFoundError(f"no {kind} with id {found_id} in this project")
            return entries[found_id]
        if isinstance(ref, str):
            wanted = ref.strip()
            if kind == "theme":
                matches = [t for t in entries.values() if wanted in (t.name, t.path_label, "/".join(t.path))]
            else:
                matches = [e for e in entries.values() if e.name == wanted]
            if not matches:
                raise NotFoundError(f"no {kind} named {ref!r} in this project")
            if len(matches) > 1:
                raise AmbiguousNameError(
                    f"{len(matches)} {kind}s are named {ref!r}; give the full path or the record itself"
                )
            return matches[0]
        raise ValidationError(f"{kind}: expected a {kind} record, id or name, got {ref!r}")

    def _stance(self, stance: Any) -> tuple[records.StanceLevel | None, str | None]:
        if isinstance(stance, StanceById):
            if stance.id is None:
                return None, None
            level = self._codebook.levels[stance.id]
            return level, level.id.hex
        if isinstance(stance, records.StanceLevel):
            stance = stance.value
        if isinstance(stance, bool) or not isinstance(stance, int):
            raise ValidationError(f"stance: expected a level value such as -2..2, got {stance!r}")
        if stance not in self._levels:
            raise ValidationError(f"stance {stance} is not on the scale ({', '.join(map(str, sorted(self._levels)))})")
        return self._levels[stance]


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"

