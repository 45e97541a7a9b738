"""The fast read and write paths (plain SQL, ids matched as stored text, records built directly)
must give exactly what the ORM reads from the same file."""

import collections
import dataclasses
import datetime as dt
import gc
import uuid

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

import afpak_coder
from afpak_coder.core import database, models, records, service_base
from afpak_coder.core.sample import build_sample_project
from afpak_coder.core.service_base import as_utc
from afpak_coder.core.stored import collector_paused, new_uuid_hexes


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    path = tmp_path_factory.mktemp("sample") / "sample.afpak"
    with build_sample_project(path) as project:
        document = next(d for d in project.documents() if d.language == "ur")
        # Claims as an import brings them: own ids and times, no target, no stance.
        project.add_claims([
            dict(id=uuid.UUID(int=7), document=document, coder="Clara", start=0, end=5, theme="Security",
                 actor="Pakistani government", stance=None, memo="imported",
                 created=dt.datetime(2024, 5, 1, 8, 30, 15, 250, tzinfo=dt.timezone.utc),
                 updated=dt.datetime(2024, 6, 2, 9, 0, tzinfo=dt.timezone.utc)),
            dict(id=str(uuid.UUID(int=8)), document=document.id, coder="Clara", start=1, end=6, theme="Security",
                 actor="Pakistani government", target="", stance=2),
        ])
        yield path, project


def orm(path):
    engine = database.make_engine(path)
    try:
        with Session(engine) as session:
            claims = session.execute(select(models.Claim)).scalars().all()
            documents = session.execute(select(models.Document)).scalars().all()
            texts = dict(session.execute(select(models.DocumentText.number, models.DocumentText.text)).all())
            session.expunge_all()
            return claims, documents, texts
    finally:
        engine.dispose()


def every_field(record):
    return {f.name: getattr(record, f.name) for f in dataclasses.fields(record) if not f.name.startswith("_")}


def test_claims_are_what_the_orm_reads(sample):
    path, project = sample
    stored, _documents, _texts = orm(path)
    claims = project.claims()
    assert len(claims) == len(stored) == 254
    by_id = {row.id: row for row in stored}
    for claim in claims:
        row = by_id[claim.id]
        assert every_field(claim).keys() == {f.name for f in dataclasses.fields(records.Claim)}
        assert (claim.document.id, claim.coder.id, claim.theme.id, claim.actor.id) == (
            row.document_id, row.coder_id, row.theme_id, row.actor_id)
        assert (claim.target.id if claim.target else None) == row.target_id
        assert (claim.stance.id if claim.stance else None) == row.stance_id
        assert (claim.start, claim.end, claim.quote, claim.memo) == (row.start, row.end, row.quote, row.memo)
        assert (claim.created, claim.updated) == (as_utc(row.created_at), as_utc(row.updated_at))
        assert claim.created.tzinfo is not None
        assert claim.quote == claim.document.text[claim.start:claim.end]
    keys = [(c.document.id.hex, c.start, c.end) for c in claims]
    assert keys == sorted(keys)
    imported = project.claim(uuid.UUID(int=7))
    assert imported.created == dt.datetime(2024, 5, 1, 8, 30, 15, 250, tzinfo=dt.timezone.utc)
    assert imported.updated == dt.datetime(2024, 6, 2, 9, 0, tzinfo=dt.timezone.utc)
    assert (imported.stance, imported.target, imported.memo) == (None, None, "imported")
    assert project.claim(str(uuid.UUID(int=8))).stance.value == 2


def test_claims_of_one_document_and_one_coder_are_the_matching_subset(sample):
    _path, project = sample
    everything = project.claims()
    for document in project.documents():
        for coder in project.coders():
            expected = [c for c in everything if c.document == document and c.coder == coder]
            found = project.claims(document=document, coder=coder)
            assert [every_field(c) | {"document": c.document.id} for c in found] == [
                every_field(c) | {"document": c.document.id} for c in expected]
    assert project.claims(coder="Bilal") == [c for c in everything if c.coder.name == "Bilal"]


def test_claim_counts_are_the_orm_counts(sample):
    path, project = sample
    stored, _documents, _texts = orm(path)
    expected = collections.Counter((row.document_id, row.coder_id) for row in stored)
    counts = project.claim_counts()
    assert counts == dict(expected)
    assert all(isinstance(d, uuid.UUID) and isinstance(c, uuid.UUID) for d, c in counts)
    document = project.documents()[0]
    assert project.claim_counts(document) == {key: n for key, n in expected.items() if key[0] == document.id}


def test_documents_are_what_the_orm_reads(sample):
    path, project = sample
    _claims, stored, texts = orm(path)
    documents = {d.id: d for d in project.documents()}
    assert len(documents) == len(stored) == 11
    for row in stored:
        document = documents[row.id]
        assert every_field(document) == {
            "id": row.id, "number": row.number, "title": row.title, "outlet": row.outlet, "author": row.author,
            "published": row.published, "url": row.url, "language": row.language, "direction": row.direction,
            "genre": row.genre, "variables": row.variables, "sha256": row.sha256, "length": row.length,
            "source_path": row.source_path, "source_format": row.source_format,
            "normalisation": tuple(row.normalisation), "imported_at": as_utc(row.imported_at), "memo": row.memo,
        }
        assert document.text == texts[row.number] and len(document.text) == row.length
    titles = [(d.title.casefold(), d.imported_at) for d in project.documents()]
    assert titles == sorted(titles)


def test_records_do_not_share_their_variables(sample):
    _path, project = sample
    first, second = project.documents()[:2]
    assert first.variables is not second.variables
    assert project.documents()[0].variables is not first.variables


def test_claims_over_many_documents_read_every_document_once(sample, monkeypatch):
    _path, project = sample
    expected = [every_field(c) | {"document": every_field(c.document)} for c in project.claims()]
    monkeypatch.setattr(service_base, "_MAX_IN_LIST", 2)  # as if the project had thousands of documents
    found = [every_field(c) | {"document": every_field(c.document)} for c in project.claims()]
    assert found == expected


def test_a_bulk_import_larger_than_one_batch_gets_distinct_new_ids(project):
    document = project.add_document("Torkham reopened after talks. " * 400, title="long")
    coder = project.add_coder("Ayesha")
    claims = [dict(document=document, coder=coder, start=i, end=i + 10, theme="Security",
                   actor="Pakistani government", stance=0) for i in range(5_003)]
    assert project.add_claims(claims) == 5_003
    stored = project.claims()
    ids = {c.id for c in stored}
    assert len(ids) == 5_003
    assert {i.version for i in ids} == {4} and {i.variant for i in ids} == {uuid.RFC_4122}
    assert {(c.start, c.end) for c in stored} == {(i, i + 10) for i in range(5_003)}
    assert project.claim_counts() == {(document.id, coder.id): 5_003}


def test_new_ids_are_random_version_4_uuids_as_stored():
    made = new_uuid_hexes(2_000)
    assert len(set(made)) == 2_000
    for value in made:
        parsed = uuid.UUID(value)
        assert (parsed.hex, parsed.version, parsed.variant) == (value, 4, uuid.RFC_4122)


def test_pausing_the_collector_restores_it_as_it_was():
    assert gc.isenabled()
    with pytest.raises(RuntimeError):
        with collector_paused():
            assert not gc.isenabled()
            raise RuntimeError("building records failed")
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # the caller's choice is left alone
    finally:
        gc.enable()


def test_a_read_only_project_lists_documents_claims_and_counts(tmp_path, sample):
    path, project = sample
    expected_counts, expected_claims = project.claim_counts(), [c.id for c in project.claims()]
    copy = project.save_copy(tmp_path / "copy.afpak")
    copy.chmod(0o444)
    try:
        with afpak_coder.open_project(copy, read_only=True) as opened:
            assert opened.claim_counts() == expected_counts
            assert [c.id for c in opened.claims()] == expected_claims
            assert len(opened.documents()) == 11
    finally:
        copy.chmod(0o644)


def test_a_bulk_import_alternating_between_documents_quotes_each_from_its_own_text(project, monkeypatch):
    from afpak_coder.core import claim_checks

    monkeypatch.setattr(claim_checks, "_TEXT_BUDGET", 50)  # keep at most one text at a time
    first = project.add_document("Torkham crossing reopened on Friday after talks.", title="first")
    second = project.add_document("طورخم کی سرحد دوبارہ کھل گئی۔ تاجروں نے خوشی کا اظہار کیا۔", title="second")
    coder = project.add_coder("Ayesha")
    spans = [(first, 0, 7), (second, 0, 5), (first, 8, 16), (second, 6, 10), (first, 0, 7)]
    project.add_claims([dict(document=d, coder=coder, start=a, end=b, theme="Security", actor="China", stance=0)
                        for d, a, b in spans])
    assert sorted((c.document.title, c.quote) for c in project.claims()) == sorted(
        (d.title, d.text[a:b]) for d, a, b in spans)
