"""Undo steps for the claims browser: re-coding or deleting a selection of claims is one step.

As in ``gui.undo_commands``, the service call is made first (one transaction for the whole
selection, all or none) and the command then knows how to undo and redo it.
"""

from __future__ import annotations

from afpak_coder.core.project import Project
from afpak_coder.core.records import Claim
from afpak_coder.gui.undo_commands import ServiceCommand, claim_values

RECODABLE = ("theme", "actor", "target", "stance")


def _claims(count: int) -> str:
    return f"{count} claim{'s' if count != 1 else ''}"


def recode_claims(project: Project, claims: list[Claim], changes: dict, after, report) -> ServiceCommand:
    """Give every claim the same new theme, actor, target and/or stance (ids; stance by value)."""
    changes = {key: value for key, value in changes.items() if key in RECODABLE}
    before = {claim.id: {key: claim_values(claim)[key] for key in changes} for claim in claims}
    forward = {claim.id: changes for claim in claims}
    project.update_claims(forward)
    return ServiceCommand(f"Re-code {_claims(len(claims))}", lambda: project.update_claims(forward),
                          lambda: project.update_claims(before), after, None, report)


def delete_claims(project: Project, claims: list[Claim], after, report) -> ServiceCommand:
    ids = [claim.id for claim in claims]
    restore = [dict(claim_values(claim), id=claim.id, created=claim.created, updated=claim.updated)
               for claim in claims]
    project.delete_claims(ids)
    return ServiceCommand(f"Delete {_claims(len(claims))}", lambda: project.delete_claims(ids),
                          lambda: project.add_claims(restore), after, None, report)
