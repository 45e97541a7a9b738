"""The claims behind the agreement report's numbers, on the sample project (three coders)."""

import pytest

from afpak_coder.analysis.agreement_claims import NO_CLAIM, category_claims, confusion_claims, confusion_units
from afpak_coder.analysis.agreement_report import agreement_report, load_coding_data
from afpak_coder.core.sample import build_sample_project


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    with build_sample_project(tmp_path_factory.mktemp("agreement") / "sample.afpak") as project:
        report = agreement_report(project, draws=0)
        yield project, report, load_coding_data(project).coded


def test_every_confusion_cell_finds_as_many_units_as_it_counts(sample):
    _project, report, coded = sample
    checked = 0
    for (dimension, first, second), matrix in report.confusion.items():
        for row in matrix.index:
            for column in matrix.columns:
                units = confusion_units(report, coded, dimension, first, second, row, column)
                assert len(units) == matrix.loc[row, column], (dimension, first, second, row, column)
                checked += int(matrix.loc[row, column])
    assert checked > 100


def test_an_off_diagonal_cell_holds_both_coders_claims_as_coded(sample):
    project, report, coded = sample
    matrix = report.confusion[("stance", "Ayesha", "Bilal")]
    row, column = next((r, c) for r in matrix.index for c in matrix.columns
                       if r != c and NO_CLAIM not in (r, c) and matrix.loc[r, c] > 0)
    ids = confusion_claims(report, coded, "stance", "Ayesha", "Bilal", row, column)
    claims = [project.claim(claim_id) for claim_id in ids]
    assert len(claims) == 2 * matrix.loc[row, column]
    assert {(c.coder.name, str(c.stance.value)) for c in claims} == {("Ayesha", row), ("Bilal", column)}


def test_a_category_row_holds_only_claims_of_that_category(sample):
    project, report, _coded = sample
    ids = category_claims(report, "actor", "Pakistani military")
    assert ids and {project.claim(claim_id).actor.name for claim_id in ids} == {"Pakistani military"}
