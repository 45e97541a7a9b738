"""Damaged rows: 'afpak-coder check' names them, and reading one gives an AfpakError naming the
row, never a raw exception — also for random single-bit flips anywhere in the file."""

from __future__ import annotations

import random
import shutil
import sqlite3

import pytest

import afpak_coder
from afpak_coder.cli import main
from afpak_coder.core.errors import AfpakError
from afpak_coder.core.integrity import check_project


@pytest.fixture
def coded(tmp_path):
    path = tmp_path / "study.afpak"
    with afpak_coder.create_project(path) as project:
        ayesha = project.add_coder("Ayesha")
        parents = {t.parent_id for t in project.themes()}
        theme = next(t for t in project.themes() if t.id not in parents)
        for number in range(6):
            document = project.add_document(f"Report {number}: Islamabad accused Kabul of sheltering the TTP "
                                            f"near Chaman, and traders waited {number + 2} days.",
                                            title=f"Report {number}", variables={"desk": "border"})
            for start in (0, 10, 20):
                project.add_claim(document=document, coder=ayesha, start=start, end=start + 15, theme=theme,
                                  actor=project.actors()[0], stance=project.stance_levels()[0], memo="m")
    return path


def tamper(path, sql, parameters=()):
    raw = sqlite3.connect(path)
    raw.execute("DROP TRIGGER IF EXISTS document_text_immutable")  # as a flipped bit would not ask
    raw.execute(sql, parameters)
    raw.commit()
    raw.close()


def test_a_sound_project_checks_clean(coded, capsys):
    report = check_project(coded)
    assert report.ok and (report.documents, report.claims) == (6, 18)
    assert main(["check", str(coded)]) == 0
    assert "checked 6 documents and 18 claims" in capsys.readouterr().out


def test_check_names_a_changed_text_a_changed_quote_and_a_missing_reference(coded, capsys):
    tamper(coded, "UPDATE document_text SET text = replace(text, 'Kabul', 'Kabal') WHERE number = 2")
    tamper(coded, "UPDATE claim SET quote = 'something else' WHERE rowid = 5")
    tamper(coded, "PRAGMA foreign_keys = OFF")
    raw = sqlite3.connect(coded)
    raw.execute("UPDATE claim SET theme_id = '0123456789abcdef0123456789abcdef' WHERE rowid = 7")
    raw.commit()
    raw.close()
    report = check_project(coded)
    assert "document 'Report 1' (row 2): its text does not match its SHA-256" in " ".join(report.problems)
    assert "claim 'something else' (row 5): its quote is not its document's text" in " ".join(report.problems)
    assert any(p.startswith("claim ") and "(row 7): refers to a theme that does not exist" in p for p in report.problems)
    assert main(["check", str(coded)]) == 1
    out = capsys.readouterr().out
    assert "4 problems" in out  # the changed text no longer holds one quote either and "Traceback" not in out


def test_reading_a_damaged_row_names_it(coded):
    raw = sqlite3.connect(coded)
    raw.execute("UPDATE claim SET created_at = 'not a time' WHERE rowid = 4")
    raw.commit()
    raw.close()
    with afpak_coder.open_project(coded) as project:
        with pytest.raises(AfpakError) as raised:
            project.claims()
        message = str(raised.value)
        assert "(row 4): its created_at 'not a time' is not a valid date" in message
        assert f"afpak-coder check {coded}" in message and "\n" not in message
        assert len(project.documents()) == 6  # the rest of the project still reads


def _use_every_view(path):
    with afpak_coder.open_project(path) as project:
        project.summary()
        for document in project.documents():
            document.text
            project.claims(document=document)
        project.claims()
        project.claims_frame()
        project.themes(), project.actors(), project.stance_levels(), project.coders()
        project.claim_counts()
        project.statuses()
        project.search("Kabul")


def test_random_bit_flips_give_afpak_errors_or_nothing_never_a_raw_exception(coded, tmp_path):
    with afpak_coder.open_project(coded):
        pass  # checkpointed: the file alone holds everything
    data = coded.read_bytes()
    rng = random.Random(11)
    flipped = tmp_path / "flipped.afpak"
    outcomes = {"refused or named": 0, "read": 0}
    for _ in range(60):
        damaged = bytearray(data)
        offset = rng.randrange(len(damaged))
        damaged[offset] ^= 1 << rng.randrange(8)
        for leftover in tmp_path.glob("flipped.afpak*"):
            leftover.unlink()
        flipped.write_bytes(bytes(damaged))
        try:
            _use_every_view(flipped)
            outcomes["read"] += 1
        except AfpakError as error:
            assert "\n" not in str(error)
            outcomes["refused or named"] += 1
        check_project(flipped)  # never raises either
    assert sum(outcomes.values()) == 60 and outcomes["refused or named"] > 0


def test_a_flipped_bit_in_a_text_is_found_by_check(coded, tmp_path):
    with afpak_coder.open_project(coded):
        pass
    data = bytearray(coded.read_bytes())
    offset = data.index(b"traders waited 4 days")
    data[offset] ^= 0x20  # 't' -> 'T': SQLite's own check cannot see it, the hash can
    damaged = tmp_path / "text.afpak"
    damaged.write_bytes(bytes(data))
    _use_every_view(damaged)  # it reads (a text is just text) ...
    report = check_project(damaged)  # ... but check names it
    assert [p for p in report.problems if "Report 2" in p and "SHA-256" in p]
    shutil.rmtree(tmp_path / "unused", ignore_errors=True)
