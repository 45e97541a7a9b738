"""How the main window treats a server project: the login dialog, the title and status bar, the
coder a login codes as, and the File menu actions that mean something else (or nothing) on a server."""

from __future__ import annotations

import importlib.util

from PySide6.QtWidgets import QFileDialog

from afpak_coder.core.errors import AfpakError
from afpak_coder.gui.recent import recent_servers, server_address

CHECK_WHY = ("A server project is checked by PostgreSQL itself (constraints and triggers); "
             "to check a copy, download one (the File menu's Download a file copy…) and check that.")
BACKUPS_WHY = ("A server project is backed up on the server with pg_dump (see docs/team-server.md), "
               "not with backup files beside a project file.")
MERGE_WHY = ("Coder files are merged into a project file: coders of a server project code on the server. "
             "To merge copies, download a file copy, merge into it, and publish it to a new database.")
DOWNLOAD_MISSING = "Downloading a server project needs afpak-coder's server transfer, missing from this installation."


def server_label(project) -> str:
    """``bilal@host:5432/database``: who is logged in where (never the password)."""
    return server_address(project.path).partition("://")[2]


def window_title(project) -> str:
    if getattr(project, "is_server", False):
        return f"{project.name} — server project ({server_label(project)}) — afpak-coder"
    return f"{project.name} — afpak-coder"


def where(project) -> str:
    """The project as the status bar names it."""
    return f"Server project {server_label(project)}" if getattr(project, "is_server", False) else str(project.path)


def login_coder(project):
    """The coder a server login codes as (a coder login is its own coder, not asked), else None."""
    try:
        return getattr(project, "my_coder", None)
    except AfpakError:  # a database set up without coder logins: chosen as in a file
        return None


def ask_for_server_project(window, address: str | None = None):
    """File → Open server project…: shows the login dialog (window-modal); once a project opens, the
    window shows it through ``window.show_opened_project``. Returns the dialog."""
    from afpak_coder.gui.server.login_dialog import ServerLoginDialog

    dialog = ServerLoginDialog(recent_servers(window.settings), window, address=address)
    dialog.project_opened.connect(window.show_opened_project)
    window.server_dialog = dialog
    dialog.open()
    return dialog


def transfer_available() -> bool:
    return importlib.util.find_spec("afpak_coder.core.server_transfer") is not None


def adapt_file_menu(actions, project) -> None:
    """File menu actions for the project just opened (or None): on a server, saving a copy is a
    download, and what only a file has (check, backups, merging coder files) is off, saying why."""
    server = project is not None and getattr(project, "is_server", False)
    actions.save_copy_action.setText("Download a &file copy…" if server else "Save a &copy of the project…")
    downloadable = transfer_available()
    for action, why in ((actions.check_action, CHECK_WHY), (actions.backups_action, BACKUPS_WHY),
                        (actions.merge_action, MERGE_WHY),
                        (actions.save_copy_action, None if downloadable else DOWNLOAD_MISSING),
                        (actions.copy_action, None if downloadable else DOWNLOAD_MISSING)):
        if server and why is not None:
            action.setEnabled(False)
            action.setToolTip(why)
        else:
            action.setToolTip(action.text().replace("&", ""))


def download_file_copy(window) -> None:
    """The File menu's Download a file copy… (its Save a copy… on a file): the server project written
    to a new project file, off the GUI thread, with progress."""
    from afpak_coder.gui.background import run_with_progress

    project = window.project
    path, _ = QFileDialog.getSaveFileName(window, "Download a file copy of the server project",
                                          f"{project.path.name}.afpak", "afpak-coder projects (*.afpak)")
    if not path:
        return

    def work(progress):
        from afpak_coder.core.server_transfer import download

        return download(project, path, progress)

    task = run_with_progress(window, "Downloading the server project", work)
    task.succeeded.connect(lambda written: window.statusBar().showMessage(
        f"Saved a file copy of {server_label(project)} to {written}", 10000))
    task.failed.connect(lambda message: window.show_error("Cannot download the project", message))

