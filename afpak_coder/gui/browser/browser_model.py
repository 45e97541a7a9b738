"""Qt item model of the claims browser: every claim a query matches, fetched page by page.

The service's ``claim_cursor`` holds the ordered ids of all matches; this model shows the first
page and asks for more only as the view scrolls (``canFetchMore`` / ``fetchMore``), so 200,000
matches never become 200,000 rows of widgets. Sorting asks the service for a new order.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from afpak_coder.core.claim_query import ClaimCursor, ClaimRow

PAGE = 200  # rows fetched at a time
ClaimRowRole = Qt.ItemDataRole.UserRole + 10

# (header, sort key in ORDERS or None)
COLUMNS = (
    ("Document", "document"), ("Date", "published"), ("Outlet", "outlet"), ("Coder", "coder"),
    ("Theme", "theme"), ("Actor", "actor"), ("Target", "target"), ("Stance", "stance"),
    ("Before", None), ("Quote", "quote"), ("After", None), ("Memo", "memo"), ("Incomplete", None),
)
HEADERS = tuple(header for header, _key in COLUMNS)


def cell_text(row: ClaimRow, column: str) -> str:
    claim = row.claim
    if column == "Document":
        return claim.document.title
    if column == "Date":
        return claim.document.published.isoformat() if claim.document.published else ""
    if column == "Outlet":
        return claim.document.outlet or ""
    if column == "Coder":
        return claim.coder.name
    if column == "Theme":
        return claim.theme.path_label
    if column == "Actor":
        return claim.actor.name if claim.actor else ""
    if column == "Target":
        return claim.target.name if claim.target else ""
    if column == "Stance":
        return f"{claim.stance.value:+d} {claim.stance.label}" if claim.stance else ""
    if column == "Before":  # shown cut at its start (see claims_browser.ElideLeftDelegate)
        return row.before
    if column == "Quote":
        return " ".join(claim.quote.split())
    if column == "After":
        return row.after
    if column == "Memo":
        return " ".join(claim.memo.split())
    return "incomplete" if row.incomplete else ""


class ClaimsBrowserModel(QAbstractTableModel):
    def __init__(self, parent=None, page: int = PAGE) -> None:
        super().__init__(parent)
        self.page = page
        self._cursor: ClaimCursor | None = None
        self._rows: list[ClaimRow] = []
        self._query = None  # (project, filters) behind the cursor, for sorting anew
        self.order, self.descending = "published", False

    # -- what is shown --------------------------------------------------------------------------

    def set_query(self, project, filters: dict) -> None:
        """Show every claim of ``project`` matching ``filters`` (``claim_cursor`` keywords)."""
        self._query = (project, dict(filters))
        self._run()

    def refresh(self) -> None:
        """Ask the service again (after claims changed), keeping the filters and the order."""
        if self._query is not None:
            self._run()

    def clear(self) -> None:
        self.beginResetModel()
        self._query, self._cursor, self._rows = None, None, []
        self.endResetModel()

    def _run(self) -> None:
        project, filters = self._query
        cursor = project.claim_cursor(order=self.order, descending=self.descending, **filters)
        self.beginResetModel()
        self._cursor = cursor
        self._rows = cursor.fetch(0, self.page)
        self._fetched = min(self.page, cursor.count)  # ids consumed (a deleted claim leaves a row out)
        self.endResetModel()

    @property
    def total(self) -> int:
        """How many claims match (rows fetched or not)."""
        return self._cursor.count if self._cursor is not None else 0

    def row_at(self, row: int) -> ClaimRow:
        return self._rows[row]

    def rows(self, numbers) -> list[ClaimRow]:
        return [self._rows[n] for n in sorted(set(numbers))]

    def fetch_all(self) -> None:
        """Fetch every remaining row (before selecting all, for instance)."""
        while self.canFetchMore():
            self.fetchMore()

    # -- lazy fetching ----------------------------------------------------------------------------

    def canFetchMore(self, parent=QModelIndex()) -> bool:  # noqa: N802 - Qt's name
        return not parent.isValid() and self._cursor is not None and self._fetched < self._cursor.count

    def fetchMore(self, parent=QModelIndex()) -> None:  # noqa: N802
        if not self.canFetchMore(parent):
            return
        more = self._cursor.fetch(self._fetched, self.page)
        self._fetched = min(self._fetched + self.page, self._cursor.count)
        if more:
            self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(more) - 1)
            self._rows += more
            self.endInsertRows()

    # -- Qt's model interface ---------------------------------------------------------------------

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        key = COLUMNS[column][1]
        if key is None:
            return
        self.order, self.descending = key, order == Qt.SortOrder.DescendingOrder
        if self._query is not None:
            self._run()

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = HEADERS[index.column()]
        if role == ClaimRowRole:
            return row
        if role == Qt.ItemDataRole.DisplayRole:
            return cell_text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole and column in ("Quote", "Memo", "Before", "After", "Document", "Theme"):
            if column in ("Before", "Quote", "After"):
                return f"…{row.before}[{row.claim.quote}]{row.after}…"
            return cell_text(row, column) or None
        if role == Qt.ItemDataRole.TextAlignmentRole and column == "Before":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and column == "Quote":
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.DecorationRole and column == "Theme":
            return QColor(row.claim.theme.color)
        if role == Qt.ItemDataRole.DecorationRole and column == "Coder":
            return QColor(row.claim.coder.color)
        if role == Qt.ItemDataRole.ForegroundRole and column == "Incomplete":
            return QColor("#b02a37")
        return None
