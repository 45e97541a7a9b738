"""``core/file_summary``: the summary ``afpak-coder info`` prints, read with plain sqlite3, equals the
Project service's; files it does not read (older, newer) go through the service as before."""

import sqlite3
import shutil
from pathlib import Path

import pytest

import afpak_coder
from afpak_coder import cli
from afpak_coder.core import database
from afpak_coder.core.errors import NewerSchemaError, ProjectFileError
from afpak_coder.core.file_summary import read_summary

FIXTURES = Path(__file__).parent / "fixtures"


def coded_project(path: Path) -> None:
    with afpak_coder.create_project(path, name="Border talks") as project:
        document = project.add_document("Kabul and Islamabad met in Doha. Trade resumed at Torkham.", title="talks")
        zara, yusuf = project.add_coder("Zara"), project.add_coder("Yusuf")
        project.add_coder("Adil")  # no claims: listed with 0
        for coder, (start, end) in ((zara, (0, 5)), (zara, (34, 39)), (yusuf, (10, 20))):
            project.add_claim(document=document, coder=coder, start=start, end=end,
                              theme="Bilateral talks and visits", actor="Afghan Taliban administration", stance=1)


def test_the_quick_summary_equals_the_services(tmp_path):
    path = tmp_path / "study.afpak"
    coded_project(path)
    quick = read_summary(path)
    with afpak_coder.open_project(path) as project:
        assert quick == project.summary()
    assert (quick.documents, quick.coders, quick.claims, quick.name) == (1, 3, 3, "Border talks")
    assert list(quick.claims_per_coder.items()) == [("Adil", 0), ("Yusuf", 1), ("Zara", 2)]


def test_the_quick_summary_changes_nothing_in_the_file(tmp_path):
    path = tmp_path / "study.afpak"
    coded_project(path)
    before = path.read_bytes()
    read_summary(path)
    assert path.read_bytes() == before
    assert not path.with_name(path.name + "-wal").exists() or path.with_name(path.name + "-wal").stat().st_size == 0


def test_bad_files_give_the_messages_opening_them_gives(tmp_path):
    foreign = tmp_path / "other.afpak"
    sqlite3.connect(foreign).execute("CREATE TABLE t (x)").connection.close()
    text = tmp_path / "notes.afpak"
    text.write_text("not a project")
    for path in (foreign, text, tmp_path / "missing.afpak", tmp_path):
        with pytest.raises(ProjectFileError) as opening:
            afpak_coder.open_project(path)
        with pytest.raises(ProjectFileError) as quick:
            read_summary(path)
        assert str(quick.value) == str(opening.value)


def test_a_newer_file_is_refused_by_info_as_opening_refuses_it(tmp_path, capsys):
    path = tmp_path / "future.afpak"
    coded_project(path)
    raw = sqlite3.connect(path)
    raw.execute("UPDATE project_info SET value = ? WHERE key = 'schema_version'", (str(database.SCHEMA_VERSION + 1),))
    raw.commit()
    raw.close()
    assert read_summary(path) is None
    with pytest.raises(NewerSchemaError) as opening:
        afpak_coder.open_project(path)
    assert cli.main(["info", str(path)]) == 1
    assert capsys.readouterr().err.strip() == f"afpak-coder: error: {opening.value}"


def test_info_on_an_older_file_upgrades_it_after_a_backup_as_before(tmp_path, capsys):
    path = tmp_path / "old.afpak"
    raw = sqlite3.connect(path)
    raw.executescript((FIXTURES / "project_schema_v1.sql").read_text("utf-8"))
    raw.execute(f"PRAGMA application_id = {database.APPLICATION_ID}")
    raw.commit()
    raw.close()
    assert read_summary(path) is None
    assert cli.main(["info", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "Name:            Schema 1 project" in lines and "Documents:       2" in lines
    assert f"Schema version:  {database.SCHEMA_VERSION}" in lines
    assert len(list(database.backup_dir(path).glob("*.afpak"))) == 1
    upgraded = tmp_path / "upgraded.afpak"
    shutil.copy(path, upgraded)
    assert read_summary(upgraded).documents == 2  # now at the current schema: read quickly
