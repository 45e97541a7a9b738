"""The coded dataset as an Excel workbook that needs no cleaning.

    report = export_xlsx(project, "claims.xlsx", ClaimFilter(coders=("Ayesha",)), overwrite=False)

Sheets: README (every column explained, project, export time, filters, tool version), Claims (one
row per claim: the columns of ``Project.claims_frame``), Documents, Themes, Actors, Stance scale,
Coders, the crosstabs of ``analysis.crosstabs`` and a document × theme matrix.

openpyxl's write-only mode streams rows to disk, so 200,000 claims fit in modest memory and take
little longer than a bare dump of the values: only header cells and the cells that need a style
(wrapped quotes and memos, inert formula-like text) are built as cell objects; everything else is
passed as plain values. Text is made safe column by column (``safe_cells``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl.cell import Cell
from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from afpak_coder.analysis import crosstabs
from afpak_coder.analysis.filters import ClaimFilter, Selection, chunk_filters, select_without_claims
from afpak_coder.core.claim_chunks import ClaimChunks, compact, joined_compact
from afpak_coder.core.column_names import unique_names
from afpak_coder.core.progress import Progress, ensure_progress
from afpak_coder.exchange import xlsx_readme
from afpak_coder.exchange.atomic import ExportError, atomic_outputs
from afpak_coder.exchange.data_codebook import data_codebook, variable_columns_of
from afpak_coder.exchange.safe_cells import ColumnScan
from afpak_coder.exchange.xlsx_book import (
    ERROR_CODES, Book, RowWriter, Sheet, colour_cell, fit_width, lines_needed, wrapped_lines,
)
from afpak_coder.wording import plural

PROGRESS_EVERY = 2_000  # rows between progress updates (and chances to cancel)
BLOCK_ROWS = 20_000  # rows converted at a time
HEAT_SHADED = ("Theme × actor", "Theme × outlet", "Themes per month")  # count tables shaded white → blue
EXCEL_MAX_ROWS = 1_048_576
README_WIDTHS = (20, 30, 100)

# Claims sheet: kind and width of each fixed column (document variables are added by their kind).
CLAIM_COLUMNS: dict[str, tuple[str, float]] = {
    "claim_id": ("text", 37), "document_id": ("text", 37), "title": ("text", 40), "outlet": ("text", 24),
    "author": ("text", 20), "published": ("date", 11), "url": ("text", 30), "language": ("text", 9),
    "genre": ("text", 12), "coder": ("text", 12), "theme": ("text", 32), "theme_path": ("text", 48),
    "top_theme": ("text", 22), "actor": ("text", 28), "actor_type": ("text", 16), "target": ("text", 28),
    "target_type": ("text", 16), "stance": ("number", 7), "stance_label": ("text", 17),
    "quote": ("wrap", 70), "start": ("number", 8), "end": ("number", 8), "memo": ("wrap", 40),
    "created": ("datetime", 19), "updated": ("datetime", 19),
}


@dataclass
class ExportReport:
    path: Path
    claims: int
    documents: int
    sheets: list[str] = field(default_factory=list)
    made_safe: int = 0  # cells written as inert text or with forbidden characters replaced
    truncated: int = 0  # cells cut to Excel's 32,767-character limit
    seconds: float = 0.0

    def summary(self) -> str:
        notes = []
        if self.made_safe:
            notes.append(f"{self.made_safe} cells made safe")
        if self.truncated:
            notes.append(f"{self.truncated} cells cut to Excel's limit")
        extra = f" ({'; '.join(notes)})" if notes else ""
        return f"Wrote {self.path}: {plural(self.claims, 'claim')}, {plural(self.documents, 'document')}{extra}"


def export_xlsx(project: Any, path: str | Path, claim_filter: ClaimFilter | None = None, *,
                overwrite: bool = False, progress: Progress | None = None) -> ExportReport:
    """Write the workbook to ``path`` (all or nothing; an existing file only with ``overwrite``)."""
    path = Path(path)
    progress = ensure_progress(progress)
    with atomic_outputs([path], overwrite=overwrite, protect=[project.path]) as (temporary,):
        progress.update(0, 0, "Reading the claims…")
        selection = select_without_claims(project, claim_filter)
        # The claims are streamed into the Claims sheet a chunk at a time: a million claims' quotes,
        # memos and ids are never held at once (see write_workbook).
        with project.claim_chunks(**chunk_filters(selection)) as chunks:
            report = write_workbook(selection, temporary, progress=progress, chunks=chunks)
    report.path = path
    return report


def write_workbook(selection: Selection, path: Path, *, progress: Progress | None = None,
                   exported_at: dt.datetime | None = None, chunks: ClaimChunks | None = None) -> ExportReport:
    """Write every sheet of ``selection`` to ``path`` (which the caller disposes of on failure).

    With ``chunks`` (the selection's claims, ``selection.frame`` not read yet) the Claims sheet is
    written chunk by chunk, and the other sheets are made from the claims without their texts."""
    started = time.perf_counter()
    progress = ensure_progress(progress)
    total = len(selection.frame) if chunks is None else chunks.total
    if total + 1 > EXCEL_MAX_ROWS:
        raise ExportError(f"{path}: {total:,} claims do not fit in one Excel sheet "
                          f"({EXCEL_MAX_ROWS - 1:,} rows at most); filter the export or use CSV")
    exported_at = exported_at or dt.datetime.now(dt.timezone.utc)
    book = Book(progress, total=total + 2 * len(selection.documents) + 1)
    try:
        readme = book.sheet("README")  # first, so the workbook opens on it; written last
        if chunks is None:
            claim_columns = write_claims(book, [selection.frame], list(selection.frame.columns), total, selection)
        else:
            kept: list[pd.DataFrame] = []
            claim_columns = write_claims(book, chunks, chunks.columns, total, selection, kept)
            selection = dataclasses.replace(selection, frame=joined_compact(kept))
            del kept  # the parts, once joined
        tables = crosstabs.crosstabs(selection)
        matrix = crosstabs.document_by_theme(selection).reset_index()
        matrix = matrix[["number", "title", "document_id", *matrix.columns.drop(["number", "title", "document_id"])]]
        document_columns = write_documents(book, selection)
        write_codebook_sheets(book, selection)
        write_data_codebook(book, selection)
        for title, table in tables.items():
            write_crosstab(book, title, table.reset_index(), heat=title in HEAT_SHADED)
        write_crosstab(book, "Document × theme", matrix, heat=True, label_columns=5, freeze_columns=2)
        fill_readme(book, readme, selection, exported_at, claim_columns, document_columns, list(tables))
        progress.update(book.done, book.total, "Saving the workbook…")
        progress.check()
        book.workbook.save(path)
    except BaseException:
        book.discard()
        raise
    return ExportReport(path=path, claims=total, documents=len(selection.documents),
                        sheets=book.workbook.sheetnames, made_safe=book.made_safe, truncated=book.truncated,
                        seconds=time.perf_counter() - started)


# -- Claims and Documents: big, written column-wise -------------------------------------------

def column_values(book: Book, worksheet, series: pd.Series, kind: str) -> Iterator[Any]:
    """One frame column as cell values, converted a block of rows at a time as the rows are
    written (so that no second copy of a 200,000-row column is ever held)."""
    for start in range(0, len(series), BLOCK_ROWS):
        yield from block_values(book, worksheet, series.iloc[start:start + BLOCK_ROWS], kind)


def block_values(book: Book, worksheet, series: pd.Series, kind: str) -> list[Any]:
    """Cell values: dates as real dates, numbers as numbers, text made safe and wrapped as asked."""
    if kind == "date":
        if pd.api.types.is_datetime64_any_dtype(series):
            return [None if pd.isna(v) else v for v in series.dt.date]
        return [_iso_date(v) for v in series.to_numpy(dtype=object, na_value=None)]
    if kind == "datetime":  # stored in UTC; Excel has no time zones
        naive = series.dt.tz_convert("UTC").dt.tz_localize(None) if series.dt.tz is not None else series
        return [None if pd.isna(v) else v for v in naive.dt.to_pydatetime()]
    values = series.to_numpy(dtype=object, na_value=None).tolist()
    if kind == "number":
        return values
    values = [None if value == "" else value for value in values]
    scan = ColumnScan(values, check_length=True)
    flagged = set(scan.illegal) | set(scan.formula_like) | set(scan.too_long)
    if not ERROR_CODES.isdisjoint(values):
        flagged |= {i for i, value in enumerate(values) if type(value) is str and value in ERROR_CODES}
    if kind == "wrap":  # every text cell carries the wrap style; only flagged ones need the checks
        return [None if value is None else book.text_cell(worksheet, value, wrap=True) if index in flagged
                else book.cell(worksheet, value, "wrap") for index, value in enumerate(values)]
    for index in flagged:
        values[index] = book.text_cell(worksheet, values[index])
    return values


def claim_column_kinds(selection: Selection, columns: list[str], first: pd.DataFrame) -> list[tuple[str, str, float]]:
    """(column, kind, width) for every Claims column, document variables by their declared kind
    (their widths fitted to the first rows, ``first``)."""
    kinds = {column: v.kind for column, v in variable_columns_of(selection.codebook.variables).items()}
    found = []
    for name in columns:
        if name in CLAIM_COLUMNS:
            kind, width = CLAIM_COLUMNS[name]
        else:
            kind = {"number": "number", "date": "date"}.get(kinds.get(name, "text"), "text")
            width = fit_width(name, first[name])
        found.append((name, kind, width))
    return found


# What the other sheets read of the claims (crosstabs, Documents, codebook counts), besides the
# number variables: only these are kept once the Claims sheet is written, their texts as
# categoricals (core/claim_chunks.compact); the claims' own texts are never kept.
COUNTED_COLUMNS = ("document_id", "outlet", "published", "coder", "theme_path", "top_theme", "actor", "target",
                   "stance")
WIDTH_SAMPLE = 500  # rows a column's width is fitted to (fit_width's sample)


def write_claims(book: Book, frames: Iterable[pd.DataFrame], columns: list[str], total: int, selection: Selection,
                 kept: list[pd.DataFrame] | None = None) -> list[str]:
    """The Claims sheet from ``frames`` (the claims in order, in one or more frames of ``columns``);
    each frame, compacted to what the other sheets count (COUNTED_COLUMNS and the number
    variables), is appended to ``kept`` (when given)."""
    worksheet = book.sheet("Claims")
    frames = iter(frames)
    pending = [next(frames)]  # the widths are fitted to the first WIDTH_SAMPLE rows, whichever frames hold them
    while sum(map(len, pending)) < WIDTH_SAMPLE and (more := next(frames, None)) is not None:
        pending.append(more)
    first_rows = pending[0] if len(pending) == 1 else pd.concat([part.head(WIDTH_SAMPLE) for part in pending])
    columns = claim_column_kinds(selection, columns, first_rows)
    del first_rows
    sheet = Sheet(book, worksheet, [c for c, _, _ in columns], [w for _, _, w in columns], header_lines=1)
    # Number variables as they are: the data codebook tells whole numbers from others by their values.
    numbers = [c for c, kind, _ in columns if c not in CLAIM_COLUMNS and kind == "number"]
    book.tick(0, "Preparing the claims…")
    number = 0
    frame = pending.pop(0)
    while frame is not None:
        values = [column_values(book, worksheet, frame[name], kind) for name, kind, _ in columns]
        wrapped = [(frame[name], width) for name, kind, width in columns if kind == "wrap"]
        lines = (max(wrapped_lines(text, width) for text, (_, width) in zip(texts, wrapped))
                 for texts in zip(*(series for series, _ in wrapped))) if wrapped else itertools.repeat(1)
        for row, height in zip(zip(*values), lines):
            sheet.append(row, height)
            number += 1
            if number % PROGRESS_EVERY == 0:
                book.tick(PROGRESS_EVERY, f"Writing claims: {number:,} of {total:,}")
        if kept is not None:
            kept.append(compact(frame, COUNTED_COLUMNS, as_is=numbers))
        del values, wrapped, lines  # this chunk's texts go before the next chunk is read
        frame = None
        frame = pending.pop(0) if pending else next(frames, None)
    book.tick(total % PROGRESS_EVERY, "Writing documents…")
    sheet.close()
    return [c for c, _, _ in columns]


def coder_columns(selection: Selection, taken: list[str]) -> dict[str, str]:
    """"claims NAME" and "status NAME" for every exported coder → its Documents column name."""
    keys = [f"{what} {coder.name}" for what in ("claims", "status") for coder in selection.coders]
    return unique_names(keys, taken=taken)


def documents_frame(selection: Selection) -> pd.DataFrame:
    """The Documents sheet as a frame: metadata, variables, length, claims per coder, statuses."""
    variables = {v.name: column for column, v in variable_columns_of(selection.codebook.variables).items()}
    fixed = ["number", "title", "document_id", "outlet", "author", "published", "url", "language", "genre",
             *variables.values(), "characters", "claims"]
    per_coder_columns = coder_columns(selection, taken=fixed)
    counts = {key: int(n) for key, n in selection.frame.groupby(["document_id", "coder"]).size().items()}
    rows = []
    for document in selection.documents:
        key = str(document.id)
        row = {"number": document.number, "document_id": key, "title": document.title,
               "outlet": document.outlet, "author": document.author, "published": document.published,
               "url": document.url, "language": document.language, "genre": document.genre}
        row.update({column: document.variables.get(name) for name, column in variables.items()})
        row["characters"] = document.length
        per_coder = {coder.name: int(counts.get((key, coder.name), 0)) for coder in selection.coders}
        row["claims"] = sum(per_coder.values())
        for coder in selection.coders:
            row[per_coder_columns[f"claims {coder.name}"]] = per_coder[coder.name]
        for coder in selection.coders:
            row[per_coder_columns[f"status {coder.name}"]] = selection.statuses.get((document.id, coder.id),
                                                                                     "not started")
        rows.append(row)
    columns = [*fixed, *per_coder_columns.values()]
    frame = pd.DataFrame(rows, columns=columns)
    frame["published"] = pd.to_datetime(frame["published"])
    return frame


def write_documents(book: Book, selection: Selection) -> list[str]:
    worksheet = book.sheet("Documents")
    frame = documents_frame(selection)
    kinds = {column: v.kind for column, v in variable_columns_of(selection.codebook.variables).items()}
    after_claims = list(frame.columns).index("claims") + 1  # then claims per coder, then statuses
    count_columns = {"number", "characters", *frame.columns[after_claims - 1:after_claims + len(selection.coders)]}
    columns = []
    for name in frame.columns:
        if name in count_columns:
            kind = "number"
        elif name in CLAIM_COLUMNS:
            kind = CLAIM_COLUMNS[name][0]
        else:
            kind = {"number": "number", "date": "date"}.get(kinds.get(name, ""), "text")
        columns.append((name, kind, fit_width(name, frame[name], cap=40 if name == "title" else 30)))
    sheet = Sheet(book, worksheet, list(frame.columns), [w for _, _, w in columns], freeze="C2")
    values = [column_values(book, worksheet, frame[name], kind) for name, kind, _ in columns]
    for row in zip(*values):
        sheet.append(row)
    sheet.close()
    book.tick(len(frame), "Writing the codebook…")
    return list(frame.columns)


# -- the codebook -------------------------------------------------------------------------------

def write_codebook_sheets(book: Book, selection: Selection) -> None:
    frame, codebook = selection.frame, selection.codebook
    theme_counts = frame["theme_path"].value_counts()
    actor_counts, target_counts = frame["actor"].value_counts(), frame["target"].value_counts()
    stance_counts = frame["stance"].value_counts()
    coder_counts = frame["coder"].value_counts()
    chosen = {c.id for c in selection.coders}

    def table(title, headers, widths, rows, colour_column, wrap_columns=()):
        worksheet = book.sheet(title)
        sheet = Sheet(book, worksheet, headers, widths)
        for row in rows:
            cells = []
            for index, value in enumerate(row):
                if index == colour_column and value:
                    cells.append(colour_cell(book, worksheet, value))
                else:
                    cells.append(book.text_cell(worksheet, value, wrap=index in wrap_columns))
            sheet.append(cells, max([wrapped_lines(row[i], widths[i]) for i in wrap_columns], default=1))
        sheet.close()

    table("Themes", ["theme", "path", "top_theme", "level", "colour", "definition", "archived", "claims"],
          [32, 50, 24, 7, 10, 60, 10, 9],
          [(t.name, t.path_label, t.path[0], t.depth + 1, t.color, t.definition or None, _yes_no(t.archived),
            int(theme_counts.get(t.path_label, 0))) for t in codebook.themes], 4, wrap_columns=(5,))
    table("Actors", ["actor", "type", "aliases", "colour", "definition", "archived", "claims_as_actor",
                     "claims_as_target"], [36, 22, 36, 10, 60, 10, 10, 10],
          [(a.name, a.type or None, "; ".join(a.aliases) or None, a.color, a.definition or None, _yes_no(a.archived),
            int(actor_counts.get(a.name, 0)), int(target_counts.get(a.name, 0))) for a in codebook.actors],
          3, wrap_columns=(2, 4))
    table("Stance scale", ["value", "label", "colour", "definition", "claims"], [7, 22, 10, 70, 9],
          [(s.value, s.label, s.color, s.definition or None, int(stance_counts.get(s.value, 0)))
           for s in codebook.stance_levels], 2, wrap_columns=(3,))
    statuses = pd.Series(list(selection.statuses.values()), index=[c for _, c in selection.statuses],
                         dtype="object")
    table("Coders", ["coder", "colour", "in_export", "claims", "documents_done", "documents_in_progress"],
          [20, 10, 10, 9, 11, 11],
          [(c.name, c.color, _yes_no(c.id in chosen), int(coder_counts.get(c.name, 0)),
            int((statuses[statuses.index == c.id] == "done").sum()),
            int((statuses[statuses.index == c.id] == "in progress").sum())) for c in codebook.coders], 1)


def write_data_codebook(book: Book, selection: Selection) -> None:
    """The "Data codebook" sheet: the Claims columns with label, type and values (also codebook.csv)."""
    table = data_codebook(selection)
    widths = [22, 40, 9, 9, 40, 60]
    worksheet = book.sheet("Data codebook")
    sheet = Sheet(book, worksheet, list(table.columns), widths)
    for row in table.itertuples(index=False):
        cells = [book.text_cell(worksheet, None if pd.isna(value) or value == "" else value, wrap=index == 5)
                 for index, value in enumerate(row)]
        sheet.append(cells, wrapped_lines(row[5], widths[5]))
    sheet.close()


# -- crosstabs ----------------------------------------------------------------------------------

def write_crosstab(book: Book, title: str, frame: pd.DataFrame, *, heat: bool = False,
                   label_columns: int = 1, freeze_columns: int = 1) -> None:
    """A table whose first ``label_columns`` columns label its rows; the Total row and column in
    bold; with ``heat``, counts shaded from white (0) to blue (the largest)."""
    worksheet = book.sheet(title)
    headers = [str(c) for c in frame.columns]
    label_width = fit_width(headers[0], frame.iloc[:, 0], cap=72)
    widths = [label_width] + [fit_width(h, frame[h], cap=40) for h in headers[1:label_columns]]
    widths += [count_width(h) for h in headers[label_columns:]]
    lines = max((lines_needed(h, w) for h, w in zip(headers, widths)), default=1)
    sheet = Sheet(book, worksheet, headers, widths, freeze=f"{get_column_letter(freeze_columns + 1)}2",
                  header_lines=min(lines, 6))
    columns = [crosstab_column(book, worksheet, header, frame[header]) for header in headers]
    styled = {index: ("total", None) if header == crosstabs.TOTAL else (None, "0.00")
              for index, header in enumerate(headers) if header in (crosstabs.TOTAL, crosstabs.MEAN_STANCE)}
    labels = frame.iloc[:, 0].tolist()
    for label, values in zip(labels, zip(*columns)):
        if label == crosstabs.TOTAL:
            cells = [value if isinstance(value, Cell) else
                     book.cell(worksheet, value, "total", styled.get(index, (None, None))[1])
                     for index, value in enumerate(values)]
        else:
            cells = list(values)
            for index, (style, number_format) in styled.items():
                cells[index] = book.cell(worksheet, cells[index], style, number_format)
        sheet.append(cells)
    sheet.close()
    count_columns = [h for h in headers[label_columns:] if h not in (crosstabs.TOTAL, crosstabs.MEAN_STANCE,
                                                                      crosstabs.STANCE_N)]
    data_rows = len(frame) - (1 if len(frame) and frame.iloc[-1, 0] == crosstabs.TOTAL else 0)
    if heat and count_columns and data_rows:
        first = get_column_letter(label_columns + 1)
        last = get_column_letter(label_columns + len(count_columns))
        worksheet.conditional_formatting.add(
            f"{first}2:{last}{data_rows + 1}",
            ColorScaleRule(start_type="num", start_value=0, start_color="FFFFFF",
                           end_type="max", end_color="6F9FD8"))


def count_width(header: str) -> float:
    """Count columns: a short header on one line; a long one wrapped over a few lines, never
    inside a word (spreadsheets also break after a hyphen, which would split "(-2)")."""
    if len(header) <= 22:
        return float(max(9, len(header) + 2))
    return float(min(24, max(14, len(header) / 2 + 2, max(map(len, header.split())) + 2)))


def crosstab_column(book: Book, worksheet, header: str, series: pd.Series) -> list[Any]:
    """A crosstab column as cell values: counts as plain numbers, labels made safe, dates as dates."""
    if pd.api.types.is_datetime64_any_dtype(series):
        return column_values(book, worksheet, series, "date")
    if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
        return series.to_numpy(dtype=object, na_value=None).tolist()
    return column_values(book, worksheet, series.astype(object), "text")


def fill_readme(book: Book, worksheet, selection: Selection, exported_at: dt.datetime,
                claim_columns: list[str], document_columns: list[str], crosstab_titles: list[str]) -> None:
    for letter, width in zip("ABC", README_WIDTHS):
        worksheet.column_dimensions[letter].width = width
    worksheet.page_setup.orientation = "landscape"
    worksheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    worksheet.page_setup.fitToWidth, worksheet.page_setup.fitToHeight = 1, 0
    rows = xlsx_readme.readme_rows(selection, exported_at, claim_columns, document_columns, crosstab_titles,
                                   made_safe=book.made_safe, truncated=book.truncated)
    writer = RowWriter(worksheet)
    header_row = next((number for number, (kind, _) in enumerate(rows, 1) if kind == "header"), None)
    if header_row:  # the column list's header repeats on every printed page
        worksheet.print_title_rows = f"{header_row}:{header_row}"
    for number, (kind, values) in enumerate(rows, 1):
        lines = 1
        if kind == "title":
            cells = [book.cell(worksheet, values[0], "title")]
        elif kind == "header":
            cells = [book.cell(worksheet, value, "header") for value in values]
        elif kind == "blank":
            cells = []
        elif kind == "item":
            cells = [book.text_cell(worksheet, values[0], style="bold"),
                     *(book.text_cell(worksheet, value, style="left") for value in values[1:])]
        else:
            cells = [book.text_cell(worksheet, value, wrap=True) for value in values]
            lines = max(wrapped_lines(value, width) for value, width in zip(values, README_WIDTHS))
        writer.append(number, cells, lines)


# -- helpers ------------------------------------------------------------------------------------

def _yes_no(flag: bool) -> str:
    return "yes" if flag else "no"


def _iso_date(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return value
    return value
