"""Free disk space: checked before work that copies a project (backup, merge, migration, restore),
and named in one sentence when a disk fills up anyway."""

from __future__ import annotations

import errno
import shutil
from pathlib import Path

from afpak_coder.core.errors import ProjectFileError

MB = 1024 * 1024
# Room kept on top of what a copy needs: SQLite's journal and the write-ahead log need some too.
HEADROOM = MB // 2


class DiskFullError(ProjectFileError):
    """The disk holding a project (or its backups) has no room for what was asked."""


def free_bytes(path: Path) -> int:
    """Free bytes on the disk holding ``path`` (a file or folder, existing or about to be made)."""
    folder = Path(path)
    while not folder.is_dir():
        if folder.parent == folder:
            break
        folder = folder.parent
    return shutil.disk_usage(folder).free


def project_bytes(path: Path) -> int:
    """The size of a project file with its write-ahead log."""
    path = Path(path)
    total = 0
    for part in (path, path.with_name(path.name + "-wal")):
        try:
            total += part.stat().st_size
        except OSError:
            pass
    return total


def _mb(value: int) -> str:
    return f"{value / MB:.1f}"


def disk_full_error(path: Path, needed: int | None, what: str = "nothing was changed") -> DiskFullError:
    free = free_bytes(path)
    need = f"{_mb(needed)} MB needed" if needed is not None else "more needed"
    return DiskFullError(f"the disk holding {path} is full: {_mb(free)} MB free, {need}; {what}")


def require_space(path: Path, needed: int, what: str = "nothing was changed") -> None:
    """Raise DiskFullError unless the disk holding ``path`` has ``needed`` bytes (plus headroom) free."""
    if free_bytes(path) < needed + HEADROOM:
        raise disk_full_error(path, needed + HEADROOM, what)


def is_disk_full(error: BaseException) -> bool:
    """An OSError or SQLite error that means the disk (or the file's size limit) is full."""
    if isinstance(error, OSError):
        return error.errno in (errno.ENOSPC, errno.EDQUOT)
    return getattr(error, "sqlite_errorname", "") == "SQLITE_FULL"
