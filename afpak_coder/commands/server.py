"""``afpak-coder server ACTION …``: a team project on a PostgreSQL server (docs/team-server.md).

    afpak-coder server init postgresql://lead@db.example.org/afpak --name "AfPak press 2025"
    afpak-coder server publish study.afpak postgresql://lead@db.example.org/afpak
    afpak-coder server download postgresql://lead@db.example.org/afpak copy.afpak

The password comes from the address, from PGPASSWORD, or (on a terminal) from a prompt when the
server asks for one; it is never written anywhere. Each action is one entry of ``ACTIONS``: its
help line, a function adding its arguments, and the function running it.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from sqlalchemy.engine import URL


class Action(NamedTuple):
    help: str
    arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


URL_HELP = "the server database: postgresql://USER@HOST:PORT/DATABASE (password: PGPASSWORD or a prompt)"


def login_url(address: str) -> URL:
    """The server address with a password when the server wants one: the address's own, else
    PGPASSWORD, else (on a terminal) one typed at a prompt. A login the server refuses is an error."""
    from afpak_coder.core import server_engine

    parsed = server_engine.parse_url(address)
    if parsed.password is None and os.environ.get("PGPASSWORD"):
        parsed = parsed.set(password=os.environ["PGPASSWORD"])
    if parsed.password is None and sys.stdin.isatty() and _wants_password(parsed):
        user = parsed.username or getpass.getuser()
        parsed = parsed.set(password=getpass.getpass(f"Password for {user} on {server_engine.shown_url(parsed)}: "))
    return parsed


def _wants_password(url: URL) -> bool:
    """Whether the server refuses ``url`` for want of a password (trusted logins need none)."""
    import psycopg

    from afpak_coder.core import server_engine

    engine = server_engine.make_server_engine(url)
    try:
        with engine.connect():
            return False
    except Exception as error:  # noqa: BLE001 - anything else is reported by the action itself
        return isinstance(getattr(error, "orig", error), psycopg.OperationalError) and "password" in str(error)
    finally:
        engine.dispose()


def _add_url(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("url", help=URL_HELP)


# -- init -----------------------------------------------------------------------------------------

def _init_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = ("Create a team project in an empty PostgreSQL database (14 or newer): the project's "
                          "tables, the rules the server enforces, and the default codebook.")
    _add_url(parser)
    parser.add_argument("--name", help="project name (default: the database name)")


def _init(arguments: argparse.Namespace) -> int:
    from afpak_coder.core.server_project import create_server_project

    with create_server_project(login_url(arguments.url), name=arguments.name) as project:
        summary = project.summary()
    print(f"Created the project {summary.name!r} on {summary.path}: {summary.themes} themes, {summary.actors} actors, "
          f"{summary.stance_levels} stance levels")
    return 0


# -- publish and download -------------------------------------------------------------------------

def _publish_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = ("Copy a project file into an empty PostgreSQL database: documents, codebook, coders, "
                          "claims, statuses and memos, ids kept. Nothing is written if anything fails.")
    parser.add_argument("project", type=Path, help="the project file (.afpak)")
    _add_url(parser)
    parser.add_argument("--name", help="project name on the server (default: the file's project name)")


def _publish(arguments: argparse.Namespace) -> int:
    from afpak_coder.commands.cli_progress import TerminalProgress
    from afpak_coder.core.server_transfer import publish

    url = login_url(arguments.url)
    with TerminalProgress() as progress:
        report = publish(arguments.project, url, name=arguments.name, progress=progress)
    print(report.text())
    return 0


def _download_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = ("Write a server project into a new project file (a copy to keep, or to work on "
                          "offline). The file must not exist yet.")
    _add_url(parser)
    parser.add_argument("project", type=Path, help="the project file to write (.afpak)")


def _download(arguments: argparse.Namespace) -> int:
    from afpak_coder.commands.cli_progress import TerminalProgress
    from afpak_coder.core.project import open_project
    from afpak_coder.core.server_transfer import download

    url = login_url(arguments.url)
    with TerminalProgress() as progress:
        written = download(url, arguments.project, progress=progress)
    with open_project(written) as project:
        summary = project.summary()
    print(f"Wrote {written}: {summary.documents} documents, {summary.claims} claims by {summary.coders} coders")
    return 0


ACTIONS: dict[str, Action] = {
    "init": Action("create a team project in an empty PostgreSQL database", _init_arguments, _init),
    "publish": Action("copy a project file into an empty PostgreSQL database", _publish_arguments, _publish),
    "download": Action("write a server project into a new project file", _download_arguments, _download),
}


def register(parser: argparse.ArgumentParser) -> None:
    parser.description = "A team project on a PostgreSQL server (see docs/team-server.md)."
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    for name, action in ACTIONS.items():
        action.arguments(actions.add_parser(name, help=action.help))


def run(arguments: argparse.Namespace) -> int:
    return ACTIONS[arguments.action].run(arguments)
