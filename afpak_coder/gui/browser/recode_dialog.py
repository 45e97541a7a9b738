"""Re-code a selection of claims: a new theme, actor, target and/or stance for all of them."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel

UNCHANGED = "unchanged"
NONE = "none"


class RecodeDialog(QDialog):
    def __init__(self, project, count: int, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Re-code the selected claims")
        self.theme = QComboBox(objectName="recodeTheme")
        self.actor = QComboBox(objectName="recodeActor")
        self.target = QComboBox(objectName="recodeTarget")
        self.stance = QComboBox(objectName="recodeStance")
        for combo in (self.theme, self.actor, self.target, self.stance):
            combo.addItem("(unchanged)", UNCHANGED)
        self.target.addItem("(no target)", NONE)
        self.stance.addItem("(no stance)", NONE)
        for theme in project.themes(include_archived=False):
            self.theme.addItem("    " * theme.depth + theme.name, theme.id)
        for actor in project.actors(include_archived=False):
            self.actor.addItem(actor.name, actor.id)
            self.target.addItem(actor.name, actor.id)
        for level in project.stance_levels():
            self.stance.addItem(f"{level.value:+d} {level.label}", level.value)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QFormLayout(self)
        layout.addRow(QLabel(f"Change {count} claim{'s' if count != 1 else ''} (one step; Ctrl+Z undoes it):"))
        for label, combo in (("Theme", self.theme), ("Actor", self.actor), ("Target", self.target),
                             ("Stance", self.stance)):
            layout.addRow(label, combo)
        layout.addRow(buttons)

    def changes(self) -> dict:
        """What the user chose to change: theme/actor/target ids, stance value (None = none)."""
        found = {}
        for key, combo in (("theme", self.theme), ("actor", self.actor), ("target", self.target),
                           ("stance", self.stance)):
            value = combo.currentData()
            if value != UNCHANGED:
                found[key] = None if value == NONE else value
        return found
