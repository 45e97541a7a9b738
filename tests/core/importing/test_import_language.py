"""Language from the script, and the plain-text metadata guesses. The example sentences were
written for these tests."""

import datetime as dt

import pytest

from afpak_coder.core.importing import detect_language
from afpak_coder.core.importing.heuristics import guess_author, guess_date, guess_title, parse_loose_date

URDU = "پاکستان اور افغانستان کے درمیان سرحد پر تجارت دوبارہ شروع ہو گئی ہے اور تاجر خوش ہیں۔"
PASHTO = "د پاکستان او افغانستان ترمنځ پوله بیا پرانیستل شوه او سوداګرو ښه راغلاست ووایه."
DARI = "مرز میان افغانستان و پاکستان دوباره باز شد و بازرگانان از این تصمیم استقبال کردند."
ARABIC = "أعادت باكستان وأفغانستان فتح المعبر الحدودي بعد محادثات طويلة، ورحب التجار بهذه الخطوة."
ENGLISH = "The crossing at Torkham was reopened on Monday after talks between the two governments."


@pytest.mark.parametrize(("text", "expected"), [
    (URDU, "ur"), (PASHTO, "ps"), (DARI, "fa"), (ARABIC, "ar"), (ENGLISH, "en"),
    ("Die Grenze zwischen beiden Ländern wurde am Montag wieder geöffnet.", None),
    ("Граница между двумя странами снова открыта.", None),
    ("2024 — 17 / 42", None),
])
def test_language_from_the_writing(text, expected):
    assert detect_language(text) == expected


def test_a_quoted_english_phrase_does_not_make_urdu_english():
    assert detect_language(URDU + " (Torkham) " + URDU) == "ur"


def test_a_persian_text_quoting_one_urdu_word_stays_persian():
    assert detect_language(DARI * 5 + " ہے ") == "fa"


@pytest.mark.parametrize(("value", "expected"), [
    ("2025-04-07", dt.date(2025, 4, 7)), ("April 7, 2025", dt.date(2025, 4, 7)),
    ("February 02, 2026", dt.date(2026, 2, 2)), ("7 April 2025", dt.date(2025, 4, 7)),
    ("Published: 14 Sept. 2024", dt.date(2024, 9, 14)), ("Mon 3rd March 2025", dt.date(2025, 3, 3)),
    (dt.datetime(2024, 5, 6, 7, 8), dt.date(2024, 5, 6)), ("February 30, 2025", None), ("soon", None), (None, None),
])
def test_loose_dates(value, expected):
    assert parse_loose_date(value) == expected


def test_title_skips_one_word_lines_repeats_dates_and_bylines():
    text = "Menu\nDaily Ledger\nDaily Ledger\nMarch 3, 2025\nBy Staff Reporter\nTalks resume in Doha\nBody."
    assert guess_title(text) == "Talks resume in Doha"
    assert guess_author(text) == "Staff Reporter"
    assert guess_date(text) == dt.date(2025, 3, 3)


def test_no_title_when_the_text_starts_with_a_paragraph():
    assert guess_title("x" * 250 + "\nShort line here") is None


def test_markdown_heading_marks_are_not_part_of_the_title():
    assert guess_title("# Border diary, week two\n\nText") == "Border diary, week two"
