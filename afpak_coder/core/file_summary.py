"""What a project file holds (``afpak-coder info``), read with the standard ``sqlite3`` module.

Opening a project through the Project service loads SQLAlchemy, which costs far more than the
few counts ``info`` prints. A file at the current schema is checked exactly as opening it checks it
(``file_check.inspect_file``, so the same messages for a missing, foreign or damaged file) and then
read through a read-only connection. Any other file — older (opening it migrates it), newer (opening
refuses it) — or a read that SQLite refuses is left to the Project service, which says why.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from afpak_coder.core.file_check import SCHEMA_VERSION, inspect_file
from afpak_coder.core.records import ProjectSummary

_COUNTED = {"documents": "document", "coders": "coder", "themes": "theme", "actors": "actor",
            "stance_levels": "stance_level", "claims": "claim"}

_CLAIMS_PER_CODER = """SELECT coder.name, count(claim.id) FROM coder
                       LEFT OUTER JOIN claim ON claim.coder_id = coder.id
                       GROUP BY coder.id ORDER BY coder.name"""


def read_summary(path: str | Path) -> ProjectSummary | None:
    """The summary of the project file at ``path``, or None when the Project service must open it
    (see the module's docstring). Raises ProjectFileError (or a subclass) for a file that is not an
    intact project, with the message opening it would give."""
    path = Path(path)
    if inspect_file(path) != SCHEMA_VERSION:
        return None
    try:
        raw = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        with raw:  # one read transaction: every count from the same state of the file
            raw.execute("BEGIN")
            info = dict(raw.execute("SELECT key, value FROM project_info "
                                    "WHERE key IN ('name', 'project_id', 'schema_version')").fetchall())
            counts = {field: raw.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                      for field, table in _COUNTED.items()}
            per_coder = dict(raw.execute(_CLAIMS_PER_CODER).fetchall())
    except sqlite3.Error:
        return None
    finally:
        raw.close()
    return ProjectSummary(path=str(path), name=info.get("name") or path.stem, project_id=info.get("project_id") or "",
                          schema_version=int(info.get("schema_version") or 0), claims_per_coder=per_coder, **counts)
