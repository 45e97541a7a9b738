"""The header above the text: which document is open (title, outlet, date, language) and my status.

This is the one status control of the workspace. It reads the status from the document list's
model and follows that model's changes, so the header and the list always say the same.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from afpak_coder.core.records import Document
from afpak_coder.gui.workspace.document_table import DocumentTableModel

STATUSES = ("not started", "in progress", "done")


class DocumentHeader(QWidget):
    status_changed = Signal(str)  # chosen by the coder

    def __init__(self, documents: DocumentTableModel, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("documentHeader")
        self.documents = documents
        self.document: Document | None = None
        self.title = QLabel(objectName="documentTitle", wordWrap=True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details = QLabel(objectName="documentDetails")
        self.details.setStyleSheet("color: #555;")
        self.status = QComboBox(objectName="documentStatus")
        self.status.addItems(STATUSES)
        self.status.setToolTip("My status for this document (the document list shows the same)")
        self.status.activated.connect(lambda i: self.status_changed.emit(STATUSES[i]))
        text = QVBoxLayout()
        text.setSpacing(0)
        text.addWidget(self.title)
        text.addWidget(self.details)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addLayout(text, 1)
        layout.addWidget(QLabel("My status:"))
        layout.addWidget(self.status)
        documents.dataChanged.connect(lambda *_: self.show_status())
        documents.modelReset.connect(self._reread)
        self.show_document(None)

    def show_document(self, document: Document | None) -> None:
        self.document = document
        if document is None:
            self.title.setText("")
            self.details.setText("No document open — choose one in the document list.")
        else:
            self.title.setText(f"<b>{escape(document.title)}</b>")
            parts = [document.outlet, document.published.isoformat() if document.published else None,
                     document.language]
            self.details.setText(" · ".join(escape(p) for p in parts if p) or "no outlet, date or language recorded")
        self.show_status()

    def _reread(self) -> None:
        """The list was re-read (e.g. after Edit document details): show the fresh title and details."""
        row = self.documents.row_of(self.document.id) if self.document is not None else -1
        self.show_document(self.documents.document_at(row) if row >= 0 else None)

    def show_status(self) -> None:
        """My status of the open document, as the document list's model holds it."""
        if self.document is None:
            self.status.setCurrentText(STATUSES[0])
            self.status.setEnabled(False)
            return
        self.status.setEnabled(True)
        self.status.setCurrentText(self.documents.status_of(self.document.id))
