"""``afpak-coder server ACTION …``: a team project on a PostgreSQL server (docs/team-server.md).

    afpak-coder server init postgresql://lead@db.example.org/afpak --name "AfPak press 2025"
    afpak-coder server publish study.afpak postgresql://lead@db.example.org/afpak
    afpak-coder server download postgresql://lead@db.example.org/afpak copy.afpak
    afpak-coder server add-coder postgresql://lead@db.example.org/afpak "Bilal" --password-env BILAL_PASSWORD
    afpak-coder server blind postgresql://lead@db.example.org/afpak off
    afpak-coder server grant-codebook postgresql://lead@db.example.org/afpak "Bilal" on

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


# -- coder logins, blindness, codebook rights (core/server_access) ------------------------------

def _add_coder_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = ("Give a coder a login of their own (afpak_<name>): the coder is added to the project if "
                          "missing, and the login may code but sees only its own claims while the project is blind. "
                          "Run again to change the password. The password is written nowhere.")
    _add_url(parser)
    parser.add_argument("name", help="the coder's name as the project shows it")
    parser.add_argument("--password-env", metavar="VAR",
                        help="read the login's password from this environment variable (default: a prompt)")


def _new_password(arguments: argparse.Namespace) -> str:
    from afpak_coder.core.errors import ValidationError

    if arguments.password_env:
        password = os.environ.get(arguments.password_env, "")
        if not password:
            raise ValidationError(f"--password-env {arguments.password_env}: that environment variable is not set "
                                  "or empty")
        return password
    if not sys.stdin.isatty():
        raise ValidationError("no password for the coder's login: give --password-env VAR, or run on a terminal "
                              "to type it")
    password = getpass.getpass(f"New password for {arguments.name}: ")
    if not password or getpass.getpass("The same password again: ") != password:
        raise ValidationError("the two passwords differ (or are empty); nothing was changed")
    return password


def _add_coder(arguments: argparse.Namespace) -> int:
    from afpak_coder.core import server_access
    from afpak_coder.core.server_project import open_server_project

    password = _new_password(arguments)
    with open_server_project(login_url(arguments.url)) as project:
        coder = server_access.add_coder_login(project, arguments.name, password)
        where = project.path
    print(f"Coder {coder.name!r} logs in to {where} as {server_access.login_name(coder.name)}")
    return 0


def _switch(parser: argparse.ArgumentParser, help: str) -> None:
    parser.add_argument("state", choices=("on", "off"), help=help)


def _blind_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = ("Blind coding on (each coder's login sees only its own claims and statuses) or off "
                          "(every coder sees everyone's work, e.g. to adjudicate). Lead only.")
    _add_url(parser)
    _switch(parser, "on: coders see only their own work; off: coders see everyone's")


def _blind(arguments: argparse.Namespace) -> int:
    from afpak_coder.core.server_project import open_server_project

    with open_server_project(login_url(arguments.url)) as project:
        project.set_blind(arguments.state == "on")
        where = project.path
    print(f"Blind coding is {arguments.state} on {where}: " + (
        "each coder sees only their own claims" if arguments.state == "on" else "coders see every coder's claims"))
    return 0


def _grant_codebook_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = "Let a coder's login change the codebook (on), or stop it (off). Lead only."
    _add_url(parser)
    parser.add_argument("name", help="the coder's name")
    _switch(parser, "on: the coder may change themes, actors, stance levels, coders and document variables")


def _grant_codebook(arguments: argparse.Namespace) -> int:
    from afpak_coder.core import server_access
    from afpak_coder.core.server_project import open_server_project

    with open_server_project(login_url(arguments.url)) as project:
        coder = server_access.grant_codebook(project, arguments.name, arguments.state == "on")
        where = project.path
    print(f"Coder {coder.name!r} " + ("may now change" if arguments.state == "on" else "may no longer change")
          + f" the codebook of {where}")
    return 0


ACTIONS: dict[str, Action] = {
    "init": Action("create a team project in an empty PostgreSQL database", _init_arguments, _init),
    "publish": Action("copy a project file into an empty PostgreSQL database", _publish_arguments, _publish),
    "download": Action("write a server project into a new project file", _download_arguments, _download),
    "add-coder": Action("give a coder a login of their own", _add_coder_arguments, _add_coder),
    "blind": Action("turn blind coding on or off", _blind_arguments, _blind),
    "grant-codebook": Action("let a coder change the codebook, or stop it", _grant_codebook_arguments,
                             _grant_codebook),
}


def register(parser: argparse.ArgumentParser) -> None:
    parser.description = "A team project on a PostgreSQL server (see docs/team-server.md)."
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    for name, action in ACTIONS.items():
        action.arguments(actions.add_parser(name, help=action.help))


def run(arguments: argparse.Namespace) -> int:
    return ACTIONS[arguments.action].run(arguments)
