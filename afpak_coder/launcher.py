"""Entry point of ``afpak-coder``: a command goes to the CLI, anything else opens the desktop app.

The CLI never imports Qt (an import-linter contract checks it); only this launcher may start the
GUI, and it imports it only when the GUI is wanted. The GUI never imports the CLI either: the
command names come from the light ``afpak_coder.commands`` registry.
"""

from __future__ import annotations

import sys

from pathlib import Path

from afpak_coder.commands import is_command


def wants_cli(first: str) -> bool:
    """A command, or a word that is neither a project path nor a Qt option: the CLI then answers
    with a usage error (exit 2) instead of a window opening on a typo such as ``afpak-coder inof``."""
    if is_command(first):
        return True
    if first.startswith("-"):  # Qt's own options (-platform, -style …) go to the app
        return False
    return Path(first).suffix != ".afpak" and not Path(first).exists()


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and wants_cli(argv[0]):
        from afpak_coder import cli

        return cli.main(argv)
    from afpak_coder.gui.app import main as gui_main

    return gui_main(argv)
