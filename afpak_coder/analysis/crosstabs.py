"""Crosstabs of the claims: pure pandas over a ``Selection`` (see ``analysis.filters``).

Rows and columns follow the codebook, not the data: themes in tree order, actors in codebook order,
the stance scale from its lowest value to its highest. Codebook entries without claims are kept as
rows or columns of zeros, so two exports (two coders, two periods) line up cell for cell; archived
entries appear only when claims still use them. Outlets and months are not in the codebook: outlets
are those of the selected documents (also documents without claims) in alphabetical order, months
run without gaps from the earliest to the latest publication date of the selected documents.

Every claim counts once. When several coders coded the same text, each coder's claims count, so
filter to one coder (or the consensus coder) before reading the tables as findings.

    theme_by_actor(selection)                   # counts, with a Total row and column
    theme_by_stance(selection, level="top")     # counts per stance level, mean stance, n
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from afpak_coder.analysis.filters import Selection

TOTAL = "Total"
NO_STANCE = "no stance"
NO_TARGET = "(no target)"
NO_OUTLET = "(no outlet)"
NO_DATE = "(no date)"
MEAN_STANCE = "mean stance"
STANCE_N = "claims with a stance"
LEVELS = ("theme", "top")  # every theme by its path, or top-level themes only


@dataclass(frozen=True)
class Axis:
    """One side of a table: a frame column, its categories in order, and their labels."""

    name: str  # the title of the index or the column header row
    column: str  # the frame column holding the values
    categories: tuple  # the values, in display order
    labels: tuple[str, ...]  # what a reader sees for each category
    missing: str | None = None  # label of a last category collecting missing values

    def values(self, frame: pd.DataFrame) -> pd.Categorical:
        series = frame[self.column]
        categories = list(self.categories)
        if self.missing is not None:
            series = series.astype(object).where(series.notna(), self.missing)
            categories.append(self.missing)
        return pd.Categorical(series, categories=categories)

    @property
    def all_labels(self) -> list[str]:
        return [*self.labels, *([self.missing] if self.missing is not None else [])]


# -- axes --------------------------------------------------------------------------------------

def theme_axis(selection: Selection, level: str = "theme") -> Axis:
    if level not in LEVELS:
        raise ValueError(f"theme level must be one of {LEVELS}, not {level!r}")
    column = "theme_path" if level == "theme" else "top_theme"
    used = set(selection.frame[column].dropna())
    themes = [t for t in selection.codebook.themes if level == "theme" or t.depth == 0]
    names = [t.path_label if level == "theme" else t.name for t in themes]
    kept = [name for theme, name in zip(themes, names) if not theme.archived or name in used]
    kept += sorted(used - set(kept))  # never lose a claim, whatever the codebook says
    return Axis("theme" if level == "theme" else "top-level theme", column, tuple(kept), tuple(kept))


def actor_axis(selection: Selection, column: str = "actor") -> Axis:
    used = set(selection.frame[column].dropna()) - {""}
    kept = [a.name for a in selection.codebook.actors if not a.archived or a.name in used]
    kept += sorted(used - set(kept))
    missing = NO_TARGET if column == "target" else None
    return Axis(column, column, tuple(kept), tuple(kept), missing)


def stance_axis(selection: Selection, *, with_missing: bool = True) -> Axis:
    levels = selection.codebook.stance_levels
    return Axis("stance", "stance", tuple(level.value for level in levels),
                tuple(stance_label(level.value, level.label) for level in levels),
                NO_STANCE if with_missing else None)


def stance_label(value: int, label: str) -> str:
    return f"{label} ({value:+d})" if value else f"{label} (0)"


def outlet_axis(selection: Selection) -> Axis:
    outlets = {d.outlet for d in selection.documents if d.outlet}
    outlets |= set(selection.frame["outlet"].dropna())
    has_missing = any(not d.outlet for d in selection.documents) or selection.frame["outlet"].isna().any()
    ordered = tuple(sorted(outlets, key=str.casefold))
    return Axis("outlet", "outlet", ordered, ordered, NO_OUTLET if has_missing else None)


def month_axis(selection: Selection) -> Axis:
    dates = [d.published for d in selection.documents if d.published is not None]
    published = selection.frame["published"].dropna()
    first = min([*dates, *published.dt.date]) if dates or len(published) else None
    last = max([*dates, *published.dt.date]) if dates or len(published) else None
    months = tuple(str(p) for p in pd.period_range(first, last, freq="M")) if first else ()
    has_missing = any(d.published is None for d in selection.documents) or selection.frame["published"].isna().any()
    return Axis("month", "month", months, months, NO_DATE if has_missing else None)


def with_month(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with a ``month`` column ("2024-03") from the publication date."""
    month = frame["published"].dt.strftime("%Y-%m")
    return frame.assign(month=month.where(frame["published"].notna(), None))


# -- tables ------------------------------------------------------------------------------------

def count_table(frame: pd.DataFrame, rows: Axis, columns: Axis, *, totals: bool = True) -> pd.DataFrame:
    """Claims counted by ``rows`` × ``columns``; every category present, zeros included."""
    row_codes, column_codes = rows.values(frame).codes, columns.values(frame).codes
    width = len(columns.all_labels)
    known = (row_codes >= 0) & (column_codes >= 0)
    cells = row_codes[known].astype("int64") * width + column_codes[known]
    counts = np.bincount(cells, minlength=len(rows.all_labels) * width).reshape(len(rows.all_labels), width)
    table = pd.DataFrame(counts.astype("int64"), index=pd.Index(rows.all_labels, name=rows.name),
                         columns=pd.Index(columns.all_labels, name=columns.name))
    return add_totals(table) if totals else table


def add_totals(table: pd.DataFrame) -> pd.DataFrame:
    table = table.copy()
    table[TOTAL] = table.sum(axis=1)
    table.loc[TOTAL] = table.sum(axis=0)
    return table


def stance_table(frame: pd.DataFrame, rows: Axis, selection: Selection) -> pd.DataFrame:
    """Counts per stance level (and without a stance), the total, the mean stance and its n."""
    table = count_table(frame, rows, stance_axis(selection), totals=True)
    codes = rows.values(frame).codes
    stance = frame["stance"].astype("Float64").to_numpy(dtype="float64", na_value=np.nan)
    has = (codes >= 0) & ~np.isnan(stance)
    size = len(rows.all_labels)
    counts = np.bincount(codes[has], minlength=size)
    sums = np.bincount(codes[has], weights=stance[has], minlength=size)
    counts = np.append(counts, counts.sum())
    sums = np.append(sums, sums.sum())
    means = [round(float(total / n), 3) if n else None for total, n in zip(sums, counts)]
    table[MEAN_STANCE] = pd.array(means, dtype="Float64")
    table[STANCE_N] = counts.astype("int64")
    return table


def theme_by_actor(selection: Selection, level: str = "theme") -> pd.DataFrame:
    return count_table(selection.frame, theme_axis(selection, level), actor_axis(selection))


def actor_by_theme(selection: Selection, level: str = "top") -> pd.DataFrame:
    return count_table(selection.frame, actor_axis(selection), theme_axis(selection, level))


def theme_by_stance(selection: Selection, level: str = "theme") -> pd.DataFrame:
    return stance_table(selection.frame, theme_axis(selection, level), selection)


def actor_by_stance(selection: Selection) -> pd.DataFrame:
    return stance_table(selection.frame, actor_axis(selection), selection)


def theme_by_outlet(selection: Selection, level: str = "theme") -> pd.DataFrame:
    return count_table(selection.frame, theme_axis(selection, level), outlet_axis(selection))


def themes_per_month(selection: Selection, level: str = "theme") -> pd.DataFrame:
    return count_table(with_month(selection.frame), theme_axis(selection, level), month_axis(selection))


def stance_per_month(selection: Selection) -> pd.DataFrame:
    """One row per month: claims per stance level, mean stance and its n."""
    return stance_table(with_month(selection.frame), month_axis(selection), selection)


def document_by_theme(selection: Selection) -> pd.DataFrame:
    """Documents × themes (all themes, by path): claim counts for regression models, one row per
    selected document, with its number, title, outlet and date first. No total row."""
    frame = selection.frame
    ids = tuple(str(d.id) for d in selection.documents)
    used = tuple(sorted(set(frame["document_id"]) - set(ids)))
    documents = Axis("document_id", "document_id", ids + used, ids + used)
    counts = count_table(frame, documents, theme_axis(selection, "theme"), totals=False)
    counts[TOTAL] = counts.sum(axis=1)
    by_id = {str(d.id): d for d in selection.documents}
    meta = pd.DataFrame(
        [(by_id[i].number, by_id[i].title, by_id[i].outlet, by_id[i].published) if i in by_id else
         (None, None, None, None) for i in counts.index],
        columns=["number", "title", "outlet", "published"], index=counts.index,
    )
    meta["number"] = meta["number"].astype("Int64")
    meta["published"] = pd.to_datetime(meta["published"])
    return pd.concat([meta, counts], axis=1)


def crosstabs(selection: Selection, level: str = "theme") -> dict[str, pd.DataFrame]:
    """Every table of the workbook and the overview, by title."""
    return {
        "Theme × actor": theme_by_actor(selection, level),
        "Theme × stance": theme_by_stance(selection, level),
        "Actor × stance": actor_by_stance(selection),
        "Theme × outlet": theme_by_outlet(selection, level),
        "Themes per month": themes_per_month(selection, level),
        "Stance per month": stance_per_month(selection),
    }
