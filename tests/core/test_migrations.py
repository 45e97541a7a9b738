"""Real files of older schema versions, migrated forward. Fixtures are SQL dumps made by the
version named in each file's first line."""

import sqlite3
from pathlib import Path

import afpak_coder
from afpak_coder.core import database

FIXTURES = Path(__file__).parent / "fixtures"


def file_from_dump(tmp_path, dump: str) -> Path:
    path = tmp_path / "old.afpak"
    raw = sqlite3.connect(path)
    raw.executescript((FIXTURES / dump).read_text("utf-8"))
    raw.execute(f"PRAGMA application_id = {database.APPLICATION_ID}")
    raw.commit()
    raw.close()
    return path


def test_a_schema_1_file_opens_with_everything_kept_and_gains_search(tmp_path):
    path = file_from_dump(tmp_path, "project_schema_v1.sql")
    with afpak_coder.open_project(path) as project:
        assert project.schema_version == database.SCHEMA_VERSION
        assert project.name == "Schema 1 project"
        documents = {d.title: d for d in project.documents()}
        assert set(documents) == {"Torkham", "اردو"}
        assert sorted(d.number for d in documents.values()) == [1, 2]
        claims = project.claims()
        assert len(claims) == 2
        for claim in claims:
            assert claim.quote == claim.document.text[claim.start:claim.end]
        assert {c.memo for c in claims} == {"agreement", ""}
        assert [hit.match for hit in project.search("torkham")] == ["Torkham"]
        assert [hit.document.title for hit in project.search("سرحد")] == ["اردو"]
        assert {v.name: v.kind for v in project.variables()} == {}
        assert not any(t.proposed for t in project.themes())
        # The migrated file takes new work like a new one.
        new = project.add_document("Chaman crossing reopened for pedestrians.", title="Chaman")
        assert new.number == 3
        assert project.search("chaman")[0].document == new
    assert len(list(database.backup_dir(path).glob("*before-migration-v1-to-v2*.afpak"))) == 1
