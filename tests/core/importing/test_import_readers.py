"""Each reader on files built here: text in several encodings, Markdown, HTML, Word, PDF, ODT, RTF."""

import datetime as dt

import pytest
from import_file_makers import ARTICLE, make_docx, make_html, make_odt, make_pdf, make_rtf

from afpak_coder.core.importing import read_file
from afpak_coder.core.importing.read_pdf import drop_running_lines, rejoin_hyphenation

ACCENTED = "Café owners in Peshawar said “the crossing matters” – and the naïve hopes of 2023 are gone.\n"


def only(items):
    assert len(items) == 1, items
    return items[0]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"])
def test_text_encodings_are_detected_from_the_bytes(tmp_path, encoding):
    text = ACCENTED * 6 if encoding != "latin-1" else ACCENTED.replace("“", '"').replace("”", '"').replace("–", "-") * 6
    path = tmp_path / f"article-{encoding}.txt"
    path.write_bytes(text.encode(encoding))
    candidate = only(read_file(path))
    assert candidate.text.lstrip("\ufeff") == text
    assert candidate.source_format == "txt"


def test_a_utf8_bom_stays_in_the_candidate_so_that_its_removal_is_recorded(tmp_path, project):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbfTorkham reopened on Monday.\r\nTraders were relieved.\r\n")
    candidate = only(read_file(path))
    document = project.add_document(candidate.text, title=candidate.title)
    assert document.text == "Torkham reopened on Monday.\nTraders were relieved.\n"
    assert document.normalisation == ("removed byte-order mark", "line endings to \\n")


def test_plain_text_title_author_and_date_skip_navigation_lines(tmp_path):
    path = tmp_path / "saved.txt"
    path.write_text("close\nThe Frontier Ledger\nThe Frontier Ledger\n\nBorder talks stall again\n\n"
                    "March 14, 2024\nBy\nSana Qureshi\n\n" + ARTICLE, encoding="utf-8")
    candidate = only(read_file(path))
    assert candidate.title == "Border talks stall again"
    assert candidate.author == "Sana Qureshi"
    assert candidate.published == dt.date(2024, 3, 14)
    assert candidate.text.startswith("close\n")  # the text itself is never trimmed


def test_markdown_front_matter_becomes_metadata(tmp_path):
    path = tmp_path / "note.md"
    path.write_text('---\ntitle: "Chaman sit-in enters third month"\noutlet: Quetta Daily Record\n'
                    "published: 2024-02-01\nregion: Balochistan\n---\n\n# Chaman sit-in\n\nProtesters stayed.\n",
                    encoding="utf-8")
    candidate = only(read_file(path))
    assert candidate.title == "Chaman sit-in enters third month"
    assert candidate.outlet == "Quetta Daily Record"
    assert candidate.published == dt.date(2024, 2, 1)
    assert candidate.variables == {"region": "Balochistan"}
    assert candidate.text == "# Chaman sit-in\n\nProtesters stayed.\n"
    assert any("front matter" in warning for warning in candidate.warnings)


def test_html_main_text_without_navigation_adverts_cookies_or_comment_forms(tmp_path):
    paragraphs = ARTICLE.split("\n\n")
    path = make_html(tmp_path / "page.html", title="Torkham reopens after talks", paragraphs=paragraphs)
    candidate = only(read_file(path))
    for paragraph in paragraphs:
        assert paragraph in candidate.text
    for boilerplate in ("Home", "cookies", "Advertisement", "Leave a reply", "All rights reserved"):
        assert boilerplate not in candidate.text
    assert candidate.title == "Torkham reopens after talks"
    assert candidate.author == "Sana Qureshi"
    assert candidate.outlet == "The Frontier Ledger"
    assert candidate.published == dt.date(2024, 3, 14)
    assert candidate.url == "https://ledger.example/page"
    assert candidate.language == "en"


def test_html_in_a_legacy_encoding(tmp_path):
    paragraphs = [p + " Café owners were “relieved”." for p in ARTICLE.split("\n\n")]
    path = make_html(tmp_path / "legacy.htm", title="Torkham café owners relieved", paragraphs=paragraphs,
                     encoding="cp1252")
    candidate = only(read_file(path))
    assert "Café owners were “relieved”." in candidate.text


def test_docx_paragraphs_tables_and_notes_in_order(tmp_path):
    path = make_docx(tmp_path / "brief.docx", ARTICLE.split("\n\n"), title="Resetting ties", author="A. Author",
                     created=dt.datetime(2025, 4, 7, 9, 30), heading="Resetting ties",
                     table_rows=[["Crossing", "Closed days"], ["Torkham", "27"]],
                     footnotes=["Interview with a trader, March 2025."], endnotes=["Figures from the chamber of commerce."])
    candidate = only(read_file(path))
    text = candidate.text
    assert text.index("Resetting ties") < text.index("Islamabad and Kabul") < text.index("Crossing\tClosed days")
    assert text.index("Torkham\t27") < text.index("After the table.") < text.index("[1] Interview with a trader")
    assert text.index("――――――――――") < text.index("[1] Interview")
    assert text.rstrip().endswith("[i] Figures from the chamber of commerce.")
    assert (candidate.title, candidate.author, candidate.published) == ("Resetting ties", "A. Author", dt.date(2025, 4, 7))


def test_docx_without_title_property_uses_its_heading(tmp_path):
    path = make_docx(tmp_path / "untitled.docx", ["Body text of the brief."], heading="Trade after the closure")
    assert only(read_file(path)).title == "Trade after the closure"


def test_pdf_pages_joined_hyphenation_undone_running_headers_dropped(tmp_path):
    pages = [
        ["Regional Policy Digest", "Trade across the border has fallen as the govern-", "ment kept the crossing shut.", "Page 1"],
        ["Regional Policy Digest", "The Afghanistan-", "Pakistan commission met twice.", "Page 2"],
        ["Regional Policy Digest", "Officials expect a recovery next year.", "Page 3"],
    ]
    path = make_pdf(tmp_path / "digest.pdf", pages, title="Trade after the closure", author="Policy Desk",
                    created=dt.date(2025, 5, 2))
    candidate = only(read_file(path))
    assert "government kept the crossing shut." in candidate.text
    assert "Afghanistan-Pakistan commission" in candidate.text
    assert "Regional Policy Digest" not in candidate.text and "Page 2" not in candidate.text
    assert candidate.text.index("shut.") < candidate.text.index("commission") < candidate.text.index("recovery")
    assert (candidate.title, candidate.author, candidate.published) == (
        "Trade after the closure", "Policy Desk", dt.date(2025, 5, 2))
    assert any("Regional Policy Digest" in warning for warning in candidate.warnings)


def test_pdf_title_from_text_when_metadata_holds_a_file_name(tmp_path):
    path = make_pdf(tmp_path / "x.pdf", [["Torkham trade resumes slowly", "Body text here."]],
                    title="Microsoft Word - draft7.docx")
    assert only(read_file(path)).title == "Torkham trade resumes slowly"


def test_hyphenation_and_running_lines_helpers():
    assert rejoin_hyphenation("re-\nopened and Kabul-\nIslamabad, 2024-\n2025") == "reopened and Kabul-Islamabad, 2024-\n2025"
    pages, removed = drop_running_lines(["Head\nbody one\n1", "Head\nbody two\n2", "Head\nbody three\n3", "body four"])
    assert pages == ["body one", "body two", "body three", "body four"]
    assert removed == ["Head", "1"]
    two_pages = ["Head\nbody one", "Head\nbody two"]
    assert drop_running_lines(two_pages) == (two_pages, [])  # too few pages to tell


def test_odt_headings_paragraphs_tables_and_notes(tmp_path):
    path = make_odt(tmp_path / "memo.odt", ARTICLE.split("\n\n"), title="Crossing reopens", author="Desk",
                    heading="Crossing reopens", note="Source: customs office.", table_rows=[["Trucks", "310"]])
    candidate = only(read_file(path))
    text = candidate.text
    assert text.startswith("Crossing reopens\n\nIslamabad and Kabul agreed")
    assert "Source: customs office." not in text.split("――――――――――")[0]  # the note is not inside the paragraph
    assert "Trucks\t310" in text
    assert text.rstrip().endswith("[1] Source: customs office.")
    assert (candidate.title, candidate.author) == ("Crossing reopens", "Desk")


def test_rtf_text_and_info(tmp_path):
    path = make_rtf(tmp_path / "wire.rtf", ["Café owners said “finally”.", "Second paragraph."],
                    title="Wire: crossing reopens", author="Agency Desk")
    candidate = only(read_file(path))
    assert candidate.text == "Café owners said “finally”.\nSecond paragraph."
    assert (candidate.title, candidate.author, candidate.published) == ("Wire: crossing reopens", "Agency Desk", dt.date(2025, 4, 7))
