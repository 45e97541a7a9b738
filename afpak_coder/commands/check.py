"""``afpak-coder check PROJECT``: check every row of a project and report in sentences.

Exits 1 when a problem was found. Nothing is written.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from afpak_coder.core.integrity import check_project


def register(parser: argparse.ArgumentParser) -> None:
    parser.description = ("Check a project file: SQLite's own check of every page, every document's text against "
                          "its SHA-256, every claim's quote against its document's text, every reference between "
                          "rows, and every stored id, time and JSON value. Reports each problem in a sentence "
                          "naming the row; writes nothing.")
    parser.add_argument("project", type=Path, help="the project file (.afpak)")


def run(arguments: argparse.Namespace) -> int:
    report = check_project(arguments.project)
    print("\n".join(report.lines()))
    return 0 if report.ok else 1
