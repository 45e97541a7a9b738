"""Backups before destructive actions: verified, kept by a retention rule, listed and restored."""

from __future__ import annotations

import datetime as dt
import json

import pytest

import afpak_coder
from afpak_coder.core import backups, database
from afpak_coder.core.errors import DamagedProjectError, ProjectFileError

pytestmark = pytest.mark.file_only  # about the project file itself (see tests/conftest.py)


def _leaves(project):
    parents = {t.parent_id for t in project.themes()}
    return [t for t in project.themes() if t.id not in parents]


def _coded(project):
    first = project.add_document("Islamabad accused Kabul of sheltering the TTP.", title="Border talks")
    second = project.add_document("Traders at Chaman waited nine days.", title="Chaman")
    ayesha = project.add_coder("Ayesha")
    for document, end in ((first, 9), (first, 20), (second, 7)):
        project.add_claim(document=document, coder=ayesha, start=0, end=end, theme=_leaves(project)[0],
                          actor=project.actors()[0], stance=project.stance_levels()[0])
    return first, second


def test_deleting_a_document_with_its_claims_is_backed_up_and_can_be_restored(project):
    first, _second = _coded(project)
    project.delete_document(first, with_claims=True)
    (backup,) = backups.list_backups(project.path)
    assert backup.reason == "before deleting document 'Border talks' with 2 claims"
    assert (backup.claims, backup.documents, backup.claims_per_coder) == (3, 2, {"Ayesha": 3})
    assert backup.path.name.endswith(".afpak") and not backup.path.with_name(backup.path.name + "-wal").exists()
    path = project.path
    project.close()

    restored = backups.restore_backup(path, "1")
    assert restored.backup.path == backup.path
    assert restored.safety.reason.startswith("before restoring") and restored.safety.claims == 1
    with afpak_coder.open_project(path) as again:
        assert sorted(d.title for d in again.documents()) == ["Border talks", "Chaman"]
        assert len(again.claims()) == 3
    # The state before the restore is a backup too: restoring it brings the deletion back.
    backups.restore_backup(path, restored.safety.path.name)
    with afpak_coder.open_project(path) as again:
        assert [d.title for d in again.documents()] == ["Chaman"]


def test_merging_and_deleting_codebook_entries_in_use_are_backed_up(project):
    _coded(project)
    themes, actors = _leaves(project), project.actors()
    project.merge_themes(themes[0], themes[1])
    project.merge_actors(actors[0], actors[1])
    project.delete_theme(themes[1], reassign_to=themes[2])
    project.delete_theme(themes[3])  # unused: nothing to lose but the entry, no backup
    reasons = [b.reason for b in backups.list_backups(project.path)]
    assert reasons == [
        f"before deleting theme {themes[1].name!r} used by 3 claims",
        f"before merging actor {actors[0].name!r} into {actors[1].name!r}",
        f"before merging theme {themes[0].name!r} into {themes[1].name!r}",
    ]


def test_a_restore_reaches_a_project_open_in_another_program(project):
    first, _second = _coded(project)
    other = afpak_coder.open_project(project.path)
    try:
        theme = _leaves(other)[0]
        assert other.theme(theme.id).name == theme.name  # its codebook is now cached
        project.delete_document(first, with_claims=True)
        project.update_theme(theme, name="Renamed")  # no backup: nothing is lost by a rename
        assert other.theme(theme.id).name == "Renamed"
        project.close()
        backups.restore_backup(other.path, "1")  # the newest backup: the one before the deletion
        assert len(other.claims()) == 3
        assert other.theme(theme.id).name == theme.name
    finally:
        other.close()


def _spread(path, ages_in_days, now):
    """Make one backup per age and date each one ``age`` days before ``now``."""
    made = []
    for age in ages_in_days:
        backup = backups.make_backup(path, f"test {age}")
        meta_file = backup.path.with_name(backup.path.name + ".json")
        meta = json.loads(meta_file.read_text())
        meta["created"] = (now - dt.timedelta(days=age)).isoformat()
        meta_file.write_text(json.dumps(meta))
        made.append(backup.path)
    return made


def test_retention_keeps_the_last_ten_and_one_a_day_for_a_month(project, monkeypatch):
    monkeypatch.setattr(backups, "prune", lambda *a, **k: [])  # prune once, below, at a known time
    now = dt.datetime(2026, 6, 30, 12, 0)
    # Twelve today (hours apart would not matter), then two a day for the days 1..3 ago, and
    # backups 29, 31 and 45 days old.
    ages = [0.01 * n for n in range(12)] + [1, 1.1, 2, 2.1, 3, 3.1] + [29, 31, 45]
    made = dict(zip(ages, _spread(project.path, ages, now)))
    monkeypatch.undo()
    removed = set(backups.prune(project.path, now=now))
    kept = {b.path for b in backups.list_backups(project.path)}
    newest_ten = {made[age] for age in ages[:10]}
    assert newest_ten <= kept
    assert {made[0.1], made[0.11]} <= removed  # today's 11th and 12th: today already has one kept
    assert {made[1], made[2], made[3], made[29]} <= kept  # the newest of each earlier day
    assert {made[1.1], made[2.1], made[3.1], made[31], made[45]} <= removed
    assert kept | removed == set(made.values()) and not kept & removed
    assert not any(path.exists() for path in removed)


def test_an_empty_or_damaged_backup_is_never_named_or_listed(project):
    _coded(project)
    good = backups.make_backup(project.path, "before a test")
    folder = database.backup_dir(project.path)
    (folder / "study_2099-01-01T00-00-00-000000_before-merge.afpak").write_bytes(b"")  # as a full disk left one
    (folder / "study_2099-01-02T00-00-00-000000_before-merge.afpak").write_bytes(b"SQLite format 3\x00" + b"\x00" * 90)
    assert [b.path for b in backups.list_backups(project.path)] == [good.path]
    assert backups.latest_backup(project.path) == good.path
    path = project.path
    project.close()
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # wreck the first page's B-tree
    path.write_bytes(bytes(data))
    with pytest.raises(DamagedProjectError) as raised:
        afpak_coder.open_project(path)
    assert f"the latest automatic backup is {good.path}" in str(raised.value)


def test_restoring_refuses_a_damaged_backup_and_leaves_the_project_alone(project, tmp_path):
    _coded(project)
    bad = tmp_path / "bad.afpak"
    bad.write_bytes(b"not a backup")
    before = len(project.claims())
    with pytest.raises(ProjectFileError) as raised:
        backups.restore_backup(project.path, str(bad))
    assert str(bad) in str(raised.value) and "\n" not in str(raised.value)
    assert len(project.claims()) == before and backups.list_backups(project.path) == []
