"""Helpers shared by the coder-copy tests."""

import sqlite3

from afpak_coder.core.database import backup_dir


def contents(project) -> dict:
    """Everything a merge may change, as plain values: equal dicts mean an unchanged project."""
    return {
        "claims": sorted((c.id, c.coder.name, c.document.id, c.start, c.end, c.quote, c.theme.id, c.actor.id,
                          c.target.id if c.target else None, c.stance.value if c.stance else None, c.memo,
                          c.created, c.updated) for c in project.claims()),
        "coders": sorted((c.id, c.name) for c in project.coders()),
        "themes": sorted((t.id, t.parent_id, t.name, t.proposed) for t in project.themes()),
        "actors": sorted((a.id, a.name, a.proposed) for a in project.actors()),
        "statuses": sorted(project.statuses().items()),
        "documents": sorted((d.id, d.sha256) for d in project.documents()),
    }


def backups(project) -> list:
    folder = backup_dir(project.path)
    return sorted(folder.glob("*before-merge*.afpak")) if folder.is_dir() else []


def tamper(path, *statements, parameters=()):
    """Change a project file behind the service's back (as a damaged or hand-edited file would be)."""
    raw = sqlite3.connect(path)
    try:
        for statement in statements:
            raw.execute(statement, parameters) if parameters else raw.execute(statement)
        raw.commit()
    finally:
        raw.close()


def claim_args(project, document, start, end, **fields):
    """Keyword arguments of a claim on ``document`` with the first theme and actor unless given."""
    values = dict(document=document, start=start, end=end, theme=project.themes()[0], actor=project.actors()[0],
                  stance=None)
    values.update(fields)
    return values
