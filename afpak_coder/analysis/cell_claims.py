"""Which claims stand behind one cell of a crosstab: the overview lists them on a double-click.

    cell = CellFilter("Theme × actor", "top", row="Security", column="Pakistani government")
    claims_in_cell(selection, cell)   # the rows of selection.frame counted in that cell

A ``Total`` row or column leaves that side unfiltered; the "mean stance" and "claims with a
stance" columns keep the row's claims that have a stance. Labels are those the table shows
(``crosstabs`` builds both from the same axes, so a cell and its claims always agree).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from afpak_coder.analysis import crosstabs
from afpak_coder.analysis.crosstabs import Axis
from afpak_coder.analysis.filters import Selection
from afpak_coder.core.records import THEME_PATH_SEPARATOR

DOCUMENT_TABLE = "Document × theme"
HEATMAP = "Actor × theme"  # the heatmap chart's table (actors in rows, themes in columns)
STANCE_COLUMNS = (crosstabs.MEAN_STANCE, crosstabs.STANCE_N)


@dataclass(frozen=True)
class CellFilter:
    """One cell of a table, as a claims browser needs it: the table, the theme level and the
    labels of the row and the column (as shown)."""

    table: str
    level: str
    row: str
    column: str

    def describe(self) -> str:
        return f"{self.table}: {self.row} / {self.column}"


def table_axes(selection: Selection, table: str, level: str) -> tuple[Axis, Axis, pd.DataFrame]:
    """The row axis, the column axis and the frame (with a month column where needed) of a table."""
    frame = selection.frame
    theme = lambda: crosstabs.theme_axis(selection, level)  # noqa: E731 - built only for the table asked
    actor, stance = lambda: crosstabs.actor_axis(selection), lambda: crosstabs.stance_axis(selection)  # noqa: E731
    month = lambda: crosstabs.month_axis(selection)  # noqa: E731
    axes = {
        "Theme × actor": (theme, actor),
        HEATMAP: (actor, theme),
        "Theme × stance": (theme, stance),
        "Actor × stance": (actor, stance),
        "Theme × outlet": (theme, lambda: crosstabs.outlet_axis(selection)),
        "Themes per month": (theme, month),
        "Stance per month": (month, stance),
    }
    if table not in axes:
        raise KeyError(f"no table called {table!r}")
    rows, columns = (make() for make in axes[table])
    if "month" in (rows.column, columns.column):
        frame = crosstabs.with_month(frame)
    return rows, columns, frame


def document_table(selection: Selection) -> pd.DataFrame:
    """The document × theme matrix for the screen: rows by document number, themes by their names."""
    matrix = crosstabs.document_by_theme(selection).reset_index(drop=True).set_index("number")
    themes = [c for c in matrix.columns if c not in ("title", "outlet", "published", crosstabs.TOTAL)]
    return matrix.rename(columns=dict(zip(themes, theme_names(themes))))


def theme_names(paths) -> list[str]:
    """A theme's own name instead of its path ("TTP sanctuaries" for "Security › TTP sanctuaries"),
    unless two themes share that name."""
    names = [str(path).split(THEME_PATH_SEPARATOR)[-1] for path in paths]
    return [name if names.count(name) == 1 else str(path) for name, path in zip(names, paths)]


def claims_in_cell(selection: Selection, cell: CellFilter) -> pd.DataFrame:
    """The claims counted in ``cell``, in the order of ``selection.frame``."""
    if cell.table == DOCUMENT_TABLE:
        return _document_cell(selection, cell)
    rows, columns, frame = table_axes(selection, cell.table, cell.level)
    keep = pd.Series(True, index=frame.index)
    if cell.row != crosstabs.TOTAL:
        keep &= _matches(rows, frame, cell.row)
    if cell.column in STANCE_COLUMNS:
        keep &= frame["stance"].notna()
    elif cell.column != crosstabs.TOTAL:
        keep &= _matches(columns, frame, cell.column)
    return selection.frame.loc[keep[keep].index]


def _matches(axis: Axis, frame: pd.DataFrame, label: str) -> pd.Series:
    labels = axis.all_labels
    if label not in labels:
        raise KeyError(f"{axis.name}: no category {label!r}")
    codes = axis.values(frame).codes
    return pd.Series(codes == labels.index(label), index=frame.index)


def _document_cell(selection: Selection, cell: CellFilter) -> pd.DataFrame:
    """Rows are document numbers; theme columns show names (``theme_names``) in path order."""
    frame = selection.frame
    keep = pd.Series(True, index=frame.index)
    if cell.row != crosstabs.TOTAL:
        number = int(cell.row)
        ids = {str(d.id) for d in selection.documents if d.number == number}
        keep &= frame["document_id"].astype(str).isin(ids)
    if cell.column != crosstabs.TOTAL:
        paths = crosstabs.theme_axis(selection, "theme").all_labels
        matching = [path for path, shown in zip(paths, theme_names(paths)) if shown == cell.column]
        if not matching:
            raise KeyError(f"no theme called {cell.column!r}")
        keep &= frame["theme_path"].isin(matching)
    return frame.loc[keep]
