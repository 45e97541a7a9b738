"""``afpak-coder info PROJECT``: the schema version and what the project holds.

    afpak-coder info study.afpak [--json]

A file at the current schema is read with the standard ``sqlite3`` module (``core/file_summary``),
so this answers in about the time Python takes to start; any other file is opened by the Project
service (an older one is upgraded, after a backup, as opening it anywhere does), and so is a
team project on a server (``postgresql://…``).
"""

from __future__ import annotations

import argparse

from afpak_coder.core.file_summary import read_summary
from afpak_coder.core.locations import is_server_url, project_location
from afpak_coder.core.records import ProjectSummary


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project", type=project_location)
    parser.add_argument("--json", action="store_true", help="print it as one JSON object (for scripts)")


def run(arguments: argparse.Namespace) -> int:
    summary = None if is_server_url(arguments.project) else read_summary(arguments.project)
    if summary is None:
        from afpak_coder.core.project import open_project  # SQLAlchemy: a server, or a file the quick read left

        with open_project(arguments.project) as project:
            summary = project.summary()
    if arguments.json:
        import dataclasses
        import json

        print(json.dumps({**dataclasses.asdict(summary), "claims_per_coder": dict(summary.claims_per_coder)},
                         ensure_ascii=False, indent=2))
    else:
        print(format_summary(summary))
    return 0


def format_summary(summary: ProjectSummary) -> str:
    lines = [
        f"Project:         {summary.path}",
        f"Name:            {summary.name}",
        f"Project id:      {summary.project_id}",
        f"Schema version:  {summary.schema_version}",
        f"Documents:       {summary.documents}",
        f"Coders:          {summary.coders}",
        f"Themes:          {summary.themes}",
        f"Actors:          {summary.actors}",
        f"Stance levels:   {summary.stance_levels}",
        f"Claims:          {summary.claims}",
    ]
    width = max((len(name) for name in summary.claims_per_coder), default=0)
    lines += [f"  {name:<{width}}  {count}" for name, count in summary.claims_per_coder.items()]
    return "\n".join(lines)
