"""Exporting the claims chosen in the claims browser: the columns of the full export, only those claims."""

import pandas as pd
import pytest
from openpyxl import load_workbook

from afpak_coder.exchange.atomic import ExportError
from afpak_coder.exchange.selected_export import export_selected_claims
from project_backends import sample_project


@pytest.fixture
def sample(tmp_path, backend, request):
    with sample_project(tmp_path, backend, request) as project:
        yield project


def test_chosen_claims_go_to_csv_with_the_export_columns(sample, tmp_path):
    chosen = sample.claims(theme="Security")[:3]
    assert export_selected_claims(sample, [c.id for c in chosen], tmp_path / "chosen.csv") == 3
    written = pd.read_csv(tmp_path / "chosen.csv", encoding="utf-8-sig")
    assert sorted(written["claim_id"]) == sorted(str(c.id) for c in chosen)
    assert list(written.columns) == list(sample.claims_frame().columns)


def test_chosen_claims_go_to_a_workbook_whose_documents_are_theirs(sample, tmp_path):
    chosen = sample.claims(coder="Bilal")[:2]
    export_selected_claims(sample, [c.id for c in chosen], tmp_path / "chosen.xlsx")
    book = load_workbook(tmp_path / "chosen.xlsx")
    claims = [row for row in book["Claims"].iter_rows(values_only=True) if any(row)]
    assert len(claims) == 3  # header and two claims
    header = list(claims[0])
    assert sorted(row[header.index("claim_id")] for row in claims[1:]) == sorted(str(c.id) for c in chosen)
    documents = [row for row in book["Documents"].iter_rows(values_only=True) if any(row)]
    assert len(documents) == 1 + len({c.document.id for c in chosen})


def test_other_suffixes_are_refused(sample, tmp_path):
    with pytest.raises(ExportError, match="chosen.txt: choose a file ending in .xlsx or .csv"):
        export_selected_claims(sample, [], tmp_path / "chosen.txt")
