"""The .afpak file alone holds every saved claim once the app folds its log in, and a coder file
copied without its log (or beside an older log) is named in the merge report."""

from __future__ import annotations

import pytest
import os
import shutil

import afpak_coder
from afpak_coder.core.copies.apply import apply_merge
from afpak_coder.core.copies.make_copy import create_coder_copy
from afpak_coder.core.copies.plan import build_merge_plan

pytestmark = pytest.mark.file_only  # about the project file itself (see tests/conftest.py)


def _code(project, coder, count):
    document = project.documents()[0]
    for n in range(count):
        project.add_claim(document=document, coder=coder, start=n, end=n + 5, theme=project.themes()[0],
                          actor=project.actors()[0], stance=project.stance_levels()[0])


def _claims_in_file_alone(path, tmp_path):
    alone = tmp_path / "alone" / path.name
    alone.parent.mkdir(exist_ok=True)
    alone.unlink(missing_ok=True)
    shutil.copyfile(path, alone)  # the file only, as a researcher copies or e-mails it
    with afpak_coder.open_project(alone) as copy:
        return len(copy.claims())


def test_after_a_checkpoint_the_file_alone_holds_every_saved_claim(project, tmp_path):
    project.add_document("Islamabad and Kabul met at Torkham on Monday.", title="Talks")
    coder = project.add_coder("Ayesha")
    project.checkpoint()
    _code(project, coder, 30)
    assert _claims_in_file_alone(project.path, tmp_path) == 0  # still in the log beside the file
    assert project.checkpoint() is True
    assert _claims_in_file_alone(project.path, tmp_path) == 30


def _master_and_copy(tmp_path):
    master = afpak_coder.create_project(tmp_path / "master.afpak")
    master.add_document("Islamabad and Kabul met at Torkham on Monday.", title="Talks")
    bilal = master.add_coder("Bilal")
    create_coder_copy(master, bilal, tmp_path / "bilal.afpak")
    return master


def test_a_coder_file_copied_without_its_log_while_open_is_named_in_the_merge_report(tmp_path):
    master = _master_and_copy(tmp_path)
    with afpak_coder.open_project(tmp_path / "bilal.afpak") as coder_file:
        coder_file.mark_open_in_app()  # as the app does on opening it
        _code(coder_file, coder_file.coder("Bilal"), 3)
        coder_file.checkpoint()  # the app's idle fold: the 3 claims are in the file itself
        sent = tmp_path / "sent" / "bilal.afpak"
        sent.parent.mkdir()
        shutil.copyfile(coder_file.path, sent)  # without bilal.afpak-wal
    report = apply_merge(master, build_merge_plan(master, [sent]))
    text = report.text()
    assert report.outcome("Bilal").added == 3
    assert f"Check: {sent}: was copied while afpak-coder had it open, without its bilal.afpak-wal file" in text
    # The file itself, closed in the app, says nothing of the kind.
    report = apply_merge(master, build_merge_plan(master, [tmp_path / "bilal.afpak"]))
    assert report.file_notes == []
    master.close()


def test_a_coder_file_beside_an_older_log_is_named_in_the_merge_report(tmp_path):
    master = _master_and_copy(tmp_path)
    sent = tmp_path / "sent"
    sent.mkdir()
    coder_file = afpak_coder.open_project(tmp_path / "bilal.afpak")
    try:
        _code(coder_file, coder_file.coder("Bilal"), 2)
        for suffix in ("", "-wal"):  # file and log as they are while open
            shutil.copyfile(f"{coder_file.path}{suffix}", sent / f"bilal.afpak{suffix}")
    finally:
        coder_file.close()
    log = sent / "bilal.afpak-wal"
    stamp = (sent / "bilal.afpak").stat().st_mtime
    os.utime(log, (stamp - 3600, stamp - 3600))  # the log is an hour older than the file
    report = apply_merge(master, build_merge_plan(master, [sent / "bilal.afpak"]))
    assert any("its bilal.afpak-wal file is older than the file itself" in note for note in report.file_notes)
    assert "Check: " in report.text()
    master.close()
