"""File → Backups and restore… and File → Check project… in the real window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

import afpak_coder
from afpak_coder.gui.safety import backups_dialog
from afpak_coder.gui.safety.safety_actions import show_backups


def make_project(path):
    with afpak_coder.create_project(path) as project:
        coder = project.add_coder("Ayesha")
        for title in ("Chaman reopens", "Torkham talks"):
            document = project.add_document(f"{title}: border trade resumed after nine days.", title=title)
            project.add_claim(document=document, coder=coder, start=0, end=6,
                              theme="Border closures, crossings and trade", actor="Traders and transporters", stance=1)
    return path


def menu_action(window, text):
    return next(a for a in window.actions.menus["file"].actions() if a.text() == text)


def test_a_deleted_document_comes_back_through_file_backups(window, qtbot, tmp_path):
    path = make_project(tmp_path / "study.afpak")
    window.open_path(path)
    window.project.delete_document(window.project.documents()[0], with_claims=True)
    window.project.merge_actors("Traders and transporters", window.project.actors()[0])
    assert menu_action(window, "&Backups and restore…").isEnabled()
    asked = []
    dialog = show_backups(window, confirm=lambda backup: asked.append(backup) or True)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 2
    assert dialog.table.item(1, 1).text() == "deleting document 'Chaman reopens' with 1 claim"
    assert dialog.table.item(1, 2).text() == "2 (Ayesha 2)"
    dialog.show()
    dialog.grab().save(str(tmp_path / "backups.png"))
    dialog.table.selectRow(1)
    QTest.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert [b.reason for b in asked] == ["before deleting document 'Chaman reopens' with 1 claim"]
    assert window.project is not None and window.project.path == path
    assert sorted(d.title for d in window.project.documents()) == ["Chaman reopens", "Torkham talks"]
    assert len(window.project.claims()) == 2
    assert "Restored the project to" in window.statusBar().currentMessage()
    assert window.documents_proxy.rowCount() == 2
    again = show_backups(window)
    qtbot.addWidget(again)
    assert again.table.item(0, 1).text().startswith("restoring ")


def test_check_project_reports_in_sentences(window, qtbot, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(backups_dialog.CheckReportDialog, "exec", lambda self: shown.append(self))
    path = make_project(tmp_path / "study.afpak")
    window.open_path(path)
    menu_action(window, "Chec&k project…").trigger()
    qtbot.waitUntil(lambda: bool(shown), timeout=20000)
    headline = shown[0].findChild(backups_dialog.QLabel, "checkHeadline").text()
    assert headline.startswith("No problems found. Checked 2 documents and 2 claims")
    shown[0].show()
    shown[0].grab().save(str(tmp_path / "check.png"))


def test_a_damaged_row_read_on_opening_is_named_and_the_app_goes_on(window, errors, tmp_path):
    import sqlite3

    path = make_project(tmp_path / "study.afpak")
    raw = sqlite3.connect(path)
    raw.execute("UPDATE claim SET created_at = 'not a time'")
    raw.commit()
    raw.close()
    window.open_path(path)
    ((title, message),) = errors[:1]
    assert title == "Cannot show the document"
    assert "the project holds a damaged row — claim" in message and "its created_at 'not a time'" in message
    assert f"afpak-coder check {path}" in message
    window.close_project()  # the app goes on
    assert window.open_path(make_project(tmp_path / "sound.afpak"))
