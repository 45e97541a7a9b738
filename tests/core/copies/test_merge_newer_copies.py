"""A newer version of a coder copy: the coder's edits and deletions reach the master; the lead's own
edits and deletions in the master are not overwritten."""

import shutil

import pytest

from afpak_coder.core.copies.apply import DELETED_BY_CODER, DELETED_IN_MASTER, apply_merge
from afpak_coder.core.copies.make_copy import create_coder_copy
from afpak_coder.core.copies.plan import build_merge_plan
from afpak_coder.core.project import open_project
from copies_helpers import claim_args


def merge(master, *paths):
    return apply_merge(master, build_merge_plan(master, paths))


@pytest.fixture
def dana(master, tmp_path):
    """Dana's copy with three claims, merged once."""
    path = create_coder_copy(master, "Dana", tmp_path / "dana.afpak").path
    with open_project(path) as copy:
        document = sorted(copy.documents(), key=lambda d: d.number)[0]
        for start in (0, 50, 100):
            copy.add_claim(coder="Dana", **claim_args(copy, document, start, start + 30))
    merge(master, path)
    return path


def claims_of(project, coder):
    return sorted(project.claims(coder=coder), key=lambda c: c.start)


def test_edits_deletions_and_new_claims_of_the_coder_reach_the_master(master, dana):
    with open_project(dana) as copy:
        first, second, third = claims_of(copy, "Dana")
        copy.update_claim(first, memo="on second thought", stance=2)
        copy.delete_claim(second)
        added = copy.add_claim(coder="Dana", **claim_args(copy, first.document, 200, 260))
    report = merge(master, dana)
    outcome = report.outcome("Dana")
    assert (outcome.added, outcome.updated, outcome.removed, outcome.unchanged) == (1, 1, 1, 1)
    merged = {c.id: c for c in master.claims(coder="Dana")}
    assert set(merged) == {first.id, third.id, added.id}
    assert merged[first.id].memo == "on second thought" and merged[first.id].stance.value == 2
    assert merged[added.id].quote == merged[added.id].document.text[200:260]
    # And once more: nothing left to do.
    again = merge(master, dana).outcome("Dana")
    assert (again.added, again.updated, again.removed, again.unchanged) == (0, 0, 0, 3)


def test_the_leads_edit_in_the_master_stands_against_an_unedited_copy(master, dana):
    first = claims_of(master, "Dana")[0]
    master.update_claim(first, memo="the lead's correction")
    outcome = merge(master, dana).outcome("Dana")
    assert outcome.updated == 0 and outcome.conflicts == []
    assert master.claim(first.id).memo == "the lead's correction"


def test_edited_on_both_sides_is_a_conflict_and_the_master_keeps_its_version(master, dana):
    first = claims_of(master, "Dana")[0]
    master.update_claim(first, memo="the lead's correction")
    with open_project(dana) as copy:
        copy.update_claim(first.id, memo="the coder's change")
    report = merge(master, dana)
    (conflict,) = report.outcome("Dana").conflicts
    assert "edited in the coder file and in the master" in conflict and "document 1, 0–30" in conflict
    assert master.claim(first.id).memo == "the lead's correction"
    assert report.conflicts == 1 and "1 conflicts" in report.text()


def test_a_claim_the_lead_deleted_is_not_brought_back(master, dana):
    first = claims_of(master, "Dana")[0]
    master.delete_claim(first)
    outcome = merge(master, dana).outcome("Dana")
    assert outcome.skipped == {DELETED_IN_MASTER: 1} and outcome.added == 0
    assert first.id not in {c.id for c in master.claims()}


def test_a_claim_the_coder_deleted_but_the_lead_edited_is_kept_as_a_conflict(master, dana):
    first = claims_of(master, "Dana")[0]
    master.update_claim(first, memo="the lead's correction")
    with open_project(dana) as copy:
        copy.delete_claim(first.id)
    outcome = merge(master, dana).outcome("Dana")
    assert outcome.removed == 0 and "deleted in the coder file but edited in the master" in outcome.conflicts[0]
    assert master.claim(first.id).memo == "the lead's correction"


def test_deleting_the_coders_own_master_claims_in_a_new_copy_removes_them(master, tmp_path):
    path = create_coder_copy(master, "Bilal", tmp_path / "bilal.afpak", documents=[1]).path
    with open_project(path) as copy:
        own = copy.claims()
        assert own
        copy.delete_claim(own[0])
    outcome = merge(master, path).outcome("Bilal")
    assert outcome.removed == 1 and outcome.unchanged == len(own) - 1
    assert own[0].id not in {c.id for c in master.claims()}
    # Bilal's claims on documents outside the copy are not touched.
    assert {c.document.number for c in master.claims(coder="Bilal")} - {1}


def test_an_older_version_of_a_copy_after_a_newer_one_changes_nothing(master, dana, tmp_path):
    old = tmp_path / "dana-old.afpak"
    shutil.copy(dana, old)  # the file as sent the first time (the copy is closed and checkpointed)
    with open_project(dana) as copy:
        first, second, _third = claims_of(copy, "Dana")
        copy.update_claim(first, memo="newer")
        copy.delete_claim(second)
        added = copy.add_claim(coder="Dana", **claim_args(copy, first.document, 300, 330))
    merge(master, dana)
    after_newer = {c.id: c.memo for c in master.claims(coder="Dana")}
    assert set(after_newer) == {first.id, _third.id, added.id}

    outcome = merge(master, old).outcome("Dana")

    # The old file has the first claim in an older version, still has the second (deleted since) and
    # never had the added one: nothing of that reaches the master.
    assert {c.id: c.memo for c in master.claims(coder="Dana")} == after_newer
    assert (outcome.added, outcome.updated, outcome.removed) == (0, 0, 0)
    assert outcome.skipped == {DELETED_BY_CODER: 1}


def test_a_claim_moved_to_a_document_outside_the_copy_is_not_removed(master, tmp_path):
    path = create_coder_copy(master, "Clara", tmp_path / "clara.afpak", documents=[2]).path
    with open_project(path) as copy:
        document = copy.documents()[0]
        copy.delete_document(document, with_claims=True)
        copy.add_document("A text only this coder has.", title="Private")
    before = len(master.claims(coder="Clara"))
    outcome = merge(master, path).outcome("Clara")
    assert outcome.removed == 0 and len(master.claims(coder="Clara")) == before
    assert sum(outcome.skipped.values()) == len(master.claims(document=document.id, coder="Clara"))
