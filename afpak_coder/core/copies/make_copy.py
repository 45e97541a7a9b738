"""Making a coder copy: a new project file for one coder, blind to the other coders' work.

The copy is taken from the master's open connection with SQLite's backup API (a consistent
snapshot, also while the master is open elsewhere), under a temporary name. In that new file, in
one transaction, everything the coder must not see is deleted: the other coders, their claims (and
so their memos) and their coding statuses, and the documents not chosen. ``secure_delete`` zeroes
the freed pages and ``VACUUM`` rewrites the file, so nothing deleted can be read back from it.
Only then is the file renamed to its final name.

Documents keep their ids, numbers and text hashes; the codebook keeps its ids. The copy gets its own
project id and records the master's (``keys.MASTER_PROJECT_ID``), the coder's id
(``keys.CODER_COPY_FOR``) and the coder's claims it starts with (``keys.CODER_COPY_BASELINE``),
which the merge uses to tell what the coder deleted.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from afpak_coder import __version__
from afpak_coder.core import records
from afpak_coder.core.codebook_cache import BUMP_REVISION
from afpak_coder.core.copies import keys
from afpak_coder.core.copies.errors import CoderCopyError
from afpak_coder.core.errors import AfpakError, NotFoundError
from afpak_coder.core.progress import Progress, ensure_progress
from afpak_coder.core.project import Project, open_project
from afpak_coder.core.service_base import reference_id
from afpak_coder.core.stored import stored_datetime


@dataclass(frozen=True)
class CoderCopyResult:
    path: Path
    coder: str
    coder_added: bool  # the coder was new and has been added to the master
    documents: int
    claims: int  # the coder's own claims from the master, carried into the copy

    def text(self) -> str:
        added = f" (coder {self.coder!r} added to the master)" if self.coder_added else ""
        own = f", with {self.claims} of {self.coder}'s own claims" if self.claims else ""
        return f"Wrote the coder copy {self.path} for {self.coder}{added}: {self.documents} documents{own}"


def create_coder_copy(master: Project, coder: Any, output: str | Path, *, documents: Iterable[Any] | None = None,
                      progress: Progress | None = None) -> CoderCopyResult:
    """Write a coder copy of ``master`` for ``coder`` (a coder record, id or name; a new name is added
    to the master as a coder) to ``output``, with ``documents`` (records, ids or document numbers;
    all by default)."""
    progress = ensure_progress(progress)
    output = Path(output)
    if master.is_coder_copy:
        raise CoderCopyError(f"{master.path}: is itself a coder copy; make coder copies from the master project")
    if output.exists():
        raise CoderCopyError(f"{output}: a file of that name already exists; choose another name")
    if not output.parent.is_dir():
        raise CoderCopyError(f"{output}: the folder {output.parent} does not exist")
    chosen = _chosen_documents(master, documents)
    coder_record, added = _coder(master, coder)
    partial = output.with_name(output.name + ".creating")
    partial.unlink(missing_ok=True)
    try:
        progress.update(0, 3, "Copying the project")
        master.save_copy(partial)
        progress.check()
        progress.update(1, 3, "Removing the other coders' work")
        baseline = _make_blind(partial, master, coder_record, chosen)
        progress.check()
        progress.update(2, 3, "Compacting the copy")
        _compact(partial)
        os.replace(partial, output)
    except sqlite3.Error as error:
        partial.unlink(missing_ok=True)
        raise CoderCopyError(f"{output}: the coder copy could not be written ({error})") from error
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise CoderCopyError(f"{output}: the coder copy could not be written ({error.strerror or error})") from error
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    with open_project(output) as copy:  # switches the new file to the project's journal mode
        document_count = copy.summary().documents
    progress.update(3, 3, "Done")
    return CoderCopyResult(path=output, coder=coder_record.name, coder_added=added, documents=document_count,
                           claims=len(baseline))


def _coder(master: Project, ref: Any) -> tuple[records.Coder, bool]:
    if isinstance(ref, str) and reference_id(ref) is None:
        name = ref.strip()
        if not name:
            raise CoderCopyError(f"{master.path}: a coder copy needs a coder name")
        found = next((c for c in master.coders() if c.name == name), None)
        return (found, False) if found is not None else (master.add_coder(name), True)
    try:
        return master.coder(ref), False
    except NotFoundError as error:
        raise CoderCopyError(f"{master.path}: {error}") from error


def _chosen_documents(master: Project, documents: Iterable[Any] | None) -> set[str] | None:
    """Stored ids of the chosen documents, or None for all of them."""
    if documents is None:
        return None
    by_number = {d.number: d for d in master.documents()}
    chosen: set[str] = set()
    for ref in documents:
        if isinstance(ref, int) and not isinstance(ref, bool):
            if ref not in by_number:
                raise CoderCopyError(f"{master.path}: there is no document number {ref}")
            chosen.add(by_number[ref].id.hex)
            continue
        try:
            chosen.add(master.document(ref).id.hex)
        except AfpakError as error:
            raise CoderCopyError(f"{master.path}: {error}") from error
    if not chosen:
        raise CoderCopyError(f"{master.path}: choose at least one document for the coder copy")
    return chosen


def _make_blind(path: Path, master: Project, coder: records.Coder, chosen: set[str] | None) -> dict[str, str]:
    """Delete from the new file what the coder must not see; record what the copy is. Returns the
    coder's claims left in the copy ({claim id: updated time})."""
    raw = sqlite3.connect(path, isolation_level=None)
    try:
        raw.execute("PRAGMA foreign_keys = ON")
        raw.execute("PRAGMA secure_delete = ON")  # freed pages are zeroed: deleted claims cannot be read back
        raw.execute("BEGIN IMMEDIATE")
        try:
            coder_hex = coder.id.hex
            if chosen is not None:
                raw.execute("CREATE TEMP TABLE chosen_document (id TEXT PRIMARY KEY)")
                raw.executemany("INSERT INTO chosen_document (id) VALUES (?)", [(hex_,) for hex_ in chosen])
                dropped = "SELECT id FROM document WHERE id NOT IN (SELECT id FROM chosen_document)"
                raw.execute(f"DELETE FROM claim WHERE document_id IN ({dropped})")
                raw.execute(f"DELETE FROM coding_status WHERE document_id IN ({dropped})")
                raw.execute(f"DELETE FROM document_text WHERE number IN (SELECT number FROM document "
                            f"WHERE id IN ({dropped}))")
                raw.execute(f"DELETE FROM document WHERE id IN ({dropped})")
                # FTS5 keeps deleted rows' tokens in older segments until they are merged away.
                raw.execute("INSERT INTO document_fts (document_fts) VALUES ('rebuild')")
            raw.execute("DELETE FROM claim WHERE coder_id != ?", (coder_hex,))
            raw.execute("DELETE FROM coding_status WHERE coder_id != ?", (coder_hex,))
            raw.execute("DELETE FROM coder WHERE id != ?", (coder_hex,))
            baseline = dict(raw.execute("SELECT id, updated_at FROM claim").fetchall())
            for key in [k for (k,) in raw.execute("SELECT key FROM project_info WHERE key LIKE ?",
                                                   (keys.MERGED_PREFIX + "%",))]:
                raw.execute("DELETE FROM project_info WHERE key = ?", (key,))
            now = dt.datetime.now(dt.timezone.utc)
            facts = {
                "project_id": str(uuid.uuid4()),
                "name": f"{master.name} — coder copy for {coder.name}",
                "created_at": now.isoformat(),
                "created_by": f"afpak-coder {__version__}",
                keys.MASTER_PROJECT_ID: master.project_id,
                keys.MASTER_NAME: master.name,
                keys.CODER_COPY_FOR: str(coder.id),
                keys.CODER_COPY_MADE_AT: stored_datetime(now),
                keys.CODER_COPY_BASELINE: json.dumps(baseline),
            }
            raw.executemany("INSERT INTO project_info (key, value) VALUES (?, ?) "
                            "ON CONFLICT (key) DO UPDATE SET value = excluded.value", list(facts.items()))
            raw.execute(BUMP_REVISION)  # the coders changed
            raw.execute("COMMIT")
        except BaseException:
            raw.execute("ROLLBACK")
            raise
        return baseline
    finally:
        raw.close()


def _compact(path: Path) -> None:
    raw = sqlite3.connect(path, isolation_level=None)
    try:
        raw.execute("VACUUM")
    finally:
        raw.close()

