"""The claims as a pandas DataFrame: one row per claim, the columns of the Excel Claims sheet."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, select
from sqlalchemy.orm import aliased

from afpak_coder.core import models
from afpak_coder.core.records import Theme

FIXED_COLUMNS = [
    "claim_id", "document_id", "title", "outlet", "author", "published", "url", "language", "genre",
    "coder", "theme", "theme_path", "top_theme", "actor", "actor_type", "target", "target_type",
    "stance", "stance_label", "quote", "start", "end", "memo", "created", "updated",
]
_DOCUMENT_COLUMNS = 9  # claim_id .. genre; document variables follow them


def claims_frame(connection: Connection, themes: dict, conditions=()) -> pd.DataFrame:
    """Build the frame in one query. ``themes`` maps theme id → Theme record (for paths)."""
    claim, document, coder = models.Claim, models.Document, models.Coder
    actor, target, level = aliased(models.Actor), aliased(models.Actor), models.StanceLevel
    query = (
        select(
            claim.id, document.id, document.title, document.outlet, document.author, document.published,
            document.url, document.language, document.genre, document.variables, coder.name, claim.theme_id,
            actor.name, actor.type, target.name, target.type, level.value, level.label, claim.quote,
            claim.start, claim.end, claim.memo, claim.created_at, claim.updated_at,
        )
        .join(document, claim.document_id == document.id)
        .join(coder, claim.coder_id == coder.id)
        .join(actor, claim.actor_id == actor.id)
        .outerjoin(target, claim.target_id == target.id)
        .outerjoin(level, claim.stance_id == level.id)
        .where(*conditions)
        .order_by(document.title, document.id, claim.start, claim.end, coder.name)
    )
    rows = connection.execute(query).all()
    variable_names: list[str] = []
    for row in rows:
        for name in row[9] or {}:
            if name not in variable_names:
                variable_names.append(name)
    variable_columns = [name if name not in FIXED_COLUMNS else f"{name} (variable)" for name in variable_names]
    records = []
    for row in rows:
        theme: Theme = themes[row[11]]
        variables = row[9] or {}
        records.append(
            [str(row[0]), str(row[1]), *row[2:9], *(variables.get(n) for n in variable_names), row[10],
             theme.name, theme.path_label, theme.path[0], *row[12:22],
             _utc(row[22]), _utc(row[23])]
        )
    columns = FIXED_COLUMNS[:_DOCUMENT_COLUMNS] + variable_columns + FIXED_COLUMNS[_DOCUMENT_COLUMNS:]
    frame = pd.DataFrame.from_records(records, columns=columns)
    frame["published"] = pd.to_datetime(frame["published"])
    frame["stance"] = frame["stance"].astype("Int64")
    frame["start"] = frame["start"].astype("int64")
    frame["end"] = frame["end"].astype("int64")
    for column in ("created", "updated"):
        frame[column] = pd.to_datetime(frame[column], utc=True)
    return frame


def _utc(value):
    return None if value is None else pd.Timestamp(value).tz_localize("UTC") if value.tzinfo is None else value
