"""The reconcile bar under the disagreements browser: accept one coder's version, edit a merged one,
or settle many at once (behind a progress dialog). Every choice becomes a claim of the Consensus
coder (created when first needed).

    panel = ReconcilePanel(project, view)    # view: the DisagreementsView it acts on
    panel.changed.connect(window.reload_documents)
    panel.set_agreed(report.agreed)          # enables "Copy agreed claims to the consensus"
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox, QDialog, QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget,
)

from afpak_coder.analysis import consensus
from afpak_coder.analysis.consensus import Disagreement
from afpak_coder.core.errors import AfpakError
from afpak_coder.gui.background import BackgroundTask, run_with_progress
from afpak_coder.gui.agreement.disagreements_view import DisagreementsView
from afpak_coder.gui.agreement.reconcile_merge_dialog import MergedClaimDialog

# Asked before a merged version is saved: returns the claim's values, or None when cancelled.
MergeEditor = Callable[[QWidget, object, Disagreement], dict | None]


def edit_merged_with_dialog(parent: QWidget, project, disagreement: Disagreement) -> dict | None:
    dialog = MergedClaimDialog(project, disagreement, parent)
    return dialog.values() if dialog.exec() == QDialog.DialogCode.Accepted else None


class ReconcilePanel(QWidget):
    changed = Signal()  # consensus claims were written

    def __init__(self, project, view: DisagreementsView, parent=None,
                 edit_merged: MergeEditor = edit_merged_with_dialog) -> None:
        super().__init__(parent)
        self.project = project
        self.view = view
        self.edit_merged = edit_merged
        self.agreed: list = []
        self.task: BackgroundTask | None = None
        self.accept_row = QHBoxLayout()
        self.accept_buttons: list[QPushButton] = []
        self.merge_button = QPushButton("Edit a merged version…")
        self.merge_button.clicked.connect(self.merge_current)
        self.bulk_coder = QComboBox()
        self.bulk_button = QPushButton("Accept for all shown")
        self.bulk_button.setToolTip("Take this coder's version for every disagreement the list shows now")
        self.bulk_button.clicked.connect(self.accept_all_shown)
        self.copy_button = QPushButton("Copy agreed claims to the consensus")
        self.copy_button.setToolTip("Claims on which every coder agrees in span, theme, actor, target and stance")
        self.copy_button.clicked.connect(self.copy_agreed)
        self.status = QLabel()

        self.accept_row.addWidget(QLabel("Consensus:"))
        self.accept_row.addStretch()
        self.accept_row.addWidget(self.merge_button)
        bulk_row = QHBoxLayout()
        bulk_row.addWidget(QLabel("Many at once:"))
        bulk_row.addWidget(self.bulk_coder)
        bulk_row.addWidget(self.bulk_button)
        bulk_row.addWidget(self.copy_button)
        bulk_row.addStretch()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(self.accept_row)
        layout.addLayout(bulk_row)
        layout.addWidget(self.status)
        view.selected.connect(self.show_disagreement)
        self.show_disagreement(view.current())

    # -- state --------------------------------------------------------------------------------

    def set_coders(self, coders) -> None:
        self.bulk_coder.clear()
        self.bulk_coder.addItems(list(coders))

    def set_agreed(self, agreed: list) -> None:
        self.agreed = list(agreed)
        self.copy_button.setEnabled(bool(agreed))
        self.copy_button.setText(f"Copy {len(agreed)} agreed claims to the consensus")

    def show_disagreement(self, disagreement: Disagreement | None) -> None:
        for button in self.accept_buttons:
            self.accept_row.removeWidget(button)
            button.hide()  # gone at once, even before the event loop runs the deletion
            button.deleteLater()
        self.accept_buttons = []
        self.merge_button.setEnabled(disagreement is not None)
        if disagreement is None:
            return
        for position, version in enumerate(disagreement.versions, 1):
            text = f"Accept {version.coder}'s" + ("" if version.has_claim else " (no claim)")
            button = QPushButton(text)
            button.setObjectName(f"accept_{version.coder}")
            button.clicked.connect(lambda _c=False, coder=version.coder: self.accept(coder))
            self.accept_row.insertWidget(position, button)
            self.accept_buttons.append(button)

    # -- actions ------------------------------------------------------------------------------

    def accept(self, coder: str) -> None:
        disagreement = self.view.current()
        if disagreement is None:
            return
        try:
            consensus.accept(self.project, disagreement, coder)
        except AfpakError as error:
            self._error(str(error))
            return
        version = next(v for v in disagreement.versions if v.coder == coder)
        self._done(disagreement, f"{coder}'s version" if version.has_claim else "no claim")

    def merge_current(self) -> None:
        disagreement = self.view.current()
        if disagreement is None:
            return
        values = self.edit_merged(self, self.project, disagreement)
        if values is None:
            return
        try:
            consensus.record(self.project, disagreement, values)
        except AfpakError as error:
            self._error(str(error))
            return
        self._done(disagreement, "merged version")

    def accept_all_shown(self) -> None:
        coder = self.bulk_coder.currentText()
        chosen = [d for d in self.view.shown() if any(v.coder == coder for v in d.versions)]
        if not coder or not chosen:
            return

        def work(progress):
            return consensus.accept_all(self.project, chosen, coder, progress=progress)

        def finished(_count) -> None:
            for disagreement in chosen:
                version = next(v for v in disagreement.versions if v.coder == coder)
                self.view.mark_resolved(disagreement.number, f"{coder}'s version" if version.has_claim else "no claim")
            self.status.setText(f"Recorded {coder}'s version for {len(chosen)} disagreements.")
            self.changed.emit()

        self._run(f"Accepting {coder}'s versions", work, finished)

    def copy_agreed(self) -> None:
        agreed = self.agreed

        def work(progress):
            return consensus.copy_agreed(self.project, agreed, progress=progress)

        def finished(count) -> None:
            self.status.setText(f"Copied {count} agreed claims to the consensus "
                                f"({len(agreed) - count} were there already).")
            self.changed.emit()

        self._run("Copying agreed claims", work, finished)

    def _run(self, title: str, work, finished) -> None:
        self.task = run_with_progress(self, title, work)
        self.task.succeeded.connect(finished)
        self.task.failed.connect(self._error)
        self.task.cancelled.connect(self._stopped)

    def _stopped(self) -> None:
        # Work done before Cancel stays (claim by claim): show what is now recorded.
        self.view.set_resolved(consensus.reconciled(self.project, self.view.model.items))
        self.status.setText("Stopped; what was done before is kept.")
        self.changed.emit()

    def _done(self, disagreement: Disagreement, text: str) -> None:
        self.view.mark_resolved(disagreement.number, text)
        self.status.setText(f"#{disagreement.number}: the consensus is now {text}.")
        self.changed.emit()

    def _error(self, message: str) -> None:
        self.status.setText(message)
        QMessageBox.critical(self, "Cannot record the consensus", message)
