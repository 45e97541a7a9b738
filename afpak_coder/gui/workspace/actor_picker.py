"""Choose an actor by typing its name or any alias; actors found in the passage come first."""

from __future__ import annotations

import uuid

from PySide6.QtCore import QEvent, QStringListModel, Qt, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QCompleter

from afpak_coder.core.mentions import actors_mentioned  # noqa: F401 (the panel imports it from here)
from afpak_coder.core.records import Actor

NEW_ACTOR_LABEL = "New actor…"
ActorIdRole = Qt.ItemDataRole.UserRole + 4


class ActorPicker(QComboBox):
    """Editable combo: the list holds actors (suggested ones first); typing completes over names
    and aliases ("ISPR → Pakistani military"). An empty field means no actor."""

    new_actor_requested = Signal(str)  # the text typed so far

    def __init__(self, allow_none: bool, parent=None) -> None:
        super().__init__(parent)
        self.allow_none = allow_none
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(20)
        self.lineEdit().setPlaceholderText(
            "None (optional) — type a name or alias…" if allow_none else "Type a name or alias…")
        self._actors: dict[uuid.UUID, Actor] = {}
        self._by_text: dict[str, uuid.UUID] = {}
        self._completions = QStringListModel(self)
        completer = QCompleter(self._completions, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.activated.connect(self._completed)
        self.setCompleter(completer)
        self.activated.connect(self._activated)
        self.lineEdit().installEventFilter(self)
        self.lineEdit().editingFinished.connect(self.show_resolved)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        # Entering the field selects its text, so typing the next actor replaces the last one.
        if watched is self.lineEdit() and event.type() == QEvent.Type.FocusIn:
            QTimer.singleShot(0, self.lineEdit().selectAll)
        return super().eventFilter(watched, event)

    def set_actors(self, actors: list[Actor], suggested: list[Actor] = ()) -> None:
        chosen = self.current_actor()
        self._actors = {a.id: a for a in actors if not a.archived}
        self._by_text = {}
        completions = []
        for actor in self._actors.values():
            self._by_text[actor.name.casefold()] = actor.id
            completions.append(actor.name)
            for alias in actor.aliases:
                self._by_text.setdefault(alias.casefold(), actor.id)
                completions.append(f"{alias} → {actor.name}")
        self._completions.setStringList(completions)
        self.blockSignals(True)
        self.clear()
        first = [a for a in suggested if a.id in self._actors]
        for actor in first:
            self.addItem(f"★ {actor.name}", actor.id)
        if first:
            self.insertSeparator(self.count())
        for actor in self._actors.values():
            if actor not in first:
                self.addItem(actor.name, actor.id)
        self.insertSeparator(self.count())
        self.addItem(NEW_ACTOR_LABEL, "new")
        self.blockSignals(False)
        self.set_actor(chosen.id if chosen and chosen.id in self._actors else None)

    def known_ids(self) -> set[uuid.UUID]:
        return set(self._actors)

    def show_resolved(self) -> None:
        """An alias or other spelling that names an actor is shown as that actor's name (what is saved)."""
        actor = self.current_actor()
        if actor is not None and self.currentText() != actor.name:
            self.setEditText(actor.name)

    def current_actor(self) -> Actor | None:
        """The actor shown, resolving typed text (a name or an alias) if it names one."""
        text = self.currentText().strip()
        if " → " in text:
            text = text.split(" → ", 1)[1]
        text = text.removeprefix("★ ").strip()
        actor_id = self._by_text.get(text.casefold())
        return self._actors.get(actor_id) if actor_id else None

    def set_actor(self, actor_id: uuid.UUID | None) -> None:
        if actor_id is None:  # an empty field: no actor (for the target: none, which is allowed)
            self.setCurrentIndex(-1)
            self.setEditText("")
            return
        index = self.findData(actor_id)
        self.setCurrentIndex(index)
        self.setEditText(self._actors[actor_id].name)

    def _completed(self, text: str) -> None:
        actor = self.current_actor() if " → " not in text else self._actors.get(
            self._by_text.get(text.split(" → ", 1)[1].casefold()))
        if actor is not None:
            self.set_actor(actor.id)

    def _activated(self, index: int) -> None:
        if self.itemData(index) == "new":
            self.set_actor(None)
            self.new_actor_requested.emit("")
            return
        actor_id = self.itemData(index)
        if actor_id:
            self.setEditText(self._actors[actor_id].name)
