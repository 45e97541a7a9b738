"""Analysis → Memos: every memo — on whole documents and on claims — in one searchable list;
double-click jumps to the document or to the claim (in the coding panel). Claim memos of coders the
workspace does not show stay hidden (blind coding). Document memos are written in Analysis →
Documents as cases (the Memo column)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QTableView, QVBoxLayout, QWidget,
)

from afpak_coder.gui.browser.opening import main_window_of, open_claim, open_document

HEADERS = ("Memo on", "Document", "Date", "Coder", "Theme", "Memo")
KINDS = {"All memos": None, "Claim memos": "claim", "Document memos": "document"}


class MemosModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.memos: list = []

    def set_memos(self, memos: list) -> None:
        self.beginResetModel()
        self.memos = list(memos)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.memos)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        memo = self.memos[index.row()]
        column = HEADERS[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and column == "Memo":
            return memo.text + (f"\n\n“{memo.claim.quote}”" if memo.claim else "")
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        claim, document = memo.claim, memo.document
        return {
            "Memo on": "claim" if claim else "document",
            "Document": document.title,
            "Date": document.published.isoformat() if document.published else "",
            "Coder": claim.coder.name if claim else "",
            "Theme": claim.theme.path_label if claim else "",
            "Memo": " ".join(memo.text.split()),
        }[column]


class MemosWindow(QWidget):
    def __init__(self, project, coders, parent=None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle(f"Memos — {project.name}")
        self.project, self.coders = project, list(coders)
        self.search = QLineEdit(objectName="memoSearch", placeholderText="Search the memos…", clearButtonEnabled=True)
        self.kind = QComboBox(objectName="memoKind")
        self.kind.addItems(list(KINDS))
        self.model = MemosModel(self)
        self.table = QTableView(objectName="memosTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((80, 260, 85, 80, 240)):
            header.resizeSection(column, width)
        self.table.doubleClicked.connect(lambda index: self.jump(index.row()))
        self.count = QLabel(objectName="memoCount")
        bar = QHBoxLayout()
        bar.addWidget(self.search, 1)
        bar.addWidget(self.kind)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        self._typing = QTimer(self, singleShot=True, interval=250)
        self._typing.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _text: self._typing.start())
        self.kind.currentIndexChanged.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        memos = self.project.memos(self.search.text(), kind=KINDS[self.kind.currentText()],
                                   coder=[coder.id for coder in self.coders])
        self.model.set_memos(memos)
        self.count.setText(f"{len(memos):,} memo{'s' if len(memos) != 1 else ''}")

    def jump(self, row: int) -> None:
        memo = self.model.memos[row]
        window = main_window_of(self.parentWidget())
        if window is None:
            return
        if memo.claim is not None:
            open_claim(window, memo.claim)
        else:
            open_document(window, memo.document)
