"""Bad input: each case gets one line naming the file and the problem; the good file beside it
still imports; nothing partial is left in the project."""

import random
import zipfile
from pathlib import Path

import docx.oxml.parser
import pytest
from import_file_makers import ARTICLE, make_docx, make_odt, make_pdf, read_zip_member, replace_zip_members
from pypdf import PdfReader, PdfWriter

from afpak_coder.core.importing import ImportFailure, import_candidates, import_paths, preview, read_file
from afpak_coder.core.importing import limits

SECRET = "TOP-SECRET-PASSPHRASE-7731"


def import_beside_a_good_file(project, folder: Path, bad: Path):
    """Import a folder holding ``bad`` and one good article; return the failure line."""
    good = folder / "good.txt"
    good.write_text("Good article\n\n" + ARTICLE, encoding="utf-8")
    report = import_paths(project, [folder])
    assert [item.label for item in report.imported] == ["good.txt"]
    assert len(report.failed) == 1, report.lines()
    assert [d.title for d in project.documents()] == ["Good article"]  # nothing partial from the bad file
    reason = report.failed[0].reason
    assert "\n" not in reason and "Traceback" not in reason
    assert reason.startswith(f"{bad}: ")
    return reason.removeprefix(f"{bad}: ")


@pytest.fixture
def folder(tmp_path):
    path = tmp_path / "incoming"
    path.mkdir()
    return path


@pytest.mark.parametrize("name", ["empty.txt", "empty.docx", "empty.pdf", "empty.html", "empty.csv"])
def test_empty_file(project, folder, name):
    bad = folder / name
    bad.write_bytes(b"")
    assert import_beside_a_good_file(project, folder, bad) == "is empty"


def test_whitespace_only_text(project, folder):
    bad = folder / "blank.txt"
    bad.write_text("  \n\n\t\n", encoding="utf-8")
    assert import_beside_a_good_file(project, folder, bad) in ("is empty", "holds only white space")


def test_binary_data_named_txt(project, folder):
    bad = folder / "photo.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + random.Random(7).randbytes(4096))
    assert import_beside_a_good_file(project, folder, bad).startswith("is not text (binary data")


def test_docx_that_is_not_a_zip(project, folder):
    bad = folder / "report.docx"
    bad.write_text("This is a plain text file renamed to .docx", encoding="utf-8")
    assert import_beside_a_good_file(project, folder, bad) == "is not a Word document (not a zip package)"


def test_zip_bomb_named_docx(project, folder):
    bad = folder / "bomb.docx"
    chunk = bytes(8 * 1024 * 1024)
    with zipfile.ZipFile(bad, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        with package.open("word/document.xml", "w", force_zip64=True) as member:
            for _ in range(limits.MAX_UNPACKED_BYTES // len(chunk) + 1):
                member.write(chunk)
    assert bad.stat().st_size < 2 * 1024 * 1024  # small on disk, huge unpacked
    problem = import_beside_a_good_file(project, folder, bad)
    assert problem.startswith("would unpack to 25") and problem.endswith("refused as a possible zip bomb")


def _xxe(secret_file: Path, root_tag: str) -> str:
    return (f'<!DOCTYPE {root_tag} [<!ENTITY xxe SYSTEM "file://{secret_file}">]>')


def test_external_entity_in_docx_is_refused_and_never_resolved(project, folder, tmp_path):
    secret_file = tmp_path / "secret.txt"
    secret_file.write_text(SECRET)
    bad = make_docx(folder / "xxe.docx", ["PLACEHOLDER"])
    document_xml = read_zip_member(bad, "word/document.xml").decode("utf-8")
    header, _, rest = document_xml.partition("?>")
    crafted = header + "?>" + _xxe(secret_file, "w:document") + rest.replace("PLACEHOLDER", "&xxe;")
    replace_zip_members(bad, {"word/document.xml": crafted.encode("utf-8")})
    problem = import_beside_a_good_file(project, folder, bad)
    assert problem == "declares XML entities in word/document.xml; refused (entities are never resolved)"
    assert all(SECRET not in d.text for d in project.documents())


def test_python_docx_itself_would_not_resolve_the_entity(tmp_path):
    """The second line of defence: python-docx parses with resolve_entities=False."""
    secret_file = tmp_path / "secret.txt"
    secret_file.write_text(SECRET)
    xml = (_xxe(secret_file, "w:p") + '<w:p xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
           "<w:r><w:t>&xxe;</w:t></w:r></w:p>")
    from lxml import etree

    element = docx.oxml.parser.parse_xml(xml.encode("utf-8"))
    assert SECRET not in etree.tostring(element, encoding="unicode")


def test_external_entity_in_utf16_xml_is_refused_too(project, folder, tmp_path):
    secret_file = tmp_path / "secret.txt"
    secret_file.write_text(SECRET)
    bad = make_docx(folder / "xxe16.docx", ["PLACEHOLDER"])
    document_xml = read_zip_member(bad, "word/document.xml").decode("utf-8")
    _, _, rest = document_xml.partition("?>")
    crafted = ('<?xml version="1.0" encoding="UTF-16"?>' + _xxe(secret_file, "w:document")
               + rest.replace("PLACEHOLDER", "&xxe;"))
    replace_zip_members(bad, {"word/document.xml": crafted.encode("utf-16-le")})
    assert import_beside_a_good_file(project, folder, bad).startswith("declares XML entities in word/document.xml")


def test_external_entity_in_odt_is_refused_and_never_resolved(project, folder, tmp_path):
    secret_file = tmp_path / "secret.txt"
    secret_file.write_text(SECRET)
    bad = make_odt(folder / "xxe.odt", ["PLACEHOLDER"])
    content = read_zip_member(bad, "content.xml").decode("utf-8")
    header, _, rest = content.partition("?>")
    crafted = header + "?>" + _xxe(secret_file, "office:document-content") + rest.replace("PLACEHOLDER", "&xxe;")
    replace_zip_members(bad, {"content.xml": crafted.encode("utf-8")})
    problem = import_beside_a_good_file(project, folder, bad)
    assert problem == "declares XML entities in content.xml; refused (entities are never resolved)"
    assert all(SECRET not in d.text for d in project.documents())


def test_pdf_without_text_layer_says_probably_scanned(project, folder):
    bad = make_pdf(folder / "scan.pdf", [[], []])
    problem = import_beside_a_good_file(project, folder, bad)
    assert problem == ("has no text layer in its 2 pages: probably scanned; run OCR on it first, then import the result")


def _encrypted_copy(source: Path, target: Path, user_password: str) -> Path:
    writer = PdfWriter(clone_from=PdfReader(str(source)))
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm="RC4-128")
    with target.open("wb") as stream:
        writer.write(stream)
    return target


def test_encrypted_pdf(project, folder, tmp_path):
    plain = make_pdf(tmp_path / "plain.pdf", [["Confidential brief on border trade", "Body."]])
    bad = _encrypted_copy(plain, folder / "locked.pdf", "reader-password")
    problem = import_beside_a_good_file(project, folder, bad)
    assert problem == "is encrypted with a password; save an unprotected copy and import that"


def test_pdf_encrypted_only_against_printing_is_read(tmp_path):
    plain = make_pdf(tmp_path / "plain.pdf", [["Brief on border trade", "Body of the brief."]])
    restricted = _encrypted_copy(plain, tmp_path / "restricted.pdf", "")
    [candidate] = read_file(restricted)
    assert "Body of the brief." in candidate.text


def test_damaged_pdf(project, folder):
    bad = folder / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage without xref")
    assert import_beside_a_good_file(project, folder, bad).startswith("is not a readable PDF")


def test_text_file_over_the_size_limit(project, folder):
    bad = folder / "huge.txt"
    with bad.open("wb") as stream:
        stream.truncate(limits.MAX_TEXT_FILE_BYTES + 1)  # sparse: fast to make, still too big
    assert import_beside_a_good_file(project, folder, bad) == "is 20.0 MB, over the 20.0 MB limit for text files"


def test_missing_path_and_broken_link(project, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Good article\n\n" + ARTICLE, encoding="utf-8")
    missing = tmp_path / "gone.docx"
    link = tmp_path / "link.txt"
    link.symlink_to(tmp_path / "nowhere.txt")
    report = import_paths(project, [missing, link, good])
    assert [failure.reason for failure in report.failed] == [
        f"{missing}: no such file or folder", f"{link}: is a broken link"]
    assert [item.label for item in report.imported] == ["good.txt"]


def test_file_without_read_permission(project, folder, monkeypatch):
    bad = folder / "locked.txt"
    bad.write_text("Locked article text", encoding="utf-8")
    original = Path.read_bytes

    def refuse(self):  # the tests run as root, for whom chmod 000 does not stop reading
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    assert import_beside_a_good_file(project, folder, bad) == "cannot be read (Permission denied)"


def test_unsupported_formats_are_skipped_not_failed(project, folder):
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    (folder / "notes.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    (folder / "ok.txt").write_text("Fine article\n\nWith a body.", encoding="utf-8")
    report = import_paths(project, [folder])
    assert report.ok and not report.failed
    assert sorted(s.path.name for s in report.skipped) == ["notes.doc", "photo.jpg"]
    assert any(line.startswith("skipped    notes.doc: not a supported format (.doc)") for line in report.lines())


def test_folder_of_5000_small_files(project, tmp_path):
    folder = tmp_path / "archive"
    for batch in range(10):
        sub = folder / f"batch-{batch}"
        sub.mkdir(parents=True)
        for number in range(500):
            (sub / f"item-{number}.txt").write_text(
                f"Dispatch {batch}-{number}\n\nBorder report number {number} from batch {batch}.\n", encoding="utf-8")
    (folder / "batch-3" / "item-7.txt").write_bytes(b"")  # one bad file among them
    items = preview([folder])
    assert len(items) == 5000
    assert [item.path.name for item in items[:3]] == ["item-0.txt", "item-1.txt", "item-2.txt"]  # natural order
    assert isinstance(items[3 * 500 + 7], ImportFailure)
    report = import_candidates(project, items)
    assert len(report.imported) == 4999
    assert [f.reason for f in report.failed] == [f"{folder / 'batch-3' / 'item-7.txt'}: is empty"]
    assert project.summary().documents == 4999
