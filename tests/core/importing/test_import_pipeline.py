"""Preview (no writes) then import through the Project service: metadata, batch fields,
duplicates, edits, cancelling, folders, and the real articles in ../shared/corpus."""

import datetime as dt
from pathlib import Path

import pytest
from import_file_makers import ARTICLE, make_docx, make_html, make_odt, make_pdf, make_rtf

from afpak_coder.core.importing import (
    ImportCandidate, ImportOptions, SkippedFile, import_candidates, import_paths, preview,
)
from afpak_coder.core.progress import Cancelled, RecordingProgress

CORPUS = Path(__file__).parents[3] / ".." / "shared" / "corpus"
URDU_TITLE = "چمن کی سرحد پر تجارت بحال"
URDU = "پاکستان اور افغانستان کے درمیان سرحد پر تجارت دوبارہ شروع ہو گئی ہے اور تاجر خوش ہیں۔\n"


def mixed_folder(root: Path) -> Path:
    folder = root / "articles"
    (folder / "web").mkdir(parents=True)
    make_html(folder / "web" / "talks.html", title="Talks resume in Doha", paragraphs=ARTICLE.split("\n\n"))
    make_docx(folder / "brief.docx", ["Word brief body. " + ARTICLE], title="Word brief", author="Analyst")
    make_pdf(folder / "digest.pdf", [["PDF digest on trade", "Body of the PDF digest."]])
    make_odt(folder / "memo.odt", ["Memo body about the crossing."], title="ODT memo")
    make_rtf(folder / "wire.rtf", ["Wire body about the refugees."], title="RTF wire")
    (folder / "urdu.txt").write_text(URDU_TITLE + "\n\n" + URDU * 3, encoding="utf-8")
    return folder


def candidates(items):
    return [item for item in items if isinstance(item, ImportCandidate)]


def test_preview_reads_without_writing_then_import_stores_every_format(project, tmp_path):
    folder = mixed_folder(tmp_path)
    items = preview([folder])
    assert project.summary().documents == 0
    assert sorted(c.source_format for c in candidates(items)) == ["docx", "html", "odt", "pdf", "rtf", "txt"]
    report = import_paths(project, [folder], ImportOptions(genre="news"))
    assert report.ok and len(report.imported) == 6
    stored = {d.title: d for d in project.documents()}
    assert set(stored) == {"Talks resume in Doha", "Word brief", "PDF digest on trade", "ODT memo", "RTF wire",
                           URDU_TITLE}
    web = stored["Talks resume in Doha"]
    assert (web.outlet, web.author, web.published, web.url, web.language, web.genre) == (
        "The Frontier Ledger", "Sana Qureshi", dt.date(2024, 3, 14), "https://ledger.example/talks", "en", "news")
    assert web.source_format == "html" and web.source_path == str((folder / "web" / "talks.html").resolve())
    urdu = next(d for d in stored.values() if d.source_format == "txt")
    assert (urdu.language, urdu.direction) == ("ur", "rtl")
    assert stored["Word brief"].author == "Analyst"


def test_edits_in_the_preview_are_what_gets_stored(project, tmp_path):
    folder = mixed_folder(tmp_path)
    items = preview([folder])
    pdf = next(c for c in candidates(items) if c.source_format == "pdf")
    pdf.title, pdf.published, pdf.language = "Edited title", dt.date(2025, 1, 2), "en-GB"
    rtf = next(c for c in candidates(items) if c.source_format == "rtf")
    rtf.include = False
    report = import_candidates(project, items)
    assert report.left_out == ["wire.rtf"]
    document = next(d for d in project.documents() if d.source_format == "pdf")
    assert (document.title, document.published, document.language) == ("Edited title", dt.date(2025, 1, 2), "en-GB")
    assert "RTF wire" not in [d.title for d in project.documents()]


def test_batch_fields_replace_detected_values_and_merge_variables(project, tmp_path):
    folder = mixed_folder(tmp_path)
    options = ImportOptions(outlet="Regional Desk", variables={"outlet_country": "Pakistan", "wave": "2025-04-01"})
    report = import_paths(project, [folder], options)
    assert report.ok
    assert {d.outlet for d in project.documents()} == {"Regional Desk"}
    assert all(d.variables == {"outlet_country": "Pakistan", "wave": "2025-04-01"} for d in project.documents())
    kinds = {v.name: v.kind for v in project.variables()}
    assert kinds == {"outlet_country": "text", "wave": "date"}  # defined from the first values


def test_duplicates_are_skipped_naming_the_document_already_there(project, tmp_path):
    first = tmp_path / "first.txt"
    first.write_text("Original dispatch\n\n" + ARTICLE, encoding="utf-8")
    copy = tmp_path / "copy-with-crlf.txt"
    copy.write_bytes(("Original dispatch\r\n\r\n" + ARTICLE.replace("\n", "\r\n")).encode("utf-8"))
    report = import_paths(project, [first, copy])
    assert [i.label for i in report.imported] == ["first.txt"]
    assert report.ok  # a duplicate is not a failure
    [duplicate] = report.duplicates
    assert duplicate.existing.title == "Original dispatch"
    assert ("duplicate  copy-with-crlf.txt: the same text is already document "
            f"#{duplicate.existing.number} \"Original dispatch\"") in report.lines()
    again = import_paths(project, [first])
    assert [d.label for d in again.duplicates] == ["first.txt"] and not again.imported


def test_a_value_the_service_refuses_fails_that_document_only(project, tmp_path):
    project.define_variable("words", "number")
    good, bad = tmp_path / "good.txt", tmp_path / "bad.txt"
    good.write_text("Good one\n\nText one.", encoding="utf-8")
    bad.write_text("Bad one\n\nText two.", encoding="utf-8")
    items = preview([good, bad])
    candidates(items)[0].variables = {"words": 120}
    candidates(items)[1].variables = {"words": "many"}
    report = import_candidates(project, items)
    assert [f.reason for f in report.failed] == ["bad.txt: variable 'words': 'many' is not a number"]
    assert [d.title for d in project.documents()] == ["Good one"]


def test_progress_is_reported_and_cancel_keeps_what_was_stored(project, tmp_path):
    for number in range(6):
        (tmp_path / f"n{number}.txt").write_text(f"Dispatch {number}\n\nBody {number}.", encoding="utf-8")
    items = preview([tmp_path])
    progress = RecordingProgress(cancel_after=3)
    report = import_candidates(project, items, progress)
    assert report.cancelled and len(report.imported) == 3 and report.not_reached == 3
    assert project.summary().documents == 3
    assert progress.updates[:3] == [(0, 6, "Importing n0.txt"), (1, 6, "Importing n1.txt"), (2, 6, "Importing n2.txt")]
    assert "cancelled with 3 not imported" in report.summary()


def test_cancelling_the_preview_raises_cancelled(tmp_path):
    for number in range(4):
        (tmp_path / f"n{number}.txt").write_text(f"Dispatch {number}", encoding="utf-8")
    with pytest.raises(Cancelled):
        preview([tmp_path], progress=RecordingProgress(cancel_after=2))


def test_folders_skip_hidden_files_web_page_resources_and_repeats(tmp_path):
    folder = tmp_path / "saved"
    (folder / "Story_files").mkdir(parents=True)
    (folder / ".git").mkdir()
    make_html(folder / "Story.html", title="Saved story", paragraphs=ARTICLE.split("\n\n"))
    make_html(folder / "Story_files" / "ad-frame.html", title="Advert", paragraphs=["Buy now " * 30])
    (folder / ".git" / "notes.txt").write_text("internal", encoding="utf-8")
    (folder / ".DS_Store").write_bytes(b"\x00\x00")
    (folder / "~$draft.docx").write_bytes(b"lock")
    items = preview([folder, folder / "Story.html"])
    assert [c.title for c in candidates(items)] == ["Saved story"]
    assert [(s.path.name, s.reason) for s in items if isinstance(s, SkippedFile)] == [
        ("Story_files", "the images and scripts of a saved web page")]


def test_the_real_articles_in_shared_corpus_import_with_sensible_metadata(project):
    files = sorted(CORPUS.glob("*.txt"))
    assert len(files) == 3
    report = import_paths(project, files)
    assert report.ok and len(report.imported) == 3
    for item in report.imported:
        document = item.document
        source = Path(document.source_path).read_text(encoding="utf-8")
        lines = [line.strip() for line in source.splitlines() if line.strip()]
        assert document.title in lines[:10]            # a line from the opening, as a headline
        assert lines.count(document.title) == 1         # not the repeated site name or caption
        assert len(document.title.split()) >= 3 and len(document.title) < 120
        assert document.language == "en" and document.direction == "ltr"
        assert len(document.text) > 2000 and document.text.strip()
    dated = [i.document.published for i in report.imported if i.document.published]
    assert len(dated) == 2 and all(dt.date(2024, 1, 1) <= day <= dt.date(2026, 12, 31) for day in dated)


def test_a_read_only_project_stops_the_import_with_one_error(tmp_path):
    import afpak_coder
    from afpak_coder.core.errors import ReadOnlyProjectError

    afpak_coder.create_project(tmp_path / "study.afpak").close()
    for number in range(3):
        (tmp_path / f"n{number}.txt").write_text(f"Dispatch {number}\n\nBody {number}.", encoding="utf-8")
    with afpak_coder.open_project(tmp_path / "study.afpak", read_only=True) as project:
        items = preview(sorted(tmp_path.glob("*.txt")))
        with pytest.raises(ReadOnlyProjectError, match="is open read-only"):
            import_candidates(project, items)
        assert project.summary().documents == 0
