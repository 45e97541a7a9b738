"""Qt item model of the claims in the current document (one row per claim, in text order).

One saved, deleted, undone or redone claim inserts, moves or removes one row (binary search on
the row order); the whole list is rebuilt only when another document or coder is shown.
"""

from __future__ import annotations

import uuid
from bisect import bisect_left

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor

from afpak_coder.core.records import Claim

HEADERS = ("Coder", "Theme", "Actor", "Target", "Stance", "Quote", "Memo")
ClaimRole = Qt.ItemDataRole.UserRole + 2
INCOMPLETE_COLOR = QColor("#b35900")  # a missing actor or stance, for the coder to finish


def row_order(claim: Claim) -> tuple:
    return claim.start, claim.end, claim.coder.name, claim.id


class ClaimsTableModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._claims: list[Claim] = []
        self._keys: list[tuple] = []  # row_order of each row, for binary search
        self._by_id: dict[uuid.UUID, Claim] = {}

    def set_claims(self, claims: list[Claim]) -> None:
        self.beginResetModel()
        self._claims = sorted(claims, key=row_order)
        self._keys = [row_order(c) for c in self._claims]
        self._by_id = {c.id: c for c in self._claims}
        self.endResetModel()

    def put(self, claim: Claim) -> None:
        """Insert an added claim's row, or update a changed claim's row (moving it if its place in
        the order changed)."""
        old = self._by_id.get(claim.id)
        key = row_order(claim)
        if old is not None:
            row = bisect_left(self._keys, row_order(old))
            after_previous = row == 0 or self._keys[row - 1] < key
            before_next = row + 1 == len(self._keys) or key < self._keys[row + 1]
            if after_previous and before_next:
                self._claims[row], self._keys[row], self._by_id[claim.id] = claim, key, claim
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(HEADERS) - 1))
                return
            self.remove(claim.id)
        row = bisect_left(self._keys, key)
        self.beginInsertRows(QModelIndex(), row, row)
        self._claims.insert(row, claim)
        self._keys.insert(row, key)
        self._by_id[claim.id] = claim
        self.endInsertRows()

    def remove(self, claim_id: uuid.UUID) -> None:
        row = self.row_of(claim_id)
        if row < 0:
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._claims[row], self._keys[row], self._by_id[claim_id]
        self.endRemoveRows()

    def claims(self) -> list[Claim]:
        return list(self._claims)

    def claim(self, claim_id: uuid.UUID) -> Claim | None:
        return self._by_id.get(claim_id)

    def claim_at(self, row: int) -> Claim:
        return self._claims[row]

    def row_of(self, claim_id: uuid.UUID) -> int:
        claim = self._by_id.get(claim_id)
        return -1 if claim is None else bisect_left(self._keys, row_order(claim))

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self._claims)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        claim = self._claims[index.row()]
        column = HEADERS[index.column()]
        if role == ClaimRole:
            return claim
        if role == Qt.ItemDataRole.DecorationRole and column == "Theme":
            return QColor(claim.theme.color)
        if role == Qt.ItemDataRole.DecorationRole and column == "Coder":
            return QColor(claim.coder.color)
        missing = (column == "Actor" and claim.actor is None) or (column == "Stance" and claim.stance is None)
        if role == Qt.ItemDataRole.ForegroundRole and missing:
            return INCOMPLETE_COLOR
        if role == Qt.ItemDataRole.ToolTipRole and missing:
            return claim.incomplete_label
        if role == Qt.ItemDataRole.ToolTipRole and column in ("Quote", "Memo", "Theme"):
            return {"Quote": claim.quote, "Memo": claim.memo, "Theme": claim.theme.path_label}[column] or None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == "Coder":
            return claim.coder.name
        if column == "Theme":
            return claim.theme.name
        if column == "Actor":
            return claim.actor.name if claim.actor else "incomplete: no actor"
        if column == "Target":
            return claim.target.name if claim.target else ""
        if column == "Stance":
            return f"{claim.stance.value:+d} {claim.stance.label}" if claim.stance else "incomplete: no stance"
        if column == "Quote":
            return " ".join(claim.quote.split())
        return claim.memo.replace("\n", " ")
