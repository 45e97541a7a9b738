"""Applying a merge plan to the master: one transaction, a backup of the master first.

Everything is worked out in memory inside the transaction before anything is written, so a merge
that would change nothing writes nothing (and makes no backup), and a dry run is the same work
without the writing. Any failure (or Cancel) rolls the whole merge back.

Each file is compared with the master as the files before it left it:

* a claim whose id the master lacks is added, unless the master had it before (from the copy's
  start or an earlier merge of the same copy) and the lead deleted it since, or the coder deleted it
  in a version of the file merged before;
* a claim the master has is compared three ways, with the updated time recorded at the copy's start
  or the last merge: edited only in the file → updated; only in the master → the master's edit
  stays; in both → a conflict, the master's version stays. A file holding an older version than the
  recorded one has not edited it. Without a record, the newer updated time wins, and an older one
  from the file is a conflict;
* a claim the master had from this copy (its start, or an earlier merge of it) that is missing from
  the file was deleted by the coder → removed, unless the lead edited it since (a conflict), its
  document is no longer in the file, or the file is older than the claim's recorded version;
* every claim added or updated must quote the master's text exactly at its offsets, so nothing is
  ever attached at shifted offsets.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field

from sqlalchemy.exc import OperationalError

from afpak_coder.core import database, models
from afpak_coder.core.codebook_cache import BUMP_REVISION
from afpak_coder.core.copies import keys
from afpak_coder.core.copies.coder_file import CoderFile, FileClaim
from afpak_coder.core.copies.entries import Resolver
from afpak_coder.core.copies.errors import MergeConflictError, MergeInputError
from afpak_coder.core.copies.master_state import ClaimRow, MasterState
from afpak_coder.core.copies.plan import MergePlan, PlannedFile
from afpak_coder.core.copies.report import CoderOutcome, MergeReport
from afpak_coder.core.diskspace import project_bytes, require_space
from afpak_coder.core.progress import Progress, ensure_progress
from afpak_coder.core.project import Project
from afpak_coder.core.service_base import execute_many
from afpak_coder.core.stored import collector_paused, read_datetime, stored_datetime

_INSERT = ('INSERT INTO claim (id, document_id, coder_id, start, "end", quote, theme_id, actor_id, target_id, '
           "stance_id, memo, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
_UPDATE = ('UPDATE claim SET document_id = ?, coder_id = ?, start = ?, "end" = ?, quote = ?, theme_id = ?, '
           "actor_id = ?, target_id = ?, stance_id = ?, memo = ?, created_at = ?, updated_at = ?, "
           "version = version + 1 WHERE id = ?")  # a change like any other (see core/conflicts)
_STATUS = ("INSERT INTO coding_status (document_id, coder_id, status, updated_at) VALUES (?, ?, ?, ?) "
           "ON CONFLICT (document_id, coder_id) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at")
_INFO = "INSERT INTO project_info (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"
_CHECK_EVERY = 5000  # claims between looks at Cancel

NO_DOCUMENT = "its document's text differs from the master's, or the master does not have it"
BAD_QUOTE = "its quote is not the master's text at its offsets"
DELETED_IN_MASTER = "deleted in the master since it was handed out or merged; not brought back"
DELETED_BY_CODER = "deleted by the coder in a version of this file merged before; not brought back"


def apply_merge(master: Project, plan: MergePlan, *, dry_run: bool = False,
                progress: Progress | None = None) -> MergeReport:
    """Merge the plan's included files into ``master``; returns what was (or, with ``dry_run``,
    would be) done. Raises MergeInputError for an answer the plan still lacks."""
    progress = ensure_progress(progress)
    if master.project_id != plan.master_id:
        raise MergeInputError(f"{master.path}: the merge plan was made for another project")
    report = MergeReport(master=master.path, dry_run=dry_run)
    for path, why in plan.refused:
        report.files_skipped.append((path.name, why))
    for planned in plan.files:
        if planned.included and planned.file.sidecar_note:
            report.file_notes.append(planned.file.sidecar_note)
        if not planned.included:
            report.files_skipped.append((planned.file.label, f"{planned.warning}; not merged without confirmation"))
    context = master._read() if dry_run else master._write_connection()  # noqa: SLF001 - core's own plumbing
    try:
        with context as connection:
            progress.update(0, 4, "Reading the master")
            merge = _Merge(plan, MasterState(connection), report, progress)
            with collector_paused():  # hundreds of thousands of tuples, no reference cycles
                merge.work_out()
            if dry_run or not report.changed:
                return report
            progress.update(3, 4, "Backing up the master")
            progress.check()
            # Room for the backup and for the merged claims (at most the coder files' size).
            require_space(master.path, project_bytes(master.path) + sum(
                project_bytes(planned.file.path) for planned in plan.included), "nothing was merged")
            report.backup = database.make_backup(master.path, "before merging coder files", "before-merge")
            progress.update(3, 4, "Writing the merged claims")
            merge.write(connection)
    except OperationalError as error:
        if isinstance(error.orig, sqlite3.OperationalError) and "locked" in str(error.orig):
            raise MergeConflictError(f"{master.path}: another program changed the project while merging; nothing "
                                     "was merged, try again") from error
        raise
    progress.update(4, 4, "Done")
    return report


@dataclass
class _Sync:
    """What the master knows of one coder copy's claims (see keys.MERGED_PREFIX), brought up to date
    while the copy is merged."""

    recorded: dict[str, str]  # claim id -> updated time as last merged (or at the copy's start)
    deleted: set[str]  # claims the coder deleted, removed by an earlier merge of the copy
    seen: set[str] = field(default_factory=set)  # claims in this version of the file


class _Merge:
    def __init__(self, plan: MergePlan, state: MasterState, report: MergeReport, progress: Progress) -> None:
        self.plan, self.state, self.report, self.progress = plan, state, report, progress
        self.resolver = Resolver(plan, state)
        self.inserts: dict[str, ClaimRow] = {}
        self.updates: dict[str, ClaimRow] = {}
        self.deletes: set[str] = set()
        self.statuses: dict[tuple[str, str], tuple[str, str]] = {}
        self.earlier: dict[str, dict] = {}  # copy project id -> what earlier merges of it recorded
        self.records: dict[str, dict] = {}  # copy project id -> what to remember of this merge

    # -- working out --------------------------------------------------------------------------

    def work_out(self) -> None:
        additions = self.resolver.resolve()
        self.report.codebook = additions.notes
        self.report.coders_added = additions.coder_names
        self.report.codebook_changed = bool(additions.themes or additions.actors)
        self.report.document_conflicts = [issue.text() for issue in self.plan.document_issues if issue.planned.included]
        included = self.plan.included
        self.earlier = {p.file.project_id: self.state.merged_record(p.file.project_id) for p in included}
        self.state.load_claims(_claim_ids(included, self.earlier, self.plan.master_id))
        self.progress.check()
        self.progress.update(1, 4, "Checking quotes against the master's texts")
        bad_quotes = self._check_quotes(included)
        self.progress.update(2, 4, "Comparing claims")
        for planned in included:
            self._file(planned, bad_quotes)

    def _maps(self, planned: PlannedFile) -> tuple[dict, dict, dict, dict]:
        pid = planned.file.project_id
        return (self.plan.documents[pid], self.resolver.file_map(self.plan.themes[pid]),
                self.resolver.file_map(self.plan.actors[pid]), self.plan.levels[pid])

    def _check_quotes(self, included: list[PlannedFile]) -> set[tuple[str, str]]:
        """(file project id, claim id) of every claim whose quote is not the master's text at its span."""
        by_document: dict[str, list[tuple[str, FileClaim]]] = {}
        for planned in included:
            documents = self.plan.documents[planned.file.project_id]
            pid = planned.file.project_id
            for claim in planned.file.claims:
                document = documents.get(claim.document)
                if document is not None:
                    by_document.setdefault(document, []).append((pid, claim))
        bad: set[tuple[str, str]] = set()
        done = 0
        for document, text in self.state.texts(sorted(by_document, key=self.state.documents.__getitem__)):
            length = len(text)
            for pid, claim in by_document[document]:
                if not (0 <= claim.start < claim.end <= length and text[claim.start:claim.end] == claim.quote):
                    bad.add((pid, claim.id))
            done += 1
            if done % 200 == 0:
                self.progress.check()
        return bad

    def _file(self, planned: PlannedFile, bad_quotes: set[tuple[str, str]]) -> None:
        file, state = planned.file, self.state
        pid = file.project_id
        documents, themes, actors, levels = self._maps(planned)
        earlier = self.earlier[pid]
        own_copy = file.master_project_id == self.plan.master_id
        # The updated time of each claim as the master last had it from this copy, and the claims
        # this copy's coder deleted in a version merged before.
        recorded = {**(file.baseline if own_copy else {}), **earlier.get("claims", {})}
        deleted = set(earlier.get("removed", ()))
        outcomes: dict[str, CoderOutcome] = {}
        targets: dict[str, str | None] = {}
        for decision in (d for d in self.plan.coders if d.planned is planned):
            targets[decision.copy_id] = self.resolver.coder_targets.get(id(decision))
            outcome = CoderOutcome(file.label, self.resolver.coder_name(decision), decision.name)
            problem = self.resolver.coder_problems.get(id(decision))
            if problem:
                outcome.skipped[problem] = decision.claims
            outcomes[decision.copy_id] = outcome
            self.report.outcomes.append(outcome)
        sync = _Sync(recorded, deleted)
        for number, claim in enumerate(file.claims):
            if number % _CHECK_EVERY == 0:
                self.progress.check()
            target = targets.get(claim.coder)
            if target is None:
                continue  # counted above as skipped with the coder's problem
            outcome = outcomes[claim.coder]
            sync.seen.add(claim.id)
            document = documents.get(claim.document)
            if document is None:
                outcome.skipped[NO_DOCUMENT] += 1
                continue
            row, missing = self._row(claim, document, target, themes, actors, levels)
            if missing:
                outcome.skipped[missing] += 1
                continue
            if (pid, claim.id) in bad_quotes:
                outcome.skipped[BAD_QUOTE] += 1
                continue
            self._claim(row, sync, outcome)
        self._removals(file, sync, set(documents.values()), outcomes, targets)
        self._statuses(planned, documents, targets, outcomes)
        self.records[pid] = {
            "file": file.label, "merged_at": stored_datetime(models.utc_now()),
            "coders": {copy_id: target for copy_id, target in targets.items() if target},
            "claims": {claim_id: stamp for claim_id, stamp in sync.recorded.items() if claim_id not in sync.deleted},
            "removed": sorted(sync.deleted),
        }

    def _row(self, claim: FileClaim, document: str, coder: str, themes, actors, levels) -> tuple[ClaimRow | None, str]:
        theme = themes.get(claim.theme)
        actor = actors.get(claim.actor) if claim.actor else None  # no actor: an incomplete claim
        target = actors.get(claim.target) if claim.target else None
        stance = levels.get(claim.stance) if claim.stance else None
        if theme is None:
            return None, "its theme is not in the master (its new theme was not accepted)"
        if (claim.actor and actor is None) or (claim.target and target is None):
            return None, "its actor or target is not in the master"
        if claim.stance and stance is None:
            return None, "its stance level is not on the master's scale"
        return ClaimRow(claim.id, document, coder, claim.start, claim.end, claim.quote, theme, actor, target, stance,
                        claim.memo, claim.created, claim.updated), ""

    def _claim(self, row: ClaimRow, sync: _Sync, outcome: CoderOutcome) -> None:
        state = self.state
        recorded = sync.recorded.get(row.id)
        owner = state.claim_coders.get(row.id)
        if owner is None:
            if row.id in sync.deleted:
                outcome.skipped[DELETED_BY_CODER] += 1
            elif recorded is not None:
                outcome.skipped[DELETED_IN_MASTER] += 1
            else:
                self._store(row, insert=True)
                outcome.added += 1
                sync.recorded[row.id] = row.updated
            return
        current = state.rows[row.id]
        if owner != row.coder:
            outcome.conflicts.append(f"claim {row.id}: the master has a claim of {state.coders.get(owner, '?')} "
                                     "with this id; not merged")
            return
        if current.same_content(row):
            outcome.unchanged += 1
            sync.recorded[row.id] = current.updated
            return
        file_time = read_datetime(row.updated)
        if recorded is None:  # no record of it: the later edit wins
            take_file = file_time > read_datetime(current.updated)
            conflict = not take_file
        else:
            master_edited = current.updated != recorded
            file_edited = file_time > read_datetime(recorded)  # an older version of the file is no edit
            take_file, conflict = file_edited and not master_edited, file_edited and master_edited
        if conflict:
            outcome.conflicts.append(f"{_where(row, state)}: edited in the coder file and in the master; "
                                     "the master's version was kept")
        elif take_file:
            self._store(row, insert=False)
            outcome.updated += 1
            sync.recorded[row.id] = row.updated
        else:  # the lead's later edit stands, or the file holds an older version
            outcome.unchanged += 1

    def _store(self, row: ClaimRow, *, insert: bool) -> None:
        state = self.state
        if insert:
            self.inserts[row.id] = row
            self.deletes.discard(row.id)
        elif row.id in self.inserts:
            self.inserts[row.id] = row
        else:
            self.updates[row.id] = row
        state.claim_coders[row.id] = row.coder
        state.rows[row.id] = row

    def _removals(self, file: CoderFile, sync: _Sync, documents: set[str], outcomes: dict[str, CoderOutcome],
                  targets: dict[str, str | None]) -> None:
        """Remove the claims this copy had (its start, or an earlier merge of it) and has no more."""
        state = self.state
        by_target = {}
        for copy_id, target in targets.items():
            if target is not None:
                by_target.setdefault(target, outcomes[copy_id])
        as_of = file.as_of
        for claim_id, stamp in list(sync.recorded.items()):
            if claim_id in sync.seen or claim_id not in state.claim_coders:
                continue
            current = state.rows[claim_id]
            outcome = by_target.get(current.coder)
            if outcome is None:
                continue  # another coder's claim now (reassigned in the master): not this copy's to remove
            if as_of is None or as_of < read_datetime(stamp):
                continue  # an older version of the file, from before this claim was made or edited
            if current.document not in documents:
                outcome.skipped["deleted from the coder file with its document; kept in the master"] += 1
                continue
            if current.updated != stamp:
                outcome.conflicts.append(f"{_where(current, state)}: deleted in the coder file but edited in the "
                                         "master since; kept")
                continue
            outcome.removed += 1
            sync.deleted.add(claim_id)
            del state.claim_coders[claim_id]
            del state.rows[claim_id]
            if self.inserts.pop(claim_id, None) is None:
                self.updates.pop(claim_id, None)
                self.deletes.add(claim_id)

    def _statuses(self, planned: PlannedFile, documents: dict[str, str], targets: dict[str, str | None],
                  outcomes: dict[str, CoderOutcome]) -> None:
        current = self.state.statuses(t for t in targets.values() if t)
        current.update(self.statuses)
        for document, coder, status, updated in planned.file.statuses:
            target, master_document = targets.get(coder), documents.get(document)
            if target is None or master_document is None:
                continue
            key = (master_document, target)
            before = current.get(key)
            if before is not None and (before[0] == status or read_datetime(before[1]) >= read_datetime(updated)):
                continue
            self.statuses[key] = current[key] = (status, updated)
            outcomes[coder].statuses += 1

    # -- writing ------------------------------------------------------------------------------

    def write(self, connection) -> None:
        additions = self.resolver.additions
        now = stored_datetime(models.utc_now())
        if additions.coders or additions.themes or additions.actors:
            connection.exec_driver_sql(BUMP_REVISION)  # cached codebooks of every open Project go stale
        execute_many(connection, "INSERT INTO coder (id, name, color, created_at) VALUES (?, ?, ?, ?)",
                     [(*coder, now) for coder in additions.coders])
        execute_many(connection, "INSERT INTO theme (id, parent_id, name, color, definition, position, archived, "
                     "proposed) VALUES (?, ?, ?, ?, ?, ?, 0, 0)", additions.themes)
        execute_many(connection, "INSERT INTO actor (id, name, type, aliases, color, definition, archived, proposed) "
                     "VALUES (?, ?, ?, ?, ?, ?, 0, 0)", additions.actors)
        execute_many(connection, "DELETE FROM claim WHERE id = ?", [(claim_id,) for claim_id in self.deletes])
        execute_many(connection, _UPDATE, [(*row[1:], row.id) for row in self.updates.values()])
        execute_many(connection, _INSERT, list(self.inserts.values()))
        execute_many(connection, _STATUS, [(d, c, s, u) for (d, c), (s, u) in self.statuses.items()])
        execute_many(connection, _INFO, [(keys.MERGED_PREFIX + pid, json.dumps(record, separators=(",", ":")))
                                         for pid, record in self.records.items()])


def _claim_ids(included: list[PlannedFile], earlier: dict[str, dict], master_id: str):
    """Every claim id a merge of these files deals with: the files' claims and what the master
    recorded of each (see _Sync)."""
    for planned in included:
        file = planned.file
        yield from (claim.id for claim in file.claims)
        if file.master_project_id == master_id:
            yield from file.baseline
        yield from earlier[file.project_id].get("claims", ())


def _where(row: ClaimRow, state: MasterState) -> str:
    quote = row.quote if len(row.quote) <= 50 else row.quote[:49] + "…"
    return f"document {state.documents.get(row.document, '?')}, {row.start}–{row.end} {quote!r}"

