"""`make test`'s PostgreSQL check (tools/ensure_postgresql.py): which folder has the server programs,
what it installs when they are missing, and the one line it prints when it cannot install."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "tools" / "ensure_postgresql.py"


@pytest.fixture(scope="module")
def ensure():
    from postgres_server import ensure_script  # after pytest registered (and assert-rewrote) the plugin

    return ensure_script()


def _programs(folder: Path, names=("initdb", "pg_ctl", "postgres"), mode=0o755) -> Path:
    folder.mkdir(parents=True)
    for name in names:
        (folder / name).write_text("#!/bin/sh\n")
        (folder / name).chmod(mode)
    return folder


def test_the_first_folder_with_all_three_server_programs_is_chosen(ensure, tmp_path):
    client_only = _programs(tmp_path / "client", names=("pg_ctl", "initdb"))  # no postgres: a client package
    not_executable = _programs(tmp_path / "plain", mode=0o644)
    server = _programs(tmp_path / "server")
    later = _programs(tmp_path / "later")
    assert ensure.find_server_bindir([client_only, not_executable, tmp_path / "absent", server, later]) == server
    assert ensure.find_server_bindir([client_only, not_executable]) is None


def test_debian_version_folders_are_tried_newest_first(ensure):
    folders = [Path(f"/usr/lib/postgresql/{version}/bin") for version in ("9.6", "16", "15", "10")]
    ordered = sorted(folders, key=ensure._version_key, reverse=True)
    assert [folder.parent.name for folder in ordered] == ["16", "15", "10", "9.6"]


def test_the_advice_is_one_line_naming_the_install_command_of_the_system(ensure):
    for apt, dnf, brew, command in [(True, False, False, "sudo apt-get install postgresql"),
                                    (False, False, False, "sudo apt-get install postgresql"),
                                    (False, True, False, "sudo dnf install postgresql-server"),
                                    (False, False, True, "brew install postgresql")]:
        line = ensure.advice(apt, dnf, brew)
        assert "\n" not in line and line.endswith(f"run  {command}")
    assert ensure.install_commands(["sudo", "-n"]) == [
        ["sudo", "-n", "apt-get", "update", "-qq"], ["sudo", "-n", "apt-get", "install", "-y", "-qq", "postgresql"]]


def test_the_script_finds_this_machines_server_and_plans_an_install_where_there_is_none(tmp_path):
    found = subprocess.run([sys.executable, str(SCRIPT)], capture_output=True, text=True)
    assert (found.returncode, found.stdout, found.stderr) == (0, "", "")
    missing = subprocess.run([sys.executable, str(SCRIPT), "--dry-run", "--search", str(tmp_path)],
                             capture_output=True, text=True)
    if os.geteuid() == 0:  # CI and this machine: root installs with apt-get (nothing is run in a dry run)
        assert (missing.returncode, missing.stderr) == (0, "")
        assert missing.stdout == "Would run: apt-get update -qq && apt-get install -y -qq postgresql\n"
    else:
        cannot = missing.returncode == 1 and "which are missing: run  " in missing.stderr
        assert cannot or missing.stdout.startswith("Would run: sudo -n apt-get update -qq && ")
