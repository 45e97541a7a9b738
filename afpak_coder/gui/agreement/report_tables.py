"""The agreement report as tables for the dialog: a DataFrame model, the confusion-matrix model,
the summary as shown, and the table views they go in."""

from __future__ import annotations

import numpy as np
import pandas as pd
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from afpak_coder.analysis import agreement_report as tables
from afpak_coder.analysis.agreement import format_value
from afpak_coder.analysis.agreement_report import AgreementReport

VERDICT_COLOURS = {"reliable": "#1b7837", "tentative": "#b35806", "not reliable": "#b2182b", "undefined": "#555555"}


class FrameModel(QAbstractTableModel):
    """A DataFrame for a table view: coefficients as ".743", percentages, "—" where undefined."""

    def __init__(self, frame: pd.DataFrame | None = None, parent=None, percent: tuple = (),
                 tooltips: str | None = None) -> None:
        super().__init__(parent)
        self.frame = pd.DataFrame() if frame is None else frame.reset_index(drop=True)
        self.percent = set(percent)
        self.tooltips = tooltips

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.frame)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.frame.columns)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802 - Qt's name
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return str(self.frame.columns[section]) if orientation == Qt.Orientation.Horizontal else str(section + 1)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        value = self.frame.iat[index.row(), index.column()]
        column = self.frame.columns[index.column()]
        missing = value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA
        if role == Qt.ItemDataRole.DisplayRole:
            if missing:
                return "—"
            if column in self.percent:
                return f"{value:.1%}"
            if column == "units" or str(column).startswith("used by"):
                return f"{value:,.0f}"
            if isinstance(value, (float, np.floating)):
                return format_value(float(value))
            return str(value)
        if role == Qt.ItemDataRole.EditRole:  # what the sort proxy compares
            return None if missing else (value.item() if hasattr(value, "item") else value)
        if role == Qt.ItemDataRole.ToolTipRole:
            note = self.frame.at[index.row(), self.tooltips] if self.tooltips in self.frame.columns else None
            return note or (value if isinstance(value, str) and len(value) > 30 else None)
        if role == Qt.ItemDataRole.TextAlignmentRole and isinstance(value, (int, float, np.number)):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class ConfusionModel(FrameModel):
    """A coder × coder matrix: numbered rows, columns headed by the same numbers (the names are in
    the tooltips), zeros left blank, agreements on the diagonal shaded."""

    def __init__(self, matrix: pd.DataFrame, first: str, second: str, parent=None) -> None:
        self.names = [str(label) for label in matrix.index]
        frame = matrix.copy()
        frame.columns = [str(number) for number in range(1, len(frame.columns) + 1)]
        frame.insert(0, f"{first} (rows) \\ {second} (columns)",
                     [f"{number}. {name.split(' › ')[-1]}" for number, name in enumerate(self.names, 1)])
        super().__init__(frame, parent)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802 - Qt's name
        if role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Horizontal and section:
            return self.names[section - 1]
        return super().headerData(section, orientation, role)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if index.isValid() and index.column():
            if role == Qt.ItemDataRole.DisplayRole and self.frame.iat[index.row(), index.column()] == 0:
                return ""
            if role == Qt.ItemDataRole.BackgroundRole and index.column() == index.row() + 1:
                return QColor(222, 238, 222)
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"{self.names[index.row()]} / {self.names[index.column() - 1]}"
        return super().data(index, role)


def frame_table(object_name: str, sortable: bool = True) -> tuple[QTableView, QSortFilterProxyModel]:
    view = QTableView(objectName=object_name)
    proxy = QSortFilterProxyModel(view)
    proxy.setSortRole(Qt.ItemDataRole.EditRole)
    view.setModel(proxy)
    if sortable:  # rows stay in the report's order until a header is clicked
        view.setSortingEnabled(True)
        view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
    view.verticalHeader().hide()
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    view.setWordWrap(False)
    view.setTextElideMode(Qt.TextElideMode.ElideMiddle)
    return view, proxy


def show_frame(view: QTableView, proxy: QSortFilterProxyModel, model: FrameModel, stretch: int | None = None) -> None:
    """Columns as wide as their contents (at most 320 px); the ``stretch`` column (titles, names)
    takes the spare width and elides in the middle, with the full text as its tooltip."""
    proxy.setSourceModel(model)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.resizeColumnsToContents()
    for column in range(model.columnCount()):
        view.setColumnWidth(column, min(view.columnWidth(column), 320))
    if stretch is not None:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)


def summary_table(report: AgreementReport) -> pd.DataFrame:
    """The summary as the dialog shows it: one row per dimension."""
    frame = tables.summary_frame(report)
    interval = [f"{format_value(low)} to {format_value(high)}" if pd.notna(low) else None
                for low, high in zip(frame["alpha 95% low"], frame["alpha 95% high"])]
    verdicts = [verdict(row.alpha.value) if not row.not_applicable else "not compared" for row in report.summary]
    return pd.DataFrame({
        "dimension": frame["dimension"], "level": frame["level"], "units": frame["units"],
        "agreement": frame["percent agreement"], "alpha": frame["alpha"], "95% interval": interval,
        "reading": verdicts, "alpha (interval)": frame["alpha (interval level)"], "kappa": frame["kappa"],
        "Fleiss' kappa": frame["Fleiss' kappa"], "Scott's pi": frame["Scott's pi"], "Gwet's AC1": frame["Gwet's AC1"],
        "Brennan-Prediger": frame["Brennan-Prediger"], "notes": frame["notes"],
    })


def verdict(value: float | None) -> str:
    if value is None:
        return "undefined"
    return "reliable" if value >= tables.RELIABLE else "tentative" if value >= tables.TENTATIVE else "not reliable"
