"""``afpak-coder backups PROJECT``: the automatic backups of a project, newest first.

    afpak-coder backups study.afpak
"""

from __future__ import annotations

import argparse
from pathlib import Path

from afpak_coder.core.backups import backup_dir, list_backups
from afpak_coder.core.database import inspect_file
from afpak_coder.wording import plural


def register(parser: argparse.ArgumentParser) -> None:
    parser.description = ("List the automatic backups of a project (taken before every destructive action, merge, "
                          "upgrade and restore): number, time, reason, claims and documents held. Give the number "
                          "to 'afpak-coder restore'.")
    parser.add_argument("project", type=Path, help="the project file (.afpak)")


def format_backups(project: Path) -> list[str]:
    found = list_backups(project)
    if not found:
        return [f"{project}: no backups yet (they are kept in {backup_dir(project)})"]
    lines = [f"Backups of {project} in {backup_dir(project)}, newest first:"]
    width = len(str(len(found)))
    for number, backup in enumerate(found, 1):
        coders = ", ".join(f"{name} {count:,}" for name, count in backup.claims_per_coder.items())
        lines.append(f"{number:>{width}}  {backup.created:%Y-%m-%d %H:%M:%S}  {backup.reason}: "
                     f"{plural(backup.claims, 'claim')} ({coders or 'no coders'}), {plural(backup.documents, 'document')}")
    return lines


def run(arguments: argparse.Namespace) -> int:
    inspect_file(arguments.project)  # a missing or foreign file is said so, not listed as "no backups"
    print("\n".join(format_backups(arguments.project)))
    return 0
