"""Export the workbook and the CSV files in one go: the project read once, all files or none.

    reports = export_dataset(project, xlsx="claims.xlsx", csv="claims.csv", tidy_csv="long.csv",
                             claim_filter=ClaimFilter(coders=("Ayesha",)), overwrite=False, progress=None)

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
from afpak_coder.exchange.xlsx_export import ExportReport, write_workbook


def export_dataset(project: Any, *, xlsx: str | Path | None = None, csv: str | Path | None = None,
                   tidy_csv: str | Path | None = None, claim_filter: ClaimFilter | None = None,
                   overwrite: bool = False, bom: bool = True,
                   progress: Progress | None = None) -> list[ExportReport | CsvReport]:
    outputs = [(kind, Path(path)) for kind, path in (("xlsx", xlsx), ("csv", csv), ("tidy", tidy_csv)) if path]
    if not outputs:
        raise ExportError("nothing to export: choose an Excel file, a CSV file or both")
    progress = ensure_progress(progress)
    reports: list[ExportReport | CsvReport] = []
    with atomic_outputs([path for _, path in outputs], overwrite=overwrite, protect=[project.path]) as temporary:
        progress.update(0, 0, "Reading the claims…")
        selection = select_claims(project, claim_filter)
        progress.check()
        for (kind, path), scratch in zip(outputs, temporary):
            if kind == "xlsx":
                report = write_workbook(selection, scratch, progress=progress)
            else:
                frame = tidy_frame(selection.frame) if kind == "tidy" else selection.frame
                report = write_csv(frame, scratch, progress=progress, bom=bom)
                report.claims = len(selection.frame)
            report.path = path
            reports.append(report)
    return reports
