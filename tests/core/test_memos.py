"""Memos on claims and on documents, listed and searched together."""

import pytest

from afpak_coder.core.errors import ValidationError

TEXT = "Islamabad closed Torkham. Kabul called it collective punishment."


@pytest.fixture
def noted(project):
    first = project.add_document(TEXT, title="First", published="2025-01-02")
    second = project.add_document(TEXT + " Again.", title="Second")
    ayesha, bilal = project.add_coder("Ayesha"), project.add_coder("Bilal")
    project.set_document_memo(second, "Check the Dawn follow-up on the closure")
    project.set_document_memo(first, "")

    def claim(document, coder, memo):
        return project.add_claim(document=document, coder=coder, start=0, end=25, theme="Security",
                                 actor="Pakistani government", stance=-1, memo=memo)

    claims = [claim(first, ayesha, "Closure as pressure?"), claim(first, bilal, "unsure of the actor"),
              claim(second, ayesha, "")]
    return project, first, second, claims


def test_document_memos_then_claim_memos_and_empty_ones_left_out(noted):
    project, first, second, claims = noted
    memos = project.memos()
    assert (memos[0].kind, memos[0].document, memos[0].text) == ("document", second,
                                                                 "Check the Dawn follow-up on the closure")
    assert sorted((m.kind, m.document.title, m.text) for m in memos[1:]) == [
        ("claim", "First", "Closure as pressure?"), ("claim", "First", "unsure of the actor")]
    assert {m.claim.id for m in memos if m.kind == "claim"} == {claims[0].id, claims[1].id}


def test_searching_kind_and_coder(noted):
    project, _first, second, claims = noted
    assert [(m.kind, m.text) for m in project.memos("CLOSURE")] == [
        ("document", "Check the Dawn follow-up on the closure"), ("claim", "Closure as pressure?")]
    assert [m.claim for m in project.memos(kind="claim", coder="Bilal")] == [claims[1]]
    assert [m.document for m in project.memos(kind="document")] == [second]
    assert project.memos("100%") == []
    with pytest.raises(ValidationError, match="kind claim or document"):
        project.memos(kind="theme")
