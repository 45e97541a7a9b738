"""A full disk: one sentence, the project unchanged, no empty or partial backup left. The disk is a
real 2 MB tmpfs (the tests run as root in CI and here), so SQLite's and the OS's own errors run."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import uuid
from pathlib import Path

import pytest

import afpak_coder
from afpak_coder.core import backups, database, diskspace
from afpak_coder.core.copies.apply import apply_merge
from afpak_coder.core.copies.make_copy import create_coder_copy
from afpak_coder.core.copies.plan import build_merge_plan
from afpak_coder.core.diskspace import DiskFullError
from afpak_coder.core.integrity import check_project

FULL = r"the disk holding .+ is full: \d+\.\d MB free, (\d+\.\d MB needed|more needed)"


@pytest.fixture
def disk(tmp_path):
    """A 2 MB disk of its own, unmounted afterwards."""
    folder = tmp_path / f"disk-{uuid.uuid4().hex[:6]}"
    folder.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(folder)], check=True)
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)


def fill(disk: Path, leave: int) -> Path:
    """Fill the disk until ``leave`` bytes are free."""
    filler = disk / "filler.bin"
    free = diskspace.free_bytes(disk)
    with filler.open("wb") as handle:
        handle.write(b"\0" * max(0, free - leave))
    return filler


def small_project(path: Path) -> None:
    with afpak_coder.create_project(path) as project:
        ayesha = project.add_coder("Ayesha")
        parents = {t.parent_id for t in project.themes()}
        theme = next(t for t in project.themes() if t.id not in parents)
        for number in range(3):
            document = project.add_document(f"Report {number}: traders at Chaman waited for days.",
                                            title=f"Report {number}")
            project.add_claim(document=document, coder=ayesha, start=0, end=8, theme=theme,
                              actor=project.actors()[0], stance=-1)


def state(path: Path) -> tuple:
    with afpak_coder.open_project(path) as project:
        return (sorted(d.title for d in project.documents()), len(project.claims()),
                sorted(t.name for t in project.themes()))


def leftovers(path: Path) -> list[str]:
    folder = database.backup_dir(path)
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_a_destructive_action_on_a_full_disk_is_refused_in_one_sentence(disk):
    path = disk / "study.afpak"
    small_project(path)
    before = state(path)
    fill(disk, 100_000)
    with afpak_coder.open_project(path) as project:
        with pytest.raises(DiskFullError, match=FULL) as raised:
            project.delete_document(project.documents()[0], with_claims=True)
    assert "\n" not in str(raised.value) and str(disk) in str(raised.value) and "nothing was changed" in str(raised.value)
    assert state(path) == before
    assert leftovers(path) == []


def test_a_backup_that_runs_out_of_room_halfway_leaves_nothing(disk, monkeypatch):
    path = disk / "study.afpak"
    small_project(path)
    before = state(path)
    # Let the copy start although it cannot fit, so that SQLite's own "disk full" stops it.
    monkeypatch.setattr(backups, "require_space", lambda *args, **kwargs: None)
    fill(disk, 60_000)
    with afpak_coder.open_project(path) as project:
        with pytest.raises(DiskFullError, match=FULL):
            project.merge_themes(project.themes()[-1], project.themes()[-2])
    assert state(path) == before and leftovers(path) == []
    assert backups.latest_backup(path) is None


def test_a_write_that_fills_the_disk_is_one_sentence_and_saves_nothing(disk):
    path = disk / "study.afpak"
    small_project(path)
    before = state(path)
    fill(disk, 300_000)
    with afpak_coder.open_project(path) as project:
        with pytest.raises(DiskFullError, match=FULL) as raised:
            project.add_document("Kabul and Islamabad. " * 40_000, title="Too big")  # 840 kB of text
        assert "the change was not saved" in str(raised.value)
        assert len(project.documents()) == 3
    assert state(path) == before
    assert check_project(path).ok


def test_a_merge_on_a_full_disk_is_checked_before_it_starts(disk, tmp_path):
    master_path = disk / "master.afpak"
    small_project(master_path)
    with afpak_coder.open_project(master_path) as master:
        copy = create_coder_copy(master, "Ayesha", tmp_path / "ayesha.afpak").path
    with afpak_coder.open_project(copy) as coder_file:
        document = coder_file.documents()[1]
        coder_file.add_claim(document=document, coder="Ayesha", start=0, end=6, theme=coder_file.themes()[-1],
                             actor=coder_file.actors()[0], stance=1)
    before = state(master_path)
    fill(disk, 150_000)
    with afpak_coder.open_project(master_path) as master:
        with pytest.raises(DiskFullError, match=FULL) as raised:
            apply_merge(master, build_merge_plan(master, [copy]))
    assert "nothing was merged" in str(raised.value) or "nothing was changed" in str(raised.value)
    assert state(master_path) == before and leftovers(master_path) == []


def test_an_upgrade_on_a_full_disk_is_refused_and_leaves_the_file_as_it_was(disk):
    fixture = Path(__file__).parent / "fixtures" / "project_schema_v2.sql"
    path = disk / "old.afpak"
    raw = sqlite3.connect(path)
    raw.executescript(fixture.read_text("utf-8"))
    raw.execute(f"PRAGMA application_id = {database.APPLICATION_ID}")
    raw.commit()
    raw.close()
    data = path.read_bytes()
    fill(disk, 40_000)
    with pytest.raises(DiskFullError, match=FULL) as raised:
        afpak_coder.open_project(path)
    assert "was not upgraded" in str(raised.value)
    assert path.read_bytes() == data and leftovers(path) == []
    os.remove(disk / "filler.bin")
    with afpak_coder.open_project(path) as project:  # with room, the upgrade goes through
        assert project.schema_version == database.SCHEMA_VERSION


def test_a_cli_import_on_a_full_disk_ends_in_one_line(disk, tmp_path, capsys):
    from afpak_coder.cli import main

    path = disk / "study.afpak"
    small_project(path)
    before = state(path)
    articles = tmp_path / "articles"
    articles.mkdir()
    for number in range(3):
        (articles / f"a{number}.txt").write_text(f"Article {number}. " + "Border trade resumed at Torkham. " * 12_000)
    fill(disk, 200_000)
    assert main(["import", str(path), str(articles)]) == 1
    err = capsys.readouterr().err
    errors = [line for line in err.splitlines() if line.startswith("afpak-coder:")]  # beside the progress lines
    assert "Traceback" not in err and len(errors) == 1
    assert "is full" in errors[0]
    assert state(path) == before
