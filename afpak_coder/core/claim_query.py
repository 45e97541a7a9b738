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
``incomplete`` (True: only claims lacking actor or stance; False: only complete ones), ``ids``
(these claims only: the claims behind a number in a table), ``memo`` (True: claims with a memo;
text: claims whose memo contains it, ignoring case).
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import Connection

from afpak_coder.core import models, records
from afpak_coder.core.errors import AfpakError, NotFoundError, ValidationError
from afpak_coder.core.service_base import ServiceBase, fetch_all, is_server
from afpak_coder.core.stored import collector_paused

FILTERS = ("theme", "actor", "actor_type", "target", "coder", "documents", "stance", "where", "published",
           "text", "incomplete", "ids", "memo")
DOCUMENT_FIELDS = ("title", "outlet", "author", "language", "genre", "url")
# Sort keys of claim_cursor → SQL (the browser's columns); None: the codebook's own order, written
# into the query as a CASE over ids (see _rank). Ties are broken by document and span.
ORDERS = {
    "published": "d.published",
    "document": "d.title",  # as its index sorts it, so that a page needs no full sort
    "outlet": "d.outlet COLLATE NOCASE",
    "coder": None, "theme": None, "actor": None, "target": None, "stance": None,
    "quote": "c.quote COLLATE NOCASE",
    "memo": "c.memo COLLATE NOCASE",
    "created": "c.created_at",
    "updated": "c.updated_at",
}
_TIES = 'd.published, d.number, c.start, c."end", c.id'
_TIES_ON_SERVER = 'd.published NULLS FIRST, d.number, c.start, c."end", c.id'
# Above this many matches, a query ordered by a document column walks the documents in that order
# (an index) and stops after a page, instead of sorting every match first.
_STREAM_ABOVE = 2000
# Indexes for counting claims per theme or actor and coder from the index alone (created at open
# if missing; see ensure_query_indexes).
QUERY_INDEXES = {
    "ix_claim_theme_coder": "CREATE INDEX IF NOT EXISTS ix_claim_theme_coder ON claim (theme_id, coder_id)",
    "ix_claim_actor_coder": "CREATE INDEX IF NOT EXISTS ix_claim_actor_coder ON claim (actor_id, coder_id)",
    # One coder's claims (blind coding) counted under any codebook filter from the index alone.
    "ix_claim_coder_codes": "CREATE INDEX IF NOT EXISTS ix_claim_coder_codes ON claim "
                            "(coder_id, stance_id, theme_id, actor_id, target_id)",
}
_CLAIM_COLUMNS = ('c.id, c.document_id, c.coder_id, c.start, c."end", c.quote, c.theme_id, c.actor_id, '
                  "c.target_id, c.stance_id, c.memo, c.created_at, c.updated_at, c.version")


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
    """Every claim a query matches, in order: ``count`` is known at once, rows are built only for
    the pages asked for (a browser shows a few hundred of 200,000)."""

    def __init__(self, project: ClaimQueryMixin, query: str, parameters: tuple, count: int, context: int) -> None:
        self._project, self._query, self._parameters = project, query, parameters
        self.count, self.context = count, context

    def __len__(self) -> int:
        return self.count

    def fetch(self, offset: int, limit: int) -> list[ClaimRow]:
        """Rows ``offset`` .. ``offset + limit`` in the query's order, as the file holds them now."""
        return self._project._claim_page(self._query, self._parameters, offset, limit, self.context)


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


def like_pattern(text: str) -> str:
    """A LIKE pattern finding ``text`` anywhere (its %, _ and \\ taken literally; ESCAPE '\\')."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _placeholders(values: list) -> str:
    return ", ".join("?" * len(values))


class ClaimQueryMixin(ServiceBase):
    def claim_cursor(self, order: str = "published", descending: bool = False, *, context: int = 60,
                     **filters: Any) -> ClaimCursor:
        """Every claim matching ``filters`` (see the module docstring), ordered by ``order`` (one of
        ORDERS), fetched lazily; each row carries ``context`` characters before and after."""
        if order not in ORDERS:
            raise ValidationError(f"claims can be ordered by {', '.join(ORDERS)}, not {order!r}")
        with self._read() as connection:
            where, parameters = self._claim_conditions(connection, filters)
            count = fetch_all(connection, f"SELECT count(*) FROM claim AS c WHERE {where}", parameters)[0][0]
            key = ORDERS[order] or self._rank(connection, order)
            streamed = count > _STREAM_ABOVE and order in ("published", "document")
            if streamed:
                # Walking the documents in order, each one's claims must come through the document
                # index: the other conditions are kept off theirs, and the document's own apply to
                # the walk itself.
                where, parameters = self._claim_conditions(connection, filters, unindexed=True, documents_inline=True)
        nulls_last = f"({key}) IS NULL, " if order in ("actor", "target", "stance") else ""
        if is_server(connection):
            # SQLite's order: no value before any value (ascending). CROSS JOIN is SQLite's hint.
            join, direction, ties = "JOIN", " DESC NULLS LAST" if descending else " NULLS FIRST", _TIES_ON_SERVER
        else:
            join, direction, ties = "CROSS JOIN" if streamed else "JOIN", " DESC" if descending else "", _TIES
        query = (f"SELECT {_CLAIM_COLUMNS} FROM document AS d {join} claim AS c ON d.id = c.document_id "
                 f"WHERE {where} ORDER BY {nulls_last}{key}{direction}, {ties}")
        return ClaimCursor(self, query, parameters, count, context)

    def count_claims(self, **filters: Any) -> int:
        with self._read() as connection:
            where, parameters = self._claim_conditions(connection, filters)
            return fetch_all(connection, f"SELECT count(*) FROM claim AS c WHERE {where}", parameters)[0][0]

    def claim_tallies(self, by: str = "theme", *, mine: Any = None, **filters: Any) -> dict[uuid.UUID | None, Tally]:
        """Claims per theme, actor, target, coder, document or stance level (by id; None for no
        target or stance): how many are ``mine``'s and how many match ``filters`` in all — one
        GROUP BY. Theme tallies count each claim under its own theme; ``roll_up`` adds sub-themes."""
        column = {"theme": "theme_id", "actor": "actor_id", "target": "target_id", "coder": "coder_id",
                  "document": "document_id", "stance": "stance_id"}.get(by)
        if column is None:
            raise ValidationError(f"claims can be counted by theme, actor, target, coder, document or stance, not {by!r}")
        with self._read() as connection:
            # The coder condition is kept off its index, so that SQLite counts from the
            # (theme or actor, coder) index alone instead of visiting every claim row.
            where, parameters = self._claim_conditions(connection, filters, unindexed={"c.coder_id"})
            mine = self._resolve(connection, models.Coder, mine, "coder").hex if mine is not None else None
            rows = fetch_all(connection, f"SELECT c.{column}, c.coder_id, count(*) FROM claim AS c "
                                         f"WHERE {where} GROUP BY c.{column}, c.coder_id", parameters)
        tallies: dict[uuid.UUID | None, Tally] = {}
        for key, coder_hex, count in rows:
            key = None if key is None else self._uuid(key)
            own, shown = tallies.get(key, (0, 0))
            tallies[key] = Tally(own + (count if coder_hex == mine else 0), shown + count)
        return tallies

    # -- internals ----------------------------------------------------------------------------

    def _ensure_query_indexes(self) -> None:
        """Create the counting indexes if the file lacks them (files made before they existed).
        Without them every query still works, only slower: a file that cannot take them now
        (locked by another program) is left as it is."""
        with self._read() as connection:
            present = {row[0] for row in fetch_all(connection, "SELECT name FROM sqlite_master WHERE type = 'index'")}
        missing = [statement for name, statement in QUERY_INDEXES.items() if name not in present]
        if not missing:
            return
        try:
            with self._sqlite_errors(), self._writer.begin() as connection:
                for statement in missing:
                    connection.exec_driver_sql(statement)
        except AfpakError:
            pass

    def _filtered_claims(self, connection: Connection, filters: Mapping[str, Any], limit: int | None,
                         offset: int) -> list[records.Claim]:
        """``claims()`` with filters beyond document and coder: in the order of ``claims()``."""
        where, parameters = self._claim_conditions(connection, filters)
        query = f'SELECT {_CLAIM_COLUMNS} FROM claim AS c WHERE {where} ORDER BY c.document_id, c.start, c."end"'
        if limit is not None or offset:
            query += f" LIMIT {int(limit) if limit is not None else -1} OFFSET {int(offset)}"
        rows = fetch_all(connection, query, parameters)
        if not rows:
            return []
        with collector_paused():
            return self._build_claims(connection, rows)

    def _rank(self, connection: Connection, order: str) -> str:
        """A CASE giving each theme, actor, coder or stance level its place in the codebook's order
        (themes in tree order, names alphabetically, stance by value); None for none."""
        codebook = self._codebook(connection)
        column, entries = {
            "theme": ("c.theme_id", list(codebook.themes.values())),
            "actor": ("c.actor_id", sorted(codebook.actors.values(), key=lambda a: a.name.casefold())),
            "target": ("c.target_id", sorted(codebook.actors.values(), key=lambda a: a.name.casefold())),
            "coder": ("c.coder_id", sorted(codebook.coders.values(), key=lambda c: c.name.casefold())),
            "stance": ("c.stance_id", list(codebook.levels.values())),
        }[order]
        # Ids are 32 hex digits: safe to write into the statement.
        cases = " ".join(f"WHEN '{entry.id.hex}' THEN {rank}" for rank, entry in enumerate(entries))
        return f"CASE {column} {cases} END" if cases else "NULL"

    def _claim_page(self, query: str, parameters: tuple, offset: int, limit: int, context: int) -> list[ClaimRow]:
        with self._read() as connection:
            rows = fetch_all(connection, f"{query} LIMIT {int(limit)} OFFSET {int(offset)}", parameters)
            if not rows:
                return []
            with collector_paused():
                claims = self._build_claims(connection, rows)
        texts: dict[uuid.UUID, str] = {}
        made = []
        for claim in claims:
            document = claim.document
            text = texts.get(document.id)
            if text is None:
                text = texts[document.id] = document.text  # each text read once per page
            before = text[max(0, claim.start - context):claim.start]
            after = text[claim.end:claim.end + context]
            made.append(ClaimRow(claim, " ".join(before.split()) + (" " if before[-1:].isspace() else ""),
                                 (" " if after[:1].isspace() else "") + " ".join(after.split())))
        return made

    def _claim_conditions(self, connection: Connection, filters: Mapping[str, Any], *, unindexed: Any = (),
                          documents_inline: bool = False) -> tuple[str, tuple]:
        """The WHERE clause over ``claim AS c`` (document conditions in a sub-query, or on the
        joined ``document AS d`` with ``documents_inline``) and its parameters. Columns in
        ``unindexed`` (True: all) are written so that SQLite does not search their index."""
        unknown = set(filters) - set(FILTERS)
        if unknown:
            raise ValidationError(f"claims cannot be filtered by {', '.join(sorted(unknown))} "
                                  f"(filters: {', '.join(FILTERS)})")
        conditions: list[str] = []
        parameters: list[Any] = []
        documents_where: list[str] = []  # conditions on the document (as d), kept apart
        documents_parameters: list[Any] = []

        server = is_server(connection)

        def among(column: str, hexes: list[str]) -> None:
            if (unindexed is True or column in unindexed) and not server:  # unary + : SQLite's way
                column = "+" + column
            conditions.append(f"{column} IN ({_placeholders(hexes)})" if hexes else "FALSE")
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
            chosen = {self._resolve(connection, models.Coder, ref, "coder").hex for ref in coders}
            if chosen != {coder.hex for coder in codebook.coders}:  # every coder: no condition
                among("c.coder_id", sorted(chosen))
        documents = _many(filters.get("documents"))
        if documents:
            among("c.document_id", [self._resolve(connection, models.Document, ref, "document", allow_name=False).hex
                                    for ref in documents])
        if filters.get("ids") is not None:
            try:
                wanted = [uuid.UUID(str(claim_id)).hex for claim_id in filters["ids"]]
            except ValueError:
                raise ValidationError("ids: give claim ids (UUIDs)") from None
            # One JSON parameter, however many ids: SQLite limits the number of parameters.
            conditions.append("c.id IN (SELECT CAST(value AS uuid) FROM json_array_elements_text(CAST(? AS json)))"
                              if server else "c.id IN (SELECT value FROM json_each(?))")
            parameters.append(json.dumps(wanted))
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
            documents_where.append("d.published IS NOT NULL")
            if low:
                documents_where.append("d.published >= ?")
                documents_parameters.append(low)
            if high:
                documents_where.append("d.published <= ?")
                documents_parameters.append(high)
        for name, wanted in (filters.get("where") or {}).items():
            values = [str(v).strip().casefold() for v in _many(wanted)]
            column = self._document_column(connection, name)
            documents_where.append(f"lower(CAST({column} AS TEXT)) IN ({_placeholders(values)})" if values else "FALSE")
            documents_parameters.extend(values)
        if documents_where and documents_inline:
            conditions += documents_where
            parameters.extend(documents_parameters)
        elif documents_where:
            # As a set of documents: their claims are then found through the document index.
            conditions.append(f"c.document_id IN (SELECT d.id FROM document AS d WHERE {' AND '.join(documents_where)})")
            parameters.extend(documents_parameters)
        text = (filters.get("text") or "").strip()
        if text:
            conditions.append("(c.quote LIKE ? ESCAPE '\\' OR c.memo LIKE ? ESCAPE '\\')")
            parameters += [like_pattern(text)] * 2
        memo = filters.get("memo")
        if memo is True:
            conditions.append("c.memo != ''")
        elif isinstance(memo, str) and memo.strip():
            conditions.append("c.memo LIKE ? ESCAPE '\\'")
            parameters.append(like_pattern(memo.strip()))
        return " AND ".join(conditions) or "TRUE", tuple(parameters)

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
