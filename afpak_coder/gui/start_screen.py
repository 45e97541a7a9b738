"""What the app shows with no project open: new, open, sample, and recent projects."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from afpak_coder.gui.recent import is_server_address


class StartScreen(QWidget):
    new_requested = Signal()
    open_requested = Signal()
    sample_requested = Signal()
    server_requested = Signal()
    recent_chosen = Signal(object)  # a project file's Path, or a server project's address (str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        title = QLabel("<h1>afpak-coder</h1><p>Code news articles and policy briefs on "
                       "Afghanistan–Pakistan relations as claims: actor, target, theme, stance.</p>")
        title.setWordWrap(True)
        buttons = QHBoxLayout()
        for text, signal in (("New project…", self.new_requested), ("Open project…", self.open_requested),
                             ("Open server project…", self.server_requested),
                             ("Open the sample project", self.sample_requested)):
            button = QPushButton(text)
            button.clicked.connect(signal.emit)
            buttons.addWidget(button)
        buttons.addStretch()
        self.recent_list = QListWidget()
        self.recent_list.setObjectName("recentProjects")
        self.recent_list.itemActivated.connect(self._recent_activated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 36, 48, 36)
        layout.addWidget(title)
        layout.addLayout(buttons)
        layout.addSpacing(16)
        layout.addWidget(QLabel("<b>Recent projects</b> (double-click to open)"))
        layout.addWidget(self.recent_list, 1)

    def _recent_activated(self, item: QListWidgetItem) -> None:
        entry = item.data(Qt.ItemDataRole.UserRole)
        self.recent_chosen.emit(entry if is_server_address(entry) else Path(entry))

    def set_recent(self, paths: list[Path | str]) -> None:
        self.recent_list.clear()
        for path in paths:
            if isinstance(path, str):  # a server project's address: opened through the login dialog
                where, _, database = path.partition("://")[2].rpartition("/")
                item = QListWidgetItem(f"{database}    —    server project ({where})")
                item.setData(Qt.ItemDataRole.UserRole, path)
                self.recent_list.addItem(item)
                continue
            item = QListWidgetItem(f"{path.name}    —    {path.parent}")
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            if not path.exists():
                item.setText(item.text() + "    (missing)")
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.recent_list.addItem(item)
        if not paths:
            placeholder = QListWidgetItem("No recent projects yet.")
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
            self.recent_list.addItem(placeholder)
