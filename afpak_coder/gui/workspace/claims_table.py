"""Qt item model of the claims in the current document (one row per claim, in text order)."""

from __future__ import annotations

import uuid

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor

from afpak_coder.core.records import Claim

HEADERS = ("Coder", "Theme", "Actor", "Target", "Stance", "Quote", "Memo")
ClaimRole = Qt.ItemDataRole.UserRole + 2
INCOMPLETE_COLOR = QColor("#b35900")  # a missing actor or stance, for the coder to finish


class ClaimsTableModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._claims: list[Claim] = []

    def set_claims(self, claims: list[Claim]) -> None:
        self.beginResetModel()
        self._claims = sorted(claims, key=lambda c: (c.start, c.end, c.coder.name))
        self.endResetModel()

    def claims(self) -> list[Claim]:
        return list(self._claims)

    def claim_at(self, row: int) -> Claim:
        return self._claims[row]

    def row_of(self, claim_id: uuid.UUID) -> int:
        return next((row for row, c in enumerate(self._claims) if c.id == claim_id), -1)

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
