"""Coder copies coded on their own and merged back: claims land at the right offsets, a second merge
changes nothing, and a merge is all or nothing."""

import pytest

from afpak_coder.core.copies.apply import apply_merge
from afpak_coder.core.copies.make_copy import create_coder_copy
from afpak_coder.core.copies.plan import build_merge_plan
from afpak_coder.core.progress import Cancelled, RecordingProgress
from afpak_coder.core.project import open_project
from copies_helpers import backups, claim_args, contents


def code_in_copy(path, coder, spans, **fields):
    """Add claims at ``spans`` ((document number, start, end), ...) in the coder copy at ``path``."""
    with open_project(path) as copy:
        by_number = {d.number: d for d in copy.documents()}
        return [copy.add_claim(coder=coder, **claim_args(copy, by_number[n], start, end, **fields)).id
                for n, start, end in spans]


def merge(master, *paths, **options):
    return apply_merge(master, build_merge_plan(master, paths), **options)


def test_two_coders_merge_into_the_master_at_their_offsets(master, tmp_path):
    dana = create_coder_copy(master, "Dana", tmp_path / "dana.afpak").path
    emil = create_coder_copy(master, "Emil", tmp_path / "emil.afpak", documents=[3, 4]).path
    dana_ids = code_in_copy(dana, "Dana", [(1, 0, 40), (2, 10, 90), (11, 5, 60)], memo="Dana's reading")
    emil_ids = code_in_copy(emil, "Emil", [(3, 0, 30), (4, 100, 180)], stance=-1)
    before = len(master.claims())

    report = merge(master, dana, emil)

    assert (report.outcome("Dana").added, report.outcome("Emil").added) == (3, 2)
    assert report.changed and report.backup is not None and report.backup.exists()
    assert len(master.claims()) == before + 5
    merged = {c.id: c for c in master.claims()}
    for claim_id in dana_ids + emil_ids:
        claim = merged[claim_id]
        assert claim.quote == claim.document.text[claim.start:claim.end]
    assert {merged[i].coder.name for i in dana_ids} == {"Dana"} and {merged[i].memo for i in dana_ids} == {"Dana's reading"}
    assert {merged[i].stance.value for i in emil_ids} == {-1}
    by_number = {d.number: d.id for d in master.documents()}
    assert sorted((merged[i].document.id, merged[i].start, merged[i].end) for i in emil_ids) == \
        sorted([(by_number[3], 0, 30), (by_number[4], 100, 180)])


def test_the_same_file_merged_twice_changes_nothing(master, tmp_path):
    dana = create_coder_copy(master, "Dana", tmp_path / "dana.afpak").path
    code_in_copy(dana, "Dana", [(1, 0, 40), (2, 10, 90)])
    merge(master, dana)
    after_first = contents(master)
    first_backups = backups(master)

    again = merge(master, dana)

    assert contents(master) == after_first
    assert not again.changed and again.backup is None and backups(master) == first_backups
    assert (again.outcome("Dana").added, again.outcome("Dana").unchanged) == (0, 2)
    assert "Nothing to change" in again.text()


def test_a_copy_started_with_the_coders_own_claims_merges_back_unchanged(master, tmp_path):
    ayesha = create_coder_copy(master, "Ayesha", tmp_path / "ayesha.afpak").path
    before = contents(master)
    report = merge(master, ayesha)
    assert contents(master) == before and not report.changed
    assert report.outcome("Ayesha").unchanged == len(master.claims(coder="Ayesha"))


def test_coding_statuses_come_back(master, tmp_path):
    dana = create_coder_copy(master, "Dana", tmp_path / "dana.afpak").path
    with open_project(dana) as copy:
        document = sorted(copy.documents(), key=lambda d: d.number)[0]
        copy.set_status(document, "Dana", "done")
    report = merge(master, dana)
    assert report.outcome("Dana").statuses == 1
    assert master.statuses(coder="Dana") == {(document.id, master.coder("Dana").id): "done"}


def test_a_dry_run_writes_nothing(master, tmp_path):
    dana = create_coder_copy(master, "Dana", tmp_path / "dana.afpak").path
    code_in_copy(dana, "Dana", [(1, 0, 40)])
    with open_project(dana) as copy:
        copy.add_theme("Smuggling")
    before = contents(master)
    report = merge(master, dana, dry_run=True)
    assert report.dry_run and report.outcome("Dana").added == 1 and report.changed
    assert "Dry run" in report.text()
    assert contents(master) == before and backups(master) == []


def test_cancel_and_failure_leave_the_master_as_it_was(master, tmp_path, monkeypatch):
    dana = create_coder_copy(master, "Dana", tmp_path / "dana.afpak").path
    code_in_copy(dana, "Dana", [(1, 0, 40), (2, 0, 50)])
    with open_project(dana) as copy:
        copy.add_actor("Chaman traders")
    before = contents(master)
    with pytest.raises(Cancelled):
        merge(master, dana, progress=RecordingProgress(cancel_after=3))
    assert contents(master) == before

    from afpak_coder.core.copies import apply

    def write_then_fail(self, connection):
        original_write(self, connection)  # everything is written inside the transaction ...
        raise OSError("disk full")  # ... and then something fails before the commit

    original_write = apply._Merge.write
    monkeypatch.setattr(apply._Merge, "write", write_then_fail)
    with pytest.raises(OSError):
        merge(master, dana)
    assert contents(master) == before
    assert len(backups(master)) == 1  # the backup was taken before writing


def test_another_open_window_sees_the_merged_codebook_and_coders(master, tmp_path):
    dana = create_coder_copy(master, "Dana", tmp_path / "dana.afpak").path
    with open_project(dana) as copy:
        theme = copy.add_theme("Smuggling")
        copy.add_claim(coder="Dana", **claim_args(copy, copy.documents()[0], 0, 20, theme=theme))
    with open_project(master.path) as window:
        assert "Smuggling" not in [t.name for t in window.themes()]  # its codebook is now cached
        merge(master, dana)
        assert "Smuggling" in [t.name for t in window.themes()]
        assert [c.theme.name for c in window.claims(coder="Dana")] == ["Smuggling"]
