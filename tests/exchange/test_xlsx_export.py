"""The Excel workbook, opened again with openpyxl and pandas as a researcher's tools would."""

import datetime as dt
import tempfile

import openpyxl
import pandas as pd
import pytest
from export_helpers import CONTROL, DANGEROUS, all_cells, dangerous_project

import afpak_coder
from afpak_coder.analysis.filters import ClaimFilter
from afpak_coder.core.progress import Cancelled, RecordingProgress
from afpak_coder.core.sample import build_sample_project
from afpak_coder.exchange import xlsx_export
from afpak_coder.exchange.atomic import ExportError, OutputExistsError
from afpak_coder.exchange.safe_cells import EXCEL_CELL_LIMIT, TRUNCATION_MARK
from afpak_coder.exchange.xlsx_export import export_xlsx


@pytest.fixture
def risky(tmp_path):
    with dangerous_project(tmp_path / "risky.afpak") as project:
        yield project


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sample")
    with build_sample_project(folder / "sample.afpak") as project:
        report = export_xlsx(project, folder / "sample.xlsx")
        yield project, folder / "sample.xlsx", report


def claims_sheet(path):
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Claims"]
    header = [cell.value for cell in sheet[1]]
    return workbook, sheet, header


def test_text_that_looks_like_a_formula_stays_text(risky, tmp_path):
    path = tmp_path / "risky.xlsx"
    report = export_xlsx(risky, path)
    workbook, sheet, header = claims_sheet(path)
    formulas = [cell.coordinate for cell in all_cells(workbook) if cell.data_type == "f"]
    assert formulas == []
    quotes = [row[header.index("quote")] for row in sheet.iter_rows(min_row=2)]
    memos = [row[header.index("memo")] for row in sheet.iter_rows(min_row=2)]
    # Unchanged, stored as text, marked so that Excel keeps it as typed. (The project stores a
    # document's line endings as "\n", so the quote of the "\r" text starts with "\n"; memos keep "\r".)
    expected_quotes = risky.claims_frame()["quote"].tolist()
    assert [c.value for c in quotes if c.value != "Kabul\ufffd said\ufffd no\ufffd more"] == [
        q for q in expected_quotes if q != CONTROL]
    for text in DANGEROUS:
        memo = next(m for m in memos if m.value == text)
        assert memo.data_type == "s" and memo.quotePrefix
        if not text.startswith("\r"):
            quote = next(c for c in quotes if c.value == text)
            assert quote.data_type == "s" and quote.quotePrefix
    title = sheet.cell(row=2, column=header.index("title") + 1)
    assert title.value == "=cmd|' /C calc'!A0" and title.data_type == "s"
    assert sheet.cell(row=2, column=header.index("author") + 1).value == "@someone"
    error_code = next(c for c in quotes if c.value == "#N/A")
    assert error_code.data_type == "s"  # text, not Excel's error value
    assert report.made_safe > 0


def test_numbers_stay_numbers_and_dates_are_dates(risky, tmp_path):
    path = tmp_path / "risky.xlsx"
    export_xlsx(risky, path)
    _, sheet, header = claims_sheet(path)
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    column = {name: [row[header.index(name)] for row in rows] for name in header}
    assert column["stance"][:4] == [-2, -1, 0, 1] and column["stance"][4] is None
    assert all(type(v) is int for v in column["start"] + column["end"])
    assert column["pages"][0] == 12 and column["share"][0] == -0.25
    assert column["quote"][-1] == "-5"  # text that happens to be a number is left as typed
    published = sheet.cell(row=2, column=header.index("published") + 1)
    assert published.is_date and published.value == dt.datetime(2024, 3, 14)
    assert sheet.cell(row=2, column=header.index("signed") + 1).value == dt.datetime(2024, 2, 1)
    created = sheet.cell(row=2, column=header.index("created") + 1)
    assert created.is_date and isinstance(created.value, dt.datetime)


def test_characters_xml_forbids_are_replaced_one_for_one(risky, tmp_path):
    path = tmp_path / "risky.xlsx"
    export_xlsx(risky, path)
    _, sheet, header = claims_sheet(path)
    quotes = [row[header.index("quote")] for row in sheet.iter_rows(min_row=2, values_only=True)]
    cleaned = next(q for q in quotes if q.startswith("Kabul"))
    assert cleaned == "Kabul\ufffd said\ufffd no\ufffd more" and len(cleaned) == len(CONTROL)


def test_layout_headers_widths_filters_and_wrapped_quotes(risky, tmp_path):
    path = tmp_path / "risky.xlsx"
    export_xlsx(risky, path)
    workbook, sheet, header = claims_sheet(path)
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(len(header))}{sheet.max_row}"
    quote_letter = openpyxl.utils.get_column_letter(header.index("quote") + 1)
    assert sheet.column_dimensions[quote_letter].width == 70
    assert sheet[f"{quote_letter}2"].alignment.wrap_text
    for title in ("Documents", "Themes", "Actors", "Stance scale", "Coders", "Theme × actor", "Document × theme"):
        other = workbook[title]
        assert other.freeze_panes is not None and all(cell.font.bold for cell in other[1]), title
    assert workbook.sheetnames[0] == "README"


def test_codebook_sheets_show_colours_as_fills(risky, tmp_path):
    path = tmp_path / "risky.xlsx"
    export_xlsx(risky, path)
    sheet = openpyxl.load_workbook(path)["Themes"]
    header = [cell.value for cell in sheet[1]]
    fills = {row[0].value: row[header.index("colour")] for row in sheet.iter_rows(min_row=2)}
    assert fills["Security"].fill.fgColor.rgb.endswith("E3B5B5")
    assert fills["Border"].fill.fgColor.rgb.endswith("1F3B70")
    assert fills["Border"].font.color.rgb.endswith("FFFFFF")  # light text on a dark fill


def test_readme_explains_every_column_and_records_the_export(sample):
    project, path, _report = sample
    workbook = openpyxl.load_workbook(path)
    rows = list(workbook["README"].iter_rows(values_only=True))
    header_row = rows.index(("sheet", "column", "meaning"))
    items = {row[0]: row[1] for row in rows[:header_row] if row[0]}
    assert items["Project"] == project.name
    assert items["Tool"] == f"afpak-coder {afpak_coder.__version__}"
    assert items["Filters"] == "none: every claim of every coder"
    assert items["Claims"] == len(project.claims())
    assert dt.datetime.strptime(items["Exported"], "%Y-%m-%d %H:%M:%S UTC")
    described = {(row[0], row[1]) for row in rows[header_row + 1:] if row[0] and row[2]}
    for title in ("Claims", "Documents", "Themes", "Actors", "Stance scale", "Coders"):
        header = [cell.value for cell in workbook[title][1]]
        missing = [name for name in header if (title, name) not in described]
        assert missing == [], title


def test_readme_lists_the_filters(risky, tmp_path):
    path = tmp_path / "filtered.xlsx"
    export_xlsx(risky, path, ClaimFilter(coders=("Ayesha",), date_from=dt.date(2024, 1, 1)))
    rows = list(openpyxl.load_workbook(path)["README"].iter_rows(values_only=True))
    filters = [row[1] for row in rows if row[0] == "Filters"] + [
        rows[i + 1][1] for i, row in enumerate(rows) if row[0] == "Filters" and rows[i + 1][0] in ("", None)]
    assert "coders: Ayesha" in filters
    assert any("2024-01-01" in line for line in filters)


def test_sample_workbook_reads_back_with_pandas_to_the_same_rows(sample):
    project, path, report = sample
    frame = project.claims_frame()
    sheets = pd.read_excel(path, sheet_name=None)
    claims = sheets["Claims"]
    assert list(claims.columns) == list(frame.columns)
    assert len(claims) == len(frame) == report.claims
    for name in frame.columns:
        expected, found = frame[name], claims[name]
        if name in ("created", "updated"):
            expected = expected.dt.tz_localize(None)
            assert (found - expected).abs().max() < pd.Timedelta(milliseconds=1), name
        elif name == "published":
            assert found.tolist() == expected.tolist()
        elif name in ("stance", "start", "end"):
            assert found.astype("float64").tolist() == pytest.approx(expected.astype("float64").tolist(), nan_ok=True)
        else:  # empty text comes back as a missing value
            assert found.fillna("").tolist() == expected.fillna("").tolist(), name
    assert len(sheets["Documents"]) == len(project.documents())
    assert len(sheets["Themes"]) == len(project.themes())
    matrix = sheets["Document × theme"]
    assert matrix["Total"].sum() == len(frame)


def test_existing_file_is_kept_unless_overwriting(risky, tmp_path):
    path = tmp_path / "out.xlsx"
    path.write_bytes(b"precious")
    with pytest.raises(OutputExistsError, match="already exists"):
        export_xlsx(risky, path)
    assert path.read_bytes() == b"precious"
    export_xlsx(risky, path, overwrite=True)
    assert openpyxl.load_workbook(path)["Claims"].max_row == 10


def test_cancel_leaves_no_file_and_no_temporary_file(risky, tmp_path, monkeypatch):
    scratch = tmp_path / "system-temp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))  # where openpyxl streams its sheets
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(Cancelled):
        export_xlsx(risky, out / "claims.xlsx", progress=RecordingProgress(cancel_after=3))
    assert list(out.iterdir()) == []
    assert list(scratch.iterdir()) == []


def test_failure_keeps_the_old_file(risky, tmp_path, monkeypatch):
    path = tmp_path / "out.xlsx"
    path.write_bytes(b"precious")

    def broken(_selection):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(xlsx_export.crosstabs, "document_by_theme", broken)
    with pytest.raises(RuntimeError):
        export_xlsx(risky, path, overwrite=True)
    assert path.read_bytes() == b"precious"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def test_text_longer_than_excel_allows_is_cut_with_a_mark(tmp_path):
    with afpak_coder.create_project(tmp_path / "long.afpak", codebook=None) as project:
        project.add_theme("T")
        project.add_actor("A")
        text = "word " * 8000  # 40,000 characters
        document = project.add_document(text, title="long")
        project.add_coder("C")
        project.add_claim(document=document, coder="C", start=0, end=len(document.text), theme="T", actor="A",
                          stance=None)
        report = export_xlsx(project, tmp_path / "long.xlsx")
    _, sheet, header = claims_sheet(tmp_path / "long.xlsx")
    quote = sheet.cell(row=2, column=header.index("quote") + 1).value
    assert len(quote) == EXCEL_CELL_LIMIT and quote.endswith(TRUNCATION_MARK)
    assert report.truncated == 1


def test_more_claims_than_a_sheet_holds_is_refused(risky, tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx_export, "EXCEL_MAX_ROWS", 5)
    with pytest.raises(ExportError, match="do not fit in one Excel sheet"):
        export_xlsx(risky, tmp_path / "big.xlsx")
    assert not (tmp_path / "big.xlsx").exists()


def test_output_cannot_be_the_project_file(risky):
    with pytest.raises(ExportError, match="project file itself"):
        export_xlsx(risky, risky.path, overwrite=True)
