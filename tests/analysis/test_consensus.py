"""Reconciling disagreements into the claims of the Consensus coder."""

import pytest
from agreement_fixtures import AIRSTRIKES, MILITANCY

from afpak_coder.analysis import consensus
from afpak_coder.analysis.agreement_report import agreement_report
from afpak_coder.core.errors import NotFoundError, ValidationError
from afpak_coder.core.progress import Cancelled, RecordingProgress


def _report(project):
    return agreement_report(project, coders=["Ayesha", "Bilal"], draws=0)


def test_accepting_a_version_creates_the_consensus_coder_and_its_claim(coded):
    project, article, _ = coded
    theme_disagreement = _report(project).disagreements[0]
    claim = consensus.accept(project, theme_disagreement, "Bilal")
    assert project.coder("Consensus")
    bilal = next(v for v in theme_disagreement.versions if v.coder == "Bilal")
    assert (claim.start, claim.end, claim.theme.path_label, claim.stance.value) == (
        bilal.start, bilal.end, AIRSTRIKES, -2)
    assert claim.document.id == article.id and claim.coder.name == "Consensus"


def test_accepting_again_replaces_the_earlier_consensus(coded):
    project, *_ = coded
    disagreement = _report(project).disagreements[0]
    consensus.accept(project, disagreement, "Bilal")
    consensus.accept(project, disagreement, "Ayesha")
    claims = project.claims(coder="Consensus")
    assert len(claims) == 1 and claims[0].theme.path_label == MILITANCY
    assert consensus.consensus_claims(project, disagreement) == claims


def test_accepting_no_claim_removes_the_consensus_claim(coded):
    project, *_ = coded
    unmatched = _report(project).disagreements[2]
    consensus.accept(project, unmatched, "Ayesha")
    assert len(project.claims(coder="Consensus")) == 1
    consensus.accept(project, unmatched, "Bilal")  # Bilal made no claim here: the consensus is "no claim"
    assert project.claims(coder="Consensus") == []


def test_a_merged_version(coded):
    project, *_ = coded
    disagreement = _report(project).disagreements[1]  # target and stance differ
    ayesha = next(v for v in disagreement.versions if v.coder == "Ayesha")
    claim = consensus.record(project, disagreement, consensus.claim_values(ayesha, stance=-2, memo="agreed in meeting"))
    assert claim.stance.value == -2 and claim.target.name == "Pakistani government" and claim.memo == "agreed in meeting"
    with pytest.raises(ValidationError, match="no claim here"):
        consensus.claim_values(consensus.Version("Bilal"))
    with pytest.raises(NotFoundError):
        consensus.accept(project, disagreement, "Clara")


def test_accept_all_and_copy_agreed_with_progress(coded):
    project, *_ = coded
    report = agreement_report(project, coders=["Ayesha", "Bilal"], draws=0)
    progress = RecordingProgress()
    assert consensus.accept_all(project, report.disagreements, "Ayesha", progress=progress) == 3
    assert len(project.claims(coder="Consensus")) == 3
    assert progress.updates[-1] == (3, 3, "Done")
    with pytest.raises(Cancelled):
        consensus.accept_all(project, report.disagreements, "Bilal", progress=RecordingProgress(cancel_after=1))


def test_copy_agreed_skips_passages_already_reconciled(tmp_path):
    from afpak_coder.core.sample import build_sample_project

    with build_sample_project(tmp_path / "sample.afpak") as project:
        report = agreement_report(project, coders=["Ayesha", "Clara"], draws=0)
        assert report.agreed
        added = consensus.copy_agreed(project, report.agreed, progress=RecordingProgress())
        assert added == len(report.agreed)
        assert consensus.copy_agreed(project, report.agreed) == 0  # nothing twice
        # The consensus coder is left out of agreement by default and exports like any coder.
        frame = project.claims_frame(coder="Consensus")
        assert len(frame) == added
        assert agreement_report(project, draws=0).settings.coders == ("Ayesha", "Bilal", "Clara")
