"""Undo and redo for coding and codebook actions (QUndoStack).

Each action is carried out through the service *before* its command is pushed — so a refused
action never reaches the stack — and the command then knows how to undo and redo it. Claims and
codebook entries are restored under their original ids.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
import uuid
from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from afpak_coder.core.errors import AfpakError
from afpak_coder.core.records import Claim

if TYPE_CHECKING:  # SQLAlchemy loads when a project opens, after the window is painted
    from afpak_coder.core.project import Project


class ServiceCommand(QUndoCommand):
    """An action already done; ``undo``/``redo`` replay its two directions through the service."""

    def __init__(self, text: str, do: Callable[[], object], undo: Callable[[], object],
                 after: Callable[[ServiceCommand], None], document_id: uuid.UUID | None = None,
                 report: Callable[[str], None] = print, claim_id: uuid.UUID | None = None) -> None:
        super().__init__(text)
        self._do, self._undo, self._after, self._report = do, undo, after, report
        self.document_id = document_id
        # A command on one claim: after each step, ``claim`` is that claim as now stored (None if it
        # no longer exists), so the views update that one claim; ``failed`` if the step was refused.
        self.claim_id = claim_id
        self.claim: Claim | None = None
        self.failed = False
        self._first = True
        self.step = "done"  # then "undone" or "redone", for the status bar

    def redo(self) -> None:
        if self._first:  # done before the push
            self._first = False
            return
        self.step = "redone"
        self._run(self._do)

    def undo(self) -> None:
        self.step = "undone"
        self._run(self._undo)

    def _run(self, action) -> None:
        self.failed, self.claim = False, None
        try:
            result = action()
            self.claim = result if isinstance(result, Claim) else None
        except AfpakError as error:
            self._report(f"Could not {self.text().lower()}: {error}")
            self.setObsolete(True)
            self.failed = True
        self._after(self)


def claim_values(claim: Claim) -> dict:
    """Everything needed to recreate or restore a claim through the service."""
    return dict(document=claim.document.id, coder=claim.coder.id, start=claim.start, end=claim.end,
                theme=claim.theme.id, actor=claim.actor.id if claim.actor else None, target=claim.target.id if claim.target else None,
                stance=claim.stance.value if claim.stance else None, memo=claim.memo)


EDITABLE = ("start", "end", "theme", "actor", "target", "stance", "memo")


def add_claim(project: Project, values: dict, after, report) -> tuple[Claim, ServiceCommand]:
    claim = project.add_claim(**values)
    restore = claim_values(claim)
    command = ServiceCommand(
        "Add claim", lambda: project.add_claim(id=claim.id, **restore), lambda: project.delete_claim(claim.id),
        after, claim.document.id, report, claim.id,
    )
    return claim, command


def edit_claim(project: Project, claim: Claim, changes: dict, after, report) -> tuple[Claim, ServiceCommand]:
    before = {key: value for key, value in claim_values(claim).items() if key in EDITABLE}
    updated = project.update_claim(claim.id, **changes)
    after_values = {key: value for key, value in claim_values(updated).items() if key in EDITABLE}
    command = ServiceCommand(
        "Edit claim", lambda: project.update_claim(claim.id, **after_values),
        lambda: project.update_claim(claim.id, **before), after, claim.document.id, report, claim.id,
    )
    return updated, command


def delete_claim(project: Project, claim: Claim, after, report) -> ServiceCommand:
    restore = claim_values(claim)
    project.delete_claim(claim.id)
    return ServiceCommand(
        "Delete claim", lambda: project.delete_claim(claim.id), lambda: project.add_claim(id=claim.id, **restore),
        after, claim.document.id, report, claim.id,
    )
