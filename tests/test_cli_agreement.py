"""``afpak-coder agreement``, run the way a user runs it."""

import csv
import subprocess
import sys

import openpyxl
import pytest

from afpak_coder.core.sample import build_sample_project


def run_cli(*arguments):
    return subprocess.run([sys.executable, "-m", "afpak_coder", *map(str, arguments)],
                          capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    path = tmp_path_factory.mktemp("agreement") / "sample.afpak"
    build_sample_project(path).close()
    return path


def test_summary_table_and_report_files(sample, tmp_path):
    xlsx, figures, disagreements = tmp_path / "agreement.xlsx", tmp_path / "figures.csv", tmp_path / "d.csv"
    result = run_cli("agreement", sample, "--seed", "1", "--draws", "500", "--xlsx", xlsx, "--csv", figures,
                     "--disagreements-csv", disagreements)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Agreement of Ayesha, Bilal, Clara on 11 documents"
    header = next(line for line in lines if line.startswith("dimension"))
    assert "alpha" in header and "95% interval" in header and "units" in header
    rows = {line.split()[0]: line for line in lines if line.split() and line.split()[0] in
            ("theme", "actor", "target", "stance")}
    assert set(rows) == {"theme", "actor", "target", "stance"}
    assert " to " in rows["theme"]  # the interval
    assert "Span agreement:" in result.stdout and "Disagreements:" in result.stdout
    assert openpyxl.load_workbook(xlsx).sheetnames[0] == "Summary"
    with open(figures, encoding="utf-8-sig", newline="") as handle:
        table = list(csv.DictReader(handle))
    alpha = next(r for r in table if r["table"] == "summary" and r["dimension"] == "theme"
                 and r["coefficient"] == "Krippendorff's alpha")
    assert f"{float(alpha['value']):.3f}".lstrip("0") in rows["theme"]
    assert disagreements.stat().st_size > 0


def test_two_coders_and_another_unit(sample):
    result = run_cli("agreement", sample, "--coders", "Ayesha", "Clara", "--unit", "document", "--draws", "0")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Agreement of Ayesha, Clara on")
    assert "not compared" in result.stdout  # stance at the document level


@pytest.mark.parametrize("arguments, message", [
    (["--coders", "Ayesha"], "two or more coders"),
    (["--coders", "Ayesha", "Zarghuna"], "no coder named 'Zarghuna'"),
    (["--threshold", "1.5"], "--threshold 1.5"),
    (["--xlsx", "/no/such/folder/out.xlsx"], "does not exist"),
])
def test_bad_input_is_one_line(sample, arguments, message):
    result = run_cli("agreement", sample, *arguments)
    assert result.returncode == 1
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_missing_project(tmp_path):
    result = run_cli("agreement", tmp_path / "nothing.afpak")
    assert result.returncode == 1 and "nothing.afpak" in result.stderr


def test_listed_in_the_help():
    general = run_cli("--help")
    assert general.returncode == 0 and "inter-coder agreement" in general.stdout and "95%" in general.stdout
    own = run_cli("agreement", "--help")
    assert own.returncode == 0 and "--unit {claim,sentence,character,document}" in own.stdout
