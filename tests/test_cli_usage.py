"""Usage of the command line: typos are usage errors, `-` is standard output, `info --json`, help text."""

import csv
import io
import json
import os
import subprocess
import sys

import pytest

import afpak_coder
from afpak_coder import commands
from afpak_coder.core.sample import build_sample_project
from afpak_coder.launcher import wants_cli


@pytest.fixture(scope="module")
def sample_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("usage") / "sample.afpak"
    build_sample_project(path).close()
    return path


def run_cli(*arguments, cwd=None):
    environment = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    return subprocess.run([sys.executable, "-m", "afpak_coder", *map(str, arguments)], capture_output=True,
                          text=True, timeout=120, cwd=cwd, env=environment)


def test_an_unknown_command_is_a_usage_error_not_the_desktop_app():
    result = run_cli("bogus")
    assert result.returncode == 2
    assert "invalid choice: 'bogus'" in result.stderr and result.stderr.startswith("usage: afpak-coder")


def test_the_launcher_tells_commands_from_project_paths(tmp_path):
    existing = tmp_path / "old-study.db"
    existing.write_bytes(b"")
    assert wants_cli("info") and wants_cli("--version") and wants_cli("inof")
    assert not wants_cli("study.afpak")  # a new or missing project: the app says what is wrong
    assert not wants_cli(str(existing))
    assert not wants_cli("-platform")  # Qt's options


def test_csv_dash_goes_to_standard_output(tmp_path, sample_file):
    result = run_cli("export", sample_file, "--csv", "-", "--coder", "Ayesha", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    with afpak_coder.open_project(sample_file) as project:
        ayesha = next(c for c in project.coders() if c.name == "Ayesha")
        expected = {str(c.id) for c in project.claims(coder=ayesha)}
    assert {row["claim_id"] for row in rows} == expected
    assert not result.stdout.startswith("\ufeff")  # no byte-order mark in a pipe
    assert result.stderr.strip() == f"Wrote standard output: {len(expected)} claims"
    assert list(tmp_path.iterdir()) == []  # no file called "-", no codebook.csv


def test_a_binary_format_cannot_go_to_standard_output(tmp_path, sample_file):
    result = run_cli("export", sample_file, "--xlsx", "-", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip() == "afpak-coder: error: export: --xlsx cannot be written to standard output (-): name a file"


def test_info_json_holds_the_summary(sample_file):
    result = run_cli("info", sample_file, "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    with afpak_coder.open_project(sample_file) as project:
        summary = project.summary()
    assert data["documents"] == summary.documents == 11
    assert data["claims"] == summary.claims
    assert data["claims_per_coder"] == dict(summary.claims_per_coder)
    assert data["schema_version"] == summary.schema_version and data["project_id"] == summary.project_id


def test_help_shows_percent_signs_once():
    for command in ("agreement", *commands.COMMANDS):
        result = run_cli(command, "--help")
        assert result.returncode == 0 and "%%" not in result.stdout, command
    assert "95% bootstrap interval" in " ".join(run_cli("agreement", "--help").stdout.split())
    assert "95% interval" in " ".join(run_cli("--help").stdout.split())


def test_the_desktop_app_without_a_display_says_so_instead_of_aborting(sample_file):
    result = run_cli(sample_file)  # no DISPLAY, no QT_QPA_PLATFORM: Qt would abort with exit 134
    assert result.returncode == 1
    assert result.stderr.startswith("afpak-coder: error: no display to open the window on (DISPLAY is not set)")
    assert len(result.stderr.strip().splitlines()) == 1
