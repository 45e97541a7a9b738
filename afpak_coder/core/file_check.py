"""Checking that a file is an intact afpak-coder project, with the standard library only.

Kept apart from ``core/database`` (which opens, creates and migrates projects through SQLAlchemy) so
that a quick look at a file (``afpak-coder info``) starts without loading SQLAlchemy.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

from afpak_coder.core.errors import DamagedProjectError, ProjectFileError, ReadOnlyProjectError

APPLICATION_ID = 0x4166504B  # "AfPK"
SCHEMA_VERSION = 5
SUFFIX = ".afpak"
SQLITE_HEADER = b"SQLite format 3\x00"


def _not_a_project(path: Path) -> ProjectFileError:
    # Someone who opens a .txt or .pdf as a project wants it in a project: say how.
    return ProjectFileError(f"{path}: is not an afpak-coder project file; to code a document, open or create a project "
                            "and import it with File → Import documents… (or: afpak-coder import PROJECT FILE)")


def _damaged(path: Path, detail: str) -> DamagedProjectError:
    from afpak_coder.core.backups import latest_backup

    backup = latest_backup(path)
    hint = f"; the latest automatic backup is {backup}" if backup else "; no automatic backup exists"
    detail = " ".join(detail.split())  # SQLite's integrity report spans lines; the message is one
    return DamagedProjectError(f"{path}: the project file is damaged ({detail}){hint}; "
                               f"'afpak-coder check {path}' names the damaged rows")


def _is_read_only(path: Path) -> bool:
    # Permission bits as well as access(): root passes access() even on a 0444 file.
    mode = path.stat().st_mode
    no_write_bits = not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    return no_write_bits or not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK)


def _refuse_by_header(path: Path) -> None:
    """Raise the right error if the file does not start like an SQLite database.

    Only for files that SQLite cannot be using in this process (read-only ones, or ones SQLite
    refused): closing a second handle on a database file drops the locks SQLite holds on it
    through its own (POSIX advisory locks belong to the process), after which another program
    may fold the write-ahead log away under the open connections, which then read stale pages.
    """
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise ProjectFileError(f"{path}: cannot be read ({error.strerror})") from error
    if header != SQLITE_HEADER:
        if len(header) < len(SQLITE_HEADER) and SQLITE_HEADER.startswith(header) and header:
            raise _damaged(path, "the file is truncated")
        raise _not_a_project(path)


def inspect_file(path: Path, read_only: bool = False) -> int:
    """Check that ``path`` is an intact afpak-coder project; return its schema version.

    Writes nothing (SQLite may only replay a journal left by a crash). Raises ProjectFileError (or a subclass) with a one-line message.
    """
    if not path.exists():
        raise ProjectFileError(f"{path}: no such file")
    if not path.is_file():
        raise ProjectFileError(f"{path}: is a folder, not a project file")
    if path.stat().st_size == 0:
        raise _not_a_project(path)
    if _is_read_only(path):
        _refuse_by_header(path)  # nothing writes to a read-only file: no lock can matter
        if not read_only:
            raise ReadOnlyProjectError(
                f"{path}: the file or its folder is read-only; open it read-only, or copy it somewhere writable to work on it"
            )
    try:
        raw = sqlite3.connect(f"file:{path.resolve()}?mode=ro&immutable=1", uri=True) if read_only else sqlite3.connect(path)
    except sqlite3.Error as error:
        _refuse_by_header(path)
        raise _damaged(path, str(error)) from error
    try:
        try:
            (application_id,) = raw.execute("PRAGMA application_id").fetchone()
        except sqlite3.DatabaseError as error:
            _refuse_by_header(path)  # SQLite refused it, so it holds no locks on it
            raise _damaged(path, str(error)) from error
        if application_id != APPLICATION_ID:
            raise ProjectFileError(
                f"{path}: is an SQLite database but not an afpak-coder project"
            )
        result = [row[0] for row in raw.execute("PRAGMA quick_check").fetchall()]
        if result != ["ok"]:
            raise _damaged(path, "integrity check: " + "; ".join(result[:3]))
        row = raw.execute("SELECT value FROM project_info WHERE key = 'schema_version'").fetchone()
        if row is None:
            raise _damaged(path, "its schema version is missing")
        return int(row[0])
    except (sqlite3.DatabaseError, ValueError) as error:  # ValueError: a value that is not UTF-8, or no number
        raise _damaged(path, str(error)) from error
    finally:
        raw.close()
