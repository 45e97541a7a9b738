"""Claims: who claims what, on which theme, with what stance, at which span of a document."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import Connection, delete, func, select

from afpak_coder.core import models, records
from afpak_coder.core.errors import NotFoundError, ValidationError
from afpak_coder.core.service_base import ServiceBase, as_utc

CLAIM_FIELDS = ("start", "end", "quote", "theme", "actor", "target", "stance", "memo", "coder")


class ClaimsMixin(ServiceBase):
    def add_claim(
        self, *, document: Any, coder: Any, start: int, end: int, theme: Any, actor: Any,
        stance: Any, target: Any = None, memo: str = "", quote: str | None = None,
        id: uuid.UUID | None = None,
    ) -> records.Claim:
        """Record a claim. ``start``/``end`` are code-point offsets into ``document.text``, end
        exclusive; ``quote``, if given, must equal that span. ``stance`` is a level value
        (e.g. -2..2), a StanceLevel, or None. ``id`` restores a deleted claim under its old id."""
        with self._write() as session:
            values = self._claim_values(
                session.connection(), dict(document=document, coder=coder, start=start, end=end,
                                           theme=theme, actor=actor, stance=stance, target=target,
                                           memo=memo, quote=quote),
            )
            now = models.utc_now()
            row = models.Claim(id=id or uuid.uuid4(), created_at=now, updated_at=now, **values)
            session.add(row)
        return self.claim(row.id)

    def add_claims(self, claims: Iterable[Mapping[str, Any]]) -> int:
        """Add many claims in one transaction (all or none); returns how many were added."""
        table = models.Claim.__table__
        now = models.utc_now()
        with self._write() as session:
            connection = session.connection()
            cache: dict = {("bulk",): True}  # bulk: read each document's text once, slice in Python
            rows: list[dict] = []
            added = 0
            for number, claim in enumerate(claims, 1):
                try:
                    values = self._claim_values(connection, dict(claim), cache)
                except (ValidationError, NotFoundError) as error:
                    raise type(error)(f"claim {number}: {error}") from error
                values["id"] = claim.get("id") or uuid.uuid4()
                values["created_at"] = claim.get("created") or now
                values["updated_at"] = claim.get("updated") or values["created_at"]
                rows.append(values)
                if len(rows) >= 5000:
                    connection.execute(table.insert(), rows)
                    added += len(rows)
                    rows.clear()
            if rows:
                connection.execute(table.insert(), rows)
                added += len(rows)
        return added

    def claim(self, ref: Any) -> records.Claim:
        with self._read() as connection:
            claim_id = self._resolve(connection, models.Claim, ref, "claim", allow_name=False)
            return self._claim_records(connection, models.Claim.id == claim_id)[0]

    def claims(self, document: Any = None, coder: Any = None) -> list[records.Claim]:
        """Claims, optionally of one document and/or one coder, ordered by document then span."""
        with self._read() as connection:
            conditions = []
            if document is not None:
                document_id = self._resolve(connection, models.Document, document, "document", allow_name=False)
                conditions.append(models.Claim.document_id == document_id)
            if coder is not None:
                conditions.append(models.Claim.coder_id == self._resolve(connection, models.Coder, coder, "coder"))
            return self._claim_records(connection, *conditions)

    def update_claim(self, ref: Any, **changes: Any) -> records.Claim:
        """Change any of start, end, theme, actor, target, stance, memo, coder. A new span takes
        its quote from the document text."""
        unknown = set(changes) - set(CLAIM_FIELDS)
        if unknown:
            raise ValidationError(f"claims have no field {', '.join(sorted(unknown))}")
        with self._write() as session:
            connection = session.connection()
            claim_id = self._resolve(connection, models.Claim, ref, "claim", allow_name=False)
            row = session.get(models.Claim, claim_id)
            current = dict(document=row.document_id, coder=row.coder_id, start=row.start, end=row.end,
                           theme=row.theme_id, actor=row.actor_id, target=row.target_id,
                           stance=_StanceId(row.stance_id), memo=row.memo, quote=None)
            if "quote" not in changes and not ({"start", "end"} & set(changes)):
                current["quote"] = row.quote
            current.update(changes)
            for key, value in self._claim_values(connection, current).items():
                setattr(row, key, value)
            row.updated_at = models.utc_now()
        return self.claim(claim_id)

    def delete_claim(self, ref: Any) -> None:
        with self._write() as session:
            claim_id = self._resolve(session.connection(), models.Claim, ref, "claim", allow_name=False)
            session.execute(delete(models.Claim).where(models.Claim.id == claim_id))

    def claim_counts(self, document: Any = None) -> dict[tuple[uuid.UUID, uuid.UUID], int]:
        """(document id, coder id) → number of claims, for document lists (optionally one document)."""
        table = models.Claim.__table__
        with self._read() as connection:
            query = select(table.c.document_id, table.c.coder_id, func.count()).group_by(
                table.c.document_id, table.c.coder_id
            )
            if document is not None:
                query = query.where(table.c.document_id == self._resolve(
                    connection, models.Document, document, "document", allow_name=False))
            return {(d, c): n for d, c, n in connection.execute(query)}

    # -- internals ----------------------------------------------------------------------------

    def _claim_values(self, connection: Connection, given: dict, cache: dict | None = None) -> dict:
        """Check one claim's fields and return the column values to store."""
        cache = {} if cache is None else cache

        def resolve(model, ref, what, allow_name=True):
            key = (what, ref if isinstance(ref, (str, uuid.UUID)) else getattr(ref, "id", ref))
            if key not in cache:
                cache[key] = self._resolve(connection, model, ref, what, allow_name=allow_name)
            return cache[key]

        for required in ("document", "coder", "start", "end", "theme", "actor"):
            if given.get(required) is None:
                raise ValidationError(f"a claim needs a {required}")
        document_id = resolve(models.Document, given["document"], "document", allow_name=False)
        start, end = given["start"], given["end"]
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in (start, end)):
            raise ValidationError(f"start and end must be whole numbers, got {start!r} and {end!r}")
        doc_key = ("text", document_id)
        if doc_key not in cache:
            table = models.Document.__table__
            cache[doc_key] = connection.execute(
                select(table.c.title, table.c.length).where(table.c.id == document_id)
            ).one()
        title, length = cache[doc_key]
        if not 0 <= start < end <= length:
            raise ValidationError(
                f"span {start}–{end} is outside the text of {title!r} (0–{length}) or empty"
            )
        quote = self._span_text(connection, document_id, start, end, cache)
        if given.get("quote") is not None and given["quote"] != quote:
            raise ValidationError(
                f"the quote does not match the text of {title!r} at {start}–{end}: "
                f"expected {_short(quote)!r}, got {_short(given['quote'])!r}"
            )
        theme_id = resolve(models.Theme, given["theme"], "theme")
        actor_id = resolve(models.Actor, given["actor"], "actor")
        target = given.get("target")
        target_id = resolve(models.Actor, target, "actor") if target not in (None, "") else None
        self._refuse_archived(connection, theme_id, actor_id, target_id, cache)
        memo = given.get("memo") or ""
        if not isinstance(memo, str):
            raise ValidationError(f"memo: expected text, got {memo!r}")
        return dict(
            document_id=document_id, coder_id=resolve(models.Coder, given["coder"], "coder"),
            start=start, end=end, quote=quote, theme_id=theme_id, actor_id=actor_id,
            target_id=target_id, stance_id=self._stance_id(connection, given.get("stance"), cache),
            memo=memo,
        )

    def _span_text(self, connection, document_id, start, end, cache) -> str:
        text_key = ("full-text", document_id)
        if text_key in cache:
            return cache[text_key][start:end]
        table = models.Document.__table__
        if cache.get(("bulk",)):
            cache[text_key] = connection.execute(select(table.c.text).where(table.c.id == document_id)).scalar_one()
            return cache[text_key][start:end]
        # SQLite's substr counts characters (code points) of TEXT values, 1-based.
        return connection.execute(
            select(func.substr(table.c.text, start + 1, end - start)).where(table.c.id == document_id)
        ).scalar_one()

    def _stance_id(self, connection, stance: Any, cache: dict) -> uuid.UUID | None:
        if stance is None:
            return None
        if isinstance(stance, _StanceId):
            return stance.id
        if isinstance(stance, records.StanceLevel):
            stance = stance.value
        if isinstance(stance, bool) or not isinstance(stance, int):
            raise ValidationError(f"stance: expected a level value such as -2..2, got {stance!r}")
        if ("levels",) not in cache:
            table = models.StanceLevel.__table__
            cache[("levels",)] = dict(connection.execute(select(table.c.value, table.c.id)).all())
        levels = cache[("levels",)]
        if stance not in levels:
            raise ValidationError(f"stance {stance} is not on the scale ({', '.join(map(str, sorted(levels)))})")
        return levels[stance]

    def _refuse_archived(self, connection, theme_id, actor_id, target_id, cache) -> None:
        for model, entry_id, what in (
            (models.Theme, theme_id, "theme"), (models.Actor, actor_id, "actor"), (models.Actor, target_id, "actor"),
        ):
            if entry_id is None:
                continue
            key = ("archived", entry_id)
            if key not in cache:
                table = model.__table__
                cache[key] = connection.execute(
                    select(table.c.name, table.c.archived).where(table.c.id == entry_id)
                ).one()
            name, archived = cache[key]
            if archived:
                raise ValidationError(f"{what} {name!r} is archived; restore it before coding with it")

    def _claim_records(self, connection: Connection, *conditions) -> list[records.Claim]:
        table = models.Claim.__table__
        query = select(table).where(*conditions).order_by(table.c.document_id, table.c.start, table.c.end)
        rows = connection.execute(query).all()
        if not rows:
            return []
        themes = self._theme_records(connection)
        actors = self._actor_records(connection)
        levels = self._level_records(connection)
        coders = self._coder_records(connection)
        documents = self._document_records(connection, {row.document_id for row in rows})
        return [
            records.Claim(
                id=row.id, document=documents[row.document_id], coder=coders[row.coder_id],
                start=row.start, end=row.end, quote=row.quote, theme=themes[row.theme_id],
                actor=actors[row.actor_id], target=actors.get(row.target_id),
                stance=levels.get(row.stance_id), memo=row.memo,
                created=as_utc(row.created_at), updated=as_utc(row.updated_at),
            )
            for row in rows
        ]


class _StanceId:
    """A stance level already known by id (used when re-validating a stored claim)."""

    __slots__ = ("id",)

    def __init__(self, level_id: uuid.UUID | None) -> None:
        self.id = level_id


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
