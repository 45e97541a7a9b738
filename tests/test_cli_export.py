"""``afpak-coder export``, run the way a user runs it."""

import subprocess
import sys

import openpyxl
import pandas as pd
import pytest

import afpak_coder
from afpak_coder import cli
from afpak_coder.core.sample import build_sample_project
from afpak_coder.exchange.csv_export import TIDY_DIMENSIONS


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "sample.afpak"
    build_sample_project(path).close()
    return path


def run_cli(*arguments):
    return subprocess.run([sys.executable, "-m", "afpak_coder", *map(str, arguments)],
                          capture_output=True, text=True, timeout=180)


def test_export_writes_the_workbook_and_both_csv_files(sample, tmp_path):
    xlsx, claims, long = tmp_path / "claims.xlsx", tmp_path / "claims.csv", tmp_path / "long.csv"
    result = run_cli("export", sample, "--xlsx", xlsx, "--csv", claims, "--tidy-csv", long)
    assert result.returncode == 0, result.stderr
    with afpak_coder.open_project(sample) as project:
        total, documents = len(project.claims()), len(project.documents())
    assert result.stdout.splitlines() == [
        f"Wrote {xlsx}: {total:,} claims, {documents:,} documents",
        f"Wrote {claims}: {total:,} claims",
        f"Wrote {long}: {total * len(TIDY_DIMENSIONS):,} rows for {total:,} claims",
        f"Wrote {tmp_path / 'codebook.csv'}: {len(pd.read_csv(claims, nrows=0).columns)} variables",
    ]
    assert openpyxl.load_workbook(xlsx)["Claims"].max_row == total + 1
    assert len(pd.read_csv(claims)) == total


def test_export_writes_stata_and_spss_files(sample, tmp_path):
    dta, sav = tmp_path / "claims.dta", tmp_path / "claims.sav"
    result = run_cli("export", sample, "--dta", dta, "--sav", sav, "--coder", "Ayesha")
    assert result.returncode == 0, result.stderr
    stata = pd.read_stata(dta)
    assert set(stata["coder"].astype(str)) == {"Ayesha"}
    with afpak_coder.open_project(sample) as project:
        assert len(stata) == len(project.claims(coder="Ayesha"))
    spss = pd.read_spss(sav)  # pandas reads SPSS through pyreadstat, value labels applied
    assert spss["claim_id"].tolist() == stata["claim_id"].tolist()
    assert set(spss["coder"].astype(str)) == {"Ayesha"}


def test_filters_by_coder_and_dates(sample, tmp_path, capsys):
    out = tmp_path / "ayesha.csv"
    assert cli.main(["export", str(sample), "--csv", str(out), "--coder", "Ayesha",
                     "--from", "2024-01-01", "--to", "2025-12-31"]) == 0
    frame = pd.read_csv(out)
    assert set(frame["coder"]) == {"Ayesha"}
    published = pd.to_datetime(frame["published"])
    assert published.min() >= pd.Timestamp("2024-01-01") and published.max() <= pd.Timestamp("2025-12-31")
    with afpak_coder.open_project(sample) as project:
        assert len(frame) < len(project.claims(coder="Ayesha"))


def test_filters_by_theme_variable_and_document_number(sample, tmp_path):
    out = tmp_path / "part.xlsx"
    assert cli.main(["export", str(sample), "--xlsx", str(out), "--theme", "Security",
                     "--variable", "outlet_country=Pakistan"]) == 0
    claims = pd.read_excel(out, sheet_name="Claims")
    assert set(claims["top_theme"]) == {"Security"} and set(claims["outlet_country"]) == {"Pakistan"}
    readme = [row for row in openpyxl.load_workbook(out)["README"].iter_rows(values_only=True)]
    assert any("document variable outlet_country = Pakistan" in str(row[1]) for row in readme)
    one = tmp_path / "one.csv"
    assert cli.main(["export", str(sample), "--csv", str(one), "--document", "2"]) == 0
    assert pd.read_csv(one)["document_id"].nunique() == 1


def test_an_existing_file_needs_force(sample, tmp_path, capsys):
    out = tmp_path / "claims.xlsx"
    out.write_bytes(b"precious")
    assert cli.main(["export", str(sample), "--xlsx", str(out)]) == 1
    assert capsys.readouterr().err.strip() == (
        f"afpak-coder: error: {out}: already exists; confirm replacing it (--force on the command line)")
    assert out.read_bytes() == b"precious"
    assert cli.main(["export", str(sample), "--xlsx", str(out), "--force"]) == 0
    assert openpyxl.load_workbook(out).sheetnames[0] == "README"


@pytest.mark.parametrize("arguments, message", [
    (["--coder", "Zed"], "no coder named 'Zed' (coders: Ayesha, Bilal, Clara)"),
    (["--consensus"], "has no Consensus coder yet"),
    (["--from", "2024-02-30"], "--from: '2024-02-30' is not a date (use YYYY-MM-DD)"),
    (["--variable", "region"], "--variable: 'region' is not NAME=VALUE"),
    (["--theme", "Nothing"], "no theme named 'Nothing'"),
])
def test_bad_filters_are_one_line_errors(sample, tmp_path, capsys, arguments, message):
    out = tmp_path / "x.xlsx"
    assert cli.main(["export", str(sample), "--xlsx", str(out), *arguments]) == 1
    error = capsys.readouterr().err.strip()
    assert message in error and "\n" not in error
    assert not out.exists()


def test_no_output_named(sample, capsys):
    assert cli.main(["export", str(sample)]) == 1
    assert "name at least one output" in capsys.readouterr().err


def test_errors_have_no_traceback(sample, tmp_path):
    result = run_cli("export", sample, "--xlsx", tmp_path / "missing" / "x.xlsx")
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"afpak-coder: error: {tmp_path / 'missing' / 'x.xlsx'}: the folder {tmp_path / 'missing'} does not exist")
