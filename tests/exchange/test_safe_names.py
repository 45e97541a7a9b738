"""Header cells, sheet names and other text we write pass the same formula guard as data cells
(issue 11): a corpus column named =HYPERLINK(...) must not run when the export is opened."""

from __future__ import annotations

import csv
import io

import openpyxl
import pandas as pd
import pytest

import afpak_coder
from afpak_coder.exchange.csv_export import export_csv, write_csv
from afpak_coder.exchange.safe_cells import sheet_title
from afpak_coder.exchange.xlsx_book import Book
from afpak_coder.exchange.xlsx_export import export_xlsx
from afpak_coder.core.progress import NullProgress

LINK = '=HYPERLINK("http://example.invalid/x","click")'


@pytest.fixture
def hostile(tmp_path):
    with afpak_coder.create_project(tmp_path / "hostile.afpak") as project:
        document = project.add_document("Kabul answered on Friday.", title="Answer",
                                        variables={LINK: "yes", "@sum": "1"})
        project.add_coder("Ayesha")
        project.add_claim(document=document, coder="Ayesha", start=0, end=5,
                          theme="Cross-border militancy and TTP sanctuaries", actor=project.actors()[0], stance=-1)
        yield project


def _header(path):
    return next(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))


def test_a_formula_in_a_column_name_is_inert_in_the_csv_header(hostile, tmp_path):
    path = tmp_path / "claims.csv"
    export_csv(hostile, path)
    assert not [name for name in _header(path) if name[:1] in "=+-@"]
    # Any table we write as CSV: the header passes the guard the values pass.
    frame = pd.DataFrame({LINK: ["=1+1", "plain"], "-3": [1, 2], "ok": ["a", "b"]})
    report = write_csv(frame, tmp_path / "table.csv")
    assert _header(tmp_path / "table.csv") == ["'" + LINK, "-3", "ok"]
    assert report.made_safe == 2  # the header cell and one value


def test_a_formula_in_a_variable_name_is_text_in_the_workbook(hostile, tmp_path):
    path = tmp_path / "claims.xlsx"
    export_xlsx(hostile, path)
    book = openpyxl.load_workbook(path)
    formula_like = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for found in row:
                assert found.data_type != "f", (sheet.title, found.coordinate, found.value)
                if isinstance(found.value, str) and found.value[:1] in "=+-@":
                    formula_like.append(found)
    assert LINK in [cell.value for cell in formula_like]  # the variable's name is written somewhere ...
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in formula_like)  # ... always as text


def test_sheet_names_pass_the_guard_and_excels_rules():
    assert sheet_title(LINK) == '_=HYPERLINK("http___example.inv'
    assert len(sheet_title(LINK)) == 31
    assert sheet_title("'quoted'") == "quoted"
    assert sheet_title("a[b]:c*d?e/f\\g") == "a_b__c_d_e_f_g"
    assert sheet_title("Claims", ["claims"]) == "Claims (2)"
    assert sheet_title("\x00") == "\ufffd"
    book = Book(NullProgress(), total=1)
    assert book.sheet("=1+1").title == "_=1+1"
    assert book.sheet("=1+1").title == "_=1+1 (2)"
