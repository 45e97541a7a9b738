"""Real files of older schema versions, migrated forward. Fixtures are SQL dumps made by the
version named in each file's first line."""

import sqlite3
import uuid
from pathlib import Path

import pytest

import afpak_coder
from afpak_coder.core import database
from afpak_coder.core.claim_query import QUERY_INDEXES
from afpak_coder.core.errors import NotFoundError

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
    (backup,) = database.backup_dir(path).glob("*.afpak")
    assert f"before-migration-v1-to-v{database.SCHEMA_VERSION}" in backup.name
    assert_schema_3_layout(path)


def assert_schema_3_layout(path: Path) -> None:
    """Texts live in document_text (not in document), the index and the triggers point there;
    (schema 4) a claim's actor may be missing and documents have a memo; (schema 5) claims, themes and
    actors carry a version, 1 unless changed."""
    raw = sqlite3.connect(path)
    try:
        claim_columns = {row[1]: row for row in raw.execute("PRAGMA table_info(claim)")}
        assert claim_columns["actor_id"][3] == 0 and claim_columns["theme_id"][3] == 1  # notnull flags
        memo = {row[1]: row for row in raw.execute("PRAGMA table_info(document)")}["memo"]
        assert memo[3] == 1 and memo[4] == "''"
        for table in ("claim", "theme", "actor"):
            version = {row[1]: row for row in raw.execute(f"PRAGMA table_info({table})")}["version"]
            assert (version[2], version[3], version[4]) == ("INTEGER", 1, "1")  # type, not null, default
        indexes = {row[0] for row in raw.execute("SELECT name FROM sqlite_master WHERE type = 'index' "
                                                 "AND tbl_name = 'claim' AND sql IS NOT NULL")}
        assert indexes == {"ix_claim_document_coder", "ix_claim_coder", "ix_claim_theme", "ix_claim_actor",
                           "ix_claim_target", "ix_claim_stance", *QUERY_INDEXES}  # the last made at open
        foreign = {(row[3], row[2], row[6]) for row in raw.execute("PRAGMA foreign_key_list(claim)")}
        assert foreign == {("document_id", "document", "RESTRICT"), ("coder_id", "coder", "RESTRICT"),
                           ("theme_id", "theme", "RESTRICT"), ("actor_id", "actor", "RESTRICT"),
                           ("target_id", "actor", "RESTRICT"), ("stance_id", "stance_level", "RESTRICT")}
        assert "text" not in [row[1] for row in raw.execute("PRAGMA table_info(document)")]
        assert [row[1] for row in raw.execute("PRAGMA table_info(document_text)")] == ["number", "text"]
        (fts,) = raw.execute("SELECT sql FROM sqlite_master WHERE name = 'document_fts'").fetchone()
        assert "content='document_text'" in fts
        triggers = dict(raw.execute("SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger'").fetchall())
        assert triggers == {"document_text_immutable": "document_text", "document_hash_immutable": "document",
                            "document_fts_insert": "document_text", "document_fts_delete": "document_text"}
        assert raw.execute("PRAGMA foreign_key_check").fetchall() == []
        assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        counts = raw.execute("SELECT (SELECT count(*) FROM document), (SELECT count(*) FROM document_text)").fetchone()
        assert counts[0] == counts[1]
    finally:
        raw.close()


def dump_rows(path: Path, query: str) -> list[tuple]:
    raw = sqlite3.connect(path)
    try:
        return raw.execute(query).fetchall()
    finally:
        raw.close()


def test_a_schema_2_file_moves_its_texts_out_and_keeps_everything(tmp_path):
    path = file_from_dump(tmp_path, "project_schema_v2.sql")
    texts_before = dump_rows(path, "SELECT id, number, text FROM document ORDER BY number")
    claims_before = dump_rows(path, "SELECT * FROM claim ORDER BY id")
    statuses_before = dump_rows(path, "SELECT * FROM coding_status ORDER BY document_id")
    with afpak_coder.open_project(path) as project:
        assert project.schema_version == database.SCHEMA_VERSION == 5
        assert project.name == "Schema 2 project"
        documents = {d.title: d for d in project.documents()}
        assert [(d.id.hex, d.number, d.text) for d in sorted(documents.values(), key=lambda d: d.number)] == texts_before
        assert documents["Torkham"].variables == {"outlet_country": "Pakistan", "words": 10}
        claims = project.claims()
        assert len(claims) == 3
        for claim in claims:
            assert claim.quote == claim.document.text[claim.start:claim.end]
        assert {c.coder.name for c in claims} == {"Ayesha", "Bilal"}
        assert [hit.document.title for hit in project.search("doha")] == ["Chaman"]
        assert [hit.document.title for hit in project.search("سرحد")] == ["اردو"]
        assert [t.name for t in project.themes() if t.proposed] == ["Smuggling"]
        assert [a.name for a in project.actors() if a.proposed] == ["Chaman traders"]
        assert {v.name: v.kind for v in project.variables()} == {"outlet_country": "category", "words": "number"}
        # New work: a new document is numbered on, found by search, and deleting it takes its text along.
        new = project.add_document("Angoor Adda crossing reopened for trucks.", title="Angoor Adda")
        assert new.number == 4 and project.search("angoor")[0].document == new
        project.delete_document(new)
        assert project.search("angoor") == []
        with pytest.raises(NotFoundError, match="no longer exists"):
            _ = new.text  # read on first use: the text went with the document
    assert dump_rows(path, "SELECT * FROM claim ORDER BY id") == [(*row, 1) for row in claims_before]  # + version
    assert dump_rows(path, "SELECT * FROM coding_status ORDER BY document_id") == statuses_before
    assert dump_rows(path, "SELECT d.id, d.number, t.text FROM document AS d JOIN document_text AS t "
                           "USING (number) ORDER BY d.number") == texts_before
    assert dump_rows(path, "SELECT value FROM project_info WHERE key = 'codebook_revision'") == [("0",)]
    (backup,) = database.backup_dir(path).glob("*before-migration*.afpak")  # deleting took one too
    assert "before-migration-v2-to-v5" in backup.name
    assert dump_rows(backup, "SELECT id, number, text FROM document ORDER BY number") == texts_before
    assert_schema_3_layout(path)


def test_a_new_file_has_the_schema_3_layout(tmp_path):
    path = tmp_path / "new.afpak"
    with afpak_coder.create_project(path) as project:
        document = project.add_document("Torkham reopened.", title="t")
        assert project.document(document.id).text == "Torkham reopened."
    assert_schema_3_layout(path)
    assert dump_rows(path, "SELECT value FROM project_info WHERE key = 'codebook_revision'") != []
    assert dump_rows(path, "SELECT number, text FROM document_text") == [(1, "Torkham reopened.")]
    assert dump_rows(path, "SELECT id FROM document") == [(document.id.hex,)]
    assert isinstance(document.id, uuid.UUID)


def test_a_schema_3_file_lets_claims_lack_an_actor_and_documents_hold_a_memo(tmp_path):
    path = file_from_dump(tmp_path, "project_schema_v3.sql")
    claims_before = dump_rows(path, "SELECT * FROM claim ORDER BY id")
    documents_before = dump_rows(path, "SELECT * FROM document ORDER BY number")
    with afpak_coder.open_project(path) as project:
        assert project.schema_version == 5
        assert project.name == "Schema 3 project"
        claims = project.claims()
        assert len(claims) == 3 and not any(c.is_incomplete for c in claims if c.stance is not None)
        assert [c.missing for c in claims if c.stance is None] == [("stance",)]
        documents = {d.title: d for d in project.documents()}
        assert {d.memo for d in documents.values()} == {""}
        # New work the old schema refused: a claim without an actor, a document memo.
        torkham = documents["Torkham"]
        claim = project.add_claim(document=torkham, coder="Ayesha", start=0, end=9, theme=claims[0].theme, actor=None)
        assert claim.actor is None and claim.is_incomplete and claim.incomplete_label == "incomplete: no actor, no stance"
        assert project.claim(claim.id).missing == ("actor", "stance")
        assert project.set_document_memo(torkham, "check the date").memo == "check the date"
        assert [hit.document.title for hit in project.search("torkham")] == ["Torkham"]
    assert dump_rows(path, f"SELECT * FROM claim WHERE id != '{claim.id.hex}' ORDER BY id") == [
        (*row, 1) for row in claims_before]  # each with version 1
    assert [row[:-1] for row in dump_rows(path, "SELECT * FROM document ORDER BY number")] == documents_before
    (backup,) = database.backup_dir(path).glob("*.afpak")
    assert "before-migration-v3-to-v5" in backup.name
    assert dump_rows(backup, "SELECT * FROM claim ORDER BY id") == claims_before
    assert_schema_3_layout(path)


def test_a_schema_4_file_gives_claims_themes_and_actors_a_version(tmp_path):
    path = file_from_dump(tmp_path, "project_schema_v4.sql")
    tables = {table: dump_rows(path, f"SELECT * FROM {table} ORDER BY id") for table in ("claim", "theme", "actor")}
    documents_before = dump_rows(path, "SELECT * FROM document ORDER BY number")
    with afpak_coder.open_project(path) as project:
        assert project.schema_version == database.SCHEMA_VERSION == 5
        assert project.name == "Schema 4 project"
        claims = project.claims()
        assert len(claims) == 4 and {c.version for c in claims} == {1}
        assert [c.memo for c in claims if c.actor is None] == ["actor unclear"]
        assert {t.version for t in project.themes()} == {1} and {a.version for a in project.actors()} == {1}
        # Every change from now on counts: the edited claim, theme and actor are at version 2.
        changed = project.update_claim(claims[0], memo="reread")
        assert changed.version == 2 and project.claim(changed.id).version == 2
        assert project.update_theme(claims[0].theme, definition="border crossings").version == 2
        assert project.update_actor(claims[0].actor, type="state").version == 2
    for table, before in tables.items():
        after = dict((row[0], row) for row in dump_rows(path, f"SELECT * FROM {table} ORDER BY id"))
        assert len(after) == len(before)
        for row in before:
            # The migrated row is the old row plus its version: 1, or 2 for the one changed above.
            assert after[row[0]][:len(row)] == row or row[0] in (changed.id.hex, claims[0].theme.id.hex, claims[0].actor.id.hex)
            assert after[row[0]][-1] == (2 if row[0] in (changed.id.hex, claims[0].theme.id.hex, claims[0].actor.id.hex) else 1)
    assert dump_rows(path, "SELECT * FROM document ORDER BY number") == documents_before
    (backup,) = database.backup_dir(path).glob("*.afpak")
    assert "before-migration-v4-to-v5" in backup.name
    assert dump_rows(backup, "SELECT * FROM claim ORDER BY id") == tables["claim"]
    assert_schema_3_layout(path)
