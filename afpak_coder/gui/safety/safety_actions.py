"""What File → Check project… and File → Backups and restore… do in the main window."""

from __future__ import annotations

from afpak_coder.core.backups import restore_backup
from afpak_coder.core.errors import AfpakError
from afpak_coder.core.integrity import check_project
from afpak_coder.gui.background import run_with_progress
from afpak_coder.gui.safety.backups_dialog import BackupsDialog, CheckReportDialog


def check_open_project(window) -> None:
    """Check the open project on a worker thread (it reads every text), then show the report."""
    project = window.project
    if project is None:
        return
    project.checkpoint()  # the check reads the file through its own connection
    task = run_with_progress(window, "Checking the project", lambda progress: check_project(project.path, progress))
    task.succeeded.connect(lambda report: CheckReportDialog(report, window).exec())
    task.failed.connect(lambda message: window.show_error("Cannot check the project", message))


def show_backups(window, confirm=None) -> BackupsDialog | None:
    if window.project is None:
        return None
    dialog = BackupsDialog(window.project.path, window, confirm=confirm)
    dialog.restore_requested.connect(lambda backup: restore_into_window(window, backup))
    return dialog


def restore_into_window(window, backup) -> None:
    """Close the project, restore the backup (after backing up the current state), open it again."""
    path = window.project.path
    window.close_project()
    try:
        restored = restore_backup(path, backup.path)
    except AfpakError as error:
        window.show_error("Cannot restore the backup", str(error))
        window.open_path(path)
        return
    window.open_path(path)
    window.statusBar().showMessage(
        f"Restored the project to {backup.created:%Y-%m-%d %H:%M:%S} ({backup.reason}); the state before the "
        f"restore is kept as backup {restored.safety.path.name}", 20000)
