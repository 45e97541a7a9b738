"""The agreement report as a workbook and as CSV: complete, never formulas, written all-or-nothing."""

import csv
import os

import openpyxl
import pytest

from afpak_coder.analysis.agreement_report import agreement_report, summary_frame
from afpak_coder.exchange.agreement_export import (
    AgreementExportError, csv_text, write_agreement_csv, write_agreement_xlsx, write_disagreements_csv,
)

TRAPS = ("=HYPERLINK(\"http://example.org\",\"click\")", "+92 says Islamabad", "-sum of losses", "@cmd")


@pytest.fixture
def report(project):
    """Two coders who disagree on a document whose title and memo look like formulas."""
    text = "Kabul rejected the claim. Islamabad repeated it. Traders protested at Torkham."
    document = project.add_document(text, title=TRAPS[0])
    project.add_coder("Ayesha")
    project.add_coder("Bilal")
    for coder, theme, memo in (("Ayesha", "Security", TRAPS[1]), ("Bilal", "Diplomacy", TRAPS[2])):
        project.add_claim(document=document, coder=coder, start=0, end=25, theme=theme, actor="Media", stance=-1,
                          memo=memo)
    project.add_claim(document=document, coder="Ayesha", start=26, end=48, theme="Security", actor="Media",
                      stance=-2, memo=TRAPS[3])
    return agreement_report(project, draws=200, seed=1)


def test_workbook_holds_every_table_as_values(report, tmp_path):
    path = tmp_path / "agreement.xlsx"
    write_agreement_xlsx(report, path)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Summary", "Per category", "Per document", "Per pair", "Confusion matrices",
                               "Disagreements", "Settings"]
    summary = book["Summary"]
    header = [cell.value for cell in summary[1]]
    expected = summary_frame(report)
    for row_number, dimension in enumerate(expected["dimension"], start=2):
        cells = dict(zip(header, [cell.value for cell in summary[row_number]]))
        assert cells["dimension"] == dimension
        assert cells["units"] == expected.loc[row_number - 2, "units"]
    theme = dict(zip(header, [cell.value for cell in summary[2]]))
    assert theme["alpha"] == pytest.approx(report.figure("theme").alpha.value, abs=1e-6)
    assert "units" in [cell.value for cell in book["Per pair"][1]]
    assert "rows Ayesha, columns Bilal" in book["Confusion matrices"]["A1"].value


def test_no_text_becomes_a_formula(report, tmp_path):
    path = tmp_path / "agreement.xlsx"
    write_agreement_xlsx(report, path)
    book = openpyxl.load_workbook(path)
    found = {}
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula"
                if cell.value in TRAPS:
                    found[cell.value] = cell.data_type
    assert set(found) == set(TRAPS) and set(found.values()) == {"s"}


def test_csv_of_figures_and_disagreements(report, tmp_path):
    figures, disagreements = tmp_path / "figures.csv", tmp_path / "disagreements.csv"
    write_agreement_csv(report, figures)
    write_disagreements_csv(report, disagreements)
    assert figures.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel then reads UTF-8
    with open(figures, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    tables = {row["table"] for row in rows}
    assert tables == {"summary", "span", "pair", "category", "document"}
    alpha = next(r for r in rows if r["table"] == "summary" and r["dimension"] == "theme"
                 and r["coefficient"] == "Krippendorff's alpha")
    assert float(alpha["value"]) == pytest.approx(report.figure("theme").alpha.value)
    assert float(alpha["low"]) <= float(alpha["value"]) <= float(alpha["high"])
    assert all(row["units"] != "" for row in rows if row["table"] != "category" or row["coefficient"] != "unitizing alpha")
    document_rows = [r for r in rows if r["table"] == "document"]
    assert document_rows[0]["document"] == "'" + TRAPS[0]
    with open(disagreements, encoding="utf-8-sig", newline="") as handle:
        listed = list(csv.DictReader(handle))
    memos = {row["memo"] for row in listed}
    assert "'" + TRAPS[1] in memos and "'" + TRAPS[2] in memos and "'" + TRAPS[3] in memos
    assert {row["stance"] for row in listed} >= {"-1", "-2"}  # numbers stay numbers, unquoted


def test_csv_text_defuses_formulas_only():
    assert csv_text("=1+1") == "'=1+1"
    assert csv_text("@SUM(A1)") == "'@SUM(A1)"
    assert csv_text("Kabul") == "Kabul"
    assert csv_text(-2) == -2 and csv_text(None) == "" and csv_text(float("nan")) == ""


def test_an_existing_file_is_replaced_only_by_a_complete_one(report, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    path = folder / "agreement.xlsx"
    path.write_bytes(b"old contents")
    write_agreement_xlsx(report, path)
    assert openpyxl.load_workbook(path).sheetnames[0] == "Summary"
    assert [p.name for p in folder.iterdir()] == ["agreement.xlsx"]  # no temporary file left


def test_unwritable_targets_are_one_line_errors(report, tmp_path):
    with pytest.raises(AgreementExportError, match="does not exist") as error:
        write_agreement_csv(report, tmp_path / "missing" / "figures.csv")
    assert "\n" not in str(error.value)
    with pytest.raises(AgreementExportError, match="is a folder"):
        write_agreement_xlsx(report, tmp_path)
    locked = tmp_path / "locked"
    locked.mkdir()
    os.chmod(locked, 0o500)
    try:
        if os.access(locked, os.W_OK):  # running as root: permissions do not bind; nothing to check
            return
        with pytest.raises(AgreementExportError, match="cannot be written"):
            write_agreement_csv(report, locked / "figures.csv")
    finally:
        os.chmod(locked, 0o700)


def test_cancelling_leaves_the_old_file_untouched(report, tmp_path):
    from afpak_coder.core.progress import Cancelled, RecordingProgress

    folder = tmp_path / "out"
    folder.mkdir()
    path = folder / "agreement.xlsx"
    path.write_bytes(b"old contents")
    with pytest.raises(Cancelled):
        write_agreement_xlsx(report, path, progress=RecordingProgress(cancel_after=2))
    assert path.read_bytes() == b"old contents"
    assert [p.name for p in folder.iterdir()] == ["agreement.xlsx"]
