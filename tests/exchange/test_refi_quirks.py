"""REFI-QDA files as real tools write them (our own small files, mimicking each known quirk)."""

import zipfile

import afpak_coder
import pytest

from afpak_coder.exchange.refi_common import RefiError, parse_color
from afpak_coder.exchange.refi_import import UNKNOWN_CODER, import_qdpx

TEXT = "Islamabad said 😀 talks failed.\r\nKabul denied it.\r\nTraders waited."
QUOTES = ("talks failed", "Kabul denied", "Traders")


def utf16_crlf2(text, quote):
    """NVivo: UTF-16 code units, CR LF counted as 2."""
    start = text.index(quote)
    units = len(text[:start].encode("utf-16-le")) // 2
    return units, units + len(quote.encode("utf-16-le")) // 2


def crlf1(text, quote):
    """ATLAS.ti and QualCoder: code points over the text with LF line endings."""
    lf = text.replace("\r\n", "\n")
    start = lf.index(quote)
    return start, start + len(quote)


def project_xml(origin, offsets, *, source_path="internal://0e0e0e0e-0000-0000-0000-000000000001.txt", extra_sources="", users=True):
    selections = []
    for number, (start, end) in enumerate(offsets):
        # NVivo: the selection's creatingUser differs from its Coding's; the Coding's is the coder.
        selections.append(f"""
      <PlainTextSelection guid="{{AAAAAAAA-0000-0000-0000-00000000000{number}}}" startPosition="{start}" endPosition="{end}"
          creatingUser="99999999-9999-9999-9999-999999999999">
        <Description>memo {number}</Description>
        <Coding guid="BBBBBBBB-0000-0000-0000-00000000000{number}" creatingUser="{'{11111111-1111-1111-1111-111111111111}' if number < 2 else ''}">
          <CodeRef targetGUID="{'CCCCCCCC-0000-0000-0000-000000000001' if number != 1 else 'cccccccc-0000-0000-0000-000000000002'}"/>
        </Coding>
      </PlainTextSelection>""")
    return f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Imported" origin="{origin}">
  {'<Users><User guid="11111111-1111-1111-1111-111111111111" name="Zarghuna"/></Users>' if users else ''}
  <CodeBook><Codes>
    <Code guid="{{CCCCCCCC-0000-0000-0000-000000000001}}" name="Border::Trade" isCodable="true" color="rgba(200, 100, 50, 0.5)">
      <Description>trade at the crossings</Description>
    </Code>
    <Code guid="DDDDDDDD-0000-0000-0000-000000000000" name="Talks" isCodable="false" color="#abc">
      <Code guid="CCCCCCCC-0000-0000-0000-000000000002" name="Failed talks" isCodable="true"/>
    </Code>
  </Codes></CodeBook>
  <Sources>
    <TextSource guid="{{0E0E0E0E-0000-0000-0000-000000000001}}" name="Border report" plainTextPath="{source_path}">
      <Description>Received from a colleague.</Description>{''.join(selections)}
    </TextSource>{extra_sources}
  </Sources>
  <Sets/>
</Project>"""


PDF_SOURCE = """
    <PDFSource guid="0F0F0F0F-0000-0000-0000-000000000001" name="Scan" path="internal://scan.pdf">
      <PDFSelection guid="0F0F0F0F-0000-0000-0000-000000000002" page="1" firstX="1" firstY="2" secondX="3" secondY="4"/>
      <PDFSelection guid="0F0F0F0F-0000-0000-0000-000000000003" page="2" firstX="1" firstY="2" secondX="3" secondY="4"/>
    </PDFSource>"""


def write_qdpx(path, xml, text_bytes, *, qde="project.qde", folder="sources", name="0e0e0e0e-0000-0000-0000-000000000001.txt"):
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(qde, xml)
        archive.writestr(f"{folder}/{name}", text_bytes)
        archive.writestr("stray/readme.txt", "ignore me")
    return path


@pytest.fixture
def empty(tmp_path):
    with afpak_coder.create_project(tmp_path / "empty.afpak", codebook=None) as project:
        yield project


def quotes(project):
    return sorted(c.quote for c in project.claims())


def test_nvivo_utf16_crlf_counted_twice_emoji_bom_upper_case_guids_and_a_pdf(empty, tmp_path):
    offsets = [utf16_crlf2(TEXT, q) for q in QUOTES]
    xml = project_xml("NVivo 14 for Windows", offsets, source_path="internal://{0E0E0E0E-0000-0000-0000-000000000001}.TXT",
                      extra_sources=PDF_SOURCE)
    path = write_qdpx(tmp_path / "nvivo.qdpx", xml, b"\xff\xfe" + TEXT.encode("utf-16-le"), qde="Project.qde",
                      folder="Sources", name="0E0E0E0E-0000-0000-0000-000000000001.txt")
    report = import_qdpx(empty, path)
    assert report.offset_model == "UTF-16 units, CRLF = 2"
    assert quotes(empty) == sorted(QUOTES)
    (document,) = empty.documents()
    assert document.text == TEXT.replace("\r\n", "\n") and document.memo == "Received from a colleague."
    assert str(document.id) == "0e0e0e0e-0000-0000-0000-000000000001"
    # Hierarchy from A::B names and nested codes; colours from rgba() and #RGB.
    assert {t.path_label for t in empty.themes()} == {"Border", "Border › Trade", "Talks", "Talks › Failed talks"}
    assert empty.theme("Border › Trade").color == "#c86432" and empty.theme("Talks").color == "#aabbcc"
    by_quote = {c.quote: c for c in empty.claims()}
    assert by_quote["talks failed"].coder.name == "Zarghuna"  # the Coding's user, not the selection's
    assert by_quote["Traders"].coder.name == UNKNOWN_CODER  # a coding with no user
    assert by_quote["Kabul denied"].theme.path_label == "Talks › Failed talks"
    assert by_quote["Kabul denied"].memo == "memo 1" and by_quote["Kabul denied"].missing == ("actor", "stance")
    assert report.not_taken == {"PDF sources": 1, "PDF area selections": 2}
    assert "not taken: 2 PDF area selections" in report.summary()


def test_atlas_ti_counts_crlf_once(empty, tmp_path):
    path = write_qdpx(tmp_path / "atlas.qdpx", project_xml("ATLAS.ti 23", [crlf1(TEXT, q) for q in QUOTES]),
                      TEXT.encode("utf-8"), qde="Study.qde")
    report = import_qdpx(empty, path)
    assert report.offset_model == "code points, CRLF = 1" and quotes(empty) == sorted(QUOTES)


def test_qualcoder_counts_over_lf_text_then_saves_bom_and_crlf(empty, tmp_path):
    path = write_qdpx(tmp_path / "qualcoder.qdpx", project_xml("QualCoder 3.5", [crlf1(TEXT, q) for q in QUOTES]),
                      b"\xef\xbb\xbf" + TEXT.encode("utf-8"))
    report = import_qdpx(empty, path)
    assert report.offset_model == "code points, CRLF = 1" and quotes(empty) == sorted(QUOTES)
    assert empty.documents()[0].normalisation == ("line endings to \\n",)


def test_the_model_is_found_from_the_spans_when_the_origin_says_nothing(empty, tmp_path):
    offsets = [utf16_crlf2(TEXT, q) for q in QUOTES]
    path = write_qdpx(tmp_path / "unknown.qdpx", project_xml("SomeTool", offsets, users=False),
                      TEXT.encode("utf-8"))
    report = import_qdpx(empty, path)
    assert report.offset_model == "UTF-16 units, CRLF = 2" and quotes(empty) == sorted(QUOTES)
    # Users missing from <Users>: named after their GUID.
    assert {c.coder.name for c in empty.claims()} == {"User 11111111", UNKNOWN_CODER}


def test_coders_can_be_mapped_onto_existing_ones(empty, tmp_path):
    empty.add_coder("Ayesha")
    path = write_qdpx(tmp_path / "atlas.qdpx", project_xml("ATLAS.ti", [crlf1(TEXT, q) for q in QUOTES]),
                      TEXT.encode("utf-8"))
    import uuid
    report = import_qdpx(empty, path, coders={uuid.UUID("11111111-1111-1111-1111-111111111111"): "Ayesha",
                                              None: "Ayesha"})
    assert {c.coder.name for c in empty.claims()} == {"Ayesha"} and report.coders_added == []


def test_bad_files_are_refused_with_the_file_named_and_nothing_stored(empty, tmp_path):
    not_zip = tmp_path / "broken.qdpx"
    not_zip.write_bytes(b"not a zip")
    with pytest.raises(RefiError, match="broken.qdpx"):
        import_qdpx(empty, not_zip)
    no_qde = tmp_path / "empty.qdpx"
    with zipfile.ZipFile(no_qde, "w") as archive:
        archive.writestr("sources/a.txt", "x")
    with pytest.raises(RefiError, match="no project XML"):
        import_qdpx(empty, no_qde)
    bomb = write_qdpx(tmp_path / "entity.qdpx", '<?xml version="1.0"?><!DOCTYPE p [<!ENTITY a "aaaa">]>'
                      '<Project name="x">&a;</Project>', b"x")
    with pytest.raises(RefiError, match="entity.qdpx"):
        import_qdpx(empty, bomb)
    assert empty.documents() == [] and empty.claims() == []


def test_colours_in_every_form():
    assert parse_color("#ABC") == "#aabbcc" and parse_color("#A1B2C3") == "#a1b2c3"
    assert parse_color("rgba(255,0,10,1)") == "#ff000a" and parse_color("rgb(1, 2, 3)") == "#010203"
    assert parse_color(None) is None and parse_color("blue") is None
