"""Who is coding? Chosen on first opening a project, switchable later."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout,
)

from afpak_coder.core.records import Coder
from afpak_coder.gui.workspace.theme_picker import color_icon


class CoderDialog(QDialog):
    """Pick an existing coder or type a new name; ``chosen()`` gives a Coder or the new name."""

    def __init__(self, coders: list[Coder], current: Coder | None = None, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Who is coding?")
        self.list = QListWidget(objectName="coderList")
        for coder in coders:
            item = QListWidgetItem(color_icon(coder.color), coder.name)
            item.setData(Qt.ItemDataRole.UserRole, coder)
            self.list.addItem(item)
            if current is not None and coder == current:
                self.list.setCurrentItem(item)
        self.new_name = QLineEdit(objectName="newCoderName", placeholderText="…or type a new coder's name")
        self.new_name.textChanged.connect(lambda text: text and self.list.clearSelection())
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Claims are recorded under the coder chosen here. In blind mode "
                                "(the default) each coder sees only their own claims.", wordWrap=True))
        layout.addWidget(self.list)
        layout.addWidget(self.new_name)
        layout.addWidget(buttons)

    def chosen(self) -> Coder | str | None:
        name = self.new_name.text().strip()
        if name:
            return name
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None and item.isSelected() else None
