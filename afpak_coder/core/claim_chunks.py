"""The claims of ``claims_frame`` as consecutive frames of a bounded number of rows.

A million claims as one frame hold every quote, memo and claim id at once (about 1 GB); an export
or the agreement report that reads them in chunks holds one chunk's texts at a time. Concatenated,
the chunks equal ``claims_frame`` filtered the same way: the same rows, columns, values and order.
That holds because the frame's order starts with the document (by title, missing titles last, then
id): a chunk is a run of whole documents in that order, read with ``claims_frame`` itself. The
document variables' columns are decided once for all chunks (the names and order the whole frame
would give them), so every chunk has the same columns.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sqlalchemy import Connection, func, select

from afpak_coder.core import models
from afpak_coder.core.frames import FIXED_COLUMNS, _dash, _raw, claims_frame, variable_columns

CHUNK_ROWS = 50_000
DOCUMENTS_PER_CHUNK = 500  # keeps each chunk's list of document ids far below SQLite's limit of bound values
_DOCUMENT_COLUMNS = FIXED_COLUMNS.index("genre") + 1  # variables come after the document's metadata


@dataclass
class ClaimChunks:
    """``total`` claims in ``columns``; iterate for the frames (at least one, empty when total is 0)."""

    total: int
    columns: list[str]
    _connection: Connection = field(repr=False)
    _themes: dict = field(repr=False)
    _conditions: list = field(repr=False)
    _groups: list[list[uuid.UUID]] = field(repr=False)
    _variable_names: list[str] = field(repr=False)

    def __iter__(self) -> Iterator[pd.DataFrame]:
        for group in self._groups or [[]]:  # no claims: one empty frame with the columns and types
            frame = claims_frame(self._connection, self._themes,
                                 [*self._conditions, models.Claim.document_id.in_(group)],
                                 variable_names=self._variable_names)
            yield frame[self.columns]


def joined(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Chunks as one frame, typed as ``claims_frame`` types it: pandas infers a column's type from
    its values, so a column that one chunk holds only missing values in may differ in type between
    chunks; such a column is built again from all its values, as the whole frame builds it."""
    frame = pd.concat(frames, ignore_index=True)
    for column in frame.columns:
        if len({str(part[column].dtype) for part in frames}) > 1:
            values = np.concatenate([part[column].to_numpy(dtype=object, na_value=None) for part in frames])
            frame[column] = pd.to_datetime(values) if column == "published" else values
    return frame


def compact(frame: pd.DataFrame, keep, *, as_is=()) -> pd.DataFrame:
    """``frame`` for counting: the columns in ``keep``, text columns among them as categoricals
    (one small integer per row, each distinct value once), the columns in ``as_is`` untouched, and
    every other column blank (missing in every row, one byte per row). The columns, their order and
    the kept values stay as they were."""
    blank = _categorical(np.full(len(frame), -1, dtype=np.int8), [])
    kept = {}
    for column in frame.columns:
        series = frame[column]
        if column not in keep and column not in as_is:
            kept[column] = blank
        elif column in keep and (pd.api.types.is_object_dtype(series) or pd.api.types.is_string_dtype(series)):
            codes, values = pd.factorize(series.to_numpy(dtype=object, na_value=None), use_na_sentinel=True)
            kept[column] = _categorical(codes, list(values))
        else:
            kept[column] = series
    return pd.DataFrame(kept, index=frame.index)


def joined_compact(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """``compact`` frames as one. Categoricals are united here (pandas would turn categoricals with
    different categories into one object per row); the other columns are joined as ``joined`` does."""
    categorical = [column for column in frames[0].columns
                   if all(isinstance(part[column].dtype, pd.CategoricalDtype) for part in frames)]
    united = {}
    for column in categorical:
        numbers: dict = {}
        codes = []
        for part in frames:
            values = part[column].cat
            mapping = np.array([numbers.setdefault(value, len(numbers)) for value in values.categories] + [-1])
            codes.append(mapping[values.codes.to_numpy()])  # -1 (missing) takes the -1 at the end
        united[column] = _categorical(np.concatenate(codes), list(numbers))
    rest = joined([part.drop(columns=categorical) for part in frames])
    return pd.DataFrame({column: united[column] if column in united else rest[column]
                         for column in frames[0].columns})


def _categorical(codes: np.ndarray, values: list) -> pd.Categorical:
    """Codes into ``values`` (-1: missing), the values kept as they are (no type inferred)."""
    dtype = np.int8 if len(values) < 127 else np.int16 if len(values) < 32_767 else np.int32
    return pd.Categorical.from_codes(codes.astype(dtype, copy=False),
                                     categories=pd.Index(values, dtype=object, tupleize_cols=False))


def plan_chunks(connection: Connection, themes: dict, *, coder_ids=None, document_ids=None, theme_ids=None,
                rows: int | None = None) -> ClaimChunks:
    """Chunks of about ``rows`` claims (whole documents) of the given coders, documents and themes
    (each a collection of ids, or None for all)."""
    rows = rows or CHUNK_ROWS
    claim, document = models.Claim, models.Document
    conditions = []
    for column, ids in ((claim.coder_id, coder_ids), (claim.theme_id, theme_ids)):
        if ids is not None:
            conditions.append(column.in_(list(ids)))
    counts = dict(connection.execute(select(_raw(claim.document_id), func.count())
                                     .where(*conditions).group_by(claim.document_id)).all())
    wanted = None if document_ids is None else {i.hex for i in document_ids}
    kept, variable_names = [], {}
    # The order and the variables' order as claims_frame finds them (see frames._documents).
    for hex_id, title, variables in connection.execute(
            select(_raw(document.id), document.title, _raw(document.variables))):
        if counts.get(hex_id) and (wanted is None or hex_id in wanted):
            decoded = json.loads(variables) if variables else {}
            variable_names.update(dict.fromkeys(decoded))
            kept.append((title is None, title or "", _dash(hex_id), hex_id, decoded))
    kept.sort(key=lambda entry: entry[:3])
    names = list(variable_names)
    defined = connection.execute(select(models.DocumentVariable.name)
                                 .order_by(models.DocumentVariable.position, models.DocumentVariable.name)).scalars()
    renamed = variable_columns([*defined, *names])

    def first_document(name: str) -> int:  # the column's first filled row lies in this document
        return next((number for number, entry in enumerate(kept) if _filled(entry[-1].get(name))), len(kept))

    used = [renamed[name] for name in sorted(names, key=first_document)]
    groups: list[list[uuid.UUID]] = []
    size = rows
    for entry in kept:
        if size >= rows or len(groups[-1]) >= DOCUMENTS_PER_CHUNK:
            groups.append([])
            size = 0
        groups[-1].append(uuid.UUID(entry[3]))
        size += counts[entry[3]]
    return ClaimChunks(total=sum(counts[entry[3]] for entry in kept),
                       columns=[*FIXED_COLUMNS[:_DOCUMENT_COLUMNS], *used, *FIXED_COLUMNS[_DOCUMENT_COLUMNS:]],
                       _connection=connection, _themes=themes, _conditions=conditions, _groups=groups,
                       _variable_names=names)


def _filled(value) -> bool:
    """What ``Series.notna`` counts as a value (NaN is not one)."""
    return value is not None and value == value
