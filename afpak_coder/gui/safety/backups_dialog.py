"""File → Check project… and File → Backups and restore…: the project check in sentences, and the
project's automatic backups with a way back to any of them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QDialogButtonBox, QHeaderView, QLabel, QMessageBox, QPlainTextEdit, QPushButton,
    QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from afpak_coder.core.backups import Backup, backup_dir, list_backups
from afpak_coder.core.integrity import CheckReport
from afpak_coder.wording import plural


class CheckReportDialog(QDialog):
    """The result of File → Check project: a headline and every problem in a sentence."""

    def __init__(self, report: CheckReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Check project")
        self.resize(*((640, 110) if report.ok else (760, 480)))
        layout = QVBoxLayout(self)
        headline = QLabel(("No problems found. " if report.ok else f"{plural(len(report.problems), 'problem')} found. ")
                          + f"Checked {plural(report.documents, 'document')} and {plural(report.claims, 'claim')}: "
                          "texts against their SHA-256, quotes against their texts, references and stored values.",
                          objectName="checkHeadline", wordWrap=True)
        layout.addWidget(headline)
        self.details = QPlainTextEdit("\n".join(report.lines()[1:]) if not report.ok else "", readOnly=True)
        self.details.setVisible(not report.ok)
        layout.addWidget(self.details)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


class BackupsDialog(QDialog):
    """The backups of a project, newest first; Restore asks, then ``restore_requested`` carries
    the chosen backup (the window closes the project, restores and opens it again)."""

    restore_requested = Signal(object)  # Backup
    COLUMNS = ("Taken", "Before", "Claims", "Documents")

    def __init__(self, path: Path, parent: QWidget | None = None, *, confirm=None) -> None:
        super().__init__(parent)
        self.path = Path(path)
        # How to ask before restoring (returns True to go ahead); tests replace it.
        self.confirm = confirm or self._confirm_with_box
        self.setWindowTitle("Backups and restore")
        self.resize(860, 420)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(
            f"afpak-coder backs the project up before every destructive action (deleting a document, merging or "
            f"deleting codebook entries in use, merging coder files, upgrading, restoring). They are kept in "
            f"{backup_dir(self.path)}: the last 10, and one a day for a month.", wordWrap=True))
        self.table = QTableWidget(0, len(self.COLUMNS), objectName="backupsTable")
        self.table.setHorizontalHeaderLabels(self.COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.restore_button = QPushButton("Restore this backup…")
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.restore_button.clicked.connect(self.restore_selected)
        layout.addWidget(buttons)
        self.backups: list[Backup] = []
        self.refresh()

    def refresh(self) -> None:
        self.backups = list_backups(self.path)
        self.table.setRowCount(len(self.backups))
        for row, backup in enumerate(self.backups):
            coders = ", ".join(f"{name} {count:,}" for name, count in backup.claims_per_coder.items())
            values = (f"{backup.created:%Y-%m-%d %H:%M:%S}", backup.reason[len("before "):] if
                      backup.reason.startswith("before ") else backup.reason,
                      f"{backup.claims:,}" + (f" ({coders})" if coders else ""), f"{backup.documents:,}")
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if column >= 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        if self.backups:
            self.table.selectRow(0)
        self.restore_button.setEnabled(bool(self.backups))

    def restore_selected(self) -> None:
        row = self.table.currentRow()
        if not 0 <= row < len(self.backups):
            return
        backup = self.backups[row]
        if self.confirm(backup):
            self.restore_requested.emit(backup)
            self.accept()

    def _confirm_with_box(self, backup: Backup) -> bool:
        answer = QMessageBox.question(
            self, "Restore this backup?",
            f"Put the project back to {backup.created:%Y-%m-%d %H:%M:%S} ({backup.reason}): "
            f"{plural(backup.claims, 'claim')}, {plural(backup.documents, 'document')}?\n\n"
            "The project as it is now is backed up first, so this can be undone by restoring that backup.")
        return answer == QMessageBox.StandardButton.Yes
