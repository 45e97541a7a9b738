"""The disagreements browser: every disagreement in a list; the selected one shown side by side,
one pane per coder, each with that coder's claim highlighted in the document text.

    view = DisagreementsView(project)
    view.set_disagreements(report.disagreements)
    view.selected.connect(...)            # the Disagreement chosen (None when the list empties)
    view.mark_resolved(number, "Bilal's version")

A coder who made no claim on the passage gets a pane too, with the passage shaded grey: their
"no claim" is their version. Offsets cross into Qt (UTF-16) through ``OffsetMap`` only.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QColor, QFont, QTextCharFormat, QTextCursor, QTextOption
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QHBoxLayout, QHeaderView, QLabel, QPlainTextEdit, QSplitter,
    QTableView, QTextEdit, QVBoxLayout, QWidget,
)

from afpak_coder.analysis.consensus import Disagreement, Version
from afpak_coder.core.offsets import OffsetMap

DisagreementRole = Qt.ItemDataRole.UserRole + 1
FILTERS = (("All disagreements", None), ("Unmatched claims", "unmatched"), ("Theme differs", "theme"),
           ("Actor differs", "actor"), ("Target differs", "target"), ("Stance differs", "stance"))
CLAIM_COLOUR = QColor(255, 214, 102)  # the coder's claim
PASSAGE_COLOUR = QColor(215, 215, 215)  # where others claimed something and this coder did not


class DisagreementListModel(QAbstractTableModel):
    """The disagreements, with what the consensus now says about each (number -> text)."""

    COLUMNS = ("#", "Document", "What differs", "Consensus")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.items: list[Disagreement] = []
        self.resolved: dict[int, str] = {}

    def reset(self, items: list[Disagreement], resolved: dict[int, str] | None = None) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.resolved = dict(resolved or {})
        self.endResetModel()

    def mark(self, number: int, text: str) -> None:
        self.resolved[number] = text
        for row, item in enumerate(self.items):
            if item.number == number:
                self.dataChanged.emit(self.index(row, 3), self.index(row, 3))

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802 - Qt's name
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        item = self.items[index.row()]
        if role == DisagreementRole:
            return item
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 2:
            return item.describe()
        if role == Qt.ItemDataRole.DisplayRole:
            return (item.number, item.title, item.describe(), self.resolved.get(item.number, ""))[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class _Filter(QSortFilterProxyModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.kind: str | None = None
        self.unresolved_only = False

    def refilter(self, kind: str | None, unresolved_only: bool) -> None:
        self.beginFilterChange()
        self.kind, self.unresolved_only = kind, unresolved_only
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row, parent) -> bool:  # noqa: N802 - Qt's name
        model: DisagreementListModel = self.sourceModel()
        item = model.items[row]
        if self.kind is not None and self.kind not in item.kinds:
            return False
        return not (self.unresolved_only and item.number in model.resolved)


def version_summary(version: Version) -> str:
    if not version.has_claim:
        return "no claim here"
    target = f" → {version.target}" if version.target else " (no target)"
    stance = f"{version.stance:+d} {version.stance_label}" if version.stance is not None else "no stance"
    theme = version.theme.split(" › ")[-1] if version.theme else ""
    return f"{theme} · {version.actor}{target} · {stance}"


class VersionPane(QWidget):
    """One coder's version: a heading with their codes, and the text with their claim marked."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.heading = QLabel(wordWrap=True, textInteractionFlags=Qt.TextInteractionFlag.TextSelectableByMouse)
        self.heading.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.heading.setMinimumHeight(3 * self.heading.fontMetrics().lineSpacing() + 4)  # panes' texts line up
        self.text = QPlainTextEdit(readOnly=True)
        self.text.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        font = QFont(self.text.font())
        font.setPointSizeF(max(font.pointSizeF(), 11))
        self.text.setFont(font)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.text)
        self.document_id: str | None = None
        self.offsets = OffsetMap("")
        self.version: Version | None = None

    def show_version(self, document, version: Version, passage: tuple[int, int]) -> None:
        if self.document_id != str(document.id):
            rtl = document.direction == "rtl"
            direction = Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight
            option = self.text.document().defaultTextOption()
            option.setTextDirection(direction)
            option.setAlignment(Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft)
            self.text.document().setDefaultTextOption(option)
            self.text.setPlainText(document.text)
            self.offsets = OffsetMap(document.text)
            self.document_id = str(document.id)
        self.version = version
        self.heading.setText(f"<b>{version.coder}</b> — {version_summary(version)}")
        self.heading.setToolTip(version.memo or "")
        start, end = (version.start, version.end) if version.has_claim else passage
        mark = QTextEdit.ExtraSelection()
        mark.cursor = QTextCursor(self.text.document())
        mark.cursor.setPosition(self.offsets.to_utf16(start))
        mark.cursor.setPosition(self.offsets.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
        mark.format = QTextCharFormat()
        mark.format.setBackground(CLAIM_COLOUR if version.has_claim else PASSAGE_COLOUR)
        self.text.setExtraSelections([mark])
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(self.offsets.to_utf16(start))
        self.text.setTextCursor(cursor)
        self.text.centerCursor()

    def marked_text(self) -> str:
        selections = self.text.extraSelections()
        return selections[0].cursor.selectedText() if selections else ""


class DisagreementsView(QWidget):
    selected = Signal(object)  # the Disagreement shown, or None

    def __init__(self, project, parent=None) -> None:
        super().__init__(parent)
        self.project = project
        self._documents: dict[str, object] = {}
        self.model = DisagreementListModel(self)
        self.proxy = _Filter(self)
        self.proxy.setSourceModel(self.model)
        self.kind_box = QComboBox()
        for label, _kind in FILTERS:
            self.kind_box.addItem(label)
        self.kind_box.currentIndexChanged.connect(self._filter_changed)
        self.unresolved_box = QCheckBox("Only those without a consensus")
        self.unresolved_box.toggled.connect(self._filter_changed)
        self.count_label = QLabel()
        self.table = QTableView(objectName="disagreementList")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.setColumnWidth(1, 260)
        self.table.setColumnWidth(2, 360)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.passage_label = QLabel(wordWrap=True)
        self.panes_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.panes: list[VersionPane] = []

        filters = QHBoxLayout()
        filters.addWidget(self.kind_box)
        filters.addWidget(self.unresolved_box)
        filters.addStretch()
        filters.addWidget(self.count_label)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(filters)
        left_layout.addWidget(self.table)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.passage_label)
        right_layout.addWidget(self.panes_splitter, 1)
        self.right_layout = right_layout
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([200, 420])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

    # -- content ------------------------------------------------------------------------------

    def set_disagreements(self, disagreements: list[Disagreement], resolved: dict[int, str] | None = None) -> None:
        self._documents.clear()
        self.model.reset(disagreements, resolved)
        self._update_count()
        if self.proxy.rowCount():
            self.table.selectRow(0)
        else:
            self._show(None)

    def current(self) -> Disagreement | None:
        index = self.table.currentIndex()
        return index.data(DisagreementRole) if index.isValid() else None

    def shown(self) -> list[Disagreement]:
        """The disagreements the filters let through, in list order."""
        return [self.proxy.index(row, 0).data(DisagreementRole) for row in range(self.proxy.rowCount())]

    def select_number(self, number: int) -> bool:
        for row in range(self.proxy.rowCount()):
            if self.proxy.index(row, 0).data(DisagreementRole).number == number:
                self.table.selectRow(row)
                return True
        return False

    def mark_resolved(self, number: int, text: str) -> None:
        self.model.mark(number, text)
        self._update_count()

    def set_resolved(self, resolved: dict[int, str]) -> None:
        """Replace what the Consensus column says (number -> text), keeping the selection."""
        self.model.resolved = dict(resolved)
        self.model.dataChanged.emit(self.model.index(0, 3), self.model.index(max(len(self.model.items) - 1, 0), 3))
        self.proxy.refilter(self.proxy.kind, self.proxy.unresolved_only)
        self._update_count()

    def add_right_widget(self, widget: QWidget) -> None:
        """Put a widget (the reconcile bar) under the side-by-side panes."""
        self.right_layout.addWidget(widget)

    # -- internals ----------------------------------------------------------------------------

    def _filter_changed(self) -> None:
        self.proxy.refilter(FILTERS[self.kind_box.currentIndex()][1], self.unresolved_box.isChecked())
        self._update_count()
        if self.proxy.rowCount() and not self.table.currentIndex().isValid():
            self.table.selectRow(0)
        elif not self.proxy.rowCount():
            self._show(None)

    def _update_count(self) -> None:
        total, resolved = len(self.model.items), len(self.model.resolved)
        self.count_label.setText(f"{self.proxy.rowCount()} shown · {total} in all · {resolved} reconciled")

    def _row_changed(self, current, _previous) -> None:
        self._show(current.data(DisagreementRole) if current.isValid() else None)

    def _document(self, document_id: str):
        if document_id not in self._documents:
            self._documents[document_id] = self.project.document(document_id)
        return self._documents[document_id]

    def _show(self, disagreement: Disagreement | None) -> None:
        if disagreement is None:
            self.passage_label.setText("No disagreement to show.")
            for pane in self.panes:
                pane.hide()
            self.selected.emit(None)
            return
        while len(self.panes) < len(disagreement.versions):
            pane = VersionPane()
            self.panes.append(pane)
            self.panes_splitter.addWidget(pane)
        document = self._document(disagreement.document_id)
        for pane, version in zip(self.panes, disagreement.versions):
            pane.show()
            pane.show_version(document, version, (disagreement.start, disagreement.end))
        for pane in self.panes[len(disagreement.versions):]:
            pane.hide()
        # The title is isolated (FSI…PDI) so that an Urdu or Dari title does not turn the line right to left.
        self.passage_label.setText(f"<b>#{disagreement.number}</b> \u2068{escape(disagreement.title)}\u2069 · characters "
                                   f"{disagreement.start}–{disagreement.end} · {disagreement.describe()}")
        self.selected.emit(disagreement)
