"""Codebook actions with undo: each is done through the service, then pushed as a command that
knows how to take it back (entries come back under their old ids, claims go back where they were)."""

from __future__ import annotations

from afpak_coder.core.project import Project
from afpak_coder.core.records import Actor, Theme
from afpak_coder.gui.undo_commands import ServiceCommand, as_left

THEME_FIELDS = ("name", "parent", "color", "definition", "position", "archived")
ACTOR_FIELDS = ("name", "type", "aliases", "color", "definition", "archived")


class CodebookActions:
    def __init__(self, project: Project, controller) -> None:
        self.project = project
        self.controller = controller

    def _push(self, text: str, do, undo) -> None:
        command = ServiceCommand(text, do, undo, lambda _c: self.controller.reload_codebook(),
                                 report=self.controller.error.emit)
        self.controller.undo_stack.push(command)
        self.controller.reload_codebook()

    # -- themes -------------------------------------------------------------------------------

    def add_theme(self, name: str, parent=None, color=None, definition: str = "") -> Theme:
        theme = self.project.add_theme(name, parent=parent, color=color, definition=definition)
        values = dict(parent=theme.parent_id, color=theme.color, definition=theme.definition, position=theme.position)
        self._push(f"Add theme {theme.name}", lambda: self.project.add_theme(theme.name, id=theme.id, **values),
                   lambda: self.project.delete_theme(theme.id))
        return theme

    def update_theme(self, theme: Theme, **changes) -> Theme:
        """Change ``theme`` as it was read: refused (ConflictError) if someone changed it since,
        and so are undo and redo after someone else's change."""
        before = _theme_fields(theme)
        updated = self.project.update_theme(theme, **changes)
        after = {key: _theme_fields(updated)[key] for key in changes}
        before = {key: before[key] for key in changes}
        self._push(f"Change theme {theme.name}", lambda: self._change_theme(updated, before, after),
                   lambda: self._change_theme(updated, after, before))
        return updated

    def _change_theme(self, theme: Theme, expected: dict, values: dict) -> Theme:
        current = as_left(self.project, "theme", self.project.theme, theme, expected, _theme_fields)
        return self.project.update_theme(current, **values)

    def merge_themes(self, source: Theme, into: Theme) -> None:
        claims = [c.id for c in self.project.claims() if c.theme.id == source.id]
        children = [t.id for t in self.project.themes() if t.parent_id == source.id]
        self.project.merge_themes(source.id, into.id)

        self._push(f"Merge theme {source.name} into {into.name}",
                   lambda: self.project.merge_themes(source.id, into.id), self._restorer(source, children, claims))

    def delete_theme(self, theme: Theme, reassign_to: Theme | None = None) -> None:
        claims = [c.id for c in self.project.claims() if c.theme.id == theme.id]
        children = [t.id for t in self.project.themes() if t.parent_id == theme.id]
        target = reassign_to.id if reassign_to else None
        self.project.delete_theme(theme.id, reassign_to=target)

        self._push(f"Delete theme {theme.name}",
                   lambda: self.project.delete_theme(theme.id, reassign_to=target), self._restorer(theme, children, claims))

    def _restorer(self, theme: Theme, children: list, claims: list):
        """Undo of a merge or deletion: the theme back under its id, with its sub-themes and claims."""
        def restore() -> None:
            self.project.add_theme(theme.name, id=theme.id, **_theme_fields(theme, without=("name", "archived")))
            if theme.archived:
                self.project.update_theme(theme.id, archived=True)
            for child in children:
                self.project.update_theme(child, parent=theme.id)
            for claim in claims:
                self.project.update_claim(claim, theme=theme.id)

        return restore

    # -- actors -------------------------------------------------------------------------------

    def add_actor(self, name: str, **fields) -> Actor:
        actor = self.project.add_actor(name, **fields)
        values = dict(type=actor.type, aliases=list(actor.aliases), color=actor.color, definition=actor.definition)
        self._push(f"Add actor {actor.name}", lambda: self.project.add_actor(actor.name, id=actor.id, **values),
                   lambda: self.project.delete_actor(actor.id))
        return actor

    def update_actor(self, actor: Actor, **changes) -> Actor:
        """Change ``actor`` as it was read (see ``update_theme``)."""
        before = {key: _actor_fields(actor)[key] for key in changes}
        updated = self.project.update_actor(actor, **changes)
        after = {key: _actor_fields(updated)[key] for key in changes}
        self._push(f"Change actor {actor.name}", lambda: self._change_actor(updated, before, after),
                   lambda: self._change_actor(updated, after, before))
        return updated

    def _change_actor(self, actor: Actor, expected: dict, values: dict) -> Actor:
        current = as_left(self.project, "actor", self.project.actor, actor, expected, _actor_fields)
        return self.project.update_actor(current, **values)

    def merge_actors(self, source: Actor, into: Actor) -> None:
        as_actor = [c.id for c in self.project.claims() if c.actor and c.actor.id == source.id]
        as_target = [c.id for c in self.project.claims() if c.target is not None and c.target.id == source.id]
        into_aliases = list(into.aliases)
        self.project.merge_actors(source.id, into.id)

        def restore() -> None:
            fields = _actor_fields(source)
            self.project.add_actor(source.name, id=source.id, type=fields["type"], aliases=fields["aliases"],
                                   color=fields["color"], definition=fields["definition"])
            self.project.update_actor(into.id, aliases=into_aliases)
            for claim in as_actor:
                self.project.update_claim(claim, actor=source.id)
            for claim in as_target:
                self.project.update_claim(claim, target=source.id)

        self._push(f"Merge actor {source.name} into {into.name}",
                   lambda: self.project.merge_actors(source.id, into.id), restore)

    def delete_actor(self, actor: Actor) -> None:
        """Only for actors no claim uses (the service refuses otherwise; archive or merge instead)."""
        fields = _actor_fields(actor)
        self.project.delete_actor(actor.id)
        self._push(f"Delete actor {actor.name}", lambda: self.project.delete_actor(actor.id),
                   lambda: self.project.add_actor(actor.name, id=actor.id, type=fields["type"], aliases=fields["aliases"],
                                                  color=fields["color"], definition=fields["definition"]))

    # -- stance -------------------------------------------------------------------------------

    def update_stance_level(self, level, **changes) -> None:
        before = {key: getattr(level, key) for key in changes}
        self.project.update_stance_level(level.value, **changes)
        self._push(f"Change stance level {level.label}",
                   lambda: self.project.update_stance_level(level.value, **changes),
                   lambda: self.project.update_stance_level(level.value, **before))


def _theme_fields(theme: Theme, without=()) -> dict:
    fields = dict(name=theme.name, parent=theme.parent_id, color=theme.color, definition=theme.definition,
                  position=theme.position, archived=theme.archived)
    return {key: value for key, value in fields.items() if key not in without}


def _actor_fields(actor: Actor) -> dict:
    return dict(name=actor.name, type=actor.type, aliases=list(actor.aliases), color=actor.color,
                definition=actor.definition, archived=actor.archived)
