"""``afpak-coder merge MASTER FILE...``: bring coder copies' claims back into the master.

    afpak-coder merge study.afpak dana.afpak emil.afpak --map-theme "Smuggling=Trade › Informal trade"

Files that cannot be merged (damaged, newer, the master itself, from another master without
``--force``) are each reported on one line; the others are merged. The exit status is 1 when any
file or coder was left out, else 0.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from afpak_coder.core.copies.apply import apply_merge
from afpak_coder.core.copies.errors import MergeInputError
from afpak_coder.core.copies.plan import SAME, SEPARATE, build_merge_plan
from afpak_coder.core.project import open_project

SAME_NAME = {"stop": None, "separate": SEPARATE, "same": SAME}


def register(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Merge the claims of coder copies into the master project. Documents are matched by their text; a "
        "document whose text differs from the master's is reported and its claims are left out. New themes and "
        "actors are added (or mapped with --map-theme/--map-actor). A backup of the master is taken first and "
        "the merge is one transaction. Merging the same file again changes nothing; a newer version of a copy "
        "brings the coder's edits and deletions.")
    parser.add_argument("master", type=Path, help="the master project file (.afpak)")
    parser.add_argument("files", type=Path, nargs="+", metavar="FILE", help="coder copies to merge")
    parser.add_argument("--force", action="store_true",
                        help="also merge files that are not coder copies of this master")
    parser.add_argument("--same-name", choices=tuple(SAME_NAME), default="stop",
                        help="a new coder whose name the master already has: leave their claims out and say so "
                             "(stop, the default), keep them apart as 'Name (file)' (separate), or treat them "
                             "as the same person (same)")
    parser.add_argument("--map-theme", action="append", default=[], metavar="NEW=EXISTING",
                        help="put a new theme's claims on an existing theme (names or paths with › or /)")
    parser.add_argument("--map-actor", action="append", default=[], metavar="NEW=EXISTING",
                        help="put a new actor's claims on an existing actor")
    parser.add_argument("--dry-run", action="store_true", help="report what would change, write nothing")


def run(arguments: argparse.Namespace) -> int:
    with open_project(arguments.master) as master:
        plan = build_merge_plan(master, arguments.files, force=arguments.force)
        if SAME_NAME[arguments.same_name] is not None:
            plan.answer_all(SAME_NAME[arguments.same_name])
        for option, kind, find in (("--map-theme", "theme", master.theme), ("--map-actor", "actor", master.actor)):
            for pair in getattr(arguments, option[2:].replace("-", "_")):
                new, separator, existing = pair.partition("=")
                if not separator or not new.strip() or not existing.strip():
                    raise MergeInputError(f"{option} {pair!r}: expected NEW=EXISTING")
                plan.entry(kind, new).map_onto(find(existing.strip()).id.hex)
        report = apply_merge(master, plan, dry_run=arguments.dry_run)
    print(report.text(files_skipped=False))
    problems = [why + ("; pass --force to merge it anyway" if any(
        planned.file.label == name and planned.warning for planned in plan.files) else "")
        for name, why in report.files_skipped]
    for decision in plan.questions:
        problems.append(f"{decision.planned.file.path}: coder {decision.name!r}: the master already has a coder "
                        f"named {decision.clash_name!r}; pass --same-name separate or --same-name same")
    for problem in problems:
        print(f"afpak-coder: error: {problem}", file=sys.stderr)
    return 1 if problems else 0
