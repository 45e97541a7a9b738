"""Undo and redo for coding and codebook actions (QUndoStack).

Each action is carried out through the service *before* its command is pushed — so a refused
action never reaches the stack — and the command then knows how to undo and redo it. Claims and
codebook entries are restored under their original ids.

A step changes a claim (or codebook entry) only if it is still as the command left it (``as_left``):
an undo after someone else changed it is refused with the service's conflict message instead of
overwriting their change. The comparison is of the fields, not the version: this program's own
later steps, undone first (the stack is last in, first out), leave the fields as they found them
but the version higher. The write itself goes from the record just read, so a change made in
between is refused by the service.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple
import uuid
from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from afpak_coder.core.errors import AfpakError, ConflictError, NotFoundError
from afpak_coder.core.records import Claim

if TYPE_CHECKING:  # SQLAlchemy loads when a project opens, after the window is painted
    from afpak_coder.core.project import Project


class ClaimStep(NamedTuple):
    """One step on one claim: the claim as stored before it and after it (None where it did not, or
    no longer does, exist)."""

    before: Claim | None
    after: Claim | None


class ServiceCommand(QUndoCommand):
    """An action already done; ``undo``/``redo`` replay its two directions through the service."""

    def __init__(self, text: str, do: Callable[[], object], undo: Callable[[], object],
                 after: Callable[[ServiceCommand], None], document_id: uuid.UUID | None = None,
                 report: Callable[[str], None] = print, claim_id: uuid.UUID | None = None,
                 step: ClaimStep | None = None) -> None:
        super().__init__(text)
        self._do, self._undo, self._after, self._report = do, undo, after, report
        self.document_id = document_id
        # A command on one claim: after each step (``step``: the action done before the push),
        # ``before`` and ``claim`` are that claim as stored before and after it (None where it does
        # not exist), so the views and counts update that one claim; ``failed`` if the step was refused.
        self.claim_id = claim_id
        self.before, self.claim = step if step is not None else (None, None)
        self.failed = False
        self.refusal: AfpakError | None = None  # why the last step was refused
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
        self.failed, self.refusal, self.before, self.claim = False, None, None, None
        try:
            result = action()
            if isinstance(result, ClaimStep):
                self.before, self.claim = result
            else:
                self.claim = result if isinstance(result, Claim) else None
        except AfpakError as error:
            self._report(f"Could not {self.text().lower()}: {error}")
            self.setObsolete(True)
            self.failed, self.refusal = True, error
        self._after(self)


def as_left(project: Project, what: str, read: Callable, given, expected: dict, values: Callable[[object], dict]):
    """The ``what`` entry ``given`` ("claim", "theme", "actor") as now stored, if its fields are still
    ``expected`` (as this command left them); ConflictError or DeletedMeanwhileError otherwise."""
    from afpak_coder.core.conflicts import changed_meanwhile, deleted_meanwhile  # SQLAlchemy: once a project is open

    try:
        current = read(given.id)
    except NotFoundError:
        raise deleted_meanwhile(project.path, what, given) from None
    now = values(current)
    if any(now[key] != value for key, value in expected.items()):
        raise ConflictError(changed_meanwhile(project.path, what, given, current), current)
    return current


def claim_values(claim: Claim) -> dict:
    """Everything needed to recreate or restore a claim through the service."""
    return dict(document=claim.document.id, coder=claim.coder.id, start=claim.start, end=claim.end,
                theme=claim.theme.id, actor=claim.actor.id if claim.actor else None, target=claim.target.id if claim.target else None,
                stance=claim.stance.value if claim.stance else None, memo=claim.memo)


EDITABLE = ("start", "end", "theme", "actor", "target", "stance", "memo")


class _ClaimSteps:
    """The two directions of a command on one claim, each applied only to the claim as left."""

    def __init__(self, project: Project, claim: Claim) -> None:
        self.project, self.claim = project, claim
        self.values = claim_values(claim)
        self.deleted_version = claim.version  # the version last deleted, for bringing it back above it

    def current(self, expected: dict) -> Claim:
        return as_left(self.project, "claim", self.project.claim, self.claim, expected, claim_values)

    def change(self, expected: dict, values: dict) -> ClaimStep:
        current = self.current(expected)
        return ClaimStep(current, self.project.update_claim(current, **values))

    def delete(self) -> ClaimStep:
        current = self.current(self.values)
        self.project.delete_claim(current)
        self.deleted_version = current.version
        return ClaimStep(current, None)

    def restore(self) -> ClaimStep:
        return ClaimStep(None, self.project.add_claim(id=self.claim.id, version=self.deleted_version, **self.values))


def add_claim(project: Project, values: dict, after, report) -> tuple[Claim, ServiceCommand]:
    claim = project.add_claim(**values)
    steps = _ClaimSteps(project, claim)
    command = ServiceCommand("Add claim", steps.restore, steps.delete, after, claim.document.id, report, claim.id,
                             ClaimStep(None, claim))
    return claim, command


def edit_claim(project: Project, claim: Claim, changes: dict, after, report) -> tuple[Claim, ServiceCommand]:
    """Change ``claim`` as it was read (refused with ConflictError if someone changed it since)."""
    before = {key: value for key, value in claim_values(claim).items() if key in EDITABLE}
    updated = project.update_claim(claim, **changes)
    after_values = {key: value for key, value in claim_values(updated).items() if key in EDITABLE}
    steps = _ClaimSteps(project, updated)
    command = ServiceCommand(
        "Edit claim", lambda: steps.change(before, after_values), lambda: steps.change(after_values, before),
        after, claim.document.id, report, claim.id, ClaimStep(claim, updated),
    )
    return updated, command


def delete_claim(project: Project, claim: Claim, after, report) -> ServiceCommand:
    """Delete ``claim`` as it was read (refused with ConflictError if someone changed it since)."""
    project.delete_claim(claim)
    steps = _ClaimSteps(project, claim)
    return ServiceCommand("Delete claim", steps.delete, steps.restore, after, claim.document.id, report, claim.id,
                          ClaimStep(claim, None))
