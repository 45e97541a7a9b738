"""Export the workbook and the CSV files in one go: the project read once, all files or none.

    reports = export_dataset(project, xlsx="claims.xlsx", csv="claims.csv", tidy_csv="long.csv",
                             dta="claims.dta", sav="claims.sav",
                             claim_filter=ClaimFilter(coders=("Ayesha",)), overwrite=False, progress=None)

A CSV export brings ``codebook.csv`` (the data codebook: every column, its label, type and values)
into the folder of the (first) CSV file.

This is what ``afpak-coder export`` and the GUI's export dialog call. Every output is checked
before any work (exists without ``overwrite``, folder missing, the project file itself); the files
are written beside their targets under temporary names and renamed into place only when all of
them are complete, so a failure or Cancel leaves every target as it was.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from afpak_coder.analysis.filters import ClaimFilter, select_claims
from afpak_coder.core.progress import Progress, ensure_progress
from afpak_coder.exchange.atomic import ExportError, atomic_outputs
from afpak_coder.exchange.csv_export import CsvReport, tidy_frame, write_csv
from afpak_coder.exchange.data_codebook import data_codebook
from afpak_coder.exchange.stats_export import write_stats
from afpak_coder.exchange.xlsx_export import ExportReport, export_xlsx, write_workbook

CODEBOOK_NAME = "codebook.csv"


def export_dataset(project: Any, *, xlsx: str | Path | None = None, csv: str | Path | None = None,
                   tidy_csv: str | Path | None = None, dta: str | Path | None = None,
                   sav: str | Path | None = None, claim_filter: ClaimFilter | None = None,
                   overwrite: bool = False, bom: bool = True,
                   progress: Progress | None = None) -> list[ExportReport | CsvReport]:
    outputs = [(kind, Path(path)) for kind, path in (("xlsx", xlsx), ("csv", csv), ("tidy", tidy_csv),
                                                      ("dta", dta), ("sav", sav)) if path]
    if not outputs:
        raise ExportError("nothing to export: choose an Excel, CSV, Stata or SPSS file")
    if [kind for kind, _ in outputs] == ["xlsx"]:
        # The workbook alone reads the claims a chunk at a time: a million claims' quotes, memos and
        # ids are never held at once (see xlsx_export.write_workbook).
        return [export_xlsx(project, xlsx, claim_filter, overwrite=overwrite, progress=progress)]
    first_csv = next((path for kind, path in outputs if kind in ("csv", "tidy")), None)
    if first_csv is not None:
        outputs.append(("codebook", first_csv.parent / CODEBOOK_NAME))
    progress = ensure_progress(progress)
    reports: list[ExportReport | CsvReport] = []
    with atomic_outputs([path for _, path in outputs], overwrite=overwrite, protect=[project.path]) as temporary:
        progress.update(0, 0, "Reading the claims…")
        selection = select_claims(project, claim_filter)
        progress.check()
        for (kind, path), scratch in zip(outputs, temporary):
            if kind == "xlsx":
                report = write_workbook(selection, scratch, progress=progress)
            elif kind in ("dta", "sav"):
                report = write_stats(selection, scratch, kind, progress=progress)
            elif kind == "codebook":
                table = data_codebook(selection)
                report = write_csv(table, scratch, bom=bom)
                report.rows, report.what = table["variable"].nunique(), "variables"
            else:
                frame = tidy_frame(selection.frame) if kind == "tidy" else selection.frame
                report = write_csv(frame, scratch, progress=progress, bom=bom)
                report.claims = len(selection.frame)
            report.path = path
            reports.append(report)
    return reports
