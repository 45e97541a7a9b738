"""Finding claims across the project: filters become one SQL query over ``claim`` joined with
``document``, answered through the existing indexes (theme, actor, target, stance, coder,
document, published).

    p.claims(theme="Border management", actor_type="state", stance=(-2, -1),
             where={"outlet_country": "Pakistan"}, published=("2025-01-01", "2025-12-31"),
             text="closure")
    cursor = p.claim_cursor(order="published", coder=ayesha)   # every match, fetched page by page
    cursor.count; cursor.fetch(0, 100)                            # ClaimRow: claim + context
    p.claim_tallies("theme", mine=ayesha, coder=[ayesha, bilal])  # {theme id: Tally(mine, shown)}

Filters (all optional, all must hold): ``theme`` (one or several; each keeps its sub-themes),
``actor``, ``actor_type``, ``target``, ``coder``, ``documents`` (one or several each), ``stance``
(a level value, or a (lowest, highest) range with None for an open end), ``where`` (document field
or variable → value or list of values, compared as text ignoring case), ``published`` (from, to;
both included, undated documents left out), ``text`` (in the quote or the memo, ignoring case),
``incomplete`` (True: only claims lacking actor or stance; False: only complete ones).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import Connection

from afpak_coder.core import models, records
from afpak_coder.core.errors import NotFoundError, ValidationError
from afpak_coder.core.service_base import ServiceBase, fetch_all
from afpak_coder.core.stored import collector_paused

FILTERS = ("theme", "actor", "actor_type", "target", "coder", "documents", "stance", "where", "published",
           "text", "incomplete")
DOCUMENT_FIELDS = ("title", "outlet", "author", "language", "genre", "url")
# Sort keys of claim_cursor → SQL (the browser's columns); ties are broken by document and span.
ORDERS = {
    "document": "d.title COLLATE NOCASE",
    "published": "d.published",
    "outlet": "d.outlet COLLATE NOCASE",
    "coder": "(SELECT name FROM coder WHERE coder.id = c.coder_id) COLLATE NOCASE",
    "theme": None,  # codebook tree order, sorted in Python (see ClaimQueryMixin._ordered_ids)
    "actor": "(SELECT name FROM actor WHERE actor.id = c.actor_id) COLLATE NOCASE",
    "target": "(SELECT name FROM actor WHERE actor.id = c.target_id) COLLATE NOCASE",
    "stance": "(SELECT value FROM stance_level WHERE stance_level.id = c.stance_id)",
    "quote": "c.quote COLLATE NOCASE",
    "memo": "c.memo COLLATE NOCASE",
    "created": "c.created_at",
    "updated": "c.updated_at",
}
_TIES = 'd.published, d.number, c.start, c."end", c.id'
_CLAIM_COLUMNS = ('c.id, c.document_id, c.coder_id, c.start, c."end", c.quote, c.theme_id, c.actor_id, '
                  "c.target_id, c.stance_id, c.memo, c.created_at, c.updated_at")
_PAGE = 500  # ids per IN (...) when fetching a page


class Tally(NamedTuple):
    mine: int  # the claims of the coder given as ``mine``
    shown: int  # the claims of every coder the query keeps


@dataclass(frozen=True)
class ClaimRow:
    """One row of a claims browser: the claim and the text just before and after its quote."""

    claim: records.Claim
    before: str
    after: str

    @property
    def incomplete(self) -> bool:
        return self.claim.actor is None or self.claim.stance is None


class ClaimCursor:
    """The ids of every claim a query matches, in order; rows are built only for the pages asked
    for (a browser shows a few hundred of 200,000)."""

    def __init__(self, project: ClaimQueryMixin, ids: list[str], context: int) -> None:
        self._project, self.ids, self.context = project, ids, context

    @property
    def count(self) -> int:
        return len(self.ids)

    def __len__(self) -> int:
        return len(self.ids)

    def fetch(self, offset: int, limit: int) -> list[ClaimRow]:
        """Rows ``offset`` .. ``offset + limit`` (fewer at the end). A claim deleted since the
        query ran is left out."""
        return self._project._claim_rows(self.ids[offset:offset + limit], self.context)


def roll_up(themes: Iterable[records.Theme], counts: Mapping[uuid.UUID, Tally]) -> dict[uuid.UUID, Tally]:
    """Each theme's tally including all its sub-themes (themes in tree order: parents first)."""
    themes = list(themes)
    total = {theme.id: counts.get(theme.id, Tally(0, 0)) for theme in themes}
    for theme in reversed(themes):  # children before parents
        if theme.parent_id is not None and theme.parent_id in total:
            own, parent = total[theme.id], total[theme.parent_id]
            total[theme.parent_id] = Tally(parent.mine + own.mine, parent.shown + own.shown)
    return total


def _many(value: Any) -> list:
    if value is None:
        return []
    if isinstance(value, (list, tuple, set, frozenset)):
        return list(value)
    return [value]


def _date(value: Any, what: str) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(str(value).strip()).isoformat()
    except ValueError:
        raise ValidationError(f"{what}: {value!r} is not a date (YYYY-MM-DD)") from None


def _placeholders(values: list) -> str:
    return ", ".join("?" * len(values))


class ClaimQueryMixin(ServiceBase):
    def claim_cursor(self, order: str = "published", descending: bool = False, *, context: int = 60,
                     **filters: Any) -> ClaimCursor:
        """Every claim matching ``filters`` (see the module docstring), ordered by ``order`` (one of
        ORDERS), fetched lazily; each row carries ``context`` characters before and after."""
        with self._read() as connection:
            return ClaimCursor(self, self._ordered_ids(connection, order, descending, filters), context)

    def count_claims(self, **filters: Any) -> int:
        with self._read() as connection:
            where, parameters = self._claim_conditions(connection, filters)
            return fetch_all(connection, f"SELECT count(*) FROM claim AS c JOIN document AS d "
                                         f"ON d.id = c.document_id WHERE {where}", parameters)[0][0]

    def claim_tallies(self, by: str = "theme", *, mine: Any = None, **filters: Any) -> dict[uuid.UUID | None, Tally]:
        """Claims per theme, actor, target, coder, document or stance level (by id; None for no
        target or stance): how many are ``mine``'s and how many match ``filters`` in all — one
        GROUP BY. Theme tallies count each claim under its own theme; ``roll_up`` adds sub-themes."""
        column = {"theme": "theme_id", "actor": "actor_id", "target": "target_id", "coder": "coder_id",
                  "document": "document_id", "stance": "stance_id"}.get(by)
        if column is None:
            raise ValidationError(f"claims can be counted by theme, actor, target, coder, document or stance, not {by!r}")
        with self._read() as connection:
            where, parameters = self._claim_conditions(connection, filters)
            mine_hex = self._resolve(connection, models.Coder, mine, "coder").hex if mine is not None else ""
            rows = fetch_all(
                connection,
                f"SELECT c.{column}, sum(c.coder_id = ?), count(*) FROM claim AS c "
                f"{'JOIN document AS d ON d.id = c.document_id ' if 'd.' in where else ''}"
                f"WHERE {where} GROUP BY c.{column}", (mine_hex, *parameters))
        return {None if key is None else self._uuid(key): Tally(int(own), shown) for key, own, shown in rows}

    # -- internals ----------------------------------------------------------------------------

    def _filtered_claims(self, connection: Connection, filters: Mapping[str, Any], limit: int | None,
                         offset: int) -> list[records.Claim]:
        """``claims()`` with filters beyond document and coder: in the order of ``claims()``."""
        where, parameters = self._claim_conditions(connection, filters)
        query = (f"SELECT {_CLAIM_COLUMNS} FROM claim AS c JOIN document AS d ON d.id = c.document_id "
                 f'WHERE {where} ORDER BY c.document_id, c.start, c."end"')
        if limit is not None or offset:
            query += f" LIMIT {int(limit) if limit is not None else -1} OFFSET {int(offset)}"
        rows = fetch_all(connection, query, parameters)
        if not rows:
            return []
        with collector_paused():
            return self._build_claims(connection, rows)

    def _ordered_ids(self, connection: Connection, order: str, descending: bool, filters: Mapping[str, Any]) -> list[str]:
        if order not in ORDERS:
            raise ValidationError(f"claims can be ordered by {', '.join(ORDERS)}, not {order!r}")
        where, parameters = self._claim_conditions(connection, filters)
        direction = " DESC" if descending else ""
        key = ORDERS[order]
        if key is None:  # theme: tree order, which SQL does not know
            rows = fetch_all(connection, f"SELECT c.id, c.theme_id FROM claim AS c JOIN document AS d "
                                         f"ON d.id = c.document_id WHERE {where} ORDER BY {_TIES}", parameters)
            rank = {key: number for number, key in enumerate(self._codebook(connection).by_hex["theme"])}
            rows.sort(key=lambda row: rank.get(row[1], -1), reverse=descending)
            return [row[0] for row in rows]
        nulls_last = f"({key}) IS NULL, " if order in ("target", "stance", "published", "outlet") else ""
        rows = fetch_all(connection, f"SELECT c.id FROM claim AS c JOIN document AS d ON d.id = c.document_id "
                                     f"WHERE {where} ORDER BY {nulls_last}{key}{direction}, {_TIES}", parameters)
        return [row[0] for row in rows]

    def _claim_rows(self, ids: list[str], context: int) -> list[ClaimRow]:
        if not ids:
            return []
        with self._read() as connection:
            rows = []
            for start in range(0, len(ids), _PAGE):
                chunk = ids[start:start + _PAGE]
                rows += fetch_all(connection, f"SELECT {_CLAIM_COLUMNS} FROM claim AS c "
                                              f"WHERE c.id IN ({_placeholders(chunk)})", tuple(chunk))
            with collector_paused():
                claims = self._build_claims(connection, rows) if rows else []
        by_id = {claim.id.hex: claim for claim in claims}
        texts: dict[uuid.UUID, str] = {}
        made = []
        for hex_id in ids:
            claim = by_id.get(hex_id) or by_id.get(uuid.UUID(hex_id).hex)
            if claim is None:
                continue
            document = claim.document
            text = texts.get(document.id)
            if text is None:
                text = texts[document.id] = document.text  # each text read once per page
            before = text[max(0, claim.start - context):claim.start]
            made.append(ClaimRow(claim, " ".join(before.split()) + (" " if before[-1:].isspace() else ""),
                                 (" " if text[claim.end:claim.end + 1].isspace() else "")
                                 + " ".join(text[claim.end:claim.end + context].split())))
        return made

    def _claim_conditions(self, connection: Connection, filters: Mapping[str, Any]) -> tuple[str, tuple]:
        """The WHERE clause (over ``claim AS c`` and ``document AS d``) and its parameters."""
        unknown = set(filters) - set(FILTERS)
        if unknown:
            raise ValidationError(f"claims cannot be filtered by {', '.join(sorted(unknown))} "
                                  f"(filters: {', '.join(FILTERS)})")
        conditions: list[str] = []
        parameters: list[Any] = []

        def among(column: str, hexes: list[str]) -> None:
            conditions.append(f"{column} IN ({_placeholders(hexes)})" if hexes else "0")
            parameters.extend(hexes)

        codebook = self._codebook(connection)
        themes = _many(filters.get("theme"))
        if themes:
            chosen = {self._resolve(connection, models.Theme, ref, "theme") for ref in themes}
            among("c.theme_id", [t.id.hex for t in codebook.themes.values()
                                 if chosen & self._ancestors(codebook.themes, t.id)])
        for key, column in (("actor", "c.actor_id"), ("target", "c.target_id")):
            refs = _many(filters.get(key))
            if refs:
                among(column, [self._resolve(connection, models.Actor, ref, key).hex for ref in refs])
        types = [str(t).casefold() for t in _many(filters.get("actor_type"))]
        if types:
            among("c.actor_id", [a.id.hex for a in codebook.actors.values() if a.type.casefold() in types])
        coders = _many(filters.get("coder"))
        if coders:
            among("c.coder_id", [self._resolve(connection, models.Coder, ref, "coder").hex for ref in coders])
        documents = _many(filters.get("documents"))
        if documents:
            among("c.document_id", [self._resolve(connection, models.Document, ref, "document", allow_name=False).hex
                                    for ref in documents])
        stance = filters.get("stance")
        if stance is not None:
            low, high = stance if isinstance(stance, (tuple, list)) else (stance, stance)
            among("c.stance_id", [level.id.hex for level in codebook.levels.values()
                                  if (low is None or level.value >= low) and (high is None or level.value <= high)])
        incomplete = filters.get("incomplete")
        if incomplete is not None:
            conditions.append("(c.actor_id IS NULL OR c.stance_id IS NULL)" if incomplete
                              else "(c.actor_id IS NOT NULL AND c.stance_id IS NOT NULL)")
        published = filters.get("published")
        if published is not None:
            if not isinstance(published, (tuple, list)) or len(published) != 2:
                raise ValidationError("published: give a (from, to) pair of dates, None for an open end")
            low, high = _date(published[0], "published from"), _date(published[1], "published to")
            if low and high and low > high:
                raise ValidationError(f"published: {low} is after {high}")
            conditions.append("d.published IS NOT NULL")
            if low:
                conditions.append("d.published >= ?")
                parameters.append(low)
            if high:
                conditions.append("d.published <= ?")
                parameters.append(high)
        for name, wanted in (filters.get("where") or {}).items():
            values = [str(v).strip().casefold() for v in _many(wanted)]
            column = self._document_column(connection, name)
            conditions.append(f"lower(CAST({column} AS TEXT)) IN ({_placeholders(values)})" if values else "0")
            parameters.extend(values)
        text = (filters.get("text") or "").strip()
        if text:
            pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            conditions.append("(c.quote LIKE ? ESCAPE '\\' OR c.memo LIKE ? ESCAPE '\\')")
            parameters += [pattern, pattern]
        return " AND ".join(conditions) or "1", tuple(parameters)

    def _document_column(self, connection: Connection, name: str) -> str:
        """SQL for a document field or user variable named in ``where``."""
        wanted = str(name).strip().casefold()
        if wanted in DOCUMENT_FIELDS:
            return f"d.{wanted}"
        names = {row[0].casefold(): row[0] for row in fetch_all(connection, "SELECT name FROM document_variable")}
        if wanted not in names:
            # Variables may live in documents only (imported without a declaration).
            used = fetch_all(connection, "SELECT DISTINCT j.key FROM document AS d, json_each(d.variables) AS j")
            names.update({row[0].casefold(): row[0] for row in used})
        if wanted not in names:
            known = ", ".join([*DOCUMENT_FIELDS, *sorted(names.values())])
            raise NotFoundError(f"{self.path}: documents have no field or variable {name!r} (known: {known})")
        quoted = names[wanted].replace("'", "''").replace('"', '\\"')
        return f"json_extract(d.variables, '$.\"{quoted}\"')"

    @staticmethod
    def _ancestors(themes: Mapping[uuid.UUID, records.Theme], theme_id: uuid.UUID) -> set[uuid.UUID]:
        found = set()
        while theme_id is not None and theme_id not in found:
            found.add(theme_id)
            theme_id = themes[theme_id].parent_id if theme_id in themes else None
        return found
