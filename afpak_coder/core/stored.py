"""Values as SQLAlchemy's portable types store them in SQLite, converted in bulk without its
per-cell result processing (which dominates the time of reading thousands of rows).

``Uuid`` is stored as 32 lowercase hex digits, ``DateTime`` as ``YYYY-MM-DD HH:MM:SS.ffffff``
(UTC, without offset), ``Date`` as ``YYYY-MM-DD`` and ``JSON`` as JSON text. Reading goes through
the standard library's C parsers; anything they do not accept falls back to SQLAlchemy's own
processors, so the results are the same as through the ORM.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import JSON, Date, DateTime, String, Uuid
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.dialects import sqlite

_DIALECT = sqlite.dialect()
_DATETIME_IN = DateTime(timezone=True).dialect_impl(_DIALECT).bind_processor(_DIALECT)
_DATETIME_OUT = DateTime(timezone=True).dialect_impl(_DIALECT).result_processor(_DIALECT, None)
_DATE_OUT = Date().dialect_impl(_DIALECT).result_processor(_DIALECT, None)
UTC = dt.timezone.utc


def stored_datetime(value: dt.datetime | dt.date) -> str:
    """The text SQLAlchemy writes for a ``DateTime`` value (its time zone is dropped, not converted)."""
    return _DATETIME_IN(value)


def read_datetime(value: str | None) -> dt.datetime | None:
    """A stored ``DateTime`` as an aware UTC datetime (what ``as_utc`` makes of the ORM's value)."""
    if value is None:
        return None
    try:
        # Parsing with the offset appended is ten times faster than parsing, then replace().
        return dt.datetime.fromisoformat(value + "+00:00")
    except (TypeError, ValueError):
        pass
    try:
        parsed = dt.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        parsed = _DATETIME_OUT(value)
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def read_date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return _DATE_OUT(value)


def read_json(value: str | None) -> Any:
    return None if value is None else json.loads(value)


class JsonReader:
    """Parses stored JSON, each distinct text once (document variables and normalisation steps
    repeat across documents). The parsed values are shared: callers copy what they keep."""

    __slots__ = ("_seen",)

    def __init__(self) -> None:
        self._seen: dict[str | None, Any] = {}

    def __call__(self, value: str | None) -> Any:
        try:
            return self._seen[value]
        except KeyError:
            parsed = self._seen[value] = read_json(value)
            return parsed


# uuid.UUID(..., version=4) clears these bits of the random number and sets the version and the
# RFC 4122 variant.
_UUID4_CLEAR = ~((0xF000 << 64) | (0xC000 << 48))
_UUID4_SET = (4 << 76) | (0x8000 << 48)


def new_uuid_hexes(count: int) -> list[str]:
    """``count`` new random ids as ``uuid.uuid4().hex`` would give them, made in one go (a bulk
    import needs one per claim; through UUID objects that was a tenth of its time)."""
    data = os.urandom(16 * count)
    from_bytes = int.from_bytes
    return ["%032x" % (from_bytes(data[i:i + 16], "big") & _UUID4_CLEAR | _UUID4_SET) for i in range(0, 16 * count, 16)]


class TimestampReader:
    """Parses stored timestamps, each distinct text once (claims added together share theirs)."""

    __slots__ = ("_seen",)

    def __init__(self) -> None:
        self._seen: dict[str, dt.datetime | None] = {}

    def __call__(self, value: str | None) -> dt.datetime | None:
        try:
            return self._seen[value]
        except KeyError:
            parsed = self._seen[value] = read_datetime(value)
            return parsed


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while thousands of records are built. They form no
    reference cycles, yet its passes over them took a quarter of the time of a document list."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class _StoredForm(FunctionElement):
    """A column's value in the form SQLite stores it (see the module docstring), on any backend."""

    type = String()
    inherit_cache = True
    name = "stored_form"


def as_stored(column) -> _StoredForm:
    """``column`` read as stored text (ids as 32 hex digits, times as UTC text), skipping the
    per-cell conversion to Python objects; on a server the conversion happens in SQL."""
    return _StoredForm(column)


@compiles(_StoredForm)
def _stored_in_file(element, compiler, **kw) -> str:
    return compiler.process(next(iter(element.clauses)), **kw)


@compiles(_StoredForm, "postgresql")
def _stored_on_server(element, compiler, **kw) -> str:
    column = next(iter(element.clauses))
    sql = compiler.process(column, **kw)
    kind = type(column.type)
    if issubclass(kind, Uuid):
        return f"replace(CAST({sql} AS TEXT), '-', '')"
    if issubclass(kind, DateTime):
        return f"to_char({sql} AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')"
    if issubclass(kind, Date):
        return f"to_char({sql}, 'YYYY-MM-DD')"
    if issubclass(kind, JSON):
        return f"CAST({sql} AS TEXT)"
    return sql
