"""The Claims table as a Stata (.dta) or SPSS (.sav) file, with variable and value labels.

    write_stats(selection, "claims.dta", "dta")
    write_stats(selection, "claims.sav", "sav")

Written with pyreadstat (ReadStat). The columns are those of the Claims sheet and the CSV, under
the same snake_case names; labels and codes come from the data codebook (``data_codebook``):

* every variable carries its label (a document variable: its own name, e.g. “Outlet Country”);
* stance keeps its value on the scale (−2 … +2) with the scale's labels attached;
* coder, theme, top_theme, actor, target, actor_type and target_type are integers 1, 2, … in
  codebook order with the names attached as value labels (Stata's `tab` and SPSS's frequencies
  show the names; `decode`/`as_factor` turn them back into text). theme_path stays text, so a
  theme is also identified by its unique path;
* published (and date variables) are real dates, created and updated real date-times in UTC;
* missing values are system-missing numbers and empty strings (Stata has no missing string).
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pandas as pd

from afpak_coder.analysis.filters import Selection
from afpak_coder.core.progress import Progress, ensure_progress
from afpak_coder.exchange.atomic import ExportError
from afpak_coder.exchange.csv_export import CsvReport
from afpak_coder.exchange.data_codebook import ColumnInfo, column_infos

FORMATS = {"dta": "Stata", "sav": "SPSS"}
STATA_VERSION = 14  # format 118: UTF-8 and strL, opens in Stata 14 and later


def stats_frame(selection: Selection) -> tuple[pd.DataFrame, list[ColumnInfo]]:
    """The claims as the statistics files hold them: coded columns as codes, dates as dates."""
    infos = column_infos(selection)
    frame = selection.frame
    columns: dict[str, pd.Series] = {}
    codebook = selection.codebook
    codes_by_key = {
        "theme": ("theme_path", {t.path_label: n for n, t in enumerate(codebook.themes, 1)}),
    }
    for info in infos:
        series = frame[info.variable]
        if info.variable in codes_by_key:
            source, codes = codes_by_key[info.variable]
            columns[info.variable] = frame[source].map(codes).astype("float64")
        elif info.value_labels and info.variable != "stance":
            codes = {label: code for code, label in reversed(list(info.value_labels.items()))}
            columns[info.variable] = series.map(codes).astype("float64")
        elif info.type in ("integer", "number"):
            numbers = pd.to_numeric(series, errors="coerce")
            whole = info.type == "integer" and numbers.notna().all()
            columns[info.variable] = numbers.astype("int64" if whole else "float64")
        elif info.type == "date":
            columns[info.variable] = _dates(series)
        elif info.type == "datetime":
            columns[info.variable] = _utc_naive(series)
        else:
            columns[info.variable] = series.astype(object).where(series.notna(), "").map(str)
    return pd.DataFrame(columns), infos


def write_stats(selection: Selection, path: Path, kind: str, *, progress: Progress | None = None) -> CsvReport:
    """Write ``selection`` as a .dta (``kind="dta"``) or .sav file to ``path`` (the caller disposes
    of it on failure)."""
    import pyreadstat  # heavy; only when a statistics file is asked for

    started = time.perf_counter()
    progress = ensure_progress(progress)
    progress.update(0, 0, f"Writing the {FORMATS[kind]} file…")
    frame, infos = stats_frame(selection)
    labels = {info.variable: info.label for info in infos}
    value_labels = {info.variable: info.value_labels for info in infos if info.value_labels}
    integers = [info.variable for info in infos if info.type == "integer" or info.value_labels]
    try:
        if kind == "dta":
            pyreadstat.write_dta(frame, str(path), column_labels=labels, variable_value_labels=value_labels,
                                 variable_format={name: "%10.0g" for name in integers},
                                 version=STATA_VERSION)
        else:
            measures = {info.variable: "nominal" for info in infos if info.value_labels}
            measures["stance"] = "ordinal"
            widths = {name: "F8.0" for name in integers}
            pyreadstat.write_sav(frame, str(path), column_labels=labels, variable_value_labels=value_labels,
                                 variable_measure={k: v for k, v in measures.items() if k in frame},
                                 variable_format=widths)
    except pyreadstat.ReadstatError as error:
        raise ExportError(f"{path}: the {FORMATS[kind]} file could not be written ({error})") from error
    progress.update(1, 1, f"Wrote the {FORMATS[kind]} file")
    return CsvReport(path=path, rows=len(frame), claims=len(frame), seconds=time.perf_counter() - started)


def _dates(series: pd.Series) -> pd.Series:
    if pd.api.types.is_datetime64_any_dtype(series):
        return pd.Series([None if pd.isna(v) else v.date() for v in series], index=series.index, dtype=object)
    return pd.Series([_iso_date(v) for v in series], index=series.index, dtype=object)


def _iso_date(value) -> dt.date | None:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _utc_naive(series: pd.Series) -> pd.Series:
    if getattr(series.dt, "tz", None) is not None:
        series = series.dt.tz_convert("UTC").dt.tz_localize(None)
    return series.astype("datetime64[ms]")
