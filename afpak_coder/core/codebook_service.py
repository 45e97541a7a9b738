"""The codebook: themes (a tree), actors, the stance scale; editing, import and export."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select, update

from afpak_coder.core import models, records
from afpak_coder.core.codebook_file import FORMAT, FORMAT_VERSION, read_codebook, write_codebook
from afpak_coder.core.conflicts import check_version, flush, gone_if_missing, refused_when_stale
from afpak_coder.core.copies.keys import CODER_COPY_FOR
from afpak_coder.core.errors import DuplicateError, InUseError, ValidationError
from afpak_coder.core.service_base import ServiceBase, check_color, check_name, reference_id
from afpak_coder.wording import plural

THEME_FIELDS = ("name", "parent", "color", "definition", "position", "archived")
ACTOR_FIELDS = ("name", "type", "aliases", "color", "definition", "archived")
# Set-based changes of claims and themes count as a change of each row (see core/models).
_NEXT_CLAIM = {"version": models.Claim.version + 1}
_NEXT_THEME = {"version": models.Theme.version + 1}


class CodebookMixin(ServiceBase):
    # -- reading ------------------------------------------------------------------------------

    def themes(self, include_archived: bool = True) -> list[records.Theme]:
        """Themes in tree order (each parent before its children)."""
        with self._read() as connection:
            found = self._theme_records(connection).values()
        return [t for t in found if include_archived or not t.archived]

    def theme(self, ref: Any) -> records.Theme:
        with self._read() as connection:
            return self._theme_records(connection)[self._resolve(connection, models.Theme, ref, "theme")]

    def actors(self, include_archived: bool = True) -> list[records.Actor]:
        with self._read() as connection:
            found = self._actor_records(connection).values()
        return [a for a in found if include_archived or not a.archived]

    def actor(self, ref: Any) -> records.Actor:
        with self._read() as connection:
            return self._actor_records(connection)[self._resolve(connection, models.Actor, ref, "actor")]

    def stance_levels(self) -> list[records.StanceLevel]:
        with self._read() as connection:
            return list(self._level_records(connection).values())

    # -- themes -------------------------------------------------------------------------------

    def add_theme(self, name: str, *, parent: Any = None, color: str | None = None,
                  definition: str = "", position: int | None = None, id: uuid.UUID | None = None) -> records.Theme:
        name = check_name(name, "theme")
        with self._write(codebook=True) as session:
            connection = session.connection()
            parent_id = self._resolve(connection, models.Theme, parent, "theme") if parent is not None else None
            self._check_sibling_name(session, name, parent_id, None)
            if position is None:
                position = session.execute(
                    select(func.coalesce(func.max(models.Theme.position) + 1, 0)).where(
                        models.Theme.parent_id.is_(parent_id) if parent_id is None else models.Theme.parent_id == parent_id
                    )
                ).scalar_one()
            row = models.Theme(
                id=id or uuid.uuid4(), parent_id=parent_id, name=name, definition=definition or "",
                color=check_color(color, f"theme {name!r}") if color else self._next_color(session, models.Theme),
                position=position, archived=False, proposed=self._in_coder_copy(session),
            )
            session.add(row)
        return self.theme(row.id)

    def update_theme(self, ref: Any, **changes: Any) -> records.Theme:
        """Rename, move (``parent``, ``position``), recolour, redefine or (un)archive a theme.
        ``ref`` a Theme record: applies only if nobody changed the theme since it was read
        (otherwise ConflictError with ``current``; see ``update_claim``)."""
        unknown = set(changes) - set(THEME_FIELDS)
        if unknown:
            raise ValidationError(f"themes have no field {', '.join(sorted(unknown))}")
        with refused_when_stale(self.path, "theme", self.theme, (ref,)), self._write(codebook=True) as session:
            connection = session.connection()
            theme_id = self._theme_at_version(session, ref)
            row = session.get(models.Theme, theme_id)
            if "parent" in changes:
                parent = changes["parent"]
                parent_id = self._resolve(connection, models.Theme, parent, "theme") if parent is not None else None
                if parent_id is not None and theme_id in self._ancestry(session, parent_id):
                    raise ValidationError(f"theme {row.name!r} cannot move inside itself or one of its sub-themes")
                row.parent_id = parent_id
            if "name" in changes:
                row.name = check_name(changes["name"], "theme")
            if {"name", "parent"} & set(changes):
                self._check_sibling_name(session, row.name, row.parent_id, theme_id)
            if "color" in changes:
                row.color = check_color(changes["color"], f"theme {row.name!r}")
            if "definition" in changes:
                row.definition = changes["definition"] or ""
            if "position" in changes:
                row.position = int(changes["position"])
            if "archived" in changes:
                row.archived = bool(changes["archived"])
            flush(session, theme_id)
        return self.theme(theme_id)

    def _theme_at_version(self, session, ref: Any) -> uuid.UUID:
        """The id of the theme ``ref`` names; a Theme record must still be at its version (or Stale)."""
        with gone_if_missing(ref, records.Theme):
            theme_id = self._resolve(session.connection(), models.Theme, ref, "theme")
        check_version(session.get(models.Theme, theme_id), ref, records.Theme)
        return theme_id

    def merge_themes(self, source: Any, into: Any) -> records.Theme:
        """Move every claim and sub-theme of ``source`` to ``into``, then remove ``source``."""
        with refused_when_stale(self.path, "theme", self.theme, (source, into)), \
                self._write(codebook=True) as session:
            source_id, into_id = self._theme_at_version(session, source), self._theme_at_version(session, into)
            if source_id in self._ancestry(session, into_id):
                raise ValidationError("a theme cannot be merged into itself or one of its own sub-themes")
            names = [session.get(models.Theme, i).name for i in (source_id, into_id)]
            self._backup_before(f"before merging theme {names[0]!r} into {names[1]!r}")
            session.execute(update(models.Claim).where(models.Claim.theme_id == source_id).values(
                theme_id=into_id, **_NEXT_CLAIM))
            session.execute(update(models.Theme).where(models.Theme.parent_id == source_id).values(
                parent_id=into_id, **_NEXT_THEME))
            session.execute(delete(models.Theme).where(models.Theme.id == source_id))
        return self.theme(into_id)

    def delete_theme(self, ref: Any, *, reassign_to: Any = None) -> None:
        """Remove a theme. Claims that use it must be reassigned (``reassign_to``) or the call is
        refused; its sub-themes move up to its parent. A Theme record: only at its version."""
        with refused_when_stale(self.path, "theme", self.theme, (ref,)), self._write(codebook=True) as session:
            connection = session.connection()
            theme_id = self._theme_at_version(session, ref)
            row = session.get(models.Theme, theme_id)
            used = session.execute(
                select(func.count()).select_from(models.Claim).where(models.Claim.theme_id == theme_id)
            ).scalar_one()
            if used and reassign_to is None:
                raise InUseError(
                    f"theme {row.name!r} is used by {plural(used, 'claim')}; reassign them to another theme or archive it"
                )
            if used:
                target_id = self._resolve(connection, models.Theme, reassign_to, "theme")
                if target_id == theme_id:
                    raise ValidationError("claims cannot be reassigned to the theme being deleted")
                self._backup_before(f"before deleting theme {row.name!r} used by {plural(used, 'claim')}")
                session.execute(update(models.Claim).where(models.Claim.theme_id == theme_id).values(
                    theme_id=target_id, **_NEXT_CLAIM))
            session.execute(update(models.Theme).where(models.Theme.parent_id == theme_id).values(
                parent_id=row.parent_id, **_NEXT_THEME))
            session.execute(delete(models.Theme).where(models.Theme.id == theme_id))

    def _ancestry(self, session, theme_id: uuid.UUID | None) -> set[uuid.UUID]:
        """The theme and all its ancestors."""
        seen: set[uuid.UUID] = set()
        while theme_id is not None and theme_id not in seen:
            seen.add(theme_id)
            theme_id = session.execute(select(models.Theme.parent_id).where(models.Theme.id == theme_id)).scalar()
        return seen

    def _check_sibling_name(self, session, name: str, parent_id, own_id) -> None:
        parent_test = models.Theme.parent_id.is_(None) if parent_id is None else models.Theme.parent_id == parent_id
        query = select(models.Theme.id).where(parent_test, func.lower(models.Theme.name) == name.lower())
        if own_id is not None:
            query = query.where(models.Theme.id != own_id)
        if session.execute(query).first():
            raise DuplicateError(f"a theme named {name!r} already exists at that place in the tree")

    # -- actors -------------------------------------------------------------------------------

    def add_actor(self, name: str, *, type: str = "", aliases: Any = (), color: str | None = None,
                  definition: str = "", id: uuid.UUID | None = None) -> records.Actor:
        name = check_name(name, "actor")
        with self._write(codebook=True) as session:
            self._check_actor_name(session, name, None)
            row = models.Actor(
                id=id or uuid.uuid4(), name=name, type=(type or "").strip(), aliases=_aliases(aliases, name),
                color=check_color(color, f"actor {name!r}") if color else self._next_color(session, models.Actor),
                definition=definition or "", archived=False, proposed=self._in_coder_copy(session),
            )
            session.add(row)
        return self.actor(row.id)

    def update_actor(self, ref: Any, **changes: Any) -> records.Actor:
        """Rename, retype, re-alias, recolour, redefine or (un)archive an actor; an Actor record
        only at its version (see ``update_theme``)."""
        unknown = set(changes) - set(ACTOR_FIELDS)
        if unknown:
            raise ValidationError(f"actors have no field {', '.join(sorted(unknown))}")
        with refused_when_stale(self.path, "actor", self.actor, (ref,)), self._write(codebook=True) as session:
            actor_id = self._actor_at_version(session, ref)
            row = session.get(models.Actor, actor_id)
            if "name" in changes:
                name = check_name(changes["name"], "actor")
                self._check_actor_name(session, name, actor_id)
                row.name = name
            if "type" in changes:
                row.type = (changes["type"] or "").strip()
            if "aliases" in changes:
                row.aliases = _aliases(changes["aliases"], row.name)
            if "color" in changes:
                row.color = check_color(changes["color"], f"actor {row.name!r}")
            if "definition" in changes:
                row.definition = changes["definition"] or ""
            if "archived" in changes:
                row.archived = bool(changes["archived"])
            flush(session, actor_id)
        return self.actor(actor_id)

    def _actor_at_version(self, session, ref: Any) -> uuid.UUID:
        """The id of the actor ``ref`` names; an Actor record must still be at its version (or Stale)."""
        with gone_if_missing(ref, records.Actor):
            actor_id = self._resolve(session.connection(), models.Actor, ref, "actor")
        check_version(session.get(models.Actor, actor_id), ref, records.Actor)
        return actor_id

    def merge_actors(self, source: Any, into: Any) -> records.Actor:
        """Point every claim (as actor or target) of ``source`` at ``into``; ``source``'s name and
        aliases become aliases of ``into``; ``source`` is removed."""
        with refused_when_stale(self.path, "actor", self.actor, (source, into)), \
                self._write(codebook=True) as session:
            source_id, into_id = self._actor_at_version(session, source), self._actor_at_version(session, into)
            if source_id == into_id:
                raise ValidationError("an actor cannot be merged into itself")
            source_row, into_row = session.get(models.Actor, source_id), session.get(models.Actor, into_id)
            self._backup_before(f"before merging actor {source_row.name!r} into {into_row.name!r}")
            into_row.aliases = _aliases([*into_row.aliases, source_row.name, *source_row.aliases], into_row.name)
            flush(session, into_id)
            session.execute(update(models.Claim).where(models.Claim.actor_id == source_id).values(
                actor_id=into_id, **_NEXT_CLAIM))
            session.execute(update(models.Claim).where(models.Claim.target_id == source_id).values(
                target_id=into_id, **_NEXT_CLAIM))
            session.execute(delete(models.Actor).where(models.Actor.id == source_id))
        return self.actor(into_id)

    def delete_actor(self, ref: Any, *, reassign_to: Any = None) -> None:
        """Remove an actor no claim uses, or reassign its claims; an Actor record only at its version."""
        with refused_when_stale(self.path, "actor", self.actor, (ref,)), self._write(codebook=True) as session:
            connection = session.connection()
            actor_id = self._actor_at_version(session, ref)
            name = session.get(models.Actor, actor_id).name
            used = session.execute(
                select(func.count()).select_from(models.Claim).where(
                    (models.Claim.actor_id == actor_id) | (models.Claim.target_id == actor_id)
                )
            ).scalar_one()
            if used and reassign_to is None:
                raise InUseError(f"actor {name!r} is used by {plural(used, 'claim')}; reassign them to another actor or archive it")
            if used:
                target_id = self._resolve(connection, models.Actor, reassign_to, "actor")
                if target_id == actor_id:
                    raise ValidationError("claims cannot be reassigned to the actor being deleted")
                self._backup_before(f"before deleting actor {name!r} used by {plural(used, 'claim')}")
                session.execute(update(models.Claim).where(models.Claim.actor_id == actor_id).values(
                    actor_id=target_id, **_NEXT_CLAIM))
                session.execute(update(models.Claim).where(models.Claim.target_id == actor_id).values(
                    target_id=target_id, **_NEXT_CLAIM))
            session.execute(delete(models.Actor).where(models.Actor.id == actor_id))

    def _check_actor_name(self, session, name: str, own_id) -> None:
        query = select(models.Actor.id).where(func.lower(models.Actor.name) == name.lower())
        if own_id is not None:
            query = query.where(models.Actor.id != own_id)
        if session.execute(query).first():
            raise DuplicateError(f"an actor named {name!r} already exists")

    # -- stance scale -------------------------------------------------------------------------

    def add_stance_level(self, value: int, label: str, *, color: str | None = None, definition: str = "",
                         id: uuid.UUID | None = None) -> records.StanceLevel:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValidationError(f"stance level value must be a whole number, got {value!r}")
        label = check_name(label, "stance level")
        with self._write(codebook=True) as session:
            if session.execute(select(models.StanceLevel.id).where(models.StanceLevel.value == value)).first():
                raise DuplicateError(f"the stance scale already has a level {value}")
            row = models.StanceLevel(
                id=id or uuid.uuid4(), value=value, label=label, definition=definition or "",
                color=check_color(color, f"stance {label!r}") if color else self._next_color(session, models.StanceLevel),
            )
            session.add(row)
        return next(level for level in self.stance_levels() if level.id == row.id)

    def update_stance_level(self, ref: Any, *, label: str | None = None, color: str | None = None,
                            definition: str | None = None) -> records.StanceLevel:
        with self._write(codebook=True) as session:
            level_id = self._level_id(session, ref)
            row = session.get(models.StanceLevel, level_id)
            if label is not None:
                row.label = check_name(label, "stance level")
            if color is not None:
                row.color = check_color(color, f"stance {row.label!r}")
            if definition is not None:
                row.definition = definition
        return next(level for level in self.stance_levels() if level.id == level_id)

    def _level_id(self, session, ref: Any) -> uuid.UUID:
        if isinstance(ref, int) and not isinstance(ref, bool):
            found = session.execute(select(models.StanceLevel.id).where(models.StanceLevel.value == ref)).scalar()
            if found is None:
                raise ValidationError(f"the stance scale has no level {ref}")
            return found
        return self._resolve(session.connection(), models.StanceLevel, ref, "stance level")

    # -- import and export --------------------------------------------------------------------

    def export_codebook(self, path: Path) -> None:
        write_codebook(path, self.codebook_data())

    def codebook_data(self) -> dict:
        """The codebook as plain data (themes as a tree, actors, stance levels): what the YAML
        codebook file holds and ``import_codebook`` takes."""
        themes = self.themes()
        children: dict = {}
        for theme in themes:
            children.setdefault(theme.parent_id, []).append(theme)

        def tree(parent_id):
            return [
                {"id": str(t.id), "name": t.name, "color": t.color, "definition": t.definition,
                 **({"archived": True} if t.archived else {}), "children": tree(t.id)}
                for t in children.get(parent_id, [])
            ]

        data = {
            "format": FORMAT, "format_version": FORMAT_VERSION, "name": self.name,
            "themes": tree(None),
            "actors": [
                {"id": str(a.id), "name": a.name, "type": a.type, "aliases": list(a.aliases), "color": a.color,
                 "definition": a.definition, **({"archived": True} if a.archived else {})}
                for a in self.actors()
            ],
            "stance": [
                {"id": str(s.id), "value": s.value, "label": s.label, "color": s.color, "definition": s.definition}
                for s in self.stance_levels()
            ],
        }
        return data

    def import_codebook(self, source: Path | dict) -> dict[str, int]:
        """Add the entries of a codebook file that this project lacks (matched by id, then by name);
        existing entries are left as they are. Returns counts of added and already present entries."""
        data = read_codebook(source) if not isinstance(source, dict) else source
        report = {"themes added": 0, "actors added": 0, "stance levels added": 0, "already present": 0}
        with self._write(codebook=True) as session:
            proposed = self._in_coder_copy(session)

            def add_themes(entries, parent_id):
                for position, entry in enumerate(entries or []):
                    theme_id = self._find_existing(session, models.Theme, entry, parent_id=parent_id)
                    if theme_id is None:
                        name = check_name(entry.get("name"), "codebook theme")
                        theme_id = _entry_id(entry)
                        session.add(models.Theme(
                            id=theme_id, parent_id=parent_id, name=name, definition=entry.get("definition") or "",
                            color=_entry_color(entry, session, self, models.Theme, name), position=position,
                            archived=bool(entry.get("archived", False)), proposed=proposed,
                        ))
                        session.flush()
                        report["themes added"] += 1
                    else:
                        report["already present"] += 1
                    add_themes(entry.get("children"), theme_id)

            add_themes(data.get("themes"), None)
            for entry in data.get("actors") or []:
                if self._find_existing(session, models.Actor, entry) is not None:
                    report["already present"] += 1
                    continue
                name = check_name(entry.get("name"), "codebook actor")
                session.add(models.Actor(
                    id=_entry_id(entry), name=name, type=str(entry.get("type") or ""),
                    aliases=_aliases(entry.get("aliases") or (), name), definition=entry.get("definition") or "",
                    color=_entry_color(entry, session, self, models.Actor, name), archived=bool(entry.get("archived", False)),
                    proposed=proposed,
                ))
                session.flush()
                report["actors added"] += 1
            for entry in data.get("stance") or []:
                value = entry.get("value")
                if isinstance(value, bool) or not isinstance(value, int):
                    raise ValidationError(f"codebook stance level {entry.get('label')!r}: value must be a whole number")
                if session.execute(select(models.StanceLevel.id).where(models.StanceLevel.value == value)).first():
                    report["already present"] += 1
                    continue
                label = check_name(entry.get("label"), "codebook stance level")
                session.add(models.StanceLevel(
                    id=_entry_id(entry), value=value, label=label, definition=entry.get("definition") or "",
                    color=_entry_color(entry, session, self, models.StanceLevel, label),
                ))
                session.flush()
                report["stance levels added"] += 1
        return report

    def _in_coder_copy(self, session) -> bool:
        """Themes and actors a coder adds in a coder copy are proposals, for the lead to accept (or map
        onto existing entries) when the copy is merged back."""
        return session.execute(
            select(models.ProjectInfo.key).where(models.ProjectInfo.key == CODER_COPY_FOR)
        ).first() is not None

    def _find_existing(self, session, model, entry: dict, parent_id=None) -> uuid.UUID | None:
        entry_id = reference_id(entry.get("id"))
        if entry_id is not None and session.get(model, entry_id) is not None:
            return entry_id
        name = (entry.get("name") or "").strip()
        query = select(model.id).where(func.lower(model.name) == name.lower())
        if model is models.Theme:
            query = query.where(model.parent_id.is_(None) if parent_id is None else model.parent_id == parent_id)
        return session.execute(query).scalar()


def _aliases(aliases: Any, own_name: str) -> list[str]:
    if isinstance(aliases, str):
        aliases = [part for part in aliases.split(";")]
    seen: dict[str, str] = {}
    for alias in aliases or ():
        if not isinstance(alias, str):
            raise ValidationError(f"actor {own_name!r}: alias {alias!r} is not text")
        alias = alias.strip()
        if alias and alias.casefold() != own_name.casefold():
            seen.setdefault(alias.casefold(), alias)
    return list(seen.values())


def _entry_id(entry: dict) -> uuid.UUID:
    return reference_id(entry.get("id")) or uuid.uuid4()


def _entry_color(entry: dict, session, service, model, name: str) -> str:
    color = entry.get("color")
    return check_color(color, f"codebook entry {name!r}") if color else service._next_color(session, model)
