"""Whether a project file on its own holds everything saved in it.

SQLite first writes each commit to a write-ahead log beside the file (``study.afpak-wal``) and folds
it into the file later. Researchers copy, e-mail and sync single files, so the app folds the log in
once it is idle (``Project.checkpoint``) and marks in the file itself that it is open in the app:
a file copied alone while the app had it open says so, and when its work was last folded in. A
merge names such a coder file (and one whose log is older than the file) in its report.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

# project_info keys: when the app opened the file (removed when it closes it), and when the log
# was last folded into the file.
OPEN_IN_APP = "open_in_app"
FOLDED_AT = "saved_to_file_at"


def now_text() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def log_path(path: Path) -> Path:
    return path.with_name(path.name + "-wal")


def has_unfolded_log(path: Path) -> bool:
    try:
        return log_path(path).stat().st_size > 0
    except OSError:
        return False


def _local(stamp: str | None) -> str:
    try:
        return dt.datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M") if stamp else "an unknown time"
    except ValueError:
        return stamp or "an unknown time"


def log_state(path: Path) -> tuple[int, float] | None:
    """Size and modification time of the file's log, and of the file; None without a log. Taken
    before anything opens the file: closing the last connection folds the log in and removes it."""
    try:
        log, own = log_path(path).stat(), path.stat()
    except OSError:
        return None
    return (log.st_size, log.st_mtime - own.st_mtime)


def sidecar_note(path: Path, info: dict[str, str], log: tuple[int, float] | None) -> str | None:
    """A sentence when a coder file may lack work saved in it: copied while open in the app without
    its log, or sitting beside a log older than itself. ``info`` is the file's project_info, ``log``
    what ``log_state`` found before the file was opened."""
    name = log_path(path).name
    if log is None or log[0] == 0:
        if info.get(OPEN_IN_APP):
            return (f"{path}: was copied while afpak-coder had it open, without its {name} file; it holds the "
                    f"work saved up to {_local(info.get(FOLDED_AT) or info[OPEN_IN_APP])} — for anything later, "
                    "close afpak-coder on that computer and send the file again")
        return None
    if log[1] < -1:  # the log was last written over a second before the file
        return (f"{path}: its {name} file is older than the file itself (a log left from another copy?); "
                "check the merged claims, or have the coder close afpak-coder and send the file again")
    return None
