"""Incomplete claims (actor or stance missing, e.g. codings imported from another tool): their count
in the status bar and the key that opens the next one, so a coder can finish them one by one."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel

from afpak_coder.core.records import Claim


class IncompleteClaims(QObject):
    """Counts the current coder's incomplete claims and walks through them in document-list order
    (title, then position in the text), wrapping round at the end."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.label = QLabel(objectName="incompleteLabel")
        self.label.setToolTip("Claims of yours with no actor or no stance; Coding → Next incomplete claim opens them")
        self.label.setStyleSheet("QLabel#incompleteLabel { color: #b35900; }")
        self.count = 0
        self._stepped = False  # the count already follows the step the next message reports

    def _coder(self):
        controller = self.window.controller
        return controller.coder if controller.project is not None else None

    def refresh(self) -> None:
        project, coder = self.window.project, self._coder()
        self._show(project.count_claims(incomplete=True, coder=coder) if project is not None and coder else 0)

    def claim_step(self, step) -> None:
        """One claim saved, deleted, undone or redone: the count moves by what that claim was and is
        (re-counting every claim of the coder after each Enter grew with the project)."""
        coder = self._coder()
        if coder is None:
            return
        self._stepped = True
        self._show(self.count + sum(sign for claim, sign in ((step.before, -1), (step.claim, 1))
                                    if claim is not None and claim.coder.id == coder.id and claim.is_incomplete))

    def after_message(self, _text: str) -> None:
        """Any other action the controller reports may have changed claims: count them again."""
        if self._stepped:
            self._stepped = False
        else:
            self.refresh()

    def _show(self, count: int) -> None:
        self.count = count
        self.label.setText(f"{count} incomplete claim{'s' if count != 1 else ''}" if count else "")
        self.label.setVisible(bool(count))

    def next_claim(self) -> Claim | None:
        """The incomplete claim after the one in the coding panel (or after the top of the open
        document), or None when the coder has none."""
        project, coder = self.window.project, self._coder()
        if project is None or coder is None:
            return None
        found = project.claims(incomplete=True, coder=coder)
        if not found:
            return None
        found.sort(key=_order)
        controller = self.window.controller
        current = controller.panel.editing
        if current is not None:
            after = _order(current)
        elif controller.document is not None:
            after = (controller.document.title.casefold(), controller.document.number, -1, -1)
        else:
            return found[0]
        return next((claim for claim in found if _order(claim) > after), found[0])

    def open_next(self) -> None:
        claim = self.next_claim()
        window = self.window
        if claim is None:
            window.statusBar().showMessage("No incomplete claims: every claim of yours has its actor and stance.", 8000)
            return
        # Either step may be declined by the coder (an unsaved draft they keep): then stay put.
        if not window.controller.open_document(claim.document) or not window.controller.edit_claim(claim):
            return
        window.statusBar().showMessage(f"{claim.document.title}: {claim.incomplete_label}", 8000)


def _order(claim: Claim) -> tuple:
    return (claim.document.title.casefold(), claim.document.number, claim.start, claim.end)
