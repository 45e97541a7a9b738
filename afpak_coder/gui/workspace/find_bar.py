"""Find in the current document (Ctrl+F): every hit highlighted, Enter/F3 moves to the next.
Hits are marked, never selected, so a hit does not become a claim's span."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from afpak_coder.gui.workspace.document_view import DocumentView


class FindBar(QWidget):
    def __init__(self, view: DocumentView, parent=None) -> None:
        super().__init__(parent)
        self.view = view
        self.field = QLineEdit(objectName="findField", placeholderText="Find in this document…", clearButtonEnabled=True)
        self.count = QLabel()
        close = QToolButton(text="✕", autoRaise=True)
        close.clicked.connect(self.close_bar)
        self.field.textChanged.connect(self._search)
        self.field.returnPressed.connect(self.next_hit)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addWidget(self.field, 1)
        layout.addWidget(self.count)
        layout.addWidget(close)
        self.hits: list[tuple[int, int]] = []
        self.current = -1
        self.hide()

    def open_bar(self) -> None:
        self.show()
        self.field.setFocus()
        self.field.selectAll()
        self._search(self.field.text())

    def close_bar(self) -> None:
        self.hide()
        self.view.set_search_spans([])
        self.view.setFocus()

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.key() == Qt.Key.Key_Escape:
            self.close_bar()
            return
        super().keyPressEvent(event)

    def _search(self, text: str) -> None:
        document = self.view.document_shown
        needle = text.strip()
        if document is None or not needle:
            self.hits = []
        else:
            pattern = re.compile(r"\s+".join(map(re.escape, needle.split())), re.IGNORECASE)
            self.hits = [m.span() for m in pattern.finditer(document.text)]
        self.current = -1
        self.view.set_search_spans(self.hits)
        self.count.setText(f"{len(self.hits)} found" if needle else "")
        if self.hits:
            self.next_hit()

    def next_hit(self) -> None:
        if not self.hits:
            return
        self.current = (self.current + 1) % len(self.hits)
        self.view.show_hit(*self.hits[self.current], spans=self.hits)
        self.count.setText(f"{self.current + 1} of {len(self.hits)}")
