"""Sub-commands of ``afpak-coder`` beyond the basic ones in ``afpak_coder.cli``.

A sub-command is a module here defining ``register(parser)`` (adds its arguments to an ``argparse``
sub-parser) and ``run(arguments) -> int`` (the exit status). To add one, add a line to ``COMMANDS``:
its name, its module and its one-line help. The module is imported only when its command is used,
so ``afpak-coder --help``, ``--version`` and the desktop app start without loading pandas, scipy or
openpyxl. Keep this file free of imports beyond the standard library, and never import Qt here.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import NamedTuple


class Command(NamedTuple):
    module: str
    help: str


COMMANDS: dict[str, Command] = {
    "info": Command("afpak_coder.commands.info", "print the schema version and what the project holds"),
    "import": Command("afpak_coder.commands.import_documents",
                      "import documents (txt, md, html, docx, pdf, odt, rtf; csv/xlsx one article per row)"),
    "export": Command("afpak_coder.commands.export",
                      "write the coded claims to an Excel workbook, CSV (with codebook.csv), Stata or SPSS files"),
    "network": Command("afpak_coder.commands.network",
                       "discourse networks (one-mode, two-mode, directed) as GraphML, CSV matrix, UCINET DL, "
                       "event list or drawing"),
    "agreement": Command("afpak_coder.commands.agreement",
                         "inter-coder agreement per dimension (alpha with its 95%% interval, kappa, ...); "
                         "xlsx/CSV report"),
    "coder-copy": Command("afpak_coder.commands.coder_copy",
                          "write a coder copy: the chosen documents, the codebook, and none of the other "
                          "coders' claims"),
    "claims": Command("afpak_coder.commands.claims",
                      "find claims across the project (theme with sub-themes, actor, coder, document "
                      "variables, dates, text): list, counts or CSV"),
    "merge": Command("afpak_coder.commands.merge",
                     "merge coder copies into the master: claims added, updated and removed per coder, "
                     "with a report"),
    "check": Command("afpak_coder.commands.check",
                     "check a project: every text against its hash, every quote against its text, references"),
    "backups": Command("afpak_coder.commands.backups",
                       "list a project's automatic backups: time, reason, claims"),
    "restore": Command("afpak_coder.commands.restore",
                       "restore a project from one of its backups (the current state is backed up first)"),
    "suggest": Command("afpak_coder.commands.suggest",
                       "sentences likely to hold a claim, with codes suggested from one coder's own claims"),
    "server": Command("afpak_coder.commands.server",
                      "a team project on a PostgreSQL server: create it, publish a file to it, download a copy"),
}

# Handled in afpak_coder.cli itself; listed here so the launcher can tell a command from a project
# path without importing the CLI.
BUILT_IN = ("new", "sample", "codebook")


def is_command(word: str) -> bool:
    return word in COMMANDS or word in BUILT_IN or word in ("-h", "--help", "--version")


def load(name: str) -> ModuleType:
    """The module of sub-command ``name``, imported now."""
    return importlib.import_module(COMMANDS[name].module)
