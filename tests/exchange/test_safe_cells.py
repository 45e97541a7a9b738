"""Spreadsheet-safe text and all-or-nothing output files."""

import os
import stat

import pytest
from hypothesis import given
from hypothesis import strategies as st

from afpak_coder.exchange.atomic import ExportError, OutputExistsError, atomic_outputs, check_outputs
from afpak_coder.exchange.safe_cells import (
    ILLEGAL_XML, REPLACEMENT, ColumnScan, clean_text, csv_safe_values, csv_text, excel_text, is_plain_number,
)


def test_clean_text_replaces_each_forbidden_character_once():
    cleaned = clean_text("a\x00b\x08c\x0bd\x0ce\x1ff\ufffeg\ud800h")
    assert cleaned == "a�b�c�d�e�f�g�h".replace("�", REPLACEMENT)
    assert clean_text("tab\tnew\nline\rok") == "tab\tnew\nline\rok"  # XML allows these


@pytest.mark.parametrize("value, expected", [
    ("=1+1", "'=1+1"), ("+Kabul", "'+Kabul"), ("-cmd", "'-cmd"), ("@here", "'@here"), ("\tx", "'\tx"),
    ("\rx", "'\rx"), ("-5", "-5"), ("+3.25", "+3.25"), ("-1e3", "-1e3"), ("-2+3", "'-2+3"),
    ("Kabul said =1", "Kabul said =1"), ("", ""), ("\x01=x", "\ufffd=x"),
])
def test_csv_text(value, expected):
    assert csv_text(value) == expected


def test_plain_numbers():
    assert is_plain_number("-12.5") and is_plain_number("+.5") and is_plain_number("3E-2")
    assert not is_plain_number("-") and not is_plain_number("1-2") and not is_plain_number("-5 km")


def test_column_scan_finds_only_the_values_that_need_care():
    values = ["fine", None, "=bad", 12, "line one\n=not a formula start", "", "-x", "ok\x01", "\x02=y", -3.5]
    scan = ColumnScan(values)
    assert scan.formula_like == [2, 6]
    assert scan.illegal == [7, 8]
    assert not ColumnScan(["a", None, "b\nc", 5]).illegal


@given(st.lists(st.one_of(st.none(), st.integers(), st.text(max_size=12))))
def test_column_scan_agrees_with_checking_one_value_at_a_time(values):
    scan = ColumnScan(values)
    texts = [v if isinstance(v, str) else "" for v in values]
    assert scan.illegal == [i for i, t in enumerate(texts) if ILLEGAL_XML.search(t)]
    assert scan.formula_like == [i for i, t in enumerate(texts) if clean_text(t)[:1] in "=+-@\t\r" and t]


def test_csv_safe_values_copies_only_when_needed():
    clean = ["a", "b", None]
    assert csv_safe_values(clean) == (clean, 0) and csv_safe_values(clean)[0] is clean
    values = ["=x", "-4", 7, "@y"]
    safe, changed = csv_safe_values(values)
    assert safe == ["'=x", "-4", 7, "'@y"] and changed == 2 and values[0] == "=x"


def test_excel_text_is_cut_at_the_cell_limit():
    assert excel_text("short") == ("short", False)
    cut, was_cut = excel_text("x" * 40_000)
    assert was_cut and len(cut) == 32_767 and cut.endswith("[truncated]")


def test_outputs_replace_targets_only_at_the_end(tmp_path):
    first, second = tmp_path / "a.xlsx", tmp_path / "b.csv"
    second.write_text("old")
    with atomic_outputs([first, second], overwrite=True) as (scratch_a, scratch_b):
        assert scratch_a.parent == tmp_path and scratch_a.name.startswith(".a.xlsx.")
        scratch_a.write_text("new a")
        scratch_b.write_text("new b")
        assert not first.exists() and second.read_text() == "old"
    assert first.read_text() == "new a" and second.read_text() == "new b"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.xlsx", "b.csv"]


def test_a_failure_inside_leaves_targets_and_no_scratch_files(tmp_path):
    target = tmp_path / "a.csv"
    target.write_text("old")
    with pytest.raises(KeyError):
        with atomic_outputs([target], overwrite=True) as (scratch,):
            scratch.write_text("half")
            raise KeyError("boom")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.csv"]


def test_disk_errors_name_the_output(tmp_path):
    target = tmp_path / "a.csv"
    with pytest.raises(ExportError, match="a.csv: cannot be written \\(No space left on device\\)"):
        with atomic_outputs([target]) as (scratch,):
            raise OSError(28, "No space left on device", str(scratch))
    assert list(tmp_path.iterdir()) == []


def test_new_files_get_the_usual_permissions(tmp_path):
    previous = os.umask(0o022)
    try:
        with atomic_outputs([tmp_path / "a.csv"]) as (scratch,):
            scratch.write_text("x")
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "a.csv").stat().st_mode) == 0o644


def test_outputs_are_checked_before_any_work(tmp_path):
    project = tmp_path / "study.afpak"
    project.write_text("project")
    (tmp_path / "exists.csv").write_text("x")
    with pytest.raises(ExportError, match="project file itself"):
        check_outputs([project], overwrite=True, protect=[project])
    with pytest.raises(OutputExistsError, match="exists.csv: already exists"):
        check_outputs([tmp_path / "exists.csv"])
    with pytest.raises(ExportError, match="named for two outputs"):
        check_outputs([tmp_path / "x.csv", tmp_path / "." / "x.csv"])
    with pytest.raises(ExportError, match="does not exist"):
        check_outputs([tmp_path / "missing" / "x.csv"])
    with pytest.raises(ExportError, match="is a folder"):
        check_outputs([tmp_path], overwrite=True)
