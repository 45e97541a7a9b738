"""Editing conflicts: two people changing the same claim, theme or actor at once.

Claims, themes and actors carry a version (schema 5) that every change of the row increments. A
change made from a record applies only while the row still has the record's version; otherwise
the service raises ``ConflictError`` carrying the entry as now stored, and changes nothing. A bare
id changes whatever is stored (the last writer wins), as before versions existed.

On a file the write lock is taken up front, so the version read in the transaction is the one
written over. On a server another transaction may commit in between: the ORM's version counter
(``version_id_col`` in core/models) then finds no row to update and raises ``StaleDataError``,
which ends the same way.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from afpak_coder.core import records
from afpak_coder.core.errors import ConflictError, DeletedMeanwhileError, NotFoundError


class Stale(Exception):
    """Inside a write: the entry ``entry_id`` is not at the version the caller read (``gone``: it
    no longer exists). Turned into a ConflictError or NotFoundError once the write is rolled back."""

    def __init__(self, entry_id: uuid.UUID, gone: bool = False) -> None:
        super().__init__(entry_id)
        self.entry_id, self.gone = entry_id, gone


def expected_version(ref: Any, kind: type[records.Record]) -> int | None:
    """The version ``ref`` was read at, when it is a record of ``kind``; None for a bare id."""
    return ref.version if isinstance(ref, kind) else None


def check_version(row: Any, ref: Any, kind: type[records.Record]) -> None:
    """Refuse (``Stale``) when ``ref`` is a record of ``kind`` read at another version than ``row``'s."""
    wanted = expected_version(ref, kind)
    if wanted is not None and row.version != wanted:
        raise Stale(row.id)


def flush(session, entry_id: uuid.UUID) -> None:
    """Write the session's changes now, naming ``entry_id`` if its row changed underneath (server)."""
    from sqlalchemy.orm.exc import StaleDataError  # here: the GUI reads this module's messages at start-up

    try:
        session.flush()
    except StaleDataError as error:
        raise Stale(entry_id) from error


@contextmanager
def gone_if_missing(ref: Any, kind: type[records.Record]) -> Iterator[None]:
    """Resolving a record whose row no longer exists: ``Stale(gone=True)`` instead of NotFoundError."""
    try:
        yield
    except NotFoundError:
        if isinstance(ref, kind):
            raise Stale(ref.id, gone=True) from None
        raise


@contextmanager
def refused_when_stale(where: object, what: str, read: Callable[[uuid.UUID], records.Record],
                       refs: Any = ()) -> Iterator[None]:
    """Around a write of ``what`` entries ("claim", "theme", "actor"): a ``Stale`` raised inside
    becomes one line naming ``where`` (the project), with the current entry read back by ``read``.
    ``refs``: what the caller passed, to name an entry that has gone."""
    try:
        yield
    except Stale as stale:
        given = next((ref for ref in refs if isinstance(ref, records.Record) and ref.id == stale.entry_id), None)
        try:
            current = None if stale.gone else read(stale.entry_id)
        except NotFoundError:
            current = None
        if current is None:
            raise deleted_meanwhile(where, what, given) from None
        raise ConflictError(changed_meanwhile(where, what, given or current, current), current) from None


def deleted_meanwhile(where: object, what: str, given: records.Record | None) -> DeletedMeanwhileError:
    return DeletedMeanwhileError(f"{where}: someone else deleted {_label(what, given)} meanwhile; nothing was saved")


def changed_meanwhile(where: object, what: str, given: records.Record, current: records.Record) -> str:
    updated = getattr(current, "updated", None)  # claims know when; codebook entries do not
    when = f" at {updated.astimezone().strftime('%H:%M')}" if updated is not None else ""
    return (f"{where}: someone else changed {_label(what, given)}{when} meanwhile; nothing was overwritten — "
            "the current version is shown")


def _label(what: str, entry: records.Record | None) -> str:
    name = getattr(entry, "name", None)
    return f"{what} {name!r}" if name else f"this {what}"
