"""Better guesses at import: headlines rather than logos or file names, author and outlet from a
page's own tags, the region's date forms (day first unless switched), unreadable dates reported,
duplicates marked in the preview. All pages and texts here are written for these tests."""

import datetime as dt

import pandas as pd
import pytest

from afpak_coder.core.importing import ImportCandidate, ImportOptions, import_paths, mark_duplicates, preview, read_file
from afpak_coder.core.importing.heuristics import date_order, parse_loose_date, plausible_title

from import_file_makers import ARTICLE, make_pdf

PARAGRAPHS = "".join(f"<p>{paragraph}</p>" for paragraph in ARTICLE.split("\n\n"))

# A scraped op-ed: the page's <title> is the logo's text, the headline a bold paragraph, the byline
# a line of text, the outlet only in og:site_name. trafilatura alone takes "Overview Logo".
LOGO_PAGE = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>Overview Logo</title>
<meta property="og:site_name" content="Khyber Review"></head><body>
<div class="top"><img src="l.png" alt="Overview Logo"></div>
<div class="post"><p class="hed"><strong>Visa rules leave Afghan students stranded</strong></p>
<p>By Omar Baig</p>{PARAGRAPHS}</div></body></html>"""

# Open Graph tags with the site's name after the headline, and the author in a meta tag.
TAGGED_PAGE = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<meta property="og:site_name" content="The Frontier Ledger">
<meta property="og:title" content="Trade at Torkham needs rules, not slogans | The Frontier Ledger">
<meta name="author" content="Sana Qureshi"></head><body>
<header><a href="/"><img src="logo.png" alt="Overview Logo"></a></header>
<main><article>{PARAGRAPHS}</article></main></body></html>"""

# An Urdu-dated page whose headline is an h2 and whose date is written with Urdu digits and month.
URDU_DATED_PAGE = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>Overview Logo</title></head>
<body><div class="story"><h2 class="story-title">Kabul and Islamabad talk past each other on refugees</h2>
<p>۱۴ مارچ ۲۰۲۴</p>{PARAGRAPHS}</div></body></html>"""


def read_page(tmp_path, name, html):
    path = tmp_path / name
    path.write_text(html, encoding="utf-8")
    (candidate,) = read_file(path)
    return candidate


def test_a_logo_is_never_the_title_of_a_saved_page(tmp_path):
    candidate = read_page(tmp_path, "scraped-oped.html", LOGO_PAGE)
    assert candidate.title == "Visa rules leave Afghan students stranded"
    assert candidate.author == "Omar Baig" and candidate.outlet == "Khyber Review"


def test_open_graph_title_loses_the_site_name_and_meta_author_is_used(tmp_path):
    candidate = read_page(tmp_path, "page.html", TAGGED_PAGE)
    assert candidate.title == "Trade at Torkham needs rules, not slogans"
    assert (candidate.author, candidate.outlet) == ("Sana Qureshi", "The Frontier Ledger")


def test_a_heading_and_an_urdu_date_on_a_page_without_tags(tmp_path):
    candidate = read_page(tmp_path, "refugees.html", URDU_DATED_PAGE)
    assert candidate.title == "Kabul and Islamabad talk past each other on refugees"
    assert candidate.published == dt.date(2024, 3, 14)


def test_a_pdf_whose_metadata_title_is_its_file_name_gets_its_headline(tmp_path):
    path = make_pdf(tmp_path / "analysis-0412.pdf", [["Why the Durand Line keeps returning", "", *ARTICLE.split("\n\n")]],
                    title="analysis-0412")
    (candidate,) = read_file(path)
    assert candidate.title == "Why the Durand Line keeps returning"


@pytest.mark.parametrize("written", ["14/03/2024", "14.03.2024", "14-03-2024", "2024/03/14", "2024-03-14",
                                     "۱۴ مارچ ۲۰۲۴", "۱۴/۰۳/۲۰۲۴", "14 مارچ 2024", "March 14, 2024",
                                     "14 March 2024", "Published: 14 Mar 2024"])
def test_the_regions_date_forms(written):
    assert parse_loose_date(written) == dt.date(2024, 3, 14)


def test_numeric_dates_are_day_first_unless_switched():
    assert parse_loose_date("03/04/2024") == dt.date(2024, 4, 3)
    with date_order(day_first=False):
        assert parse_loose_date("03/04/2024") == dt.date(2024, 3, 4)
        assert parse_loose_date("14/03/2024") == dt.date(2024, 3, 14)  # only one reading exists
    assert parse_loose_date("03/04/2024") == dt.date(2024, 4, 3)


@pytest.mark.parametrize("unreadable", ["spring 2024", "1403/01/01", "۱۴۰۳/۰۱/۰۱", "31/02/2024", "soon"])
def test_what_is_no_date_is_none(unreadable):
    assert parse_loose_date(unreadable) is None


def test_the_month_first_setting_reaches_the_readers(tmp_path):
    path = tmp_path / "dispatch.txt"
    path.write_text("Talks resume at Torkham\n\n03/04/2024\n\n" + ARTICLE, encoding="utf-8")
    (day_first,) = read_file(path)
    (month_first,) = read_file(path, ImportOptions(day_first=False))
    assert (day_first.published, month_first.published) == (dt.date(2024, 4, 3), dt.date(2024, 3, 4))


def test_an_unreadable_csv_date_is_reported_not_dropped(project, tmp_path):
    sheet = tmp_path / "corpus.csv"
    pd.DataFrame({"title": ["Talks resume", "Crossing shut"], "text": ["First. " + ARTICLE, "Second. " + ARTICLE],
                  "published": ["14/03/2024", "the week after Eid"]}).to_csv(sheet, index=False)
    report = import_paths(project, [sheet], ImportOptions(text_column="text"))
    dates = {d.title: d.published for d in project.documents()}
    assert dates == {"Talks resume": dt.date(2024, 3, 14), "Crossing shut": None}
    assert "  warning  corpus.csv, row 3: date 'the week after Eid' not understood; left empty" in report.lines()


def test_duplicates_are_marked_in_the_preview_before_import(project, tmp_path):
    project.add_document("Already here\n\n" + ARTICLE, title="Already here")
    (tmp_path / "a.txt").write_text("Already here\n\n" + ARTICLE, encoding="utf-8")
    (tmp_path / "b.txt").write_text("A new dispatch\n\nOther text, written once.", encoding="utf-8")
    (tmp_path / "c.txt").write_text("A new dispatch\n\nOther text, written once.", encoding="utf-8")
    items = preview([tmp_path])
    assert mark_duplicates(project, items) == 2
    warnings = {item.label: item.warnings for item in items if isinstance(item, ImportCandidate)}
    assert warnings["a.txt"] == ['duplicate: the same text is already document #1 "Already here"']
    assert warnings["b.txt"] == [] and warnings["c.txt"] == ["duplicate: the same text as b.txt"]
    assert len(project.documents()) == 1  # nothing stored by the preview


@pytest.mark.parametrize("title", ["Overview Logo", "Home", "analysis-0412", "The Frontier Ledger"])
def test_furniture_and_names_are_no_headlines(title):
    assert plausible_title(title, site="The Frontier Ledger", file_stem="analysis-0412") is None
