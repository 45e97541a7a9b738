"""REFI-QDA out and back in: the sample project → .qdpx (valid against Project.xsd) → an empty
project gives the identical claims frame; the codebook → .qdc (valid against Codebook.xsd) → back."""

import zipfile

import afpak_coder
import pandas as pd
import pytest

from afpak_coder.analysis.filters import ClaimFilter
from afpak_coder.exchange.refi_codebook import import_qdc, write_qdc
from afpak_coder.exchange.refi_common import schema_errors
from afpak_coder.exchange.refi_export import export_qdpx
from afpak_coder.exchange.refi_import import import_qdpx
from project_backends import sample_project


@pytest.fixture(scope="module")
def sample(tmp_path_factory, backend, request):
    folder = tmp_path_factory.mktemp("refi")
    with sample_project(folder, backend, request) as project:
        document = project.documents()[0]
        project.set_document_memo(document, "Check the date against the wire copy.")
        claim = project.claims(document=document)[0]
        project.update_claim(claim, actor=None, stance=None, memo="from QualCoder: who said it?")
        report = export_qdpx(project, folder / "sample.qdpx")
        yield project, folder, report


def test_the_qdpx_validates_and_holds_every_text_as_utf8_lf(sample):
    project, folder, report = sample
    with zipfile.ZipFile(folder / "sample.qdpx") as archive:
        xml = archive.read("project.qde")
        assert schema_errors(xml, "Project") == []
        texts = {name: archive.read(name) for name in archive.namelist() if name.startswith("sources/")}
    assert len(texts) == report.documents == len(project.documents())
    for document in project.documents():
        data = texts[f"sources/{document.id}.txt"]
        assert data.decode("utf-8") == document.text and not data.startswith(b"\xef\xbb\xbf") and b"\r" not in data
    assert report.claims == len(project.claims())
    # A claim with theme, actor, target and stance carries four codings, each by its coder.
    full = sum(1 + (c.actor is not None) + (c.target is not None) + (c.stance is not None) for c in project.claims())
    assert report.codings == full


def test_an_empty_project_gets_the_identical_claims_frame_back(sample, tmp_path):
    project, folder, _report = sample
    with afpak_coder.create_project(tmp_path / "empty.afpak", codebook=None) as empty:
        report = import_qdpx(empty, folder / "sample.qdpx")
        pd.testing.assert_frame_equal(project.claims_frame(), empty.claims_frame())
        assert report.offset_model == "code points" and not report.not_taken
        assert report.incomplete == 1 and report.claims_added == len(project.claims())
        assert {c.name for c in empty.coders()} == {c.name for c in project.coders()}
        first = project.documents()[0]
        assert empty.document(first.id).memo == "Check the date against the wire copy."
        assert [(a.name, a.type, a.aliases) for a in empty.actors()] == [(a.name, a.type, a.aliases) for a in project.actors()]
        assert [(s.value, s.label, s.color) for s in empty.stance_levels()] == \
            [(s.value, s.label, s.color) for s in project.stance_levels()]
        # Importing the same file again adds nothing.
        again = import_qdpx(empty, folder / "sample.qdpx")
        assert (again.documents_added, again.claims_added, again.claims_present) == (0, 0, len(project.claims()))


def test_filters_as_in_the_excel_export(sample, tmp_path):
    project, _folder, _report = sample
    report = export_qdpx(project, tmp_path / "ayesha.qdpx", claim_filter=ClaimFilter(coders=("Ayesha",)))
    assert report.claims == len(project.claims(coder="Ayesha")) > 0
    with afpak_coder.create_project(tmp_path / "empty.afpak", codebook=None) as empty:
        import_qdpx(empty, tmp_path / "ayesha.qdpx")
        assert {c.coder.name for c in empty.claims()} == {"Ayesha"}


def test_the_codebook_goes_out_and_back_as_qdc(sample, tmp_path):
    project, _folder, _report = sample
    write_qdc(project, tmp_path / "codebook.qdc")
    assert schema_errors((tmp_path / "codebook.qdc").read_bytes(), "Codebook") == []
    with afpak_coder.create_project(tmp_path / "empty.afpak", codebook=None) as empty:
        counts = import_qdc(empty, tmp_path / "codebook.qdc")
        assert counts["themes added"] == len(project.themes())
        assert {**empty.codebook_data(), "name": ""} == {**project.codebook_data(), "name": ""}
        assert import_qdc(empty, tmp_path / "codebook.qdc")["already present"] == counts["themes added"] + \
            counts["actors added"] + counts["stance levels added"]
