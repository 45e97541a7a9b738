"""The overview charts, drawn with matplotlib on a given ``Figure`` (no pyplot, so they can be drawn
in any thread and saved as PNG, SVG or PDF with ``figure.savefig``).

    figure = Figure(layout="constrained")
    draw_chart("Stance by actor", figure, selection, level="top")

Every chart reads the same crosstabs as the tables, so its categories come in codebook order.
Unlike the tables, charts leave out rows and columns without any claim, which would only be
empty space on a chart.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from afpak_coder.analysis import crosstabs
from afpak_coder.analysis.filters import Selection
from afpak_coder.core.records import THEME_PATH_SEPARATOR


@dataclass(frozen=True)
class HeatmapCells:
    """Where the heatmap's cells are: its axes, and the table labels of its rows and columns."""

    axes: object
    table: str
    rows: list[str]
    columns: list[str]


HEATMAP = "Actor × theme"  # the crosstab behind the heatmap (analysis.cell_claims knows its axes)
MAX_OUTLETS = 12  # more outlets than this: the smallest are drawn together as "other outlets"
ANNOTATE_CELLS = 700  # heatmaps with up to this many cells show their counts


def theme_by_outlet_chart(figure: Figure, selection: Selection, level: str = "top") -> None:
    table = _without_totals(crosstabs.theme_by_outlet(selection, level))
    table = table.loc[table.sum(axis=1) > 0, table.sum(axis=0) > 0]
    axes = figure.add_subplot()
    if _empty(axes, table):
        return
    if table.shape[1] > MAX_OUTLETS:
        biggest = table.sum(axis=0).sort_values(ascending=False).index[: MAX_OUTLETS - 1]
        kept = [c for c in table.columns if c in biggest]
        table = pd.concat([table[kept], table.drop(columns=kept).sum(axis=1).rename("other outlets")], axis=1)
    colours = colormaps["tab20"].resampled(20)
    left = np.zeros(len(table))
    rows = np.arange(len(table))
    for number, outlet in enumerate(table.columns):
        values = table[outlet].to_numpy()
        axes.barh(rows, values, left=left, color=colours(number % 20), label=outlet, height=0.72)
        left += values
    axes.set_yticks(rows, [_short(label) for label in theme_names(table.index)])
    axes.invert_yaxis()  # the codebook's first theme on top
    axes.set_xlabel("claims")
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))  # claims come whole
    axes.set_title("Claims per theme, by outlet")
    axes.legend(title="outlet", loc="upper left", bbox_to_anchor=(1.01, 1), fontsize="small", frameon=False)
    axes.grid(axis="x", alpha=0.3)


def stance_by_actor_chart(figure: Figure, selection: Selection, level: str = "top") -> None:
    """Diverging bars: for each actor, the share of its claims at each stance level, negative
    levels to the left of zero, positive to the right, the middle level split across zero."""
    levels = selection.codebook.stance_levels
    table = crosstabs.actor_by_stance(selection).drop(index=crosstabs.TOTAL)
    counts = table.iloc[:, : len(levels)]
    counts = counts.loc[counts.sum(axis=1) > 0]
    axes = figure.add_subplot()
    if not levels or _empty(axes, counts):
        return
    shares = counts.div(counts.sum(axis=1), axis=0).to_numpy() * 100
    values = [level.value for level in levels]
    rows = np.arange(len(counts))
    negative_edge = np.zeros(len(counts))
    positive_edge = np.zeros(len(counts))
    middle = [i for i, v in enumerate(values) if v == 0]
    for index in middle:  # the neutral share sits across zero, half on each side
        axes.barh(rows, shares[:, index], left=-shares[:, index] / 2, color=levels[index].color,
                  label=levels[index].label, height=0.72, edgecolor="white", linewidth=0.5)
        negative_edge -= shares[:, index] / 2
        positive_edge += shares[:, index] / 2
    for index in sorted((i for i, v in enumerate(values) if v < 0), key=lambda i: -values[i]):
        negative_edge -= shares[:, index]
        axes.barh(rows, shares[:, index], left=negative_edge, color=levels[index].color, label=levels[index].label,
                  height=0.72, edgecolor="white", linewidth=0.5)
    for index in sorted(i for i, v in enumerate(values) if v > 0):
        axes.barh(rows, shares[:, index], left=positive_edge, color=levels[index].color, label=levels[index].label,
                  height=0.72, edgecolor="white", linewidth=0.5)
        positive_edge += shares[:, index]
    totals = counts.sum(axis=1).to_numpy()
    for row, (edge, total) in enumerate(zip(positive_edge, totals)):
        axes.text(edge + 1.5, row, f"n={total}", va="center", fontsize="x-small", color="#555555")
    axes.axvline(0, color="#333333", linewidth=0.8)
    axes.set_yticks(rows, [_short(label) for label in counts.index])
    axes.invert_yaxis()
    axes.set_xlim(-105, 115)
    axes.set_xticks(range(-100, 101, 25), [f"{abs(t)}%" for t in range(-100, 101, 25)])
    axes.set_xlabel("share of the actor's claims with a stance")
    axes.set_title("Stance by actor")
    handles, labels = axes.get_legend_handles_labels()
    order = sorted(range(len(labels)), key=lambda i: values[[level.label for level in levels].index(labels[i])])
    axes.legend([handles[i] for i in order], [labels[i] for i in order], title="stance", loc="upper left",
                bbox_to_anchor=(1.01, 1), fontsize="small", frameon=False)


def stance_over_time_chart(figure: Figure, selection: Selection, level: str = "top") -> None:
    """Mean stance per month of publication (line), with the number of claims behind it (bars)."""
    table = crosstabs.stance_per_month(selection).drop(index=[crosstabs.TOTAL, crosstabs.NO_DATE], errors="ignore")
    axes = figure.add_subplot()
    levels = selection.codebook.stance_levels
    if not levels or _empty(axes, table.loc[table[crosstabs.TOTAL] > 0]):
        return
    months = pd.PeriodIndex(table.index, freq="M").to_timestamp()
    counts = axes.twinx()
    counts.bar(months, table[crosstabs.STANCE_N], width=20, color="#c9d3df", label="claims with a stance")
    counts.set_ylabel("claims with a stance", color="#6b7b8f")
    counts.yaxis.set_major_locator(MaxNLocator(integer=True))
    counts.tick_params(axis="y", colors="#6b7b8f")
    axes.set_zorder(counts.get_zorder() + 1)  # the line in front of the bars
    axes.patch.set_visible(False)
    # A month without claims is a gap in the line (NaN breaks it), never a line drawn across it.
    means = table[crosstabs.MEAN_STANCE].astype("float64").to_numpy(na_value=np.nan)
    axes.plot(months, means, marker="o", color="#b03a2e", linewidth=1.4, label="mean stance")
    values = [level.value for level in levels]
    axes.set_ylim(min(values) - 0.3, max(values) + 0.3)
    axes.set_yticks(values, [crosstabs.stance_label(level.value, level.label) for level in levels])
    axes.axhline(0, color="#999999", linewidth=0.6, linestyle="--")
    axes.set_title("Stance over time: mean stance per month of publication")
    axes.grid(axis="y", alpha=0.3)
    figure.autofmt_xdate()


def actor_theme_heatmap(figure: Figure, selection: Selection, level: str = "top") -> HeatmapCells | None:
    table = _without_totals(crosstabs.actor_by_theme(selection, level))
    table = table.loc[table.sum(axis=1) > 0, table.sum(axis=0) > 0]
    axes = figure.add_subplot()
    if _empty(axes, table):
        return
    image = axes.imshow(table.to_numpy(), cmap="Blues", aspect="auto", vmin=0)
    axes.set_xticks(range(table.shape[1]), [_short(c, 40) for c in theme_names(table.columns)], rotation=40,
                    ha="right", fontsize="small")
    axes.set_yticks(range(table.shape[0]), [_short(r) for r in table.index], fontsize="small")
    if table.size <= ANNOTATE_CELLS:
        high = table.to_numpy().max()
        for (row, column), value in np.ndenumerate(table.to_numpy()):
            if value:
                axes.text(column, row, str(value), ha="center", va="center", fontsize="x-small",
                          color="white" if value > high * 0.6 else "#222222")
    colorbar = figure.colorbar(image, ax=axes, label="claims", shrink=0.8)
    colorbar.locator = MaxNLocator(integer=True)
    colorbar.update_ticks()
    axes.set_title("Actors × themes: claims (double-click a cell for its claims)")
    return HeatmapCells(axes, HEATMAP, [str(r) for r in table.index], [str(c) for c in table.columns])


CHARTS: dict[str, Callable[[Figure, Selection, str], HeatmapCells | None]] = {
    "Claims per theme by outlet": theme_by_outlet_chart,
    "Stance by actor": stance_by_actor_chart,
    "Stance over time": stance_over_time_chart,
    "Actor × theme heatmap": actor_theme_heatmap,
}


def draw_chart(name: str, figure: Figure, selection: Selection, level: str = "top") -> HeatmapCells | None:
    """Draw a chart; a heatmap tells where its cells are (for double-clicks)."""
    figure.clear()
    return CHARTS[name](figure, selection, level)


def theme_names(paths) -> list[str]:
    """A theme's own name instead of its path ("TTP sanctuaries" for "Security › TTP sanctuaries"),
    unless two themes share that name."""
    names = [str(path).split(THEME_PATH_SEPARATOR)[-1] for path in paths]
    return [name if names.count(name) == 1 else str(path) for name, path in zip(names, paths)]


def _without_totals(table: pd.DataFrame) -> pd.DataFrame:
    return table.drop(index=crosstabs.TOTAL, columns=crosstabs.TOTAL, errors="ignore")


def _empty(axes, table: pd.DataFrame) -> bool:
    if len(table) and table.shape[1]:
        return False
    axes.text(0.5, 0.5, "No claims to show with these filters.", ha="center", va="center",
              transform=axes.transAxes, color="#666666")
    axes.set_axis_off()
    return True


def _short(label: object, limit: int = 48) -> str:
    text = str(label)
    return text if len(text) <= limit else text[: limit - 1] + "…"
