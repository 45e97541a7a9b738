"""The claims behind a number: which claims a cell of a crosstab counts.

    ids = claims_behind(selection, "Theme × actor", "Security › TTP sanctuaries", "Pakistani military")
    ids = claims_behind(selection, "Theme × stance", "Total", "mean stance")   # every claim with a stance

Rows and columns are the tables' own labels (``crosstabs.crosstabs``): "Total" stands for the whole
row or column; in stance tables "mean stance" and "claims with a stance" stand for the claims with
a stance. The ids are returned in the frame's order, as text (the ``claim_id`` column).
"""

from __future__ import annotations

import numpy as np

from afpak_coder.analysis import crosstabs
from afpak_coder.analysis.crosstabs import Axis
from afpak_coder.analysis.filters import Selection

_STANCE_SUMMARIES = (crosstabs.MEAN_STANCE, crosstabs.STANCE_N)


def table_axes(selection: Selection, title: str, level: str = "theme") -> tuple[Axis, Axis, bool]:
    """The row and column axes of the crosstab named ``title``, and whether it needs a month column."""
    theme = crosstabs.theme_axis(selection, level)
    stance = crosstabs.stance_axis(selection)
    axes = {
        "Theme × actor": (theme, crosstabs.actor_axis(selection), False),
        "Actor × theme": (crosstabs.actor_axis(selection), theme, False),
        "Theme × stance": (theme, stance, False),
        "Actor × stance": (crosstabs.actor_axis(selection), stance, False),
        "Theme × outlet": (theme, crosstabs.outlet_axis(selection), False),
        "Themes per month": (theme, crosstabs.month_axis(selection), True),
        "Stance per month": (crosstabs.month_axis(selection), stance, True),
    }
    if title not in axes:
        raise KeyError(f"no crosstab named {title!r}")
    return axes[title]


def _keep(axis: Axis, frame, label: str) -> np.ndarray:
    """Rows of ``frame`` in the category labelled ``label`` (all rows for the total)."""
    if label == crosstabs.TOTAL:
        return np.ones(len(frame), dtype=bool)
    labels = axis.all_labels
    if label not in labels:
        raise KeyError(f"{axis.name}: no category {label!r}")
    return axis.values(frame).codes == labels.index(label)


def claims_behind(selection: Selection, title: str, row: str, column: str, level: str = "theme") -> list[str]:
    """The ids of the claims counted in cell (``row``, ``column``) of crosstab ``title``."""
    rows, columns, monthly = table_axes(selection, title, level)
    frame = crosstabs.with_month(selection.frame) if monthly else selection.frame
    keep = _keep(rows, frame, row)
    if column in _STANCE_SUMMARIES:
        keep &= frame["stance"].notna().to_numpy()
    else:
        keep &= _keep(columns, frame, column)
    return frame["claim_id"][keep].tolist()
