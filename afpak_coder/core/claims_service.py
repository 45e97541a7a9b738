"""Claims: who claims what, on which theme, with what stance, at which span of a document."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import Connection, delete, select, tuple_

from afpak_coder.core import models, records
from afpak_coder.core.claim_query import ClaimQueryMixin
from afpak_coder.core.claim_checks import CheckedClaim, ClaimChecker, RecentTexts, StanceById
from afpak_coder.core.conflicts import Stale, check_version, flush, gone_if_missing, refused_when_stale
from afpak_coder.core.errors import NotFoundError, ValidationError
from afpak_coder.core.text_offsets import normalise_with_offsets
from afpak_coder.core.service_base import execute_many, fetch_all
from afpak_coder.core.stored import (
    TimestampReader, collector_paused, new_uuid_hexes, read_datetime, stored_datetime,
)

CLAIM_FIELDS = ("start", "end", "quote", "theme", "actor", "target", "stance", "memo", "coder")

_INSERT = (
    'INSERT INTO claim (id, document_id, coder_id, start, "end", quote, theme_id, actor_id, target_id, '
    "stance_id, memo, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_CLAIM_COLUMNS = ('id, document_id, coder_id, start, "end", quote, theme_id, actor_id, target_id, stance_id, memo, '
                  "created_at, updated_at, version")
_BATCH = 5000  # rows per executemany


class ClaimsMixin(ClaimQueryMixin):
    """Adding, reading, changing and deleting claims; finding them across the project is in
    ``ClaimQueryMixin``."""

    def _recent_texts(self) -> RecentTexts:
        """The texts of the documents last coded in (see ``RecentTexts``), one set per open project."""
        texts = self.__dict__.get("_recent_document_texts")
        if texts is None:
            texts = self._recent_document_texts = RecentTexts()
        return texts

    def add_claim(
        self, *, document: Any, coder: Any, start: int, end: int, theme: Any, actor: Any = None,
        stance: Any = None, target: Any = None, memo: str = "", quote: str | None = None,
        id: uuid.UUID | None = None, offsets_in: str | None = None, version: int | None = None,
    ) -> records.Claim:
        """Record a claim. ``start``/``end`` are code-point offsets into ``document.text``, end
        exclusive; ``quote``, if given, must equal that span. ``stance`` is a level value
        (e.g. -2..2), a StanceLevel, or None. ``actor`` None (or a missing stance) makes an
        incomplete claim (``Claim.is_incomplete``). ``id`` restores a deleted claim under its old id;
        ``version``, the version it had when deleted, brings it back one higher (so that a copy read
        before it was deleted still cannot overwrite it; see ``update_claim``).
        ``offsets_in``: the text ``start``/``end`` were computed on (e.g. the string given to
        ``add_document``); they are mapped through the stored text's normalisation."""
        if offsets_in is not None:
            start, end = self._stored_span(document, offsets_in, start, end)
        with self._write_connection() as connection:
            checker = ClaimChecker(connection, self._codebook(connection), whole_texts=False,
                                   recent_texts=self._recent_texts())
            checked = checker.check(dict(document=document, coder=coder, start=start, end=end, theme=theme,
                                         actor=actor, stance=stance, target=target, memo=memo, quote=quote))
            claim_id = _claim_id(id) or uuid.uuid4()
            now = models.utc_now()
            stamp = stored_datetime(now)
            execute_many(connection, _INSERT, [_row(claim_id.hex, checked, stamp, stamp)])
            if version is not None:
                execute_many(connection, "UPDATE claim SET version = ? WHERE id = ?", [(version + 1, claim_id.hex)])
        # Built from what is in hand: reading the claim back would cost more than storing it.
        return records.Claim(
            id=claim_id, document=self._document_record(checked.document.row), coder=checked.coder,
            start=checked.start, end=checked.end, quote=checked.quote, theme=checked.theme, actor=checked.actor,
            target=checked.target, stance=checked.stance, memo=checked.memo,
            created=read_datetime(stamp), updated=read_datetime(stamp), version=1 if version is None else version + 1,
        )

    def _stored_span(self, document: Any, given: str, start: int, end: int) -> tuple[int, int]:
        stored, _steps, mapping = normalise_with_offsets(given)
        record = document if isinstance(document, records.Document) else self.document(document)
        if stored != record.text:
            raise ValidationError(f"offsets_in: the text given is not the text of {record.title!r}")
        return mapping.span(start, end)

    def add_claims(self, claims: Iterable[Mapping[str, Any]]) -> int:
        """Add many claims in one transaction (all or none); returns how many were added."""
        now = stored_datetime(models.utc_now())
        with self._write_connection() as connection:
            check = ClaimChecker(connection, self._codebook(connection), whole_texts=True).check
            rows: list[tuple] = []
            new_ids: list[str] = []
            added = 0
            for number, claim in enumerate(claims, 1):
                if not isinstance(claim, dict):
                    claim = dict(claim)
                try:
                    c = check(claim)
                    given_id = claim.get("id")
                    claim_hex = _claim_id(given_id).hex if given_id is not None else None
                except (ValidationError, NotFoundError) as error:
                    raise type(error)(f"claim {number}: {error}") from error
                if claim_hex is None:
                    if not new_ids:
                        new_ids = new_uuid_hexes(_BATCH)
                    claim_hex = new_ids.pop()
                created, updated = claim.get("created"), claim.get("updated")
                created = stored_datetime(created) if created else now
                updated = stored_datetime(updated) if updated else created
                rows.append((claim_hex, c.document.hex, c.coder_hex, c.start, c.end, c.quote, c.theme_hex,
                             c.actor_hex, c.target_hex, c.stance_hex, c.memo, created, updated))
                if len(rows) >= _BATCH:
                    execute_many(connection, _INSERT, rows)
                    added += len(rows)
                    rows = []
            if rows:
                execute_many(connection, _INSERT, rows)
                added += len(rows)
        return added

    def claim(self, ref: Any) -> records.Claim:
        with self._read() as connection:
            claim_id = self._resolve(connection, models.Claim, ref, "claim", allow_name=False)
            return self._claim_records(connection, "id = ?", (claim_id.hex,))[0]

    def claims(self, document: Any = None, coder: Any = None, *, limit: int | None = None, offset: int = 0,
               **filters: Any) -> list[records.Claim]:
        """Claims, optionally of one document and/or one coder (or several: a list), ordered by
        document then span. Further filters — theme (with its sub-themes), actor, actor_type,
        target, stance, where, published, text, documents, incomplete — are described in
        ``afpak_coder.core.claim_query``; ``limit``/``offset`` page through the result."""
        with self._read() as connection:
            if filters or limit is not None or offset or isinstance(coder, (list, tuple, set)):
                if document is not None:
                    if filters.get("documents") is not None:
                        raise ValidationError("claims: give document or documents, not both")
                    filters["documents"] = document
                if coder is not None:
                    filters["coder"] = coder
                return self._filtered_claims(connection, filters, limit, offset)
            conditions, parameters = [], []
            if document is not None:
                document_id = self._resolve(connection, models.Document, document, "document", allow_name=False)
                conditions.append("document_id = ?")
                parameters.append(document_id.hex)
            if coder is not None:
                conditions.append("coder_id = ?")
                parameters.append(self._resolve(connection, models.Coder, coder, "coder").hex)
            return self._claim_records(connection, " AND ".join(conditions), tuple(parameters))

    def claims_between(self, document: Any, start: int, end: int, coder: Any = None) -> list[records.Claim]:
        """The claims of one document (and coder) overlapping code points ``start``..``end`` (end
        exclusive), ordered by span: what one screenful of a long document shows, read at once."""
        with self._read() as connection:
            document_id = self._resolve(connection, models.Document, document, "document", allow_name=False)
            conditions, parameters = ["document_id = ?"], [document_id.hex]
            if coder is not None:
                conditions.append("coder_id = ?")
                parameters.append(self._resolve(connection, models.Coder, coder, "coder").hex)
            conditions.append('start < ? AND "end" > ?')
            return self._claim_records(connection, " AND ".join(conditions), (*parameters, end, start))

    def update_claim(self, ref: Any, **changes: Any) -> records.Claim:
        """Change any of start, end, theme, actor, target, stance, memo, coder. A new span takes
        its quote from the document text; actor=None or stance=None leaves the claim incomplete.
        ``ref`` a Claim record: the change applies only if the claim is still as that record was
        read (its version); if someone changed it meanwhile, ConflictError (``error.current`` is
        the claim as stored) and nothing is changed; if they deleted it, NotFoundError. ``ref`` an
        id: the change applies to whatever is stored (the last writer wins)."""
        with refused_when_stale(self.path, "claim", self.claim, (ref,)), self._write() as session:
            claim_id = self._update_in(session, ref, changes)
        return self.claim(claim_id)

    def update_claims(self, changes: Mapping[Any, Mapping[str, Any]]) -> list[records.Claim]:
        """Change several claims in one transaction, all or none: claim (record or id) → its
        changes (as for ``update_claim``, records checked against their versions the same way).
        Returns the changed claims in the order given."""
        with refused_when_stale(self.path, "claim", self.claim, changes), self._write() as session:
            ids = [self._update_in(session, ref, dict(claim_changes)) for ref, claim_changes in changes.items()]
        with self._read() as connection:
            by_id = {c.id: c for c in self._claim_records(
                connection, f"id IN ({', '.join('?' * len(ids))})", tuple(i.hex for i in ids))} if ids else {}
        return [by_id[i] for i in ids]

    def _update_in(self, session, ref: Any, changes: dict) -> uuid.UUID:
        unknown = set(changes) - set(CLAIM_FIELDS)
        if unknown:
            raise ValidationError(f"claims have no field {', '.join(sorted(unknown))}")
        connection = session.connection()
        with gone_if_missing(ref, records.Claim):
            claim_id = self._resolve(connection, models.Claim, ref, "claim", allow_name=False)
        row = session.get(models.Claim, claim_id)
        check_version(row, ref, records.Claim)
        current = dict(document=row.document_id, coder=row.coder_id, start=row.start, end=row.end,
                       theme=row.theme_id, actor=row.actor_id, target=row.target_id,
                       stance=StanceById(row.stance_id), memo=row.memo, quote=None)
        if "quote" not in changes and not ({"start", "end"} & set(changes)):
            current["quote"] = row.quote
        current.update(changes)
        checked = ClaimChecker(connection, self._codebook(connection), whole_texts=False,
                               recent_texts=self._recent_texts()).check(current)
        values = dict(
            document_id=uuid.UUID(checked.document.hex), coder_id=checked.coder.id, start=checked.start,
            end=checked.end, quote=checked.quote, theme_id=checked.theme.id,
            actor_id=checked.actor.id if checked.actor else None,
            target_id=checked.target.id if checked.target else None,
            stance_id=checked.stance.id if checked.stance else None, memo=checked.memo,
        )
        for key, value in values.items():
            setattr(row, key, value)
        row.updated_at = models.utc_now()
        flush(session, claim_id)  # the ORM adds one to the version (see core/models)
        return claim_id

    def delete_claims(self, refs: Iterable[Any]) -> int:
        """Delete several claims in one transaction, all or none; returns how many. Claim records
        are deleted only at the version they were read at (see ``update_claim``)."""
        refs = list(refs)
        # SQL statements on the connection, not through the ORM session: an undo of a new claim
        # deletes one row, and the session's bulk-delete machinery cost more than the delete.
        with refused_when_stale(self.path, "claim", self.claim, refs), self._write_connection() as connection:
            ids, versioned = [], []
            for ref in refs:
                with gone_if_missing(ref, records.Claim):
                    claim_id = self._resolve(connection, models.Claim, ref, "claim", allow_name=False)
                (versioned if isinstance(ref, records.Claim) else ids).append((claim_id, getattr(ref, "version", None)))
            table = models.Claim.__table__
            claim = table.c
            for start in range(0, len(ids), 500):
                connection.execute(delete(table).where(claim.id.in_([i for i, _ in ids[start:start + 500]])))
            for start in range(0, len(versioned), 500):
                batch = versioned[start:start + 500]
                done = connection.execute(delete(table).where(tuple_(claim.id, claim.version).in_(batch)))
                if done.rowcount != len(batch):  # one of them changed (or went) since it was read
                    left = set(connection.execute(select(claim.id).where(claim.id.in_([i for i, _ in batch]))).scalars())
                    changed = [i for i, _ in batch if i in left]
                    raise Stale(changed[0]) if changed else Stale(batch[0][0], gone=True)
        return len(ids) + len(versioned)

    def delete_claim(self, ref: Any) -> None:
        """Delete one claim; a Claim record only at the version it was read at (see ``update_claim``)."""
        self.delete_claims([ref])

    def claim_counts(self, document: Any = None) -> dict[tuple[uuid.UUID, uuid.UUID], int]:
        """(document id, coder id) → number of claims, for document lists (optionally one document)."""
        with self._read() as connection:
            query, parameters = "SELECT document_id, coder_id, count(*) FROM claim", ()
            if document is not None:
                document_id = self._resolve(connection, models.Document, document, "document", allow_name=False)
                query, parameters = query + " WHERE document_id = ?", (document_id.hex,)
            rows = fetch_all(connection, query + " GROUP BY document_id, coder_id", parameters)
        # Ids as stored text, each distinct one made a UUID once (a UUID per cell took 4x the query).
        with collector_paused():
            ids = {stored: self._uuid(stored) for stored in {row[0] for row in rows} | {row[1] for row in rows}}
            return {(ids[d], ids[c]): n for d, c, n in rows}

    # -- internals ----------------------------------------------------------------------------

    def _claim_records(self, connection: Connection, where: str = "", parameters: tuple = ()) -> list[records.Claim]:
        query = f"SELECT {_CLAIM_COLUMNS} FROM claim"
        if where:
            query += f" WHERE {where}"
        rows = fetch_all(connection, query + ' ORDER BY document_id, start, "end"', parameters)
        if not rows:
            return []
        with collector_paused():
            return self._build_claims(connection, rows)

    def _build_claims(self, connection: Connection, rows: list[tuple]) -> list[records.Claim]:
        codebook = self._codebook(connection)
        documents = self._documents_by_stored_id(connection, {row[1] for row in rows})

        def document_of(stored_id: str) -> records.Document:
            # Matched on the stored text; an id stored in another spelling is matched as a UUID.
            found = documents.get(stored_id)
            if found is None:
                wanted = uuid.UUID(stored_id)
                found = documents[stored_id] = next(d for d in documents.values() if d.id == wanted)
            return found

        # Codebook entries are matched on the stored id text too: a UUID per cell was most of the time.
        lookup, stamp = codebook.lookup, TimestampReader()
        by_hex = codebook.by_hex
        themes, actors, levels, coders = by_hex["theme"], by_hex["actor"], by_hex["level"], by_hex["coder"]
        made = []
        append, new, Claim, UUID = made.append, object.__new__, records.Claim, uuid.UUID
        for (id_, document_id, coder_id, start, end, quote, theme_id, actor_id, target_id, stance_id, memo,
             created, updated, version) in rows:
            claim = new(Claim)  # fields straight into __dict__ (see records.py)
            claim.__dict__.update({
                "id": UUID(id_), "document": document_of(document_id),
                "coder": coders.get(coder_id) or lookup("coder", coder_id),
                "start": start, "end": end, "quote": quote,
                "theme": themes.get(theme_id) or lookup("theme", theme_id),
                "actor": None if actor_id is None else actors.get(actor_id) or lookup("actor", actor_id),
                "target": None if target_id is None else actors.get(target_id) or lookup("actor", target_id),
                "stance": None if stance_id is None else levels.get(stance_id) or lookup("level", stance_id),
                "memo": memo, "created": stamp(created), "updated": stamp(updated), "version": version,
            })
            append(claim)
        return made


def _claim_id(value: Any) -> uuid.UUID | None:
    """A claim id given by the caller (to restore a claim), or None when none was given."""
    if value is None or isinstance(value, uuid.UUID):
        return value
    if isinstance(value, str):
        try:
            return uuid.UUID(value)
        except ValueError:
            pass
    raise ValidationError(f"claim id: {value!r} is not a UUID")


def _row(claim_hex: str, checked: CheckedClaim, created: str, updated: str) -> tuple:
    return (
        claim_hex, checked.document.hex, checked.coder_hex, checked.start, checked.end, checked.quote,
        checked.theme_hex, checked.actor_hex, checked.target_hex, checked.stance_hex, checked.memo, created, updated,
    )
