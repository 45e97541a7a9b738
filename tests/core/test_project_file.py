"""The project file: what is on disk, and every kind of bad file refused with one clear line."""

import os
import re
import sqlite3
import stat
import subprocess
import sys

import pytest
from sqlalchemy import text

import afpak_coder
from afpak_coder.core import database
from afpak_coder.core.errors import DamagedProjectError, NewerSchemaError, ProjectFileError, ReadOnlyProjectError


def test_new_file_is_marked_as_ours_and_uses_wal_and_foreign_keys(tmp_path):
    path = tmp_path / "study.afpak"
    with afpak_coder.create_project(path) as project:
        with project._engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10000
        assert project.schema_version == database.SCHEMA_VERSION
        assert len(project.project_id) == 36
        assert project.name == "study"
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA application_id").fetchone()[0] == database.APPLICATION_ID
    assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    indexes = {row[1] for row in raw.execute("SELECT * FROM sqlite_master WHERE type = 'index'")}
    assert {"ix_claim_document_coder", "ix_claim_coder"} <= indexes
    raw.close()


def test_creating_over_an_existing_file_is_refused(tmp_path):
    path = tmp_path / "study.afpak"
    path.write_text("my notes")
    with pytest.raises(ProjectFileError, match="already exists"):
        afpak_coder.create_project(path)
    assert path.read_text() == "my notes"


def test_document_text_cannot_be_changed_even_with_raw_sql(project):
    document = project.add_document("Original text.", title="t")
    with pytest.raises(Exception, match="immutable"):
        with project._engine.begin() as connection:
            connection.execute(text("UPDATE document_text SET text = 'changed'"))
    assert project.document(document.id).text == "Original text."


def unchanged(path):
    return path.read_bytes()


@pytest.mark.parametrize(
    "content, message",
    [
        (b"Just some notes, not a database.\n" * 10, "not an afpak-coder project file"),
        (b"", "not an afpak-coder project"),
    ],
)
def test_a_file_that_is_not_a_project_is_refused(tmp_path, content, message):
    path = tmp_path / "notes.afpak"
    path.write_bytes(content)
    with pytest.raises(ProjectFileError, match=re.escape(message)) as caught:
        afpak_coder.open_project(path)
    assert str(path) in str(caught.value) and "\n" not in str(caught.value)
    assert path.read_bytes() == content


def test_another_programs_sqlite_file_is_refused(tmp_path):
    path = tmp_path / "other.sqlite"
    raw = sqlite3.connect(path)
    raw.execute("CREATE TABLE t (x)")
    raw.commit()
    raw.close()
    before = path.read_bytes()
    with pytest.raises(ProjectFileError, match="SQLite database but not an afpak-coder project"):
        afpak_coder.open_project(path)
    assert path.read_bytes() == before


def test_missing_file(tmp_path):
    with pytest.raises(ProjectFileError, match="no such file"):
        afpak_coder.open_project(tmp_path / "nowhere.afpak")
    assert not (tmp_path / "nowhere.afpak").exists()


def _project_with_data(path):
    with afpak_coder.create_project(path) as project:
        for number in range(40):
            project.add_document(f"Document number {number}. " + "Border trade resumed. " * 300, title=f"d{number}")


def test_a_truncated_project_is_reported_as_damaged_and_points_to_the_backup(tmp_path):
    path = tmp_path / "study.afpak"
    _project_with_data(path)
    backup = database.make_backup(path, "manual")
    content = path.read_bytes()
    path.write_bytes(content[: len(content) // 3])
    before = path.read_bytes()
    with pytest.raises(DamagedProjectError, match="damaged") as caught:
        afpak_coder.open_project(path)
    assert str(backup) in str(caught.value)
    assert path.read_bytes() == before


def test_a_corrupt_page_fails_the_integrity_check(tmp_path):
    path = tmp_path / "study.afpak"
    _project_with_data(path)
    content = bytearray(path.read_bytes())
    page_size = int.from_bytes(content[16:18], "big")
    for page in range(2, len(content) // page_size):
        content[page * page_size : page * page_size + 100] = os.urandom(100)
    path.write_bytes(bytes(content))
    with pytest.raises(DamagedProjectError, match="no automatic backup exists"):
        afpak_coder.open_project(path)


def test_a_project_from_a_newer_version_is_refused_untouched(tmp_path):
    path = tmp_path / "future.afpak"
    afpak_coder.create_project(path).close()
    raw = sqlite3.connect(path)
    raw.execute("UPDATE project_info SET value = '99' WHERE key = 'schema_version'")
    raw.commit()
    raw.close()
    before = path.read_bytes()
    with pytest.raises(NewerSchemaError, match=r"newer afpak-coder \(file schema 99"):
        afpak_coder.open_project(path)
    assert path.read_bytes() == before
    assert not database.backup_dir(path).exists()


def test_a_read_only_project_is_refused_with_a_clear_message(tmp_path):
    path = tmp_path / "locked.afpak"
    afpak_coder.create_project(path).close()
    before = path.read_bytes()
    path.chmod(stat.S_IRUSR | stat.S_IRGRP)
    try:
        with pytest.raises(ProjectFileError, match="read-only"):
            afpak_coder.open_project(path)
        assert path.read_bytes() == before
    finally:
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_an_older_file_is_backed_up_then_migrated_forward(tmp_path, monkeypatch):
    path = tmp_path / "old.afpak"
    with afpak_coder.create_project(path) as project:
        document = project.add_document("A text that must survive the migration.", title="kept")
    # Pretend the current code is one schema ahead, with a migration adding a column.
    def add_column(connection):
        connection.execute(text("ALTER TABLE document ADD COLUMN reviewed INTEGER DEFAULT 0"))

    current = database.SCHEMA_VERSION
    monkeypatch.setattr(database, "SCHEMA_VERSION", current + 1)
    monkeypatch.setitem(database.MIGRATIONS, current, add_column)
    with afpak_coder.open_project(path) as project:
        assert project.schema_version == current + 1
        assert project.document(document.id).text == "A text that must survive the migration."
    (backup,) = database.backup_dir(path).glob("*.afpak")
    assert f"before-migration-v{current}-to-v{current + 1}" in backup.name
    raw = sqlite3.connect(backup)
    assert raw.execute("SELECT value FROM project_info WHERE key='schema_version'").fetchone() == (str(current),)
    raw.close()


def test_a_failing_migration_leaves_the_file_at_its_old_version(tmp_path, monkeypatch):
    path = tmp_path / "old.afpak"
    afpak_coder.create_project(path).close()

    def broken(connection):
        connection.execute(text("ALTER TABLE document ADD COLUMN half_done INTEGER"))
        raise RuntimeError("migration bug")

    current = database.SCHEMA_VERSION
    monkeypatch.setattr(database, "SCHEMA_VERSION", current + 1)
    monkeypatch.setitem(database.MIGRATIONS, current, broken)
    with pytest.raises(RuntimeError):
        afpak_coder.open_project(path)
    raw = sqlite3.connect(path)
    columns = [row[1] for row in raw.execute("PRAGMA table_info(document)")]
    assert "half_done" not in columns
    assert raw.execute("SELECT value FROM project_info WHERE key='schema_version'").fetchone() == (str(current),)
    raw.close()


def test_closing_folds_the_write_ahead_log_into_the_file(tmp_path):
    path = tmp_path / "study.afpak"
    with afpak_coder.create_project(path) as project:
        project.add_document("Copied alone, the file must hold this.", title="t")
    wal = path.with_name(path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    copy = tmp_path / "copy.afpak"
    copy.write_bytes(path.read_bytes())
    with afpak_coder.open_project(copy) as project:
        assert [d.title for d in project.documents()] == ["t"]


def test_a_read_only_file_can_be_opened_read_only_and_refuses_changes(tmp_path):
    path = tmp_path / "locked.afpak"
    with afpak_coder.create_project(path) as project:
        project.add_document("Kept as it was.", title="t")
    before = path.read_bytes()
    path.chmod(stat.S_IRUSR | stat.S_IRGRP)
    try:
        with afpak_coder.open_project(path, read_only=True) as project:
            assert project.read_only
            assert [d.text for d in project.documents()] == ["Kept as it was."]
            with pytest.raises(ReadOnlyProjectError, match="open read-only"):
                project.add_coder("A")
        assert path.read_bytes() == before
    finally:
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_a_file_that_disappears_while_open_is_reported_and_the_work_can_be_saved(tmp_path):
    path = tmp_path / "study.afpak"
    project = afpak_coder.create_project(path)
    document = project.add_document("Coded before the file vanished.", title="t")
    path.unlink()
    with pytest.raises(ProjectFileError, match="has disappeared"):
        project.add_coder("A")
    rescued = project.save_copy(tmp_path / "rescued.afpak")
    project.close()
    with afpak_coder.open_project(rescued) as copy:
        assert copy.document(document.id).text == "Coded before the file vanished."


def test_opening_the_file_again_keeps_an_open_project_current_when_another_program_writes(tmp_path):
    """Reading the file's first bytes through a second handle would drop SQLite's locks (they
    belong to the process); another program could then fold the write-ahead log away under the
    open project, which would go on reading stale pages."""
    path = tmp_path / "study.afpak"
    with afpak_coder.create_project(path) as first:
        first.add_document("Written before.", title="before")
        with afpak_coder.open_project(path):
            pass
        script = (f"import afpak_coder\nwith afpak_coder.open_project({str(path)!r}) as p:\n"
                  "    p.add_document('Written by another program.', title='elsewhere')\n")
        subprocess.run([sys.executable, "-c", script], check=True, timeout=120)
        assert sorted(d.title for d in first.documents()) == ["before", "elsewhere"]
        first.add_document("Written after.", title="after")
    with afpak_coder.open_project(path) as again:
        assert sorted(d.title for d in again.documents()) == ["after", "before", "elsewhere"]


def test_a_file_cut_short_inside_its_header_is_reported_as_truncated(tmp_path):
    path = tmp_path / "cut.afpak"
    path.write_bytes(b"SQLite for")
    with pytest.raises(DamagedProjectError, match="truncated"):
        afpak_coder.open_project(path)
    assert path.read_bytes() == b"SQLite for"
