"""The ready-made sample project: original articles and three coders' claims, built from text files."""

import datetime as dt

import pytest

from afpak_coder.core.errors import ValidationError
from afpak_coder.core.sample import build_sample_project, find_span, read_article


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    with build_sample_project(tmp_path_factory.mktemp("sample") / "sample.afpak") as project:
        yield project


def test_sample_has_varied_articles(sample):
    documents = sample.documents()
    assert 10 <= len(documents) <= 12
    languages = {d.language for d in documents}
    assert "ur" in languages and languages & {"fa-AF", "ps", "prs", "fa"}
    assert {d.direction for d in documents if d.language != "en"} == {"rtl"}
    assert all(dt.date(2023, 1, 1) <= d.published <= dt.date(2026, 12, 31) for d in documents)
    countries = {d.variables.get("outlet_country") for d in documents}
    assert len(countries) >= 5
    assert any(any(ord(ch) > 0xFFFF for ch in d.text) for d in documents), "one article needs emoji"
    assert all(d.outlet and d.author and d.url for d in documents)


def test_sample_codings_by_three_coders_fit_their_text(sample):
    claims = sample.claims()
    assert len(claims) >= 60
    assert len(sample.coders()) == 3
    per_coder = sample.summary().claims_per_coder
    assert all(count >= 10 for count in per_coder.values())
    for claim in claims:
        assert claim.quote == claim.document.text[claim.start : claim.end]
    rtl_coded = {c.document.id for c in claims if c.document.direction == "rtl"}
    assert len(rtl_coded) == 2
    shared = {}
    for claim in claims:
        shared.setdefault(claim.document.id, set()).add(claim.coder.name)
    assert sum(len(names) >= 2 for names in shared.values()) >= 6


def test_sample_coders_disagree_somewhere(sample):
    frame = sample.claims_frame()
    by_span = frame.groupby(["document_id", "start", "end"])
    mixed = [group for _, group in by_span if group["coder"].nunique() > 1 and
             (group["theme"].nunique() > 1 or group["stance"].nunique() > 1 or group["actor"].nunique() > 1)]
    partial = frame.groupby("document_id")["start"].nunique().max() > 1
    assert mixed or partial


def test_sample_statuses_are_loaded(sample):
    assert "done" in set(sample.statuses().values())


def test_article_parsing_and_quote_lookup():
    metadata, body = read_article("x.md", "---\ntitle: T\npublished: 2024-01-02\n---\n\nBody one. Body one.\n")
    assert metadata == {"title": "T", "published": dt.date(2024, 1, 2)}
    assert body == "Body one. Body one."
    assert find_span(body, "Body one.", 2) == (10, 19)
    with pytest.raises(ValidationError, match="not found"):
        find_span(body, "Body two.")
    with pytest.raises(ValidationError, match="front matter"):
        read_article("y.md", "no front matter")


def test_building_over_an_existing_file_is_refused(tmp_path):
    path = tmp_path / "mine.afpak"
    path.write_text("keep me")
    with pytest.raises(Exception, match="already exists"):
        build_sample_project(path)
    assert path.read_text() == "keep me"
