"""The agreement report as an Excel workbook and as CSV.

Workbook sheets: Summary (one row per dimension, then span agreement), Per category, Per document,
Per pair, Confusion matrices (coder × coder, one block per dimension and pair), Disagreements
(one row per coder's version), Settings (choices, reading, notes).

CSV: one tidy table of every figure (``table, dimension, category, document, coder A, coder B,
coefficient, value, low, high, units, note``) for R or pandas; the disagreements go to their own
CSV. Files are UTF-8 with a byte-order mark so that Excel shows Urdu and Dari titles correctly.

Nothing is ever written as a formula: in the workbook every text is stored as text, and in CSV a
text beginning with = + - @ (which spreadsheet programs would run as a formula) gets a leading
apostrophe. Files are written to a temporary file beside the target and renamed into place, so an
existing file is replaced only by a complete one.
"""

from __future__ import annotations

import csv
import math
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font

from afpak_coder.analysis import agreement_report as report_tables
from afpak_coder.analysis.agreement_report import AgreementReport
from afpak_coder.core.errors import AfpakError
from afpak_coder.core.progress import Progress, ensure_progress
from afpak_coder.exchange.safe_cells import sheet_title

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FIGURE_COLUMNS = ["table", "dimension", "category", "document", "coder A", "coder B", "coefficient", "value",
                  "low", "high", "units", "note"]


class AgreementExportError(AfpakError):
    """The agreement report cannot be written to the file asked for."""


# -- writing files safely ---------------------------------------------------------------------------------------

def _replace_atomically(path: Path, write) -> None:
    path = Path(path)
    if path.is_dir():
        raise AgreementExportError(f"{path}: is a folder; give a file name")
    if not path.parent.is_dir():
        raise AgreementExportError(f"{path}: the folder {path.parent} does not exist")
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    os.close(handle)
    try:
        write(Path(temporary))
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except OSError as error:
        raise AgreementExportError(f"{path}: cannot be written ({error.strerror or error})") from error
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def _plain(value):
    """Cell value: None for missing and NaN, Python numbers, text without control characters."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()  # NumPy scalars
    if isinstance(value, (bool, int, float)):
        return value
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))


def csv_text(value):
    """A CSV field: numbers as they are, text defused if a spreadsheet would read it as a formula."""
    value = _plain(value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return "" if value is None else value


# -- CSV ----------------------------------------------------------------------------------------------------------------

def figure_rows(report: AgreementReport) -> Iterator[dict]:
    """Every figure of the report as one tidy row (see FIGURE_COLUMNS)."""
    def row(table, coefficient, value, units, note="", low=None, high=None, **where):
        return {"table": table, "coefficient": coefficient, "value": value, "low": low, "high": high,
                "units": units, "note": note, **where}

    for line in report.summary:
        interval = line.interval if line.interval is not None and line.interval.defined else None
        for c in (line.percent, line.alpha, line.alpha_interval_level, line.kappa, line.fleiss, line.scott, line.ac1,
                  line.bp):
            if c is None:
                continue
            name = c.name + (" (interval)" if c is line.alpha_interval_level else "")
            bounds = (interval.low, interval.high) if c is line.alpha and interval else (None, None)
            yield row("summary", name, c.value, c.units, c.reason or line.not_applicable, *bounds,
                      dimension=line.dimension)
    for _, entry in report_tables.span_frame(report).iterrows():
        yield row("span", entry["measure"], entry["value"], entry["units"], entry["note"])
    for line in report.pairs:
        interval = line.interval if line.interval is not None and line.interval.defined else None
        for c in (line.percent, line.alpha, line.kappa, line.scott, line.ac1, line.bp):
            bounds = (interval.low, interval.high) if c is line.alpha and interval else (None, None)
            yield row("pair", c.name, c.value, c.units, c.reason, *bounds, dimension=line.dimension,
                      **{"coder A": line.first, "coder B": line.second})
    for line in report.categories:
        for c in (line.percent, line.alpha):
            yield row("category", c.name, c.value, c.units, c.reason, dimension=line.dimension, category=line.category)
        if line.unitizing is not None:
            yield row("category", "unitizing alpha", line.unitizing, None, dimension=line.dimension,
                      category=line.category)
    for line in report.documents:
        for c in (line.percent, line.alpha):
            yield row("document", c.name, c.value, c.units, c.reason, dimension=line.dimension, document=line.title)


def _write_csv(path: Path, columns: list[str], rows) -> None:
    def write(temporary: Path) -> None:
        with open(temporary, "w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow([csv_text(column) for column in columns])
            for entry in rows:
                writer.writerow([csv_text(entry.get(column)) for column in columns])
    _replace_atomically(path, write)


def write_agreement_csv(report: AgreementReport, path: str | Path) -> None:
    """Every figure of the report, one per row."""
    _write_csv(Path(path), FIGURE_COLUMNS, figure_rows(report))


def write_disagreements_csv(report: AgreementReport, path: str | Path) -> None:
    frame = report_tables.disagreement_frame(report)
    _write_csv(Path(path), list(frame.columns), frame.to_dict("records"))


# -- the workbook -------------------------------------------------------------------------------------------------------

class _Sheet:
    """A write-only worksheet that stores every text as text (never a formula)."""

    def __init__(self, book: Workbook, title: str, widths: dict | None = None) -> None:
        self.sheet = book.create_sheet(sheet_title(title, book.sheetnames))
        for letter, width in (widths or {}).items():
            self.sheet.column_dimensions[letter].width = width
        self.bold = Font(bold=True)

    def cell(self, value, bold: bool = False, number: bool = True):
        cell = WriteOnlyCell(self.sheet, value=_plain(value))
        if isinstance(cell.value, str):
            cell.data_type = "s"  # openpyxl would otherwise store "=..." as a formula
            if len(cell.value) > 60:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        elif isinstance(cell.value, float) and number:
            cell.number_format = "0.000"
        if bold:
            cell.font = self.bold
        return cell

    def row(self, values, bold: bool = False) -> None:
        self.sheet.append([self.cell(value, bold) for value in values])

    def frame(self, frame: pd.DataFrame, title: str | None = None) -> None:
        if title:
            self.row([title], bold=True)
        self.row(list(frame.columns), bold=True)
        for values in frame.itertuples(index=False):
            self.row(values)


def write_agreement_xlsx(report: AgreementReport, path: str | Path, progress: Progress | None = None) -> None:
    progress = ensure_progress(progress)

    def write(temporary: Path) -> None:
        book = Workbook(write_only=True)
        try:
            _fill(book)
        except BaseException:
            for sheet in book.worksheets:  # a write-only sheet left open complains when collected
                sheet.close()
            raise
        book.save(temporary)
        progress.update(7, 7, "Done")

    def _fill(book: Workbook) -> None:
        steps = 7
        progress.update(0, steps, "Writing the summary")
        summary = _Sheet(book, "Summary", {"A": 12, "B": 10, "C": 9, "S": 90, "T": 60})
        summary.sheet.freeze_panes = "B2"
        summary.frame(report_tables.summary_frame(report))
        summary.row([])
        summary.frame(report_tables.span_frame(report), "Span agreement")
        sheets = (("Per category", report_tables.category_frame, {"B": 60}),
                  ("Per document", report_tables.document_frame, {"A": 38, "B": 60}),
                  ("Per pair", report_tables.pair_frame, {}))
        for number, (title, make, widths) in enumerate(sheets, 1):
            progress.update(number, steps, f"Writing {title.lower()}")
            progress.check()
            sheet = _Sheet(book, title, widths)
            sheet.sheet.freeze_panes = "A2"
            sheet.frame(make(report))
        progress.update(4, steps, "Writing confusion matrices")
        confusion = _Sheet(book, "Confusion matrices", {"A": 60})
        for (dimension, first, second), matrix in report.confusion.items():
            confusion.row([f"{dimension}: rows {first}, columns {second}"], bold=True)
            confusion.row([""] + list(matrix.columns), bold=True)
            for label, counts in matrix.iterrows():
                confusion.row([label] + counts.tolist())
            confusion.row([])
        progress.update(5, steps, "Writing disagreements")
        progress.check()
        disagreements = _Sheet(book, "Disagreements", {"C": 40, "F": 40, "H": 60, "I": 45, "J": 30, "K": 30, "N": 30})
        disagreements.sheet.freeze_panes = "A2"
        disagreements.frame(report_tables.disagreement_frame(report))
        progress.update(6, steps, "Writing settings")
        settings = _Sheet(book, "Settings", {"A": 22, "B": 120})
        settings.frame(report_tables.settings_frame(report))
        settings.row([])
        settings.row(["Reading"], bold=True)
        for line in report.reading().splitlines():
            settings.row(["", line])

    _replace_atomically(Path(path), write)
