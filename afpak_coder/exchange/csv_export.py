"""The Claims table as CSV (UTF-8), and a long ("tidy") variant with one row per claim and coded
dimension.

    export_csv(project, "claims.csv", ClaimFilter(consensus_only=True))
    export_csv(project, "claims-long.csv", tidy=True)

The Claims CSV has the columns of ``Project.claims_frame`` and of the workbook's Claims sheet.
Text that a spreadsheet would run as a formula gets an apostrophe in front and characters XML
forbids become U+FFFD (see ``safe_cells``); pandas users who want the untouched text read the
project with ``afpak_coder.load_claims`` instead. Files start with a byte-order mark by default so
that Excel reads them as UTF-8 (pandas, R and LibreOffice skip it); ``bom=False`` leaves it out.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from afpak_coder.analysis.filters import ClaimFilter, select_claims
from afpak_coder.core.progress import Progress, ensure_progress
from afpak_coder.exchange.atomic import atomic_outputs
from afpak_coder.exchange.safe_cells import csv_header, csv_safe_values
from afpak_coder.wording import plural

CHUNK_ROWS = 20_000  # rows per write, between progress updates and chances to cancel
TIDY_KEYS = ["claim_id", "document_id", "coder", "published", "outlet"]
TIDY_DIMENSIONS = ["theme", "theme_path", "top_theme", "actor", "actor_type", "target", "target_type",
                   "stance", "stance_label"]


@dataclass
class CsvReport:
    path: Path
    rows: int
    claims: int
    made_safe: int = 0
    seconds: float = 0.0
    what: str = "claims"  # what a row is: claims, or the variables of a data codebook

    def summary(self) -> str:
        extra = f" ({self.made_safe} values made safe)" if self.made_safe else ""
        if self.what != "claims":
            return f"Wrote {self.path}: {self.rows} {self.what}{extra}"
        claims = plural(self.claims, "claim")
        what = f"{plural(self.rows, 'row')} for {claims}" if self.rows != self.claims else claims
        return f"Wrote {self.path}: {what}{extra}"


def export_csv(project: Any, path: str | Path, claim_filter: ClaimFilter | None = None, *, tidy: bool = False,
               overwrite: bool = False, bom: bool = True, progress: Progress | None = None) -> CsvReport:
    """Write the claims (or their long form with ``tidy``) to ``path``, all or nothing."""
    path = Path(path)
    progress = ensure_progress(progress)
    with atomic_outputs([path], overwrite=overwrite, protect=[project.path]) as (temporary,):
        progress.update(0, 0, "Reading the claims…")
        frame = select_claims(project, claim_filter).frame
        report = write_csv(tidy_frame(frame) if tidy else frame, temporary, progress=progress, bom=bom)
    report.path, report.claims = path, len(frame)
    return report


def write_csv(frame: pd.DataFrame, path: Path, *, progress: Progress | None = None, bom: bool = True) -> CsvReport:
    """Write ``frame`` as CSV with its text made safe (the caller disposes of ``path`` on failure)."""
    started = time.perf_counter()
    progress = ensure_progress(progress)
    safe, made_safe = csv_safe_frame(frame)
    with open(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        for start in range(0, max(len(safe), 1), CHUNK_ROWS):
            safe.iloc[start:start + CHUNK_ROWS].to_csv(handle, header=start == 0, index=False,
                                                       lineterminator="\r\n")
            done = min(start + CHUNK_ROWS, len(safe))
            progress.update(done, len(safe), f"Writing CSV: {done:,} of {len(safe):,} rows")
            progress.check()
    return CsvReport(path=path, rows=len(frame), claims=len(frame), made_safe=made_safe,
                     seconds=time.perf_counter() - started)


def csv_safe_frame(frame: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """A shallow copy of ``frame`` whose text columns are safe for spreadsheets; how many values
    changed. Columns are scanned a block of rows at a time and copied only when something changes."""
    safe = frame.copy(deep=False)
    made_safe = 0
    for column in frame.columns:
        series = frame[column]
        if not (pd.api.types.is_object_dtype(series) or pd.api.types.is_string_dtype(series)):
            continue  # numbers and dates need nothing
        changes: dict[int, object] = {}
        for start in range(0, len(series), CHUNK_ROWS):
            block = series.iloc[start:start + CHUNK_ROWS].tolist()
            values, changed = csv_safe_values(block)
            if changed:
                changes.update((start + i, new) for i, (old, new) in enumerate(zip(block, values)) if new is not old)
        if changes:
            values = series.to_numpy(dtype=object, copy=True)
            for position, value in changes.items():
                values[position] = value
            safe[column] = pd.Series(values, index=frame.index, dtype=object)
            made_safe += len(changes)
    header = csv_header(list(frame.columns))  # a document variable's name is user text too
    made_safe += sum(new is not old for new, old in zip(header, frame.columns))
    safe.columns = header
    return safe, made_safe


def tidy_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per claim and coded dimension: the claim's keys, ``dimension`` and ``value``.
    Every claim has a row for each dimension (an empty value where, say, there is no target)."""
    keys = [column for column in TIDY_KEYS if column in frame.columns]
    columns = {name: frame[name].astype(object) for name in TIDY_DIMENSIONS}
    columns["stance"] = frame["stance"].astype(object).where(frame["stance"].notna(), None)
    wide = pd.DataFrame({**{k: frame[k] for k in keys}, **columns})
    long = wide.melt(id_vars=keys, value_vars=TIDY_DIMENSIONS, var_name="dimension", value_name="value")
    order = pd.Categorical(long["dimension"], categories=TIDY_DIMENSIONS, ordered=True)
    # Claim by claim, in the Claims table's order, dimensions in a fixed order.
    long = long.assign(_row=list(range(len(frame))) * len(TIDY_DIMENSIONS), _dimension=order)
    long = long.sort_values(["_row", "_dimension"], kind="stable").drop(columns=["_row", "_dimension"])
    return long.reset_index(drop=True)
