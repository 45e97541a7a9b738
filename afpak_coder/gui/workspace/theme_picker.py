"""Choose a theme: the codebook tree with type-to-filter, definitions as tooltips, pinned keys 1–9.

The chosen theme is the selected tree item, and only while it is visible: a filter that hides it
clears the choice, Ctrl+click that deselects it clears it, and choosing a hidden theme (a pinned key,
an opened claim) clears the filter first. The picker never holds a theme the coder cannot see."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QPixmap
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from afpak_coder.core.records import Theme

ThemeIdRole = Qt.ItemDataRole.UserRole + 3


def color_icon(color: str, size: int = 12) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(color))
    return QIcon(pixmap)


class ThemePicker(QWidget):
    theme_chosen = Signal(object)  # Theme or None
    filter_accepted = Signal()  # Enter in the filter box picked a theme

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.filter_box = QLineEdit(placeholderText="Type to filter themes…", clearButtonEnabled=True)
        self.filter_box.setObjectName("themeFilter")
        self.tree = QTreeWidget(objectName="themeTree")
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.itemSelectionChanged.connect(lambda: self.theme_chosen.emit(self.current_theme()))
        self.filter_box.textChanged.connect(self._apply_filter)
        self.filter_box.returnPressed.connect(self._accept_filter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.filter_box)
        layout.addWidget(self.tree)
        self._themes: dict[uuid.UUID, Theme] = {}
        self._items: dict[uuid.UUID, QTreeWidgetItem] = {}
        self.pins: list[uuid.UUID] = []

    def set_themes(self, themes: list[Theme], pins: list[uuid.UUID]) -> None:
        chosen = self.current_theme()
        self.tree.blockSignals(True)
        self.tree.clear()
        self._themes = {t.id: t for t in themes if not t.archived}
        self.pins = [p for p in pins if p in self._themes][:9]
        self._items = {}
        for theme in self._themes.values():
            parent = self._items.get(theme.parent_id)
            item = QTreeWidgetItem(parent) if parent is not None else QTreeWidgetItem(self.tree)
            key = self.pins.index(theme.id) + 1 if theme.id in self.pins else None
            item.setText(0, f"[{key}] {theme.name}" if key else theme.name)
            item.setIcon(0, color_icon(theme.color))
            item.setToolTip(0, f"{theme.path_label}\n\n{theme.definition}".strip())
            item.setData(0, ThemeIdRole, theme.id)
            self._items[theme.id] = item
        self.tree.expandAll()
        self.tree.blockSignals(False)
        self.set_current(chosen.id if chosen and chosen.id in self._themes else None)
        self._apply_filter(self.filter_box.text())

    def current_theme(self) -> Theme | None:
        """The selected theme, if its item is shown; None otherwise."""
        items = [item for item in self.tree.selectedItems() if not self._hidden(item)]
        return self._themes.get(items[0].data(0, ThemeIdRole)) if items else None

    def item_of(self, theme_id: uuid.UUID) -> QTreeWidgetItem | None:
        return self._items.get(theme_id)

    def set_current(self, theme_id: uuid.UUID | None) -> None:
        item = self._items.get(theme_id) if theme_id else None
        if item is None:
            self.tree.clearSelection()
            self.tree.setCurrentItem(None)
            self.theme_chosen.emit(None)
            return
        if self._hidden(item):
            self.clear_filter()  # a hidden theme is never chosen: show it by dropping the filter
        self.tree.setCurrentItem(item)
        item.setSelected(True)
        self.tree.scrollToItem(item)

    def clear_filter(self) -> None:
        self.filter_box.clear()

    @staticmethod
    def _hidden(item: QTreeWidgetItem) -> bool:
        while item is not None:
            if item.isHidden():
                return True
            item = item.parent()
        return False

    def pick_pinned(self, key: int) -> bool:
        """Choose the theme pinned to digit ``key`` (1–9); False when none is pinned there."""
        if 1 <= key <= len(self.pins):
            self.set_current(self.pins[key - 1])
            return True
        return False

    def _apply_filter(self, text: str) -> None:
        needle = text.strip().casefold()
        visible: set[uuid.UUID] = set()
        for theme in self._themes.values():
            haystack = f"{theme.name} {theme.definition}".casefold()
            if not needle or needle in haystack:
                current = theme
                while current is not None and current.id not in visible:
                    visible.add(current.id)
                    current = self._themes.get(current.parent_id)
        for theme_id, item in self._items.items():
            item.setHidden(theme_id not in visible)
        chosen = self.tree.selectedItems()
        if chosen and self._hidden(chosen[0]):
            self.set_current(None)  # the filter hides the chosen theme: the choice goes, visibly

    def first_visible_match(self) -> Theme | None:
        needle = self.filter_box.text().strip().casefold()
        for theme in self._themes.values():
            if needle and needle in theme.name.casefold():
                return theme
        return None

    def _accept_filter(self) -> None:
        match = self.first_visible_match()
        if match is not None:
            self.set_current(match.id)
            self.filter_box.clear()
            self.filter_accepted.emit()
