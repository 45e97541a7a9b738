"""A write-only openpyxl workbook with shared styles, and the sheet layout every export sheet uses.

Cells are built from style templates (``Cell(style_array=...)`` copies a small array; assigning
fonts and fills cell by cell would look each style up again), and only cells that need a style
become cell objects: in write-only mode plain values are far cheaper.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.cell.cell import ERROR_CODES as _ERROR_CODES
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.worksheet.dimensions import RowDimension
from openpyxl.worksheet.properties import PageSetupProperties

from afpak_coder.core.progress import Progress
from afpak_coder.exchange.safe_cells import clean_text, excel_text, sheet_title, starts_like_formula

ERROR_CODES = frozenset(_ERROR_CODES)  # text such as "#N/A" that openpyxl would store as an error value
HEADER_FILL = "DDE4EE"
TOTAL_FILL = "F1F1F1"
LINE_HEIGHT = 15  # points per line of 11-point text
MAX_ROW_HEIGHT = 409  # Excel's limit, in points
FIT_TO_PAGE_WIDTH = 260  # sheets up to this many characters wide are printed scaled to the page width


class Book:
    """A write-only workbook with the styles every sheet shares and the counts of cells made safe."""

    def __init__(self, progress: Progress, total: int) -> None:
        self.workbook = Workbook(write_only=True)
        self.progress, self.total, self.done = progress, total, 0
        self.made_safe = 0
        self.truncated = 0
        scratch = self.workbook.create_sheet("scratch")
        self._styles: dict[str, Any] = {}
        for name, font, fill, alignment in (
            ("header", Font(bold=True), HEADER_FILL, Alignment(wrap_text=True, vertical="top")),
            ("bold", Font(bold=True), None, None),
            ("total", Font(bold=True), TOTAL_FILL, None),
            ("wrap", None, None, Alignment(wrap_text=True)),
            ("title", Font(bold=True, size=14), None, None),
            ("left", None, None, Alignment(horizontal="left")),
        ):
            template = Cell(scratch, row=1, column=1)
            if font:
                template.font = font
            if fill:
                template.fill = PatternFill("solid", fgColor=fill)
            if alignment:
                template.alignment = alignment
            if name == "header":
                template.border = Border(bottom=Side(style="thin", color="7F8FA6"))
            self._styles[name] = template._style  # the style array that Cell(style_array=...) copies
        self.workbook.remove(scratch)

    def sheet(self, title: str):
        return self.workbook.create_sheet(sheet_title(title, self.workbook.sheetnames))

    def cell(self, worksheet, value: Any, style: str | None = None, number_format: str | None = None) -> Cell:
        """A cell built from a style template (one array copy, no style lookups). Text that a
        spreadsheet would read as a formula or an error code stays text (marked quote-prefixed)."""
        cell = Cell(worksheet, row=1, column=1, value=value, style_array=self._styles[style] if style else None)
        if type(value) is str and (starts_like_formula(value) or value in ERROR_CODES):
            cell.data_type = "s"
            cell.quotePrefix = True
        if number_format:
            cell.number_format = number_format
        return cell

    def text_cell(self, worksheet, value: Any, wrap: bool = False, style: str | None = None) -> Any:
        """A data value; text made safe (forbidden characters, formulas, Excel's length limit)."""
        if type(value) is not str:
            return self.cell(worksheet, value, style) if style else value
        cleaned = self.safe_text(value)
        inert = starts_like_formula(cleaned) or cleaned in ERROR_CODES
        self.made_safe += inert or cleaned != value
        style = style or ("wrap" if wrap else None)
        return self.cell(worksheet, cleaned, style) if style or inert else cleaned

    def safe_text(self, value: str) -> str:
        cleaned, cut = excel_text(clean_text(value))
        self.truncated += cut
        return cleaned

    def tick(self, rows: int, message: str) -> None:
        self.done += rows
        self.progress.update(self.done, self.total, message)
        self.progress.check()

    def discard(self) -> None:
        """Close and delete the temporary files openpyxl streams each sheet into."""
        for worksheet in self.workbook.worksheets:
            writer = getattr(worksheet, "_writer", None)
            try:
                if not worksheet.closed:
                    worksheet.close()
            except Exception:  # noqa: BLE001 - tidying up after a failure; the first error is reported
                pass
            writer = getattr(worksheet, "_writer", None) or writer
            if writer is not None:
                try:
                    writer.cleanup()
                except (OSError, ValueError):
                    pass


class Sheet:
    """One write-only sheet: header, widths and frozen panes first, rows, then the autofilter."""

    def __init__(self, book: Book, worksheet, headers: Sequence[str], widths: Sequence[float], *,
                 freeze: str = "A2", autofilter: bool = True, header_lines: int | None = None) -> None:
        self.book, self.ws, self.width = book, worksheet, len(headers)
        self.rows = 0
        self.autofilter = autofilter
        for index, width in enumerate(widths, 1):
            worksheet.column_dimensions[get_column_letter(index)].width = width
        if freeze:
            worksheet.freeze_panes = freeze
        frozen_columns = column_index_from_string(freeze.rstrip("0123456789")) - 1 if freeze else 0
        print_layout(worksheet, sum(widths), frozen_columns)
        lines = header_lines or max(lines_needed(str(h), w) for h, w in zip(headers, widths))
        if lines > 1:
            worksheet.row_dimensions[1].height = 15 * lines + 2
        worksheet.append([book.cell(worksheet, book.safe_text(str(h)), "header") for h in headers])
        self.writer = RowWriter(worksheet)

    def append(self, values: Iterable[Any], lines: int = 1) -> None:
        """Add a row; ``lines`` > 1 gives it the height of that many lines of wrapped text."""
        self.rows += 1
        self.writer.append(self.rows + 1, values, lines)

    def close(self) -> None:
        if self.autofilter and self.width:
            self.ws.auto_filter.ref = f"A1:{get_column_letter(self.width)}{self.rows + 1}"


class RowWriter:
    """Appends rows to a write-only sheet, giving tall rows an explicit height.

    Spreadsheets do not all grow rows of wrapped text when they open a file (LibreOffice keeps the
    default height), so a row with several lines of text gets a height. One row dimension per
    height is shared by all rows of that height and each row's entry is dropped once the row is
    written: 200,000 rows would otherwise pile up 200,000 dimension objects."""

    def __init__(self, worksheet) -> None:
        self.ws = worksheet
        self._heights: dict[int, RowDimension] = {}

    def append(self, row_number: int, values: Iterable[Any], lines: int = 1) -> None:
        if lines <= 1:
            self.ws.append(values)
            return
        dimension = self._heights.get(lines)
        if dimension is None:
            dimension = RowDimension(self.ws, ht=min(MAX_ROW_HEIGHT, LINE_HEIGHT * lines + 3))
            self._heights[lines] = dimension
        self.ws.row_dimensions[row_number] = dimension
        self.ws.append(values)
        del self.ws.row_dimensions[row_number]


def wrapped_lines(text: Any, width: float) -> int:
    """Lines a text needs when wrapped in a column ``width`` characters wide (an estimate that
    errs on the tall side: proportional fonts fit a little more than ``width`` characters)."""
    if type(text) is not str or not text:
        return 1
    per_line = max(1, int(width * 1.2))
    return sum(max(1, -(-len(part) // per_line)) for part in text.split("\n"))


def print_layout(worksheet, total_width: float, title_columns: int = 0) -> None:
    """Landscape pages with the header row (and label columns) repeated; narrow sheets scaled to
    the page width. Must run before the sheet's first row is written."""
    worksheet.page_setup.orientation = "landscape"
    worksheet.print_title_rows = "1:1"
    if title_columns:
        worksheet.print_title_cols = f"A:{get_column_letter(title_columns)}"
    if total_width <= FIT_TO_PAGE_WIDTH:
        worksheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        worksheet.page_setup.fitToWidth = 1
        worksheet.page_setup.fitToHeight = 0  # as many pages down as needed


def colour_cell(book: Book, worksheet, colour: str) -> Cell:
    """The colour's code on a fill of that colour (dark text on light colours, white on dark)."""
    hex_code = colour.lstrip("#").upper()
    cell = book.cell(worksheet, colour)
    cell.fill = PatternFill("solid", fgColor=hex_code)
    red, green, blue = (int(hex_code[i:i + 2], 16) for i in (0, 2, 4))
    if 0.299 * red + 0.587 * green + 0.114 * blue < 140:
        cell.font = Font(color="FFFFFF")
    return cell


def fit_width(header: str, series: pd.Series, cap: float = 50, sample: int = 500) -> float:
    values = series.head(sample).dropna()
    lengths = [len(str(v)) for v in values]
    longest = sorted(lengths)[int(len(lengths) * 0.9)] if lengths else 0
    return float(min(cap, max(len(header) + 3, longest + 2, 8)))


def lines_needed(text: str, width: float) -> int:
    """Lines a wrapped header needs at this column width (words are not split)."""
    lines, used = 1, 0
    for word in text.split():
        if used and used + 1 + len(word) > width - 1:
            lines, used = lines + 1, len(word)
        else:
            used += len(word) + (1 if used else 0)
    return lines
