"""``afpak-coder import PROJECT PATH...``: import files and folders, print the report.

Exits 1 when any file failed (duplicates and unsupported formats are not failures).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from afpak_coder.core.locations import project_location

from afpak_coder.core.errors import ValidationError
from afpak_coder.core.project import open_project


def register(parser: argparse.ArgumentParser) -> None:
    parser.description = ("Import files and folders (searched recursively) into a project. Each file is "
                          "reported as imported, skipped as a duplicate, failed with the reason, or skipped "
                          "as an unsupported format.")
    parser.add_argument("project", type=project_location, help="the project file (.afpak) or server project (postgresql://user@host/database)")
    parser.add_argument("paths", type=Path, nargs="+", metavar="PATH", help="files or folders to import")
    parser.add_argument("--outlet", help="outlet of every imported document (replaces what was detected)")
    parser.add_argument("--genre", help="genre of every imported document (news, op-ed, policy brief, ...)")
    parser.add_argument("--var", action="append", default=[], metavar="KEY=VALUE",
                        help="a document variable for every imported document (repeatable)")
    parser.add_argument("--month-first", action="store_true",
                        help="read numeric dates such as 03/04/2024 month first (default: day first, 3 April)")
    parser.add_argument("--text-column", metavar="COLUMN",
                        help="for .csv/.xlsx: the column holding the article text (default: guessed)")


def parse_variables(pairs: list[str]) -> dict[str, str]:
    variables = {}
    for pair in pairs:
        key, separator, value = pair.partition("=")
        if not separator or not key.strip():
            raise ValidationError(f"--var {pair!r}: expected KEY=VALUE, e.g. outlet_country=Pakistan")
        variables[key.strip()] = value.strip()
    return variables


def run(arguments: argparse.Namespace) -> int:
    # The parser libraries take a while to load: only when this command runs, not for every command.
    from afpak_coder.commands.cli_progress import TerminalProgress
    from afpak_coder.core.importing import ImportOptions, import_candidates, preview

    options = ImportOptions(outlet=arguments.outlet, genre=arguments.genre,
                            variables=parse_variables(arguments.var), text_column=arguments.text_column,
                            day_first=not arguments.month_first)
    projects = [path for path in arguments.paths if path.suffix.lower() == ".qdpx"]
    if projects:  # REFI-QDA projects: documents, codebook and codings, coders matched by name
        from afpak_coder.exchange.refi_import import import_qdpx

        with open_project(arguments.project) as project:
            for path in projects:
                print(import_qdpx(project, path).summary())
        arguments.paths = [path for path in arguments.paths if path not in projects]
        if not arguments.paths:
            return 0
    with open_project(arguments.project) as project, TerminalProgress() as progress:
        try:
            items = preview(arguments.paths, options, progress)
        except KeyboardInterrupt:
            progress.finish()
            print("afpak-coder: stopped by Ctrl+C while reading the files; nothing was imported", file=sys.stderr)
            return 130
        progress.storing = True
        report = import_candidates(project, items, progress)
    for line in report.lines():
        print(line)
    if report.cancelled:
        print(f"afpak-coder: stopped by Ctrl+C: {len(report.imported)} imported, {report.not_reached} not imported "
              "(run the same command again to import the rest: what is there is skipped as duplicate)",
              file=sys.stderr)
        return 130
    if not report.ok:
        print(f"afpak-coder: {len(report.failed)} file(s) could not be imported; see 'failed' above",
              file=sys.stderr)
    return 0 if report.ok else 1
