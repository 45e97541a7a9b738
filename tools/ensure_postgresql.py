"""Make sure PostgreSQL's server programs are installed before ``make test`` runs.

The tests of team server projects start a real throwaway PostgreSQL server (tests/postgres_server.py)
from the system's ``initdb``, ``pg_ctl`` and ``postgres``. When they are missing, this installs
Debian/Ubuntu's ``postgresql`` package if it can (root, or sudo without a password, and apt-get),
otherwise it stops with one line naming the command to run.

    python tools/ensure_postgresql.py [--dry-run] [--search DIR ...]

A plain script (no package import): it runs before anything is installed into the venv.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

SERVER_PROGRAMS = ("initdb", "pg_ctl", "postgres")
APT_UPDATE = ["apt-get", "update", "-qq"]
APT_INSTALL = ["apt-get", "install", "-y", "-qq", "postgresql"]


def _version_key(directory: Path) -> tuple[int, ...]:
    """/usr/lib/postgresql/16/bin sorts after .../9.6/bin: newest first once reversed."""
    return tuple(int(part) for part in directory.parent.name.split(".") if part.isdigit())


def candidate_directories() -> list[Path]:
    """Where server programs may be, in order: pg_config's bindir, Debian's per-version folders
    (newest first), then the folder of an ``initdb`` on PATH (a symlink is followed to its target)."""
    candidates: list[Path] = []
    pg_config = shutil.which("pg_config")
    if pg_config:
        result = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, check=False)
        if result.returncode == 0 and result.stdout.strip():
            candidates.append(Path(result.stdout.strip()))
    candidates += sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=_version_key, reverse=True)
    initdb = shutil.which("initdb")
    if initdb:
        candidates += [Path(initdb).parent, Path(initdb).resolve().parent]
    return candidates


def has_server_programs(directory: Path) -> bool:
    return all(os.access(directory / name, os.X_OK) and (directory / name).is_file() for name in SERVER_PROGRAMS)


def find_server_bindir(candidates: list[Path] | None = None) -> Path | None:
    """The first folder holding all of initdb, pg_ctl and postgres (all three from one version)."""
    for directory in candidate_directories() if candidates is None else candidates:
        if has_server_programs(directory):
            return directory
    return None


def advice(apt: bool, dnf: bool, brew: bool) -> str:
    """The one line telling a user who cannot install here what to run."""
    head = "The tests need PostgreSQL's server programs (initdb, pg_ctl, postgres), which are missing: run"
    if dnf and not apt:
        return f"{head}  sudo dnf install postgresql-server"
    if brew and not apt:
        return f"{head}  brew install postgresql"
    return f"{head}  sudo apt-get install postgresql"


def install_commands(prefix: list[str]) -> list[list[str]]:
    return [[*prefix, *APT_UPDATE], [*prefix, *APT_INSTALL]]


def privilege_prefix() -> list[str] | None:
    """[] when root, ["sudo", "-n"] when sudo needs no password, else None (cannot install)."""
    if os.geteuid() == 0:
        return []
    if shutil.which("sudo") and subprocess.run(["sudo", "-n", "true"], capture_output=True).returncode == 0:
        return ["sudo", "-n"]
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python tools/ensure_postgresql.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--dry-run", action="store_true", help="print what would be installed; change nothing")
    parser.add_argument("--search", type=Path, action="append", metavar="DIR",
                        help="look for the server programs only in DIR (repeatable; for checking this script)")
    arguments = parser.parse_args(argv)
    if find_server_bindir(arguments.search) is not None:
        return 0
    apt = bool(shutil.which("apt-get"))
    prefix = privilege_prefix() if apt else None
    if prefix is None:
        print(advice(apt, bool(shutil.which("dnf")), bool(shutil.which("brew"))), file=sys.stderr)
        return 1
    commands = install_commands(prefix)
    if arguments.dry_run:
        print("Would run: " + " && ".join(" ".join(command) for command in commands))
        return 0
    print("Installing PostgreSQL for the tests: " + " ".join(commands[-1]), file=sys.stderr)
    environment = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in commands:
        # apt's and the package scripts' chatter is shown only when something went wrong.
        result = subprocess.run(command, env=environment, capture_output=True, text=True)
        if result.returncode != 0:
            sys.stderr.write(result.stdout[-4000:] + result.stderr[-4000:])
            print(f"`{' '.join(command)}` failed; install PostgreSQL by hand: sudo apt-get install postgresql",
                  file=sys.stderr)
            return 1
    if find_server_bindir() is None:
        print("apt-get installed postgresql but initdb, pg_ctl and postgres are still not found "
              "(looked in pg_config --bindir, /usr/lib/postgresql/*/bin and PATH)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
