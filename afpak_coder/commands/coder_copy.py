"""``afpak-coder coder-copy MASTER --coder NAME --output FILE``: a blind project file for one coder.

    afpak-coder coder-copy study.afpak --coder Dana --output dana.afpak --documents 1 2 5
"""

from __future__ import annotations

import argparse
from pathlib import Path

from afpak_coder.core.copies.make_copy import create_coder_copy
from afpak_coder.core.project import open_project


def register(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Write a new project file for one coder to code on their own computer: the chosen documents (all by "
        "default), the codebook, the coder's own claims and nothing of the other coders. Merge it back with "
        "'afpak-coder merge'. A coder name the master does not know yet is added to it.")
    parser.add_argument("master", type=Path, help="the master project file (.afpak)")
    parser.add_argument("--coder", required=True, help="the coder's name (a new name is added to the master)")
    parser.add_argument("--output", "-o", type=Path, required=True, help="the coder copy to write (must not exist)")
    parser.add_argument("--documents", nargs="+", metavar="DOCUMENT",
                        help="document numbers (as shown in the document list) or ids; default: all")


def run(arguments: argparse.Namespace) -> int:
    documents = None
    if arguments.documents:
        documents = [int(ref) if ref.isdigit() else ref for ref in arguments.documents]
    with open_project(arguments.master) as master:
        result = create_coder_copy(master, arguments.coder, arguments.output, documents=documents)
    print(result.text())
    return 0
