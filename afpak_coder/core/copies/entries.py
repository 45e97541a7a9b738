"""Turning the lead's answers in a merge plan into rows for the master: the coders, themes and actors
to add, and for every file the map from its ids to the master's."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from afpak_coder.core.copies.errors import MergeInputError
from afpak_coder.core.copies.master_state import MasterState
from afpak_coder.core.copies.plan import ACCEPT, MAP, CoderDecision, MergePlan, NewEntry
from afpak_coder.core.records import THEME_PATH_SEPARATOR


@dataclass
class Additions:
    coders: list[tuple] = field(default_factory=list)  # (id, name, color)
    themes: list[tuple] = field(default_factory=list)  # (id, parent, name, color, definition, position)
    actors: list[tuple] = field(default_factory=list)  # (id, name, type, aliases JSON, color, definition)
    notes: list[str] = field(default_factory=list)  # for the report
    coder_names: list[str] = field(default_factory=list)


class Resolver:
    """Master ids for the plan's new entries and coders, deciding once for each."""

    def __init__(self, plan: MergePlan, state: MasterState) -> None:
        self.plan, self.state = plan, state
        self.additions = Additions()
        self._entries: dict[int, str] = {}  # id(NewEntry) -> master id
        included = {id(planned) for planned in plan.included}
        self._needed = [e for e in plan.new_entries if any(id(source[0]) in included for source in e.sources)]
        self.coder_targets: dict[int, str | None] = {}  # id(CoderDecision) -> master coder id
        self.coder_problems: dict[int, str] = {}
        self.theme_names = {(parent, name.casefold()): id_ for id_, (parent, name) in state.themes.items()}
        self.actor_names = {name.casefold(): id_ for id_, name in state.actors.items()}

    def resolve(self) -> Additions:
        for entry in self._needed:
            self.entry_id(entry)
        self._coders()
        return self.additions

    # -- themes and actors --------------------------------------------------------------------

    def entry_id(self, entry: NewEntry) -> str:
        known = self._entries.get(id(entry))
        if known is not None:
            return known
        if entry.choice == MAP:
            known = self._mapped(entry)
            self.additions.notes.append(f"{entry.kind} {entry.label!r} mapped onto {self._label(entry.kind, known)!r}"
                                        f" (from {', '.join(entry.proposed_by)})")
        elif entry.choice == ACCEPT:
            known = self._theme(entry) if entry.kind == "theme" else self._actor(entry)
        else:
            raise MergeInputError(f"new {entry.kind} {entry.label!r}: choose to accept it or map it onto another")
        self._entries[id(entry)] = known
        return known

    def _mapped(self, entry: NewEntry) -> str:
        existing = self.state.themes if entry.kind == "theme" else self.state.actors
        if entry.map_to not in existing:
            raise MergeInputError(f"new {entry.kind} {entry.label!r}: the {entry.kind} it is mapped onto is not in the master")
        return entry.map_to

    def _theme(self, entry: NewEntry) -> str:
        parent = entry.parent
        if isinstance(parent, NewEntry):
            parent = self.entry_id(parent)
        elif parent is not None and parent not in self.state.themes:
            parent = None  # the parent was deleted from the master meanwhile: top level
        found = self.theme_names.get((parent, entry.name.casefold()))
        if found is not None:  # e.g. under a parent the lead mapped onto an existing theme
            self.additions.notes.append(f"theme {entry.label!r} matched {self._label('theme', found)!r} by name")
            return found
        source = entry.sources[0][1]
        position = self.state.theme_positions.get(parent, -1) + 1
        self.state.theme_positions[parent] = position
        self.additions.themes.append((entry.new_id, parent, entry.name, source.color, source.definition, position))
        self.state.themes[entry.new_id] = (parent, entry.name)
        self.theme_names[(parent, entry.name.casefold())] = entry.new_id
        self.additions.notes.append(f"theme {self._label('theme', entry.new_id)!r} added "
                                    f"(proposed in {', '.join(entry.proposed_by)})")
        return entry.new_id

    def _actor(self, entry: NewEntry) -> str:
        found = self.actor_names.get(entry.name.casefold())
        if found is not None:
            self.additions.notes.append(f"actor {entry.name!r} matched the master's actor by name")
            return found
        source = entry.sources[0][1]
        self.additions.actors.append((entry.new_id, entry.name, source.type, json.dumps(list(source.aliases)),
                                      source.color, source.definition))
        self.state.actors[entry.new_id] = entry.name
        self.actor_names[entry.name.casefold()] = entry.new_id
        self.additions.notes.append(f"actor {entry.name!r} added (proposed in {', '.join(entry.proposed_by)})")
        return entry.new_id

    def _label(self, kind: str, master_id: str) -> str:
        if kind == "actor":
            return self.state.actors[master_id]
        path = []
        while master_id is not None:
            parent, name = self.state.themes[master_id]
            path.insert(0, name)
            master_id = parent
        return THEME_PATH_SEPARATOR.join(path)

    def file_map(self, mapping: dict[str, Any]) -> dict[str, str]:
        """A file's theme or actor map with every NewEntry replaced by its master id (entries from
        files not merged are left out)."""
        resolved = {}
        for copy_id, target in mapping.items():
            if isinstance(target, NewEntry):
                if id(target) not in self._entries:
                    continue
                target = self._entries[id(target)]
            resolved[copy_id] = target
        return resolved

    # -- coders -------------------------------------------------------------------------------

    def _coders(self) -> None:
        included = {id(planned) for planned in self.plan.included}
        names = {name for name in self.state.coders.values()}
        for decision in self.plan.coders:
            if id(decision.planned) not in included:
                continue
            key = id(decision)
            if decision.needs_answer:
                self.coder_targets[key] = None
                self.coder_problems[key] = (
                    f"the master already has a coder named {decision.clash_name!r}; say whether "
                    f"{decision.name!r} of this file is the same person or keep them apart under another name")
                continue
            target = decision.target_id
            if decision.is_new and target not in self.state.coders:
                name = (decision.target_name or "").strip()
                if not name or name in names:
                    raise MergeInputError(f"{decision.planned.file.path}: coder {decision.name!r} cannot be kept apart "
                                          f"as {name!r}: {'a name is needed' if not name else 'that name is taken'}")
                color = decision.planned.file.coders[decision.copy_id][1]
                self.additions.coders.append((target, name, color))
                self.additions.coder_names.append(name)
                self.state.coders[target] = name
                names.add(name)
            elif target not in self.state.coders:
                self.coder_targets[key] = None
                self.coder_problems[key] = (f"the coder {decision.clash_name!r} it was to join is not merged "
                                            "(its file was left out)")
                continue
            self.coder_targets[key] = target

    def coder_name(self, decision: CoderDecision) -> str:
        target = self.coder_targets.get(id(decision))
        return self.state.coders.get(target, decision.name) if target else decision.name

