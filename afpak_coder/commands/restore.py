"""``afpak-coder restore PROJECT BACKUP``: put a project back to one of its backups.

    afpak-coder restore study.afpak 2        # the number shown by 'afpak-coder backups'

The current state is backed up first, so a restore can itself be undone by restoring that backup.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from afpak_coder.core.backups import restore_backup
from afpak_coder.wording import plural


def register(parser: argparse.ArgumentParser) -> None:
    parser.description = ("Restore a project from a backup: its number in 'afpak-coder backups', its file name, or "
                          "the path of a backup file. The backup is checked first and the current state is backed "
                          "up before it is replaced. Close the project in the app first.")
    parser.add_argument("project", type=Path, help="the project file (.afpak)")
    parser.add_argument("backup", help="the backup: its number (1 = newest), file name or path")


def run(arguments: argparse.Namespace) -> int:
    restored = restore_backup(arguments.project, arguments.backup)
    print(f"Restored {arguments.project} to {restored.backup.created:%Y-%m-%d %H:%M:%S} "
          f"({restored.backup.reason}): {plural(restored.backup.claims, 'claim')}, "
          f"{plural(restored.backup.documents, 'document')}")
    print(f"The state before the restore is kept as backup {restored.safety.path.name}")
    return 0
