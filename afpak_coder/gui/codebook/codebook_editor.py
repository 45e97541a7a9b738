"""The codebook editor: themes (tree: add, rename, drag to move, merge, colour, definition,
archive), actors (type, aliases, colour, definition) and the stance scale. Every change goes
through ``CodebookActions`` (service + undo) and shows in the coding panel at once."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView, QColorDialog, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout,
    QInputDialog, QLineEdit, QListWidget, QListWidgetItem, QMessageBox, QPlainTextEdit, QPushButton,
    QTabWidget, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget,
)

from afpak_coder.core.errors import AfpakError, ConflictError
from afpak_coder.core.records import Actor, Theme
from afpak_coder.gui.codebook.codebook_commands import CodebookActions
from afpak_coder.gui.workspace import draft_guard
from afpak_coder.gui.workspace.theme_picker import color_icon
from afpak_coder.wording import plural

ACTOR_TYPES = ("government", "military", "armed group", "international organisation", "state", "individual",
               "civil society", "media", "business", "population group")
IdRole = Qt.ItemDataRole.UserRole + 7


class ThemeTree(QTreeWidget):
    """A tree whose drag-and-drop reports the move instead of changing itself."""

    moved = Signal(object, object, int)  # theme id, new parent id (or None), position

    def __init__(self) -> None:
        super().__init__(objectName="codebookThemes")
        self.setHeaderHidden(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)

    def dropEvent(self, event) -> None:  # noqa: N802 - Qt's name
        item = self.currentItem()
        target = self.itemAt(event.position().toPoint())
        indicator = self.dropIndicatorPosition()
        event.ignore()  # the tree is rebuilt from the project after the move
        if item is None:
            return
        if target is None:
            self.moved.emit(item.data(0, IdRole), None, self.topLevelItemCount())
        elif indicator == QAbstractItemView.DropIndicatorPosition.OnItem:
            self.moved.emit(item.data(0, IdRole), target.data(0, IdRole), target.childCount())
        else:
            parent = target.parent()
            siblings = parent if parent is not None else self.invisibleRootItem()
            position = siblings.indexOfChild(target) + (1 if indicator == QAbstractItemView.DropIndicatorPosition.BelowItem else 0)
            self.moved.emit(item.data(0, IdRole), parent.data(0, IdRole) if parent else None, position)


class CodebookEditor(QDialog):
    def __init__(self, project, controller, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Codebook")
        self.project, self.controller = project, controller
        self.actions = CodebookActions(project, controller)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._themes_tab(), "Themes")
        self.tabs.addTab(self._actors_tab(), "Actors")
        self.tabs.addTab(self._stance_tab(), "Stance scale")
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(close)
        self.resize(900, 620)
        self._refreshing = False
        self._shown: dict[str, object] = {}  # kind → the entry as read when its fields were filled
        self.refresh()
        controller.undo_stack.indexChanged.connect(lambda _i: self.refresh())

    # -- building -----------------------------------------------------------------------------

    def _themes_tab(self) -> QWidget:
        self.theme_tree = ThemeTree()
        self.theme_tree.moved.connect(lambda theme, parent, position: self._run(
            lambda: self.actions.update_theme(self.project.theme(theme), parent=parent, position=position)))
        self.theme_tree.currentItemChanged.connect(lambda _item, previous: self._show("theme", previous))
        self.theme_name = QLineEdit(objectName="themeName")
        self.theme_definition = QPlainTextEdit(objectName="themeDefinition")
        return _tab(self.theme_tree,
                    [("Name", self.theme_name), ("Definition", self.theme_definition)],
                    _button("Save name and definition", self._save_theme, "saveTheme"),
                    [("Add theme", lambda: self._add_theme(False)), ("Add sub-theme", lambda: self._add_theme(True)),
                     ("Colour…", self._theme_colour), ("Archive / restore", self._theme_archive),
                     ("Merge into…", self._theme_merge), ("Delete…", self._theme_delete)])

    def _actors_tab(self) -> QWidget:
        self.actor_list = QListWidget(objectName="codebookActors")
        self.actor_list.currentItemChanged.connect(lambda _item, previous: self._show("actor", previous))
        self.actor_name = QLineEdit(objectName="actorName")
        self.actor_type = QComboBox(editable=True, objectName="actorType")
        self.actor_type.addItems(ACTOR_TYPES)
        self.actor_aliases = QLineEdit(objectName="actorAliases", placeholderText="Alias; another alias; …")
        self.actor_definition = QPlainTextEdit(objectName="actorDefinition")
        return _tab(self.actor_list,
                    [("Name", self.actor_name), ("Type", self.actor_type), ("Aliases", self.actor_aliases),
                     ("Definition", self.actor_definition)],
                    _button("Save actor", self._save_actor, "saveActor"),
                    [("New actor…", lambda: ask_new_actor(self, self.project, self.controller)),
                     ("Colour…", self._actor_colour), ("Archive / restore", self._actor_archive),
                     ("Merge into…", self._actor_merge), ("Delete", self._actor_delete)])

    def _stance_tab(self) -> QWidget:
        self.stance_list = QListWidget(objectName="codebookStance")
        self.stance_list.currentItemChanged.connect(lambda _item, previous: self._show("level", previous))
        self.stance_label = QLineEdit(objectName="stanceLabel")
        self.stance_definition = QPlainTextEdit()
        return _tab(self.stance_list, [("Label", self.stance_label), ("Definition", self.stance_definition)],
                    _button("Save level", self._save_level, "saveStance"), [("Colour…", self._level_colour)])

    # -- showing ------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Rebuild the lists from the project; edits typed for an entry still chosen are kept."""
        typed = {kind: (self._edits(kind), self._shown.get(kind)) for kind, _what, _save in self.unsaved()}
        self._refreshing = True
        try:
            self._rebuild()
        finally:
            self._refreshing = False
        for kind in ("theme", "actor", "level"):
            self._fill(kind)
            if kind in typed and self._entry(kind) is not None:
                edits, based_on = typed[kind]
                self._set_edits(kind, edits)
                if based_on is not None and based_on.id == self._shown[kind].id:
                    self._shown[kind] = based_on  # the edits were typed over that version

    def _rebuild(self) -> None:
        selected_theme, selected_actor = self._current(self.theme_tree), self._current(self.actor_list)
        self.theme_tree.clear()
        items = {}
        for theme in self.project.themes():
            parent = items.get(theme.parent_id)
            item = QTreeWidgetItem(parent) if parent is not None else QTreeWidgetItem(self.theme_tree)
            item.setText(0, theme.name + ("  (archived)" if theme.archived else "") + ("  (proposed)" if theme.proposed else ""))
            item.setIcon(0, color_icon(theme.color))
            item.setToolTip(0, theme.definition)
            item.setData(0, IdRole, theme.id)
            if theme.archived:
                item.setForeground(0, QColor("#888888"))
            items[theme.id] = item
            if theme.id == selected_theme:
                self.theme_tree.setCurrentItem(item)
        self.theme_tree.expandAll()
        self._fill_list(self.actor_list, [(a.id, f"{a.name}  ·  {a.type}" + ("  (archived)" if a.archived else "")
                                           + ("  (proposed)" if a.proposed else ""), a.color)
                                          for a in self.project.actors()], selected_actor)
        self._fill_list(self.stance_list, [(s.value, f"{s.value:+d}  {s.label}", s.color)
                                           for s in self.project.stance_levels()], self._current(self.stance_list))

    @staticmethod
    def _fill_list(widget: QListWidget, entries, selected) -> None:
        widget.blockSignals(True)
        widget.clear()
        for key, text, color in entries:
            item = QListWidgetItem(color_icon(color), text)
            item.setData(IdRole, key)
            widget.addItem(item)
            if key == selected:
                widget.setCurrentItem(item)
        widget.blockSignals(False)

    @staticmethod
    def _current(widget):
        item = widget.currentItem()
        if item is None:
            return None
        return item.data(0, IdRole) if isinstance(item, QTreeWidgetItem) else item.data(IdRole)

    def _theme(self):
        return self._entry("theme")

    def _actor(self):
        return self._entry("actor")

    def _level(self):
        return self._entry("level")

    # -- the chosen entry's fields, and edits not saved yet ---------------------------------------

    def _widget(self, kind: str):
        return {"theme": self.theme_tree, "actor": self.actor_list, "level": self.stance_list}[kind]

    def _entry(self, kind: str, key=None):
        """The chosen entry of ``kind`` (theme, actor, level), or the one with ``key``."""
        key = self._current(self._widget(kind)) if key is None else key
        if key is None:
            return None
        if kind == "theme":
            return self.project.theme(key)
        if kind == "actor":
            return self.project.actor(key)
        return next((s for s in self.project.stance_levels() if s.value == key), None)

    def _edits(self, kind: str) -> tuple:
        if kind == "theme":
            return self.theme_name.text(), self.theme_definition.toPlainText()
        if kind == "actor":
            return (self.actor_name.text(), self.actor_type.currentText(), self.actor_aliases.text(),
                    self.actor_definition.toPlainText())
        return self.stance_label.text(), self.stance_definition.toPlainText()

    @staticmethod
    def _stored(kind: str, entry) -> tuple:
        if kind == "theme":
            return entry.name, entry.definition
        if kind == "actor":
            return entry.name, entry.type, "; ".join(entry.aliases), entry.definition
        return entry.label, entry.definition

    def _set_edits(self, kind: str, values: tuple) -> None:
        if kind == "theme":
            self.theme_name.setText(values[0])
            self.theme_definition.setPlainText(values[1])
        elif kind == "actor":
            self.actor_name.setText(values[0])
            self.actor_type.setCurrentText(values[1])
            self.actor_aliases.setText(values[2])
            self.actor_aliases.setCursorPosition(0)
            self.actor_definition.setPlainText(values[3])
        else:
            self.stance_label.setText(values[0])
            self.stance_definition.setPlainText(values[1])

    def _fill(self, kind: str) -> None:
        entry = self._shown[kind] = self._entry(kind)
        self._set_edits(kind, self._stored(kind, entry) if entry is not None else ("",) * len(self._edits(kind)))

    def _show(self, kind: str, previous) -> None:
        """Another entry chosen: its fields are shown, once unsaved edits of the previous one are settled."""
        if self._refreshing:
            return
        if previous is not None and not self._settle_switch(kind, previous):
            return
        self._fill(kind)

    def _settle_switch(self, kind: str, previous) -> bool:
        old_key, new_key = self._current_of(previous), self._current(self._widget(kind))
        entry = self._entry(kind, old_key)
        if entry is None or self._edits(kind) == self._stored(kind, entry):
            return True
        answer = draft_guard.ask_about_draft(
            self, f"Save your changes to {self._describe(kind, entry)}?", "Discard forgets the edits typed in the fields.")
        if answer == draft_guard.DISCARD:
            return True
        self._select_quietly(kind, old_key)  # the typed edits belong to the previous entry
        if answer == draft_guard.SAVE and self._save(kind):
            self._select_quietly(kind, new_key)
            return True
        return False  # Cancel (or a refused save): the previous entry stays chosen with its edits

    def _select_quietly(self, kind: str, key) -> None:
        widget = self._widget(kind)
        if isinstance(widget, QTreeWidget):
            items = widget.findItems("", Qt.MatchFlag.MatchContains | Qt.MatchFlag.MatchRecursive)
        else:
            items = [widget.item(row) for row in range(widget.count())]
        self._refreshing = True
        try:
            widget.setCurrentItem(next((item for item in items if self._current_of(item) == key), None))
        finally:
            self._refreshing = False

    @staticmethod
    def _current_of(item):
        return item.data(0, IdRole) if isinstance(item, QTreeWidgetItem) else item.data(IdRole)

    @staticmethod
    def _describe(kind: str, entry) -> str:
        return {"theme": f"the theme “{getattr(entry, 'name', '')}”", "actor": f"the actor “{getattr(entry, 'name', '')}”",
                "level": f"the stance level {getattr(entry, 'value', 0):+d}"}[kind]

    def _save(self, kind: str) -> bool:
        return {"theme": self._save_theme, "actor": self._save_actor, "level": self._save_level}[kind]()

    def unsaved(self) -> list[tuple[str, str, object]]:
        """(kind, what, how to save it) for each tab whose fields differ from its chosen entry."""
        pending = []
        for kind in ("theme", "actor", "level"):
            entry = self._entry(kind)
            if entry is not None and self._edits(kind) != self._stored(kind, entry):
                pending.append((kind, self._describe(kind, entry), lambda k=kind: self._save(k)))
        return pending

    def reject(self) -> None:
        """Close (the Close button, Esc or the window's X): unsaved edits are asked about first."""
        pending = self.unsaved()
        if pending:
            answer = draft_guard.ask_about_draft(
                self, "Save your changes to " + " and ".join(what for _kind, what, _save in pending) + "?",
                "Discard forgets the edits typed in the fields.")
            if answer == draft_guard.CANCEL:
                return
            if answer == draft_guard.SAVE and not all(save() for _kind, _what, save in pending):
                return  # refused (the reason was shown): the editor stays open with the edits
        super().reject()

    # -- actions ------------------------------------------------------------------------------

    def _based_on(self, kind: str):
        """The chosen entry as it was read when its fields were filled: saving the fields applies
        only if nobody changed it since (ConflictError otherwise)."""
        entry, chosen = self._shown.get(kind), self._entry(kind)
        return entry if entry is not None and chosen is not None and entry.id == chosen.id else chosen

    def _run(self, action) -> bool:
        try:
            action()
        except ConflictError as error:  # someone else's change: shown, in place of the typed edits
            QMessageBox.warning(self, "Codebook", str(error))
            self.refresh()
            for kind, record_type in (("theme", Theme), ("actor", Actor)):
                if isinstance(error.current, record_type):
                    self._fill(kind)
            return False
        except AfpakError as error:
            QMessageBox.warning(self, "Codebook", str(error))
            return False
        self.refresh()
        return True

    def _add_theme(self, as_child: bool) -> None:
        name, ok = QInputDialog.getText(self, "New theme", "Name of the new theme:")
        parent = self._theme() if as_child else None
        if ok and name.strip():
            self._run(lambda: self.actions.add_theme(name, parent=parent.id if parent else None))

    def _save_theme(self) -> bool:
        theme = self._based_on("theme")
        return theme is not None and self._run(lambda: self.actions.update_theme(theme, name=self.theme_name.text(),
                                                        definition=self.theme_definition.toPlainText()))

    def _theme_colour(self) -> None:
        theme = self._theme()
        color = QColorDialog.getColor(QColor(theme.color), self) if theme else None
        if color is not None and color.isValid():
            self._run(lambda: self.actions.update_theme(theme, color=color.name()))

    def _theme_archive(self) -> None:
        theme = self._theme()
        if theme is not None:
            self._run(lambda: self.actions.update_theme(theme, archived=not theme.archived))

    def _pick(self, title: str, entries: list) -> object:
        names = [label for label, _ in entries]
        choice, ok = QInputDialog.getItem(self, "Codebook", title, names, 0, False)
        return dict(entries)[choice] if ok and choice else None

    def _theme_merge(self) -> None:
        theme = self._theme()
        if theme is None:
            return
        into = self._pick(f"Merge “{theme.name}” (its claims and sub-themes) into:",
                          [(t.path_label, t) for t in self.project.themes() if t.id != theme.id])
        if into is not None:
            self._run(lambda: self.actions.merge_themes(theme, into))

    def _theme_delete(self) -> None:
        theme = self._theme()
        if theme is None:
            return
        used = sum(1 for c in self.project.claims() if c.theme.id == theme.id)
        reassign = None
        if used:
            reassign = self._pick(f"“{theme.name}” is used by {plural(used, 'claim')}. Move them to:",
                                  [(t.path_label, t) for t in self.project.themes(include_archived=False) if t.id != theme.id])
            if reassign is None:
                return
        self._run(lambda: self.actions.delete_theme(theme, reassign))

    def _save_actor(self) -> bool:
        actor = self._based_on("actor")
        return actor is not None and self._run(lambda: self.actions.update_actor(
                actor, name=self.actor_name.text(), type=self.actor_type.currentText(),
                aliases=self.actor_aliases.text(), definition=self.actor_definition.toPlainText()))

    def _actor_colour(self) -> None:
        actor = self._actor()
        color = QColorDialog.getColor(QColor(actor.color), self) if actor else None
        if color is not None and color.isValid():
            self._run(lambda: self.actions.update_actor(actor, color=color.name()))

    def _actor_archive(self) -> None:
        actor = self._actor()
        if actor is not None:
            self._run(lambda: self.actions.update_actor(actor, archived=not actor.archived))

    def _actor_merge(self) -> None:
        actor = self._actor()
        if actor is None:
            return
        into = self._pick(f"Merge “{actor.name}” into (its claims follow; its names become aliases):",
                          [(a.name, a) for a in self.project.actors() if a.id != actor.id])
        if into is not None:
            self._run(lambda: self.actions.merge_actors(actor, into))

    def _actor_delete(self) -> None:
        actor = self._actor()
        if actor is not None:
            self._run(lambda: self.actions.delete_actor(actor))

    def _save_level(self) -> bool:
        level = self._level()
        return level is not None and self._run(lambda: self.actions.update_stance_level(
                level, label=self.stance_label.text(), definition=self.stance_definition.toPlainText()))

    def _level_colour(self) -> None:
        level = self._level()
        color = QColorDialog.getColor(QColor(level.color), self) if level else None
        if color is not None and color.isValid():
            self._run(lambda: self.actions.update_stance_level(level, color=color.name()))


def _button(text: str, slot, name: str = "") -> QPushButton:
    button = QPushButton(text, objectName=name)
    button.clicked.connect(lambda _checked=False: slot())
    return button


def _tab(entries: QWidget, fields: list, save: QPushButton, actions: list) -> QWidget:
    """A codebook tab: the entries on the left, the chosen entry's fields on the right, actions below."""
    form = QFormLayout()
    for label, field in fields:
        form.addRow(label, field)
    form.addRow("", save)
    side = QWidget()
    side.setLayout(form)
    body = QHBoxLayout()
    body.addWidget(entries, 1)
    body.addWidget(side, 1)
    buttons = QHBoxLayout()
    for text, slot in actions:
        buttons.addWidget(_button(text, slot))
    buttons.addStretch()
    tab = QWidget()
    layout = QVBoxLayout(tab)
    layout.addLayout(body)
    layout.addLayout(buttons)
    return tab


def ask_new_actor(parent, project, controller, name: str = ""):
    """"New actor…": a name and a type, added with undo; returns the Actor or None."""
    if project is None or project.read_only:
        return None
    name, ok = QInputDialog.getText(parent, "New actor", "Name of the new actor:", text=name)
    if not ok or not name.strip():
        return None
    kind, ok = QInputDialog.getItem(parent, "New actor", f"Type of {name.strip()}:", list(ACTOR_TYPES), 0, True)
    if not ok:
        return None
    try:
        return CodebookActions(project, controller).add_actor(name, type=kind)
    except AfpakError as error:
        QMessageBox.warning(parent, "New actor", str(error))
        return None
