"""The command line: the same Project service as the GUI, from the shell.

    afpak-coder new study.afpak        afpak-coder info study.afpak
    afpak-coder sample sample.afpak    afpak-coder codebook export study.afpak codebook.yaml
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from afpak_coder.core.locations import project_location

from afpak_coder import __version__, commands
from afpak_coder.core.errors import AfpakError

# The CLI's work is imported when a command runs: `--help` and `--version` load neither SQLAlchemy
# nor pandas.


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The whole parser; only ``command``'s module (if it is a sub-command) is imported to add its
    arguments, the other sub-commands are listed by name and help line."""
    parser = argparse.ArgumentParser(
        prog="afpak-coder",
        description="Code articles on Afghanistan–Pakistan relations as claims. "
        "Without a command, opens the desktop app (on PROJECT if given).",
    )
    parser.add_argument("--version", action="version", version=f"afpak-coder {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")

    new = subparsers.add_parser("new", help="create an empty project holding the default codebook")
    new.add_argument("project", type=Path)
    new.add_argument("--name", help="project name (default: the file name)")
    new.add_argument("--codebook", type=Path, help="a codebook YAML file instead of the default one")
    new.add_argument("--empty-codebook", action="store_true", help="start with no themes, actors or stance scale")

    sample = subparsers.add_parser("sample", help="build the ready-made sample project")
    sample.add_argument("project", type=Path)

    codebook = subparsers.add_parser("codebook", help="export or import the codebook (YAML, or REFI-QDA .qdc)")
    codebook_commands = codebook.add_subparsers(dest="action", metavar="ACTION", required=True)
    export = codebook_commands.add_parser("export", help="write the project's codebook to a YAML file")
    export.add_argument("project", type=project_location)
    export.add_argument("output", type=Path)
    load = codebook_commands.add_parser("import", help="add a codebook file's missing entries to the project")
    load.add_argument("project", type=project_location)
    load.add_argument("codebook_file", type=Path)

    for name, command_entry in commands.COMMANDS.items():
        sub_parser = subparsers.add_parser(name, help=command_entry.help)
        if name == command:
            commands.load(name).register(sub_parser)
    return parser


def run(arguments: argparse.Namespace) -> int:
    if arguments.command in commands.COMMANDS:
        return commands.load(arguments.command).run(arguments)
    from afpak_coder.core.project import create_project, open_project

    if arguments.command == "new":
        codebook = None if arguments.empty_codebook else (arguments.codebook or "default")
        with create_project(arguments.project, name=arguments.name, codebook=codebook) as project:
            summary = project.summary()
        print(f"Created {arguments.project}: {summary.themes} themes, {summary.actors} actors, "
              f"{summary.stance_levels} stance levels")
    elif arguments.command == "sample":
        from afpak_coder.core.sample import build_sample_project

        with build_sample_project(arguments.project) as project:
            summary = project.summary()
        print(f"Built the sample project {arguments.project}: {summary.documents} documents, "
              f"{summary.claims} claims by {summary.coders} coders")
    elif arguments.command == "codebook":
        with open_project(arguments.project) as project:
            refi = Path(arguments.output if arguments.action == "export" else arguments.codebook_file)
            if arguments.action == "export" and refi.suffix.lower() == ".qdc":
                from afpak_coder.exchange.refi_codebook import write_qdc  # REFI-QDA, loaded when used

                write_qdc(project, refi, overwrite=True)
                print(f"Wrote the codebook of {arguments.project} to {refi} (REFI-QDA)")
            elif arguments.action == "export":
                project.export_codebook(arguments.output)
                print(f"Wrote the codebook of {arguments.project} to {arguments.output}")
            else:
                if refi.suffix.lower() == ".qdc":
                    from afpak_coder.exchange.refi_codebook import import_qdc

                    report = import_qdc(project, refi)
                else:
                    report = project.import_codebook(arguments.codebook_file)
                print(", ".join(f"{key}: {value}" for key, value in report.items()))
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(argv[0] if argv else None)
    arguments = parser.parse_args(argv)
    if arguments.command is None:
        parser.print_help()
        return 2
    try:
        return run(arguments)
    except AfpakError as error:
        print(f"afpak-coder: error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except OSError as error:  # a full disk or a vanished folder while writing an output file
        where = f"{error.filename}: " if error.filename else ""
        print(f"afpak-coder: error: {where}{error.strerror or error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
