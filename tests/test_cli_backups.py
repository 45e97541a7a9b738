"""afpak-coder backups / restore / check from the shell."""

from __future__ import annotations

import afpak_coder
from afpak_coder.cli import main


def test_backups_lists_and_restore_brings_back_a_deleted_document(tmp_path, capsys):
    path = tmp_path / "study.afpak"
    assert main(["backups", str(path)]) == 1
    assert f"{path}: no such file" in capsys.readouterr().err
    with afpak_coder.create_project(path) as project:
        document = project.add_document("Islamabad accused Kabul of sheltering the TTP.", title="Border talks")
        ayesha = project.add_coder("Ayesha")
        project.add_claim(document=document, coder=ayesha, start=0, end=9, theme="Cross-border militancy and TTP sanctuaries",
                          actor=project.actors()[0], stance=-1)
    assert main(["backups", str(path)]) == 0
    assert "no backups yet" in capsys.readouterr().out
    with afpak_coder.open_project(path) as project:
        project.delete_document(document, with_claims=True)
    assert main(["backups", str(path)]) == 0
    out = capsys.readouterr().out
    assert "1  " in out and "before deleting document 'Border talks' with 1 claim: 1 claim (Ayesha 1), 1 document" in out
    assert main(["restore", str(path), "1"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Restored {path} to ") and "The state before the restore is kept as backup" in out
    with afpak_coder.open_project(path) as project:
        assert [d.title for d in project.documents()] == ["Border talks"] and len(project.claims()) == 1
    assert main(["backups", str(path)]) == 0
    assert "before restoring" in capsys.readouterr().out
    assert main(["restore", str(path), "7"]) == 1
    assert "no backup '7'" in capsys.readouterr().err
    assert main(["check", str(path)]) == 0
