"""The claims as a pandas DataFrame: one row per claim, the columns of the Excel Claims sheet.

Built column-wise for speed on large projects: the claims are read as plain stored values, each
document's metadata and variables are decoded once (not once per claim), and codebook names are
mapped on whole columns.
"""

from __future__ import annotations

import json

import pandas as pd
from sqlalchemy import Connection, String, select, type_coerce

from afpak_coder.core import models
from afpak_coder.core.column_names import unique_names

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
    return type_coerce(column, String)


def _dashed(hex_ids: pd.Series) -> list[str]:
    return [f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}" for h in hex_ids]


def claims_frame(connection: Connection, themes: dict, conditions=()) -> pd.DataFrame:
    """``themes`` maps theme id → Theme record (for names and paths)."""
    claim = models.Claim
    result = connection.execute(
        select(_raw(claim.id), _raw(claim.document_id), _raw(claim.coder_id), _raw(claim.theme_id),
               _raw(claim.actor_id), _raw(claim.target_id), _raw(claim.stance_id), claim.quote,
               claim.start, claim.end, claim.memo, _raw(claim.created_at), _raw(claim.updated_at))
        .where(*conditions)
    )
    claims = pd.DataFrame(
        list(map(tuple, result)),  # plain tuples: pandas probes Row objects attribute by attribute
        columns=["claim", "document", "coder", "theme_id", "actor_id", "target_id", "stance_id", "quote",
                 "start", "end", "memo", "created", "updated"],
    )
    documents, variable_names = _documents(connection, set(claims["document"]))
    defined = connection.execute(select(models.DocumentVariable.name)
                                 .order_by(models.DocumentVariable.position, models.DocumentVariable.name)).scalars()
    renamed = variable_columns([*defined, *variable_names])
    variable_columns_used = [renamed[n] for n in variable_names]
    document_table = pd.DataFrame(
        [(hex_id, *row[:-1], *(row[-1].get(n) for n in variable_names)) for hex_id, row in documents.items()],
        columns=["document", *FIXED_COLUMNS[2:_DOCUMENT_COLUMNS], *variable_columns_used],
    )
    lookups = {
        "coder": pd.DataFrame(connection.execute(select(_raw(models.Coder.id), models.Coder.name)).all(),
                              columns=["coder", "coder_name"]),
        "theme_id": pd.DataFrame([(i.hex, t.name, t.path_label, t.path[0]) for i, t in themes.items()],
                                 columns=["theme_id", "theme", "theme_path", "top_theme"]),
        "actor_id": _named(connection, models.Actor, ["actor_id", "actor", "actor_type"]),
        "target_id": _named(connection, models.Actor, ["target_id", "target", "target_type"]),
        "stance_id": pd.DataFrame(
            connection.execute(select(_raw(models.StanceLevel.id), models.StanceLevel.value,
                                      models.StanceLevel.label)).all(),
            columns=["stance_id", "stance", "stance_label"]),
    }
    merged = claims.merge(document_table, on="document", how="left")
    for key, table in lookups.items():
        merged = merged.merge(table, on=key, how="left")
    frame = pd.DataFrame({"claim_id": _dashed(claims["claim"]), "document_id": _dashed(claims["document"])})
    for column in [*FIXED_COLUMNS[2:_DOCUMENT_COLUMNS], *variable_columns_used]:
        frame[column] = merged[column].to_numpy()
    frame["coder"] = merged["coder_name"].to_numpy()
    for column in ("theme", "theme_path", "top_theme", "actor", "actor_type", "target", "target_type", "stance_label"):
        frame[column] = merged[column].to_numpy()
    frame["stance"] = merged["stance"].astype("Int64").array
    frame["quote"] = claims["quote"]
    frame["start"] = claims["start"].astype("int64")
    frame["end"] = claims["end"].astype("int64")
    frame["memo"] = claims["memo"]
    for column in ("created", "updated"):
        frame[column] = pd.to_datetime(claims[column], utc=True, format="ISO8601")
    frame["published"] = pd.to_datetime(frame["published"])
    frame = frame.sort_values(["title", "document_id", "start", "end", "coder"], kind="stable").reset_index(drop=True)
    # Variables in the order they first appear down the rows (the order readers of the sheet meet them).
    variable_columns_used.sort(key=lambda column: _first_row(frame[column]))
    return frame[FIXED_COLUMNS[:_DOCUMENT_COLUMNS] + variable_columns_used + FIXED_COLUMNS[_DOCUMENT_COLUMNS:]]


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
