"""The merge plan: what the coder files bring and what the lead must decide before merging.

``build_merge_plan`` reads the files and matches what is in them against the master:

* documents by the SHA-256 of their text, never by title or file name; a document whose text the
  master does not have (same id with another text, or a text unknown to the master) is a
  ``DocumentIssue`` and its claims are not attached;
* themes and actors by id, then by name (themes by name under the same parent); the rest are
  ``NewEntry`` items for the lead: accept as new, or map onto an existing entry;
* coders by id (or as an earlier merge of the same file placed them); a coder new to the master
  whose name is already taken (in the master or by another file) is a ``CoderDecision`` that needs
  an answer: keep apart under another name, or the same person;
* stance levels by id, then by value.

Files that cannot be read are ``refused``; files from another master (or that are no coder copy)
carry a ``warning`` and are merged only once ``confirmed``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from afpak_coder.core.copies import keys
from afpak_coder.core.copies.coder_file import CoderFile, FileActor, FileTheme, read_coder_file
from afpak_coder.core.copies.errors import MergeInputError, SameProjectError
from afpak_coder.core.errors import AfpakError
from afpak_coder.core.progress import Progress, ensure_progress
from afpak_coder.core.project import Project
from afpak_coder.core.records import THEME_PATH_SEPARATOR
from afpak_coder.core.stored import collector_paused

ACCEPT, MAP = "accept", "map"  # NewEntry.choice
SEPARATE, SAME = "separate", "same"  # CoderDecision.choice


@dataclass
class PlannedFile:
    file: CoderFile
    warning: str | None = None  # set: merged only when confirmed
    confirmed: bool = False
    previous_merge: dict | None = None  # what an earlier merge of this same file recorded

    @property
    def included(self) -> bool:
        return self.warning is None or self.confirmed


@dataclass
class CoderDecision:
    """Where one coder of one file goes in the master."""

    planned: PlannedFile
    copy_id: str
    name: str  # in the file
    claims: int
    master_id: str | None  # matched by id, or by an earlier merge of the same file
    clash_id: str | None = None  # another coder (in the master or new from another file) of the same name
    clash_name: str | None = None
    choice: str | None = None  # SEPARATE or SAME, when there is a clash
    new_name: str | None = None  # the name under SEPARATE

    @property
    def needs_answer(self) -> bool:
        return self.clash_id is not None and self.choice not in (SEPARATE, SAME)

    @property
    def is_new(self) -> bool:
        return self.master_id is None and not (self.clash_id is not None and self.choice == SAME)

    @property
    def target_id(self) -> str | None:
        """The coder id the claims go to; None while a clash is unanswered."""
        if self.master_id is not None:
            return self.master_id
        if self.clash_id is None:
            return self.copy_id
        return {SAME: self.clash_id, SEPARATE: self.copy_id}.get(self.choice)

    @property
    def target_name(self) -> str:
        if self.clash_id is not None and self.choice == SEPARATE:
            return self.new_name or self.name
        return self.clash_name if self.choice == SAME and self.clash_name else self.name


@dataclass(eq=False)
class NewEntry:
    """A theme or actor the master does not have, from one or more files."""

    kind: str  # "theme" or "actor"
    new_id: str  # the id it gets when accepted (that of its first source)
    name: str
    path: tuple[str, ...]  # for themes, names from the top; for actors (name,)
    parent: Any = None  # themes: None (top level), a master theme id, or the parent NewEntry
    sources: list[tuple[PlannedFile, Any]] = field(default_factory=list)  # (file, FileTheme/FileActor)
    similar: list[str] = field(default_factory=list)  # master ids worth suggesting as mapping targets
    choice: str = ACCEPT
    map_to: str | None = None  # master id, when choice is MAP

    @property
    def label(self) -> str:
        return THEME_PATH_SEPARATOR.join(self.path)

    @property
    def proposed_by(self) -> list[str]:
        return sorted({source[0].file.label for source in self.sources})

    def accept(self) -> None:
        self.choice, self.map_to = ACCEPT, None

    def map_onto(self, master_id: str) -> None:
        self.choice, self.map_to = MAP, master_id


@dataclass
class DocumentIssue:
    planned: PlannedFile
    document_id: str
    title: str
    reason: str
    claims: int

    def text(self) -> str:
        return f"{self.planned.file.label}: document {self.title!r} {self.reason}; its {self.claims} claims are not attached"


@dataclass
class MergePlan:
    master_path: Path
    master_id: str
    files: list[PlannedFile]
    refused: list[tuple[Path, str]]
    coders: list[CoderDecision]
    new_entries: list[NewEntry]
    document_issues: list[DocumentIssue]
    documents: dict[str, dict[str, str]]  # file project id -> {copy document id: master document id}
    themes: dict[str, dict[str, Any]]  # file project id -> {copy theme id: master id or NewEntry}
    actors: dict[str, dict[str, Any]]
    levels: dict[str, dict[str, str]]  # file project id -> {copy level id: master level id}
    master_themes: dict[str, tuple[str | None, str]] = field(repr=False, default_factory=dict)  # id -> (parent, name)

    @property
    def included(self) -> list[PlannedFile]:
        return [planned for planned in self.files if planned.included]

    @property
    def warnings(self) -> list[PlannedFile]:
        return [planned for planned in self.files if planned.warning]

    @property
    def questions(self) -> list[CoderDecision]:
        """Coders whose place in the master is still to be decided."""
        return [d for d in self.coders if d.needs_answer and d.planned.included]

    def confirm_all(self) -> None:
        for planned in self.files:
            planned.confirmed = True

    def answer_all(self, choice: str) -> None:
        """One answer for every coder name clash: SEPARATE (renamed "Name (file)") or SAME."""
        for decision in self.coders:
            if decision.clash_id is not None:
                decision.choice = choice
                if choice == SEPARATE and not decision.new_name:
                    decision.new_name = f"{decision.name} ({decision.planned.file.path.stem})"

    def entry(self, kind: str, name: str) -> NewEntry:
        """The new theme or actor named ``name`` (a theme also by its path, with › or /)."""
        wanted = name.strip().casefold()
        for entry in self.new_entries:
            if entry.kind == kind and wanted in (entry.name.casefold(), entry.label.casefold(),
                                                 "/".join(entry.path).casefold()):
                return entry
        raise MergeInputError(f"no new {kind} named {name!r} in the coder files")


def build_merge_plan(master: Project, paths: Iterable[str | Path], *, force: bool = False,
                     progress: Progress | None = None) -> MergePlan:
    """Read the coder files and match them against ``master``. ``force`` confirms files from another
    master (or that are no coder copy) at once."""
    progress = ensure_progress(progress)
    paths = [Path(p) for p in paths]
    refused: list[tuple[Path, str]] = []
    files: list[PlannedFile] = []
    seen: dict[str, Path] = {}
    master_id = master.project_id
    for number, path in enumerate(paths):
        progress.update(number, len(paths), f"Reading {path.name}")
        progress.check()
        try:
            with collector_paused():  # tens of thousands of claim tuples, no reference cycles
                planned = _plan_file(master, path, seen)
        except AfpakError as error:
            refused.append((path, str(error)))
            continue
        planned.confirmed = force
        seen[planned.file.project_id] = path
        files.append(planned)
    progress.update(len(paths), len(paths), "Matching against the master")
    plan = MergePlan(master_path=master.path, master_id=master_id, files=files, refused=refused, coders=[],
                     new_entries=[], document_issues=[], documents={}, themes={}, actors={}, levels={})
    _Matcher(master, plan).run()
    return plan


def _plan_file(master: Project, path: Path, seen: dict[str, Path]) -> PlannedFile:
    if path.exists() and master.path.exists() and path.resolve() == master.path.resolve():
        raise SameProjectError(f"{path}: is the master project itself; give the coder copies made from it")
    file = read_coder_file(path)
    if file.project_id == master.project_id:
        raise SameProjectError(f"{path}: is a copy of the master project itself, not a coder copy made from it")
    if file.project_id in seen:
        raise SameProjectError(f"{path}: is the same coder copy as {seen[file.project_id]}; it is merged once")
    warning = None
    if file.master_project_id is None:
        warning = (f"{path}: is not a coder copy of {master.name!r} (no master recorded); its documents are "
                   "matched by their text")
    elif file.master_project_id != master.project_id:
        warning = (f"{path}: is a coder copy of another project (id {file.master_project_id}), "
                   f"not of {master.name!r}")
    record = master._info(keys.MERGED_PREFIX + file.project_id)  # noqa: SLF001 - core reads its own facts
    return PlannedFile(file=file, warning=warning, previous_merge=json.loads(record) if record else None)


class _Matcher:
    """Fills a plan's matches, decisions and issues from its files."""

    def __init__(self, master: Project, plan: MergePlan) -> None:
        self.plan = plan
        self.master_coders = {c.id.hex: c.name for c in master.coders()}
        self.coder_names = {name.casefold(): (id_, name) for id_, name in self.master_coders.items()}
        themes = master.themes()
        plan.master_themes = {t.id.hex: (t.parent_id.hex if t.parent_id else None, t.name) for t in themes}
        self.theme_children = {(parent, name.casefold()): id_ for id_, (parent, name) in plan.master_themes.items()}
        self.theme_names: dict[str, list[str]] = {}
        for id_, (_parent, name) in plan.master_themes.items():
            self.theme_names.setdefault(name.casefold(), []).append(id_)
        actors = master.actors()
        self.actor_ids = {a.id.hex for a in actors}
        self.actor_names = {a.name.casefold(): a.id.hex for a in actors}
        self.actor_aliases: dict[str, list[str]] = {}
        for actor in actors:
            for alias in actor.aliases:
                self.actor_aliases.setdefault(alias.casefold(), []).append(actor.id.hex)
        levels = master.stance_levels()
        self.level_ids = {level.id.hex for level in levels}
        self.level_values = {level.value: level.id.hex for level in levels}
        documents = master.documents()
        self.document_hashes = {d.sha256: d.id.hex for d in documents}
        self.document_numbers = {d.id.hex: d.number for d in documents}
        self.new_themes: dict[tuple, NewEntry] = {}
        self.new_actors: dict[str, NewEntry] = {}

    def run(self) -> None:
        for planned in self.plan.files:
            self._documents(planned)
            self._coders(planned)
            self._themes(planned)
            self._actors(planned)
            self._levels(planned)

    def _documents(self, planned: PlannedFile) -> None:
        file = planned.file
        matched: dict[str, str] = {}
        claims_on: dict[str, int] = {}
        for claim in file.claims:
            claims_on[claim.document] = claims_on.get(claim.document, 0) + 1
        for document in file.documents.values():
            found = self.document_hashes.get(document.sha256)
            if found is not None:
                matched[document.id] = found
                continue
            if not claims_on.get(document.id):
                continue  # nothing would be attached to it
            if document.id in self.document_numbers:
                reason = (f"has another text than the master's document {self.document_numbers[document.id]} "
                          "of the same id")
            else:
                reason = "has a text the master does not have"
            self.plan.document_issues.append(
                DocumentIssue(planned, document.id, document.title, reason, claims_on[document.id]))
        self.plan.documents[file.project_id] = matched

    def _coders(self, planned: PlannedFile) -> None:
        file = planned.file
        earlier = (planned.previous_merge or {}).get("coders", {})
        counts: dict[str, int] = {}
        for claim in file.claims:
            counts[claim.coder] = counts.get(claim.coder, 0) + 1
        for copy_id, (name, _color) in file.coders.items():
            if not counts.get(copy_id) and copy_id != file.coder_copy_for:
                continue
            decision = CoderDecision(planned, copy_id, name, counts.get(copy_id, 0), master_id=None)
            if earlier.get(copy_id) in self.master_coders:
                decision.master_id = earlier[copy_id]
            elif copy_id in self.master_coders:
                decision.master_id = copy_id
            else:
                taken = self.coder_names.get(name.casefold())
                if taken is not None:
                    decision.clash_id, decision.clash_name = taken
                else:  # later files meet this name as taken
                    self.coder_names[name.casefold()] = (copy_id, name)
            self.plan.coders.append(decision)

    def _themes(self, planned: PlannedFile) -> None:
        file = planned.file
        used = {claim.theme for claim in file.claims}
        by_id = {theme.id: theme for theme in file.themes}
        wanted: set[str] = set()  # used or proposed themes and their ancestors
        for theme in file.themes:
            if theme.id in used or theme.proposed:
                node: FileTheme | None = theme
                while node is not None and node.id not in wanted:
                    wanted.add(node.id)
                    node = by_id.get(node.parent) if node.parent else None
        mapping: dict[str, Any] = {}
        for theme in file.themes:  # parents first
            if theme.id in self.plan.master_themes:
                mapping[theme.id] = theme.id
                continue
            if theme.id not in wanted:
                continue
            parent = mapping.get(theme.parent) if theme.parent else None
            if isinstance(parent, str) or parent is None:
                found = self.theme_children.get((parent, theme.name.casefold()))
                if found is not None:
                    mapping[theme.id] = found
                    continue
            key = (id(parent) if isinstance(parent, NewEntry) else parent, theme.name.casefold())
            entry = self.new_themes.get(key)
            if entry is None:
                parent_path = (parent.path if isinstance(parent, NewEntry) else
                               self._theme_path(parent) if parent else ())
                entry = self.new_themes[key] = NewEntry(
                    "theme", theme.id, theme.name, parent_path + (theme.name,), parent=parent,
                    similar=list(self.theme_names.get(theme.name.casefold(), ())))
                self.plan.new_entries.append(entry)
            entry.sources.append((planned, theme))
            mapping[theme.id] = entry
        self.plan.themes[file.project_id] = mapping

    def _theme_path(self, theme_id: str) -> tuple[str, ...]:
        path: list[str] = []
        while theme_id is not None:
            parent, name = self.plan.master_themes[theme_id]
            path.insert(0, name)
            theme_id = parent
        return tuple(path)

    def _actors(self, planned: PlannedFile) -> None:
        file = planned.file
        used = {claim.actor for claim in file.claims if claim.actor} | {claim.target for claim in file.claims if claim.target}
        mapping: dict[str, Any] = {}
        for actor in file.actors:
            if actor.id in self.actor_ids:
                mapping[actor.id] = actor.id
                continue
            found = self.actor_names.get(actor.name.casefold())
            if found is not None:
                mapping[actor.id] = found
                continue
            if actor.id not in used and not actor.proposed:
                continue
            entry = self.new_actors.get(actor.name.casefold())
            if entry is None:
                entry = self.new_actors[actor.name.casefold()] = NewEntry(
                    "actor", actor.id, actor.name, (actor.name,), similar=self._similar_actors(actor))
                self.plan.new_entries.append(entry)
            entry.sources.append((planned, actor))
            mapping[actor.id] = entry
        self.plan.actors[file.project_id] = mapping

    def _similar_actors(self, actor: FileActor) -> list[str]:
        similar: list[str] = []
        for name in (actor.name, *actor.aliases):
            for found in [self.actor_names.get(name.casefold()), *self.actor_aliases.get(name.casefold(), ())]:
                if found is not None and found not in similar:
                    similar.append(found)
        return similar

    def _levels(self, planned: PlannedFile) -> None:
        file = planned.file
        mapping = {}
        for level_id, value in file.levels.items():
            found = level_id if level_id in self.level_ids else self.level_values.get(value)
            if found is not None:
                mapping[level_id] = found
        self.plan.levels[file.project_id] = mapping
