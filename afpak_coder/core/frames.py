"""The claims as a pandas DataFrame: one row per claim, the columns of the Excel Claims sheet.

Built column-wise for speed on large projects: the claims are read as plain stored values, each
document's metadata and variables are decoded once (not once per claim), and codebook names are
mapped on whole columns.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
from sqlalchemy import Connection, select

from afpak_coder.core import models
from afpak_coder.core.column_names import unique_names
from afpak_coder.core.stored import as_stored

FIXED_COLUMNS = [
    "claim_id", "document_id", "title", "outlet", "author", "published", "url", "language", "genre",
    "coder", "theme", "theme_path", "top_theme", "actor", "actor_type", "target", "target_type",
    "stance", "stance_label", "quote", "start", "end", "memo", "created", "updated",
]
_DOCUMENT_COLUMNS = 9  # claim_id .. genre; document variables follow them
# Further fixed columns of the Documents sheet: a document variable never takes these names either.
DOCUMENT_SHEET_COLUMNS = ("number", "characters", "claims")


def variable_columns(names) -> dict[str, str]:
    """Document variable name → its column name in the Claims and Documents tables (snake_case
    ASCII, clashes with fixed columns or each other resolved by ``_2``, ``_3``, … in the given
    order, which is the project's order of variables)."""
    return unique_names(names, taken=[*FIXED_COLUMNS, *DOCUMENT_SHEET_COLUMNS])


def _raw(column):
    """A column as stored (ids as 32 hex digits, times as ISO text), skipping per-cell conversion."""
    return as_stored(column)


def _dashed(hex_ids) -> list[str]:
    return [f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}" for h in hex_ids]


def claims_frame(connection: Connection, themes: dict, conditions=(), variable_names=None) -> pd.DataFrame:
    """``themes`` maps theme id → Theme record (for names and paths). ``variable_names``: the
    document variables to give columns (default: those the claims' documents use).

    The rows are read a chunk at a time and each stored id becomes a small integer at once, so the
    peak stays near the size of the frame itself (a million claims: the quotes, one id text per
    claim, and one pointer per cell; every name, title or label is one shared string)."""
    claim = models.Claim
    result = connection.execute(
        select(_raw(claim.id), _raw(claim.document_id), _raw(claim.coder_id), _raw(claim.theme_id),
               _raw(claim.actor_id), _raw(claim.target_id), _raw(claim.stance_id), claim.quote,
               claim.start, claim.end, claim.memo, _raw(claim.created_at), _raw(claim.updated_at))
        .where(*conditions)
    )
    codes = {key: _Codes() for key in ("document", "coder", "theme", "actor", "target", "stance")}
    columns: dict[str, list] = {key: [] for key in ("claim_id", *codes, "quote", "start", "end", "memo",
                                                    "created", "updated")}
    for rows in result.partitions(CHUNK_ROWS):
        (ids, documents_, coders, theme_ids, actor_ids, target_ids, stance_ids, quotes, starts, ends, memos,
         created, updated) = zip(*rows)
        columns["claim_id"].extend(_dashed(ids))
        for key, stored in zip(codes, (documents_, coders, theme_ids, actor_ids, target_ids, stance_ids)):
            columns[key].append(codes[key].encode(stored))
        columns["quote"].extend(quotes)
        columns["memo"].extend(memos)
        columns["start"].append(np.asarray(starts, dtype=np.int64))
        columns["end"].append(np.asarray(ends, dtype=np.int64))
        for key, stamps in (("created", created), ("updated", updated)):
            columns[key].append(pd.to_datetime(list(stamps), utc=True, format="ISO8601"))
    index = {key: np.concatenate(columns[key]) if columns[key] else np.zeros(0, dtype=np.int64) for key in codes}
    documents, used_names = _documents(connection, set(codes["document"].stored))
    variable_names = used_names if variable_names is None else variable_names
    defined = connection.execute(select(models.DocumentVariable.name)
                                 .order_by(models.DocumentVariable.position, models.DocumentVariable.name)).scalars()
    renamed = variable_columns([*defined, *variable_names])
    variable_columns_used = [renamed[n] for n in variable_names]
    document_ids = codes["document"].stored
    document_rows = [documents.get(hex_id) or (None,) * 7 + ({},) for hex_id in document_ids]
    coder_names = dict(connection.execute(select(_raw(models.Coder.id), models.Coder.name)).all())
    actors = {hex_id: (name, kind) for hex_id, name, kind in
              connection.execute(select(_raw(models.Actor.id), models.Actor.name, models.Actor.type)).all()}
    levels = {hex_id: (value, label) for hex_id, value, label in connection.execute(
        select(_raw(models.StanceLevel.id), models.StanceLevel.value, models.StanceLevel.label)).all()}
    theme_rows = {i.hex: (t.name, t.path_label, t.path[0]) for i, t in themes.items()}

    # The order of the rows: title (missing last), document id, start, end, coder name.
    title_rank = _rank([(row[0] is None, row[0] or "", _dash(hex_id)) for hex_id, row in zip(document_ids, document_rows)])
    coder_rank = _rank([coder_names.get(hex_id) or "" for hex_id in codes["coder"].stored])
    start, end = _joined(columns["start"]), _joined(columns["end"])
    order = np.lexsort((_take(coder_rank, index["coder"]), end, start, _take(title_rank, index["document"])))

    frame = pd.DataFrame({"claim_id": np.asarray(columns.pop("claim_id"), dtype=object)[order]})
    document_codes = index["document"][order]
    frame["document_id"] = _shared([_dash(h) for h in document_ids], document_codes)
    for position, column in enumerate(FIXED_COLUMNS[2:_DOCUMENT_COLUMNS]):
        frame[column] = _shared([row[position] for row in document_rows], document_codes)
    for name, column in zip(variable_names, variable_columns_used):
        frame[column] = _shared([row[-1].get(name) for row in document_rows], document_codes)
    frame["coder"] = _shared([coder_names.get(h) for h in codes["coder"].stored], index["coder"][order])
    theme_codes = index["theme"][order]
    for position, column in enumerate(("theme", "theme_path", "top_theme")):
        frame[column] = _shared([theme_rows.get(h, (None,) * 3)[position] for h in codes["theme"].stored], theme_codes)
    for key in ("actor", "target"):
        key_codes = index[key][order]
        for position, column in enumerate((key, f"{key}_type")):
            frame[column] = _shared([actors.get(h, (None, None))[position] for h in codes[key].stored], key_codes)
    stance_codes = index["stance"][order]
    stance_values = _shared([levels.get(h, (None, None))[0] for h in codes["stance"].stored], stance_codes)
    frame["stance"] = pd.array(stance_values, dtype="Int64")
    frame["stance_label"] = _shared([levels.get(h, (None, None))[1] for h in codes["stance"].stored], stance_codes)
    frame["quote"] = np.asarray(columns.pop("quote"), dtype=object)[order]
    frame["start"], frame["end"] = start[order], end[order]
    frame["memo"] = np.asarray(columns.pop("memo"), dtype=object)[order]
    for column in ("created", "updated"):
        parts = columns.pop(column)
        stamps = parts[0].append(parts[1:]) if parts else pd.DatetimeIndex([], tz="UTC")
        frame[column] = stamps[order]
    frame["published"] = pd.to_datetime(frame["published"])
    # Variables in the order they first appear down the rows (the order readers of the sheet meet them).
    variable_columns_used.sort(key=lambda column: _first_row(frame[column]))
    return frame[FIXED_COLUMNS[:_DOCUMENT_COLUMNS] + variable_columns_used + FIXED_COLUMNS[_DOCUMENT_COLUMNS:]]


CHUNK_ROWS = 50_000


class _Codes:
    """Stored ids (text, or None) → 0, 1, 2, … in order of first appearance; None → -1."""

    def __init__(self) -> None:
        self._numbers: dict[str, int] = {}
        self.stored: list[str] = []

    def encode(self, values) -> np.ndarray:
        numbers, stored = self._numbers, self.stored
        out = np.empty(len(values), dtype=np.int64)
        for position, value in enumerate(values):
            if value is None:
                out[position] = -1
                continue
            number = numbers.get(value)
            if number is None:
                number = numbers[value] = len(stored)
                stored.append(value)
            out[position] = number
        return out


def _shared(values: list, codes: np.ndarray) -> np.ndarray:
    """One object per row pointing at ``values[code]`` (None where code is -1): the strings are
    shared, not copied per row."""
    table = np.empty(len(values) + 1, dtype=object)
    table[:-1] = values
    table[-1] = None
    return table[codes]  # -1 picks the None at the end


def _rank(keys: list) -> np.ndarray:
    ranks = np.empty(len(keys), dtype=np.int64)
    ranks[sorted(range(len(keys)), key=keys.__getitem__)] = np.arange(len(keys))
    return ranks


def _take(ranks: np.ndarray, codes: np.ndarray) -> np.ndarray:
    return ranks[codes] if len(ranks) else np.zeros(len(codes), dtype=np.int64)


def _joined(parts: list[np.ndarray]) -> np.ndarray:
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)


def _dash(h: str) -> str:
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def _first_row(series: pd.Series) -> int:
    present = series.notna().to_numpy()
    return int(present.argmax()) if present.any() else len(series)


def _named(connection: Connection, model, columns: list[str]) -> pd.DataFrame:
    rows = connection.execute(select(_raw(model.id), model.name, model.type)).all()
    return pd.DataFrame([tuple(row) for row in rows], columns=columns)


def _documents(connection: Connection, wanted: set[str]) -> tuple[dict[str, tuple], list[str]]:
    """hex id → (title, outlet, author, published, url, language, genre, variables), and the
    names of the variables these documents use."""
    document = models.Document
    rows = connection.execute(
        select(_raw(document.id), document.title, document.outlet, document.author, _raw(document.published),
               document.url, document.language, document.genre, _raw(document.variables))
    ).all()
    found: dict[str, tuple] = {}
    variable_names: dict[str, None] = {}
    for hex_id, *metadata, variables in rows:
        if hex_id not in wanted:
            continue
        decoded = json.loads(variables) if variables else {}
        variable_names.update(dict.fromkeys(decoded))
        found[hex_id] = (*metadata, decoded)
    return found, list(variable_names)
