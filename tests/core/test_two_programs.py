"""Two programs on one project file: writers wait for each other instead of failing."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from afpak_coder.core import sqlite_engine
from afpak_coder.core.errors import AfpakError

pytestmark = pytest.mark.file_only  # about the project file itself (see tests/conftest.py)

STRESS = Path(__file__).parents[2] / "benchmarks" / "stress_writers.py"


def test_two_writers_and_a_reader_lose_nothing_and_fail_nothing(tmp_path):
    # A small run of the benchmark: before writes took the lock up front, about half of such
    # writes failed with "database is locked" (issue 11).
    out = tmp_path / "figures.json"
    done = subprocess.run([sys.executable, str(STRESS), "--claims", "150", "--writers", "2", "--imports", "1",
                           "--json", str(out)], capture_output=True, text=True, timeout=300)
    assert "Traceback" not in done.stderr, done.stderr
    figures = json.loads(out.read_text())
    assert figures["failed_writes"] == 0, figures["failure_examples"]
    assert figures["lost"] == 0
    assert figures["reader_errors"] == 0, figures["reader_error_examples"]
    assert figures["reader_reads"] > 0
    assert figures["import_failures"] == 0 and figures["import_tracebacks"] == 0, figures["import_failure_examples"]
    assert done.returncode == 0


def _claim_args(project):
    document = project.documents()[0]
    return dict(document=document, coder=project.coders()[0], start=0, end=5, theme=project.themes()[0],
                actor=project.actors()[0], stance=project.stance_levels()[0])


def test_a_write_waits_for_another_programs_lock_then_succeeds(project, monkeypatch):
    project.add_document("Kabul answered on Friday.", title="Answer")
    project.add_coder("Ayesha")
    other = sqlite3.connect(project.path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO project_info (key, value) VALUES ('other', 'program')")
    threading.Timer(0.5, other.execute, ("COMMIT",)).start()
    began = time.monotonic()
    claim = project.add_claim(**_claim_args(project))
    assert time.monotonic() - began >= 0.4  # it waited for the other program
    assert [c.id for c in project.claims()] == [claim.id]
    other.close()


def test_a_write_that_cannot_get_the_lock_is_one_sentence_and_changes_nothing(project, monkeypatch):
    project.add_document("Kabul answered on Friday.", title="Answer")
    project.add_coder("Ayesha")
    monkeypatch.setattr(sqlite_engine, "RETRY_SECONDS", 0.3)
    monkeypatch.setattr(sqlite_engine, "BUSY_TIMEOUT_MS", 100)
    project._engine.dispose()  # new connections take the shorter busy timeout
    other = sqlite3.connect(project.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(AfpakError) as raised:
            project.add_claim(**_claim_args(project))
    finally:
        other.execute("ROLLBACK")
        other.close()
    message = str(raised.value)
    assert "\n" not in message and str(project.path) in message and "nothing was saved" in message
    assert project.claims() == []
    assert project.add_claim(**_claim_args(project)).quote == "Kabul"  # and the project works on
