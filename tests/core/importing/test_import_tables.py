"""Spreadsheets of articles, one per row: CSV and Excel, columns mapped to fields and variables."""

import datetime as dt

import pandas as pd
from import_file_makers import ARTICLE

from afpak_coder.core.importing import (
    ColumnMapping, ImportCandidate, ImportFailure, ImportOptions, guess_mapping, import_paths, load_table, preview,
)

BODY_A = "First article body. " + ARTICLE
BODY_B = "Second article body. " + ARTICLE


def test_csv_columns_are_mapped_by_name_and_empty_text_rows_fail_alone(project, tmp_path):
    path = tmp_path / "corpus.csv"
    pd.DataFrame({
        "headline": ["Talks resume", "Empty one", "Crossing shut", "Blank one"],
        "source": ["Frontier Ledger", "Frontier Ledger", "Kabul Review", "Kabul Review"],
        "date": ["2024-03-14", "2024-03-15", "16 March 2024", "2024-03-17"],
        "body": [BODY_A, "", BODY_B, "   "],
        "country": ["Pakistan", "Pakistan", "Afghanistan", "Afghanistan"],
        "words": [120, 0, 340, 0],
    }).to_csv(path, index=False)
    report = import_paths(project, [path])
    assert [f.reason for f in report.failed] == [
        f"{path}, row 3: the text column 'body' is empty", f"{path}, row 5: the text column 'body' is empty"]
    assert [i.label for i in report.imported] == ["corpus.csv, row 2", "corpus.csv, row 4"]
    stored = {d.title: d for d in project.documents()}
    assert stored["Talks resume"].text == BODY_A
    assert (stored["Crossing shut"].outlet, stored["Crossing shut"].published) == ("Kabul Review", dt.date(2024, 3, 16))
    assert stored["Crossing shut"].variables == {"country": "Afghanistan", "words": "340"}
    assert stored["Talks resume"].source_path == f"{path.resolve()}#row=2"
    assert stored["Talks resume"].source_format == "csv"


def test_xlsx_with_a_named_text_column_dates_and_numbers(project, tmp_path):
    path = tmp_path / "corpus.xlsx"
    pd.DataFrame({
        "Story": [BODY_A, BODY_B],
        "Title": ["Talks resume", "Crossing shut"],
        "Published": [dt.datetime(2024, 3, 14), dt.datetime(2024, 3, 16)],
        "Link": ["https://a.example/1", "https://a.example/2"],
        "Notes": ["short", "long"],
        "Words": [120, 340],
    }).to_excel(path, index=False)
    report = import_paths(project, [path], ImportOptions(text_column="Story"))
    assert report.ok and len(report.imported) == 2
    document = next(d for d in project.documents() if d.title == "Crossing shut")
    assert (document.text, document.published, document.url) == (BODY_B, dt.date(2024, 3, 16), "https://a.example/2")
    assert document.variables == {"Notes": "long", "Words": 340}
    assert {v.name: v.kind for v in project.variables()} == {"Notes": "text", "Words": "number"}


def test_semicolon_csv_in_windows_1252(tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes("title;text\nCafé talks;Owners of the café said “finally” – trade is back.\n".encode("cp1252"))
    [candidate] = preview([path])
    assert (candidate.title, candidate.text) == ("Café talks", "Owners of the café said “finally” – trade is back.")


def test_the_text_column_is_guessed_as_the_longest_when_no_name_fits(tmp_path):
    frame = pd.DataFrame({"a": ["x", "y"], "b": [BODY_A, BODY_B], "c": ["2024-01-01", "2024-01-02"]})
    mapping = guess_mapping(frame)
    assert mapping.text_column == "b"
    assert mapping.roles == {"a": "variable", "b": "text", "c": "variable"}


def test_a_missing_text_column_is_one_line_naming_the_file(tmp_path):
    path = tmp_path / "corpus.csv"
    pd.DataFrame({"title": ["A"], "body": [BODY_A]}).to_csv(path, index=False)
    [failure] = preview([path], ImportOptions(text_column="Story"))
    assert isinstance(failure, ImportFailure)
    assert failure.reason == f"{path}: has no column 'Story' (columns: title, body)"


def test_an_explicit_mapping_per_file(tmp_path):
    path = tmp_path / "corpus.csv"
    pd.DataFrame({"col1": ["Talks resume"], "col2": [BODY_A], "col3": ["op-ed"], "col4": ["drop me"]}).to_csv(path, index=False)
    mapping = ColumnMapping({"col1": "title", "col2": "text", "col3": "genre", "col4": "ignore"})
    [candidate] = preview([path], ImportOptions(mappings={path: mapping}))
    assert isinstance(candidate, ImportCandidate)
    assert (candidate.title, candidate.text, candidate.genre, candidate.variables) == ("Talks resume", BODY_A, "op-ed", {})


def test_a_header_without_rows(tmp_path):
    path = tmp_path / "corpus.csv"
    path.write_text("title,text\n", encoding="utf-8")
    [failure] = preview([path])
    assert failure.reason == f"{path}: has a header row but no articles"


def test_a_workbook_that_is_not_a_zip(tmp_path):
    path = tmp_path / "corpus.xlsx"
    path.write_text("title,text\nA,B\n", encoding="utf-8")
    [failure] = preview([path])
    assert failure.reason == f"{path}: is not an Excel workbook (not a zip package)"


def test_load_table_gives_none_for_empty_cells(tmp_path):
    path = tmp_path / "corpus.xlsx"
    pd.DataFrame({"title": ["A", None], "text": [BODY_A, BODY_B]}).to_excel(path, index=False)
    frame = load_table(path)
    assert frame["title"].tolist() == ["A", None]
