"""The agreement report: figures per dimension, pair, category and document, readings, disagreements."""

import pytest
from agreement_fixtures import AIRSTRIKES, MILITANCY

from afpak_coder.analysis.agreement import Coefficient
from afpak_coder.analysis.agreement_report import (
    AgreementError, agreement_report, category_frame, disagreement_frame, document_frame, pair_frame, reading,
    span_frame, summary_frame,
)
from afpak_coder.core.progress import Cancelled, RecordingProgress
from afpak_coder.core.sample import build_sample_project


def test_two_coders_by_hand(coded):
    project, *_ = coded
    report = agreement_report(project, coders=["Ayesha", "Bilal"], draws=500, seed=1)
    theme = report.figure("theme")
    # Three matched-claim units: (militancy, airstrikes), (militancy, militancy), (crossings, no claim).
    # Coincidences: militancy–militancy 2, militancy–airstrikes 1+1, crossings–(no claim) 1+1;
    # n = 6, n_mil = 3, n_air = 1, n_cro = 1, n_none = 1.
    # D_o = 4/6; D_e = (6·6 - (9 + 1 + 1 + 1)) / (6·5) = 24/30; alpha = 1 - (4/6)/(24/30) = 1/6.
    assert theme.alpha.value == pytest.approx(1 / 6)
    assert theme.units == 3
    assert theme.percent.value == pytest.approx(1 / 3)
    assert theme.kappa.name == "Cohen's kappa" and theme.scott.defined
    stance = report.figure("stance")
    # Stance pairs: (-2, -2) only (Bilal gave no stance to the second claim): one category, undefined.
    assert stance.alpha.value is None and "one category" in stance.alpha.reason
    assert stance.kappa.name == "weighted kappa (quadratic)"
    assert "undefined" in stance.reading
    assert report.span.claims == 5 and report.span.matched == 4


def test_three_coders_and_the_pair_table(coded):
    project, *_ = coded
    report = agreement_report(project, draws=200, seed=1)
    assert "mean of pairs" in report.figure("theme").kappa.name
    assert not report.figure("theme").scott.defined and "two coders" in report.figure("theme").scott.reason
    pairs = pair_frame(report)
    theme_pairs = pairs[pairs["dimension"] == "theme"].set_index(["coder A", "coder B"])
    # Clara claimed nothing: for the pair Ayesha–Clara every unit is one where Ayesha made a claim.
    assert theme_pairs.loc[("Ayesha", "Clara"), "units"] == 3
    assert theme_pairs.loc[("Ayesha", "Clara"), "percent agreement"] == 0
    assert theme_pairs.loc[("Ayesha", "Bilal"), "alpha"] == pytest.approx(1 / 6, abs=1e-6)


def test_every_table_carries_units(coded):
    project, *_ = coded
    report = agreement_report(project, coders=["Ayesha", "Bilal"], draws=200, seed=1)
    for frame in (summary_frame(report), pair_frame(report), category_frame(report), document_frame(report)):
        assert "units" in frame.columns and frame["units"].notna().all()
    categories = category_frame(report).set_index(["dimension", "category"])
    assert categories.loc[("theme", AIRSTRIKES), "used by Bilal"] == 1
    assert "no coder used" in categories.loc[("theme", "Security"), "notes"]
    assert list(span_frame(report)["measure"])[0].startswith("claims matched")


def test_disagreements_list_unmatched_and_differing_claims(coded):
    project, article, _ = coded
    report = agreement_report(project, coders=["Ayesha", "Bilal"], draws=0)
    kinds = [d.kinds for d in report.disagreements]
    assert kinds == [("theme",), ("target", "stance"), ("unmatched",)]
    first = report.disagreements[0]
    assert first.document_id == str(article.id) and first.title == "Border talks stall"
    assert [v.theme for v in first.versions] == [MILITANCY, AIRSTRIKES]
    assert "only Ayesha" in report.disagreements[2].describe()
    assert report.agreed == []  # no unit agrees in every dimension
    frame = disagreement_frame(report)
    assert len(frame) == 6 and "(no claim)" in set(frame["quote"])


def test_reading_follows_krippendorff_2004():
    assert "reliable" in reading("theme", Coefficient("a", 0.85, 40)) and "not" not in reading("theme", Coefficient("a", .85, 40))
    assert "tentative" in reading("actor", Coefficient("a", 0.70, 40))
    assert "not reliable" in reading("target", Coefficient("a", 0.5, 40))
    assert "undefined — no unit" in reading("stance", Coefficient("a", None, 0, "no unit was coded by two"))
    assert "40 matched claims" in reading("theme", Coefficient("a", 0.9, 40), unit_label="matched claims")


@pytest.mark.parametrize("unit", ["claim", "sentence", "character", "document"])
def test_sample_project_report(tmp_path, unit):
    with build_sample_project(tmp_path / "sample.afpak") as project:
        progress = RecordingProgress()
        report = agreement_report(project, unit=unit, draws=300, seed=2, progress=progress)
    assert report.settings.coders == ("Ayesha", "Bilal", "Clara")
    assert report.settings.documents == 11
    assert progress.updates and progress.updates[-1][0] == progress.updates[-1][1]
    for row in report.summary:
        if row.not_applicable:
            assert unit in ("character", "document") and row.dimension in ("target", "stance")
            continue
        assert row.alpha.defined and row.units > 0
        assert row.interval.low <= row.alpha.value <= row.interval.high
        assert row.reading.startswith(row.dimension.capitalize())
    assert len(report.disagreements) > 20
    assert report.confusion[("theme", "Ayesha", "Bilal")].to_numpy().sum() > 0


def test_cancelling_stops_the_report(tmp_path):
    with build_sample_project(tmp_path / "sample.afpak") as project:
        with pytest.raises(Cancelled):
            agreement_report(project, unit="sentence", progress=RecordingProgress(cancel_after=2))


def test_no_document_in_common(project):
    document = project.add_document("Only one coder read this.", title="Alone")
    project.add_coder("A")
    project.add_coder("B")
    project.add_claim(document=document, coder="A", start=0, end=4, theme="Security", actor="Media", stance=0)
    with pytest.raises(AgreementError, match="no document was coded by two or more"):
        agreement_report(project)
