"""Automatic backups of a project: taken before every destructive action (deleting a document with
its claims, merging or deleting codebook entries, merging coder files, upgrading the file,
restoring), verified before they are named, kept by a retention rule, listed and restored.

They live in ``study.afpak.backups/`` beside the project: each backup is a complete project file
of its own (no write-ahead log beside it) with a small JSON file of the same name saying when and
why it was taken and what it holds. A backup is written under a temporary name, opened and checked,
and only then given its name, so a backup that is named is whole.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from afpak_coder.core import database, sqlite_engine
from afpak_coder.core.diskspace import disk_full_error, is_disk_full, project_bytes, require_space
from afpak_coder.core.errors import NewerSchemaError, NotFoundError, ProjectFileError

KEEP_LATEST = 10  # the newest backups kept whatever their age
KEEP_DAYS = 30  # beyond those, the newest backup of each of the last 30 days
MIGRATION = "before upgrading"  # reasons starting so are kept for good: the file's older schema


@dataclass(frozen=True)
class Backup:
    path: Path
    created: dt.datetime  # local time
    reason: str
    claims: int
    documents: int
    claims_per_coder: dict[str, int]

    @property
    def label(self) -> str:
        return f"{self.created:%Y-%m-%d %H:%M:%S}  {self.reason}"


def backup_dir(path: Path) -> Path:
    path = Path(path)
    return path.with_name(path.name + ".backups")


def _slug(reason: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", reason).strip("-").lower()[:40] or "backup"


def _facts(raw: sqlite3.Connection) -> tuple[int, int, dict[str, int]]:
    claims = raw.execute("SELECT count(*) FROM claim").fetchone()[0]
    documents = raw.execute("SELECT count(*) FROM document").fetchone()[0]
    per_coder = dict(raw.execute(
        "SELECT coder.name, count(claim.id) FROM coder LEFT JOIN claim ON claim.coder_id = coder.id "
        "GROUP BY coder.id ORDER BY coder.name").fetchall())
    return claims, documents, per_coder


def verify(path: Path) -> tuple[int, int, dict[str, int]]:
    """Open a backup and check it: an intact afpak-coder project. Returns its claim and document
    counts and claims per coder; raises ProjectFileError saying what is wrong."""
    path = Path(path)
    if not path.is_file() or path.stat().st_size == 0:
        raise ProjectFileError(f"{path}: the backup is empty or missing")
    try:
        raw = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as error:
        raise ProjectFileError(f"{path}: the backup cannot be opened ({error})") from error
    try:
        if raw.execute("PRAGMA application_id").fetchone()[0] != database.APPLICATION_ID:
            raise ProjectFileError(f"{path}: is not an afpak-coder backup")
        problems = [row[0] for row in raw.execute("PRAGMA quick_check").fetchall()]
        if problems != ["ok"]:
            raise ProjectFileError(f"{path}: the backup is damaged ({'; '.join(problems[:2])})")
        return _facts(raw)
    except sqlite3.Error as error:
        raise ProjectFileError(f"{path}: the backup is damaged ({error})") from error
    finally:
        raw.close()


def make_backup(path: Path, reason: str, slug: str | None = None) -> Backup:
    """Back the project up (a consistent snapshot, its log included) before ``reason`` (a short
    phrase such as "before merging coder files"; ``slug`` names the file, by default made from the
    reason). Checks free space first; on any failure nothing is left behind and the project is
    untouched."""
    path = Path(path)
    folder = backup_dir(path)
    require_space(folder if folder.is_dir() else path.parent, project_bytes(path),
                  "no backup was made and nothing was changed")
    created = dt.datetime.now()
    name = f"{path.stem}_{created:%Y-%m-%dT%H-%M-%S-%f}_{slug or _slug(reason)}{database.SUFFIX}"
    target = folder / name
    partial = folder / (name + ".partial")
    try:
        folder.mkdir(exist_ok=True)
        database.copy_database(path, partial)
        single = sqlite3.connect(partial)  # no log beside a backup: it is one self-contained file
        try:
            single.execute("PRAGMA journal_mode = DELETE")
        finally:
            single.close()
        claims, documents, per_coder = verify(partial)
        meta = {"created": created.isoformat(), "reason": reason, "claims": claims, "documents": documents,
                "claims_per_coder": per_coder, "project": str(path)}
        meta_partial = partial.with_name(partial.name + ".json")
        meta_partial.write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(meta_partial, _meta_path(target))
        os.replace(partial, target)  # named only now that it is whole and checked
    except (OSError, sqlite3.Error, ProjectFileError) as error:
        for leftover in (partial, partial.with_name(partial.name + ".json"), _meta_path(target)):
            leftover.unlink(missing_ok=True)
        if is_disk_full(error):
            raise disk_full_error(folder, project_bytes(path), "no backup was made and nothing was changed") from error
        raise ProjectFileError(f"{path}: the backup before this change could not be made ({error}); "
                               "nothing was changed") from error
    finally:
        for sidecar in ("-journal", "-wal", "-shm"):
            Path(str(partial) + sidecar).unlink(missing_ok=True)
    prune(path)
    return Backup(target, created, reason, claims, documents, per_coder)


def _meta_path(backup: Path) -> Path:
    return backup.with_name(backup.name + ".json")


def _read(backup: Path) -> Backup | None:
    """A backup as its JSON describes it (or, for one taken by an older version, as its file name
    and its own content say). None for a file that is no backup (empty, damaged)."""
    try:
        meta = json.loads(_meta_path(backup).read_text(encoding="utf-8"))
        return Backup(backup, dt.datetime.fromisoformat(meta["created"]), str(meta["reason"]), int(meta["claims"]),
                      int(meta["documents"]), dict(meta.get("claims_per_coder") or {}))
    except (OSError, ValueError, KeyError, TypeError):
        pass
    try:
        claims, documents, per_coder = verify(backup)
    except ProjectFileError:
        return None
    reason = backup.stem.rsplit("_", 1)[-1].replace("-", " ")
    created = dt.datetime.fromtimestamp(backup.stat().st_mtime)
    return Backup(backup, created, reason, claims, documents, per_coder)


def list_backups(path: Path) -> list[Backup]:
    """The project's backups, newest first."""
    folder = backup_dir(path)
    if not folder.is_dir():
        return []
    found = [backup for file in folder.glob(f"*{database.SUFFIX}") if (backup := _read(file)) is not None]
    return sorted(found, key=lambda b: (b.created, b.path.name), reverse=True)


def latest_backup(path: Path) -> Path | None:
    """The newest backup that opens and passes the check (named in messages about damage)."""
    for backup in list_backups(path):
        try:
            verify(backup.path)
        except ProjectFileError:
            continue
        return backup.path
    return None


def prune(path: Path, now: dt.datetime | None = None) -> list[Path]:
    """Apply the retention rule: keep the newest KEEP_LATEST backups, the newest backup of each of
    the last KEEP_DAYS days, and every backup taken before an upgrade; remove the rest."""
    now = now or dt.datetime.now()
    backups = list_backups(path)
    keep = {b.path for b in backups[:KEEP_LATEST]} | {b.path for b in backups if b.reason.startswith(MIGRATION)}
    days_seen: set[dt.date] = set()
    for backup in backups:  # newest first: the first of each day is that day's newest
        day = backup.created.date()
        if (now.date() - day).days < KEEP_DAYS and day not in days_seen:
            days_seen.add(day)
            keep.add(backup.path)
    removed = []
    for backup in backups:
        if backup.path not in keep:
            backup.path.unlink(missing_ok=True)
            _meta_path(backup.path).unlink(missing_ok=True)
            removed.append(backup.path)
    return removed


def find_backup(path: Path, wanted: str | Path) -> Backup:
    """A backup of ``path`` given as its number in the list (1 = newest), its file name or a path."""
    backups = list_backups(path)
    text = str(wanted)
    if text.isdigit() and 1 <= int(text) <= len(backups):
        return backups[int(text) - 1]
    for backup in backups:
        if text in (backup.path.name, str(backup.path)) or Path(text).resolve() == backup.path.resolve():
            return backup
    candidate = Path(text)
    if candidate.is_file():
        claims, documents, per_coder = verify(candidate)
        created = dt.datetime.fromtimestamp(candidate.stat().st_mtime)
        return Backup(candidate, created, "a backup file", claims, documents, per_coder)
    raise NotFoundError(f"{path}: no backup {text!r}; 'afpak-coder backups {path}' lists them")


@dataclass(frozen=True)
class Restored:
    backup: Backup
    safety: Backup  # the state just before the restore


def restore_backup(path: Path, wanted: str | Path) -> Restored:
    """Put the project back to a backup, after backing up its current state. The backup is checked
    first; the project is replaced in one step, so a failure leaves it as it was. Close the
    project in this program first; another program that has it open sees the restored state."""
    path = Path(path)
    database.inspect_file(path)
    backup = find_backup(path, wanted)
    verify(backup.path)
    raw = sqlite3.connect(f"{backup.path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        version = int(raw.execute("SELECT value FROM project_info WHERE key = 'schema_version'").fetchone()[0])
    finally:
        raw.close()
    if version > database.SCHEMA_VERSION:
        raise NewerSchemaError(f"{backup.path}: was written by a newer afpak-coder (schema {version}); "
                               "update afpak-coder to restore it")
    require_space(path, backup.path.stat().st_size + project_bytes(path), "nothing was restored")
    safety = make_backup(path, f"before restoring {backup.created:%Y-%m-%d %H:%M:%S}")
    try:
        _copy_into(backup.path, path)
    except sqlite3.Error as error:
        if is_disk_full(error):
            raise disk_full_error(path, backup.path.stat().st_size, "nothing was restored") from error
        raise ProjectFileError(f"{path}: could not be restored from {backup.path} ({error}); "
                               "the project is unchanged") from error
    return Restored(backup, safety)


def _copy_into(source: Path, path: Path) -> None:
    """Replace the content of the project at ``path`` with ``source`` in one transaction (SQLite's
    backup API), then bump the codebook revision so that programs with it open re-read it."""
    destination = sqlite3.connect(path, timeout=sqlite_engine.BUSY_TIMEOUT_MS / 1000)
    reader = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    try:
        before = destination.execute(f"SELECT value FROM project_info WHERE key = '{database.CODEBOOK_REVISION}'"
                                     ).fetchone()
        reader.backup(destination)
        try:
            destination.execute("PRAGMA journal_mode = WAL")
        except sqlite3.OperationalError:
            pass  # another program has it open; the next program to open it alone sets it
        after = destination.execute(f"SELECT value FROM project_info WHERE key = '{database.CODEBOOK_REVISION}'"
                                    ).fetchone()
        revision = max(int(before[0]) if before else 0, int(after[0]) if after else 0) + 1
        with destination:
            destination.execute("INSERT INTO project_info (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE "
                                "SET value = excluded.value", (database.CODEBOOK_REVISION, str(revision)))
    finally:
        reader.close()
        destination.close()
