"""Import holes of issue 11: each refused or warned in one line, nothing stored when a file is
reported as failed, memory bounded by the real bytes read."""

from __future__ import annotations

import random
import struct
import tracemalloc
import zipfile

import pytest

from afpak_coder.cli import main
from afpak_coder.core.importing import import_paths
from afpak_coder.core.importing.errors import DamagedFileError, UnsafeFileError
from afpak_coder.core.importing.limits import check_package
from afpak_coder.core.importing.read_docx import read_docx_file
from import_file_makers import make_docx, read_zip_member, replace_zip_members


def _titles(project):
    return sorted(d.title for d in project.documents())


def test_a_csv_with_a_broken_quote_is_refused_naming_the_row(project, tmp_path):
    path = tmp_path / "corpus.csv"
    path.write_text('title,text\nFirst,Islamabad accused Kabul.\n"Second" row,Traders waited at Chaman.\n')
    report = import_paths(project, [path])
    (failure,) = report.failed
    assert "row 3: a quote is not closed, or text follows a closing quote" in failure.reason
    assert "\n" not in failure.reason and _titles(project) == []


def test_a_ragged_csv_row_stores_nothing_of_the_file(project, tmp_path, capsys):
    path = tmp_path / "corpus.csv"
    path.write_text("title,text,outlet\nGood,Islamabad accused Kabul.,Dawn\nBad row\nThird,Kabul answered.,Ledger\n")
    assert main(["import", str(project.path), str(path)]) == 1
    out = capsys.readouterr().out
    assert "row 3 has 1 cells where the header has 3" in out and "nothing was imported from it" in out
    assert _titles(project) == []


def test_random_bytes_after_an_rtf_header_are_refused(project, tmp_path):
    path = tmp_path / "notes.rtf"
    rng = random.Random(1)
    path.write_bytes(b"{\\rtf1 " + bytes(rng.randrange(256) for _ in range(50_000)))
    report = import_paths(project, [path])
    (failure,) = report.failed
    assert "is a damaged RTF file" in failure.reason and "binary data" in failure.reason
    assert _titles(project) == []


def test_a_docx_with_a_renamed_main_part_and_a_doctype_is_refused(tmp_path):
    path = make_docx(tmp_path / "renamed.docx", ["First paragraph, never to be lost.", "Second."])
    main_part = read_zip_member(path, "word/document.xml")
    declaration, rest = main_part.split(b"?>", 1)
    doctyped = declaration + b'?><!DOCTYPE w:document [<!ENTITY e "x">]>' + rest
    types = read_zip_member(path, "[Content_Types].xml").replace(b"/word/document.xml", b"/word/document.dat")
    relations = read_zip_member(path, "_rels/.rels").replace(b"word/document.xml", b"word/document.dat")
    with zipfile.ZipFile(path) as source:
        kept = {i.filename: source.read(i) for i in source.infolist()
                if i.filename not in ("word/document.xml", "[Content_Types].xml", "_rels/.rels")}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in {**kept, "[Content_Types].xml": types, "_rels/.rels": relations,
                           "word/document.dat": doctyped}.items():
            target.writestr(name, data)
    with pytest.raises(UnsafeFileError, match=r"declares XML entities in word/document\.dat"):
        read_docx_file(path)


def _lie_about_size(path, member: str, claimed: int) -> None:
    """Rewrite the sizes ``member``'s local and central headers declare."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (start := data.find(signature, start)) >= 0:
            name_at = start + (30 if signature == b"PK\x03\x04" else 46)
            if data[name_at:name_at + len(name)] == name:
                struct.pack_into("<I", data, start + offset, claimed)
            start += 4
    path.write_bytes(bytes(data))


def test_a_docx_lying_about_its_sizes_is_refused_with_memory_bounded(tmp_path):
    path = make_docx(tmp_path / "bomb.docx", ["Short."])
    paragraph = b"<w:p><w:r><w:t>Kabul Islamabad border trade talks</w:t></w:r></w:p>"
    main_part = read_zip_member(path, "word/document.xml")
    head, tail = main_part.split(b"<w:body>", 1)
    replace_zip_members(path, {"word/document.xml": head + b"<w:body>" + paragraph * 1_500_000 + tail})  # ~100 MB
    _lie_about_size(path, "word/document.xml", 4096)  # says 4 kB
    tracemalloc.start()
    try:
        with pytest.raises(DamagedFileError) as raised:
            check_package(path, "a Word document")
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "with a damaged part word/document.xml" in str(raised.value)
    assert peak < 20 * 1024 * 1024  # bounded by the chunks read, not the 100 MB inside


def test_a_file_named_in_an_unsupported_format_fails_the_command(project, tmp_path, capsys):
    path = tmp_path / "notes.xyz"
    path.write_text("Kabul answered on Friday.")
    assert main(["import", str(project.path), str(path)]) == 1
    captured = capsys.readouterr()
    assert "is not in a format afpak-coder imports (.xyz)" in captured.out
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "photo.jpg").write_bytes(b"\xff\xd8")
    (folder / "note.txt").write_text("Kabul answered on Friday.")
    assert main(["import", str(project.path), str(folder)]) == 0  # found in a folder: skipped, reported
    assert "1 not in a supported format" in capsys.readouterr().out
