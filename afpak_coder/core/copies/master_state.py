"""The master as a merge sees it, read inside the merge's transaction, and kept up to date in
memory while the files are worked through one after the other."""

from __future__ import annotations

import json
from collections.abc import Iterable

from sqlalchemy import Connection

from afpak_coder.core.copies import keys
from afpak_coder.core.copies.coder_file import CLAIM_COLUMNS, FileClaim
from afpak_coder.core.service_base import fetch_all

_IN_LIST = 500  # ids per query (SQLite caps bound parameters)


class ClaimRow(FileClaim):
    """A claim as stored in the master, or as it will be stored (ids hex, times stored text)."""

    __slots__ = ()

    def same_content(self, other: ClaimRow) -> bool:
        return self[1:11] == other[1:11]


class MasterState:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.coders = dict(fetch_all(connection, "SELECT id, name FROM coder"))
        self.themes = {id_: (parent, name) for id_, parent, name in
                       fetch_all(connection, "SELECT id, parent_id, name FROM theme")}
        self.theme_positions: dict[str | None, int] = {}
        for parent, position in fetch_all(connection, "SELECT parent_id, max(position) FROM theme GROUP BY parent_id"):
            self.theme_positions[parent] = position
        self.actors = dict(fetch_all(connection, "SELECT id, name FROM actor"))
        self.levels = {id_ for (id_,) in fetch_all(connection, "SELECT id FROM stance_level")}
        self.documents = {id_: number for id_, number in fetch_all(connection, "SELECT id, number FROM document")}
        # The master's claims with the ids a merge deals with (see load_claims): their coder, and the
        # whole row. Ids not in here are not in the master.
        self.claim_coders: dict[str, str] = {}
        self.rows: dict[str, ClaimRow] = {}

    def load_claims(self, ids: Iterable[str]) -> None:
        """Read the master's claims with these ids (those it has). Which ids the master has comes from
        its id index alone (a covering scan); only those claims are then read whole."""
        known = {id_ for (id_,) in fetch_all(self.connection, "SELECT id FROM claim")}
        wanted = [id_ for id_ in set(ids) if id_ in known]
        for first in range(0, len(wanted), _IN_LIST):
            chunk = wanted[first:first + _IN_LIST]
            query = f"SELECT {CLAIM_COLUMNS} FROM claim WHERE id IN ({', '.join('?' * len(chunk))})"
            for claim in map(ClaimRow._make, fetch_all(self.connection, query, tuple(chunk))):
                self.rows[claim.id] = claim
                self.claim_coders[claim.id] = claim.coder

    def merged_record(self, copy_id: str) -> dict:
        """What earlier merges of the coder copy ``copy_id`` recorded (see keys.MERGED_PREFIX)."""
        found = fetch_all(self.connection, "SELECT value FROM project_info WHERE key = ?",
                          (keys.MERGED_PREFIX + copy_id,))
        return json.loads(found[0][0]) if found else {}

    def statuses(self, coders: Iterable[str]) -> dict[tuple[str, str], tuple[str, str]]:
        wanted = sorted(set(coders))
        if not wanted:
            return {}
        rows = fetch_all(self.connection, "SELECT document_id, coder_id, status, updated_at FROM coding_status "
                         f"WHERE coder_id IN ({', '.join('?' * len(wanted))})", tuple(wanted))
        return {(d, c): (s, u) for d, c, s, u in rows}

    def texts(self, documents: Iterable[str]):
        """(document id, text) for each of ``documents``, one text at a time."""
        for document in documents:
            found = fetch_all(self.connection, "SELECT text FROM document_text WHERE number = ?",
                              (self.documents[document],))
            if found:
                yield document, found[0][0]
