"""``Project.claim_chunks``: the claims in chunks of whole documents equal ``claims_frame``, also with
document variables (declared or not), missing titles, identical spans, and filters."""

import pandas as pd
import pytest

from afpak_coder.core import claim_chunks
from afpak_coder.core.sample import build_sample_project


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    path = tmp_path_factory.mktemp("chunks") / "sample.afpak"
    with build_sample_project(path) as project:
        project.define_variable("region", "text")
        coders = project.coders()
        # Variables used only in later documents (undeclared ones too), a missing title, and two
        # claims on the same span by one coder (ties keep the order they were read in).
        extra = [project.add_document("Border trade at Torkham resumed on Monday. Talks went on.", title=None,
                                      variables={"region": "Khyber", "Front page": "yes"}),
                 project.add_document("Chaman crossing reopened. Traders welcomed it.", title="Chaman",
                                      variables={"front page": "no"})]
        theme, actor = project.themes()[0], project.actors()[0]
        for document in extra:
            for coder in coders:
                for memo in ("first", "second"):
                    project.add_claim(document=document, coder=coder, start=0, end=6, theme=theme, actor=actor,
                                      memo=memo)
    return path


def concatenated(project, monkeypatch, **filters) -> tuple[pd.DataFrame, int, int]:
    monkeypatch.setattr(claim_chunks, "CHUNK_ROWS", 7)
    monkeypatch.setattr(claim_chunks, "DOCUMENTS_PER_CHUNK", 2)
    with project.claim_chunks(**filters) as chunks:
        frames = list(chunks)
        assert all(list(frame.columns) == chunks.columns for frame in frames)
        return claim_chunks.joined(frames), chunks.total, len(frames)


def test_the_chunks_together_are_the_claims_frame(sample, monkeypatch):
    import afpak_coder

    with afpak_coder.open_project(sample) as project:
        whole = project.claims_frame()
        joined, total, count = concatenated(project, monkeypatch)
    assert count > 10 and total == len(whole) == 252 + 12
    assert {"region", "front_page", "front_page_2"} <= set(whole.columns)
    pd.testing.assert_frame_equal(joined, whole)


def test_filtered_chunks_are_the_filtered_frame(sample, monkeypatch):
    import afpak_coder

    with afpak_coder.open_project(sample) as project:
        coder = project.coders()[1]
        documents = project.documents()[3:9]
        theme = project.themes()[0]
        whole = project.claims_frame(coder=coder)
        whole = whole[whole["document_id"].isin({str(d.id) for d in documents})].reset_index(drop=True)
        joined, total, _ = concatenated(project, monkeypatch, coders=[coder.name], documents=documents)
        pd.testing.assert_frame_equal(joined, whole[joined.columns.tolist()])
        assert total == len(whole) > 0
        by_theme, _, _ = concatenated(project, monkeypatch, themes=[theme])
        assert set(by_theme["theme"]) == {theme.name} and len(by_theme) == (project.claims_frame()["theme"]
                                                                             == theme.name).sum()


def test_no_claims_give_one_empty_frame_with_the_columns(sample, monkeypatch):
    import afpak_coder

    with afpak_coder.open_project(sample) as project:
        joined, total, count = concatenated(project, monkeypatch, documents=[])
        assert (total, count, len(joined)) == (0, 1, 0)
        assert joined.dtypes["stance"] == "Int64" and "quote" in joined.columns
