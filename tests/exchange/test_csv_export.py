"""The Claims CSV, its long variant, and several outputs written all or nothing."""

import csv
import io

import pandas as pd
import pytest
from export_helpers import DANGEROUS, dangerous_project

from afpak_coder.core.progress import Cancelled, RecordingProgress
from afpak_coder.core.sample import build_sample_project
from afpak_coder.exchange import dataset_export
from afpak_coder.exchange.atomic import OutputExistsError
from afpak_coder.exchange.csv_export import TIDY_DIMENSIONS, export_csv
from afpak_coder.exchange.dataset_export import export_dataset
from afpak_coder.exchange.safe_cells import is_plain_number


@pytest.fixture
def risky(tmp_path):
    with dangerous_project(tmp_path / "risky.afpak") as project:
        yield project


def read_rows(path):
    text = path.read_bytes().decode("utf-8-sig")  # not read_text: it would turn "\r" into "\n"
    return list(csv.DictReader(io.StringIO(text, newline="")))


def outputs(folder):
    """Files in ``folder`` other than the project's own (its -wal and -shm companions included)."""
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith("risky.afpak"))


def test_formula_like_text_gets_an_apostrophe_and_numbers_stay_numbers(risky, tmp_path):
    path = tmp_path / "claims.csv"
    report = export_csv(risky, path)
    rows = read_rows(path)
    memos = [row["memo"] for row in rows]
    for text in DANGEROUS:
        assert "'" + text in memos
    risky_starts = [value for row in rows for value in row.values() if value and value[0] in "=+-@\t\r"]
    assert risky_starts and all(is_plain_number(value) for value in risky_starts)
    assert [row["stance"] for row in rows][:4] == ["-2", "-1", "0", "1"]  # numbers, no apostrophe
    assert rows[0]["share"] == "-0.25" and rows[0]["pages"] == "12"
    assert memos[-1] == "-5"  # text that is a plain number cannot be a formula: left alone
    assert rows[0]["title"] == "'=cmd|' /C calc'!A0" and rows[0]["author"] == "'@someone"
    assert "Kabul\ufffd said\ufffd no\ufffd more" in memos
    assert report.made_safe >= len(DANGEROUS) * 2


def test_pandas_reads_the_csv_back_as_the_claims_frame(tmp_path):
    with build_sample_project(tmp_path / "sample.afpak") as project:
        export_csv(project, tmp_path / "claims.csv")
        frame = project.claims_frame()
    found = pd.read_csv(tmp_path / "claims.csv", keep_default_na=False)
    assert list(found.columns) == list(frame.columns)
    assert len(found) == len(frame)
    for name in ("claim_id", "title", "quote", "theme_path", "actor", "memo"):
        assert found[name].tolist() == frame[name].fillna("").tolist(), name
    assert found["stance"].tolist() == frame["stance"].astype(int).tolist()
    assert pd.to_datetime(found["published"]).tolist() == frame["published"].tolist()


def test_byte_order_mark_by_default_and_on_request_not(risky, tmp_path):
    export_csv(risky, tmp_path / "bom.csv")
    export_csv(risky, tmp_path / "plain.csv", bom=False)
    assert (tmp_path / "bom.csv").read_bytes().startswith(b"\xef\xbb\xbfclaim_id,")
    assert (tmp_path / "plain.csv").read_bytes().startswith(b"claim_id,")


def test_tidy_csv_has_a_row_per_claim_and_dimension(risky, tmp_path):
    report = export_csv(risky, tmp_path / "long.csv", tidy=True)
    rows = read_rows(tmp_path / "long.csv")
    assert list(rows[0]) == ["claim_id", "document_id", "coder", "published", "outlet", "dimension", "value"]
    assert report.rows == len(rows) == report.claims * len(TIDY_DIMENSIONS)
    first = rows[: len(TIDY_DIMENSIONS)]
    assert [row["dimension"] for row in first] == TIDY_DIMENSIONS
    assert {row["claim_id"] for row in first} == {rows[0]["claim_id"]}
    values = {row["dimension"]: row["value"] for row in first}
    assert values["theme"] == "Security" and values["stance"] == "-2"
    assert values["target"] == "Afghan Taliban administration"
    assert rows[0]["outlet"] == "'-Dash Daily"


def test_cancelled_csv_leaves_nothing(risky, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(Cancelled):
        export_csv(risky, out / "claims.csv", progress=RecordingProgress(cancel_after=2))
    assert list(out.iterdir()) == []


def test_dataset_export_writes_every_output(risky, tmp_path):
    reports = export_dataset(risky, xlsx=tmp_path / "a.xlsx", csv=tmp_path / "a.csv", tidy_csv=tmp_path / "b.csv")
    assert [r.path.name for r in reports] == ["a.xlsx", "a.csv", "b.csv", "codebook.csv"]  # data codebook too
    assert all(r.claims == 9 for r in reports[:3])
    assert outputs(tmp_path) == ["a.csv", "a.xlsx", "b.csv", "codebook.csv"]


def test_dataset_export_is_all_or_nothing(risky, tmp_path, monkeypatch):
    (tmp_path / "a.xlsx").write_bytes(b"old workbook")
    (tmp_path / "a.csv").write_bytes(b"old csv")
    with pytest.raises(OutputExistsError):  # refused before anything is written
        export_dataset(risky, xlsx=tmp_path / "a.xlsx", csv=tmp_path / "new.csv")
    assert not (tmp_path / "new.csv").exists()

    def broken(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(dataset_export, "write_csv", broken)
    with pytest.raises(Exception, match="a.csv: cannot be written|No space left"):
        export_dataset(risky, xlsx=tmp_path / "a.xlsx", csv=tmp_path / "a.csv", overwrite=True)
    assert (tmp_path / "a.xlsx").read_bytes() == b"old workbook"  # the finished workbook was not put in place
    assert (tmp_path / "a.csv").read_bytes() == b"old csv"
    assert outputs(tmp_path) == ["a.csv", "a.xlsx"]
