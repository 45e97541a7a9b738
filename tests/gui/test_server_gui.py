"""The window on a server project: the login dialog (real password logins), recent server projects
without passwords, title and status bar, the File menu, a coding sequence stored on the server,
and live refresh of another session's claims without losing the selection or the draft."""

import logging
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog

import afpak_coder
from afpak_coder.core.server_access import add_coder_login, login_name
from afpak_coder.core.server_project import create_server_project, open_server_project
from afpak_coder.gui.exporting.export_dialog import ExportDialog
from afpak_coder.gui.recent import recent_projects
from afpak_coder.gui.workspace.claims_table import ClaimRole
from afpak_coder.gui.workspace.coding_controller import ALL

from gui_helpers import choose, enter, open_document, select
from server_logins import lead_database

# The throwaway PostgreSQL server's fixtures (tests/postgres_server.py).
pytest_plugins = ["postgres_server"]

BILAL_PASSWORD = "Chaman-road-1947"
TEXTS = {
    "Gate reopens": "The crossing at the gate reopened on Monday after nine days. Traders said the closure had cost "
                    "them dearly. The interior ministry promised a faster clearance of trucks at the gate.",
    "Water talks": "Officials from both capitals met to discuss the river that runs across the border. The foreign "
                   "office called the talks useful. Farmers downstream asked for a fair share of the water.",
    "Refugee returns": "Families who had lived in the camps for decades began the journey home. Aid groups warned that "
                       "winter was close. The returns office asked donors for blankets and food.",
}


@dataclass
class Team:
    cluster: object
    database: str
    login: str  # the lead's login
    password: str
    bilal: str  # a coder's login (afpak_bilal_…)

    @property
    def address(self):
        return f"postgresql://{self.cluster.host}:{self.cluster.port}/{self.database}"

    def url(self, login, password):
        return self.cluster.url(self.database, login, password)

    def stored(self, sql):
        return self.cluster.run_sql(sql, database=self.database)


@pytest.fixture
def team(postgres_cluster):
    """A server project set up as docs/team-server.md says: a lead login owning the database runs
    server init; three documents, the default codebook, coder Ayesha (coded by the lead here) and a
    coder with a login of their own (Bilal; unique name, as logins belong to the whole server)."""
    bilal = f"Bilal {uuid.uuid4().hex[:6]}"
    with lead_database(postgres_cluster, prefix="servergui") as (database, lead, password):
        with create_server_project(postgres_cluster.url(database, lead, password), name="AfPak press 2025") as project:
            project.add_coder("Ayesha")
            add_coder_login(project, bilal, BILAL_PASSWORD)
            for title, text in TEXTS.items():
                project.add_document(text, title=title, outlet="Dawn")
        yield Team(postgres_cluster, database, lead, password, login_name(bilal))
    postgres_cluster.run_sql(f'DROP ROLE IF EXISTS "{login_name(bilal)}"')


def log_in(qtbot, window, address, user, password, *, expect_open=True):
    window.open_server()
    dialog = window.server_dialog
    dialog.address.setText(address)
    dialog.user.setText(user)
    dialog.password.setFocus()
    QTest.keyClicks(dialog.password, password)
    qtbot.mouseClick(dialog.buttons.buttons()[0], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog._connecting is None, timeout=20000)
    if expect_open:
        assert window.project is not None and window.project.is_server, dialog.error.text()
    return dialog


_WATCHING = {"test": 0}  # which test's watchers are still wanted


@pytest.fixture(autouse=True)
def _watchers_end_with_their_test():
    yield
    _WATCHING["test"] += 1


def when_shown(kind, act, within=3.0):
    """Run ``act(dialog)`` once a modal dialog of ``kind`` shows (the action opening it waits in its
    exec) within ``within`` s and during this test; the dialog is closed afterwards whatever
    happened, so that the test cannot hang."""
    deadline, test = time.monotonic() + within, _WATCHING["test"]

    def look():
        if _WATCHING["test"] != test:
            return
        shown = QApplication.activeModalWidget()
        if not isinstance(shown, kind):
            if time.monotonic() < deadline:
                QTimer.singleShot(50, look)
            return
        try:
            act(shown)
        finally:
            if shown.isVisible():
                shown.reject()

    QTimer.singleShot(0, look)


def file_actions(window):
    return {a.text().replace("&", ""): a for a in window.actions.menus["file"].actions()
            if not a.isSeparator() and a.menu() is None}


def test_logging_in_opens_the_project_and_remembers_it_without_the_password(qtbot, window, team, settings, caplog):
    caplog.set_level(logging.DEBUG)
    log_in(qtbot, window, team.address, team.login, team.password)
    where = f"{team.login}@{team.cluster.host}:{team.cluster.port}/{team.database}"
    assert window.windowTitle() == f"AfPak press 2025 — server project ({where}) — afpak-coder"
    assert window.statusBar().currentMessage().startswith(f"Server project {where}  ·  3 documents")
    assert window.live.label.text() == "Server project" and window.live.label.isVisible()
    assert window.live.label.toolTip().startswith(where)
    assert window.server_dialog.password.text() == ""
    window.close_project()
    assert recent_projects(settings)[0] == f"postgresql://{where}"
    assert window.start_screen.recent_list.item(0).text().startswith(f"{team.database}    —    server project")
    assert [a.text() for a in window.actions.recent_menu.actions()][0] == f"postgresql://{where}"
    settings.sync()
    assert team.password not in Path(settings.fileName()).read_text()
    assert team.password not in caplog.text
    # Choosing it again asks for the password (the address and the user are filled in)
    window.start_screen.recent_list.itemActivated.emit(window.start_screen.recent_list.item(0))
    dialog = window.server_dialog
    assert (dialog.address.text(), dialog.user.text(), dialog.password.text()) == (
        f"postgresql://{team.cluster.host}:{team.cluster.port}/{team.database}", team.login, "")
    QTest.keyClicks(dialog.password, team.password)
    qtbot.mouseClick(dialog.buttons.buttons()[0], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.project is not None, timeout=20000)
    assert window.project.login == team.login


def test_a_failed_login_is_one_line_and_the_open_project_stays(qtbot, window, team, tmp_path, errors):
    with afpak_coder.create_project(tmp_path / "study.afpak") as made:
        made.add_document("A short note on the border.", title="Note")
    assert window.open_path(tmp_path / "study.afpak")
    before = window.project
    unreachable = f"postgresql://{team.cluster.host}:1/{team.database}"
    empty = team.cluster.new_database("sg_empty")
    for address, user, password, said in (
            (team.address, team.login, "wrong horse", "password authentication failed"),
            (unreachable, team.login, team.password, "cannot be reached"),
            (f"postgresql://{team.cluster.host}:{team.cluster.port}/{empty}", "postgres", "", "holds no afpak-coder project"),
            ("mysql://somewhere/db", team.login, team.password, "is not a server address"),
    ):
        dialog = log_in(qtbot, window, address, user, password, expect_open=False)
        message = dialog.error.text()
        assert said in message and "\n" not in message and "wrong horse" not in message
        assert dialog.isVisible()  # for another try
        dialog.reject()
        assert window.project is before and window.project.documents()[0].title == "Note"
    assert errors == []
    team.cluster.drop_database(empty)


def test_every_file_menu_action_works_or_says_why_not(qtbot, window, team, monkeypatch, errors):
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: ("", ""))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: ("", ""))
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *args, **kwargs: ([], ""))
    log_in(qtbot, window, team.address, team.login, team.password)
    project = window.project
    actions = file_actions(window)
    assert "Download a file copy…" in actions and "Save a copy of the project…" not in actions
    for name in ("Check project…", "Backups and restore…", "Merge coder files…"):
        assert not actions[name].isEnabled() and "server" in actions[name].toolTip()
    tried = []
    for text, action in actions.items():
        if text in ("Quit", "Close project", "Open the sample project") or not action.isEnabled():
            continue
        closed = []

        def close_dialog():  # whatever dialog the action opened is closed unchanged
            shown = QApplication.activeModalWidget()
            if shown is not None:
                closed.append(shown.windowTitle())
                shown.reject()

        QTimer.singleShot(300, close_dialog)
        action.trigger()
        qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None, timeout=5000)
        tried.append(text)
        assert window.project is project and errors == [], text
    assert {"New project…", "Open project…", "Open server project…", "Import documents…", "Edit document details…",
            "Export claims (Excel, CSV)…"} <= set(tried)
    actions["Close project"].trigger()
    assert window.project is None and not actions["Close project"].isEnabled()
    assert file_actions(window)["Save a copy of the project…"].text() == "Save a &copy of the project…"


def stored_claims(team):
    return team.stored("SELECT c.start, c.\"end\", coder.name FROM claim c JOIN coder ON coder.id = c.coder_id "
                       "ORDER BY c.start")


def test_coding_undo_search_and_export_are_stored_on_the_server(qtbot, window, team, tmp_path, errors):
    log_in(qtbot, window, team.address, team.login, team.password)
    document = next(d for d in window.project.documents() if d.title == "Gate reopens")
    open_document(window, document)
    spans = []
    for sentence in ("The crossing at the gate reopened", "Traders said the closure", "The interior ministry"):
        start = document.text.index(sentence)
        spans.append((start, start + len(sentence)))
        select(window, *spans[-1])
        choose(window, "Border closures, crossings and trade", "Traders and transporters", stance=-1)
        enter(window)
    assert stored_claims(team) == [(s, e, "Ayesha") for s, e in spans]
    window.actions.undo.trigger()
    assert stored_claims(team) == [(s, e, "Ayesha") for s, e in spans[:2]]
    window.actions.redo.trigger()
    assert stored_claims(team) == [(s, e, "Ayesha") for s, e in spans]
    assert window.claims_model.rowCount() == 3

    panel = window.search_panel
    QTest.keyClicks(panel.field, "gate")
    QTest.keyClick(panel.field, Qt.Key.Key_Return)
    titles = {panel.results.item(row, 0).text() for row in range(panel.results.rowCount())}
    assert titles == {"Gate reopens"} and panel.results.rowCount() == 2  # tsvector search on the server

    target = tmp_path / "claims.xlsx"

    def export(dialog):
        for key, field in dialog.output_paths.items():
            field.setText(str(tmp_path / f"{key}.out"))
            dialog.output_checks[key].setChecked(key == "xlsx")
        dialog.output_paths["xlsx"].setText(str(target))
        with qtbot.waitSignal(dialog.exported, timeout=30000):
            qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)

    when_shown(ExportDialog, export)
    file_actions(window)["Export claims (Excel, CSV)…"].trigger()
    assert errors == []
    sheet = openpyxl.load_workbook(target)["Claims"]
    rows = list(sheet.iter_rows(values_only=True))
    quotes = [row[rows[0].index("quote")] for row in rows[1:]]
    assert sorted(quotes) == sorted(document.text[s:e] for s, e in spans)


def test_another_coders_claims_appear_live_and_the_selection_and_draft_stay(qtbot, window, team):
    log_in(qtbot, window, team.address, team.login, team.password)
    shown = []
    window.live.shown.connect(shown.append)
    project = window.project
    document = next(d for d in project.documents() if d.title == "Water talks")
    theme = next(t for t in project.themes() if t.depth > 0)
    ayesha = next(c for c in project.coders() if c.name == "Ayesha")
    mine = project.add_claim(document=document, coder=ayesha, start=document.text.index("The foreign"),
                             end=document.text.index(" Farmers"), theme=theme.id)
    open_document(window, document)
    window.controller.set_view_mode(ALL)  # the lead looks at every coder's claims
    assert window.selected_documents() == [document]
    assert window.live.listener.wait_listening(5)
    window.claims_table.selectRow(window.claims_model.row_of(mine.id))
    assert window.coding_panel.editing.id == mine.id
    window.coding_panel.memo.setFocus()
    QTest.keyClicks(window.coding_panel.memo, "check the date")  # a draft, not saved
    highlights_before = len(window.document_view.shown_claims())

    with open_server_project(team.url(team.bilal, BILAL_PASSWORD)) as colleague:  # Bilal's own program
        theirs = colleague.add_claim(document=document.id, coder=colleague.my_coder, start=0, end=len("Officials"),
                                     theme=theme.id)
        qtbot.waitUntil(lambda: window.claims_model.claim(theirs.id) is not None, timeout=2000)
        assert len(window.document_view.shown_claims()) == highlights_before + 1
        # the counts beside the codebook follow (read again at most once a second; until the first
        # read after the claims were added, the theme may have no count at all)
        qtbot.waitUntil(lambda: getattr(window.codebook_counts.themes.counts.get(theme.id), "shown", 0) == 2,
                        timeout=2500)
        counts_row = window.documents_model.row_of(document.id)
        assert counts_row >= 0
        # what the lead had in hand is untouched
        assert window.claims_table.currentIndex().data(ClaimRole).id == mine.id
        assert window.coding_panel.editing.id == mine.id
        assert window.coding_panel.memo.toPlainText() == "check the date" and window.coding_panel.has_draft()
        assert window.document_view.document_shown.id == document.id
        assert window.selected_documents() == [document]

        colleague.delete_claim(theirs.id)
        qtbot.waitUntil(lambda: window.claims_model.claim(theirs.id) is None, timeout=2000)
        assert window.claims_table.currentIndex().data(ClaimRole).id == mine.id
        assert window.coding_panel.memo.toPlainText() == "check the date"

    # a new claim's draft (a selected passage) stays too, while another coder's claim arrives
    window.controller.new_claim()
    start = document.text.index("Farmers")
    select(window, start, start + len("Farmers downstream"))
    with open_server_project(team.url(team.bilal, BILAL_PASSWORD)) as colleague:
        theirs = colleague.add_claim(document=document.id, coder=colleague.my_coder, start=0, end=9, theme=theme.id)
        qtbot.waitUntil(lambda: window.claims_model.claim(theirs.id) is not None, timeout=2000)
    assert window.coding_panel.span == (start, start + len("Farmers downstream"))
    assert window.document_view.selected_span() == (start, start + len("Farmers downstream"))
    # my own saves are not announced back (they are shown already)
    assert shown and all(change.coder_id != ayesha.id for changes in shown for change in changes)


def test_a_coder_login_codes_as_its_own_coder_without_being_asked(qtbot, window, team, coder_choice):
    lead_claims = stored_claims(team)
    log_in(qtbot, window, team.address, team.bilal, BILAL_PASSWORD)
    bilal = window.project.my_coder
    assert coder_choice.asked == 0 and window.controller.coder == bilal
    assert f"server project ({team.bilal}@" in window.windowTitle()
    document = next(d for d in window.project.documents() if d.title == "Refugee returns")
    open_document(window, document)
    start = document.text.index("Aid groups")
    select(window, start, start + len("Aid groups warned that winter was close"))
    choose(window, "Border closures, crossings and trade", "Traders and transporters", stance=1)
    enter(window)
    assert stored_claims(team) == sorted(lead_claims + [(start, start + 39, bilal.name)])
    # blind coding: the lead's claim in the same document is announced, but nothing of it shows
    listed = [window.claims_model.claim_at(row).id for row in range(window.claims_model.rowCount())]
    with open_server_project(team.url(team.login, team.password)) as lead:
        with qtbot.waitSignal(window.live.shown, timeout=3000):
            lead.add_claim(document=document.id, coder="Ayesha", start=0, end=8, theme=window.project.themes()[1].id)
    assert [window.claims_model.claim_at(row).id for row in range(window.claims_model.rowCount())] == listed
    assert len(window.project.claims(document=document)) == 1  # the server shows Bilal his own only


def test_the_analysis_windows_open_on_a_server_project(qtbot, window, team, errors):
    log_in(qtbot, window, team.address, team.login, team.password)
    project = window.project
    theme = next(t for t in project.themes() if t.depth > 0)
    for document in project.documents():
        for coder in project.coders():
            project.add_claim(document=document, coder=coder, start=0, end=12, theme=theme.id,
                              actor="Traders and transporters", stance=1)
    window.controller.reload_documents()
    opened = []
    for action in window.actions.menus["analysis"].actions() + [
            a for a in window.actions.menus["coding"].actions() if a.text().startswith("Edit the code")]:
        if action.isSeparator() or action.menu() is not None:
            continue
        when_shown(QDialog, lambda dialog: opened.append(dialog.windowTitle()))
        before = {w for w in QApplication.topLevelWidgets() if w.isVisible()}
        action.trigger()
        qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None, timeout=10000)
        for shown in {w for w in QApplication.topLevelWidgets() if w.isVisible()} - before:
            opened.append(shown.windowTitle())
            shown.close()
        assert errors == [], action.text()
    assert len(opened) >= 8, opened  # claims, co-occurrence, cases, memos, overview, agreement, networks, codebook


def test_after_a_lost_connection_the_window_says_so_and_reads_what_it_missed(qtbot, window, team):
    log_in(qtbot, window, team.address, team.login, team.password)
    project = window.project
    document = next(d for d in project.documents() if d.title == "Gate reopens")
    theme = next(t for t in project.themes() if t.depth > 0)
    open_document(window, document)
    window.controller.set_view_mode(ALL)
    listener = window.live.listener
    assert listener.wait_listening(5)
    listener.retry_after = 3.0  # long enough to save a claim while nobody listens
    team.cluster.run_sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                         f"WHERE datname = '{team.database}' AND query LIKE 'LISTEN%'")
    qtbot.waitUntil(lambda: not listener.listening, timeout=3000)
    qtbot.waitUntil(lambda: "connection lost" in window.live.label.text(), timeout=3000)
    with open_server_project(team.url(team.bilal, BILAL_PASSWORD)) as colleague:
        missed = colleague.add_claim(document=document.id, coder=colleague.my_coder, start=0, end=12,
                                     theme=theme.id)
    # its notice went to nobody: the window reads the open document again once it listens again
    qtbot.waitUntil(lambda: window.claims_model.claim(missed.id) is not None, timeout=8000)
    qtbot.waitUntil(lambda: window.live.label.text() == "Server project", timeout=3000)
    assert window.selected_documents() == [document]


def test_the_dialog_takes_an_address_in_several_forms_and_never_keeps_a_typed_password(qtbot):
    from afpak_coder.core.errors import ProjectFileError
    from afpak_coder.gui.server.login_dialog import ServerLoginDialog, login_url

    dialog = ServerLoginDialog([], address="postgresql://bilal:secret@lab.example.org:5433/afpak_press")
    qtbot.addWidget(dialog)
    assert (dialog.address.text(), dialog.user.text(), dialog.password.text()) == (
        "postgresql://lab.example.org:5433/afpak_press", "bilal", "")
    url = login_url("lab.example.org/afpak_press", "afpak_bilal", "pw")
    assert (url.host, url.port, url.database, url.username, url.password) == (
        "lab.example.org", None, "afpak_press", "afpak_bilal", "pw")
    assert login_url("postgresql://clara@lab.example.org/p", "", "").username == "clara"
    with pytest.raises(ProjectFileError, match="type your login"):
        login_url("lab.example.org/afpak_press", " ", "pw")
    with pytest.raises(ProjectFileError, match="Type the server's address"):
        login_url("  ", "bilal", "pw")
