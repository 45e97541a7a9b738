"""The one sentence splitter (core.text), used by triple-click selection and the agreement's
sentence unit. The example sentences are our own."""

import pytest

from afpak_coder.analysis import units
from afpak_coder.core import text as core_text
from afpak_coder.core.text import sentence_bounds, sentence_spans


def sentences(text):
    return [text[a:b] for a, b in sentence_spans(text)]


@pytest.mark.parametrize("text, expected", [
    ("Mr. Khan met Gen. Munir. He left.", ["Mr. Khan met Gen. Munir.", "He left."]),
    ("Dr. Rahimi flew to the U.S. on Monday. Talks began.", ["Dr. Rahimi flew to the U.S. on Monday.", "Talks began."]),
    ("Road No. 5 was shut. Traders waited.", ["Road No. 5 was shut.", "Traders waited."]),
    ("I said no. Then I left.", ["I said no.", "Then I left."]),
    ("Trade fell in 2025.³ Another year passed.", ["Trade fell in 2025.³", "Another year passed."]),
    ("Talks failed.[12] Fighting resumed.", ["Talks failed.[12]", "Fighting resumed."]),
    ("Talks failed.12 Fighting resumed.", ["Talks failed.12", "Fighting resumed."]),
    ("Prices rose 3.5 percent. Buyers left.", ["Prices rose 3.5 percent.", "Buyers left."]),
    ('He said "We will not accept it." Kabul denied it!', ['He said "We will not accept it."', "Kabul denied it!"]),
    ("“Will you reopen?” he asked. Nobody answered.", ["“Will you reopen?” he asked.", "Nobody answered."]),
    ("Regional actors, e.g. China, stayed quiet. Then Iran spoke.", ["Regional actors, e.g. China, stayed quiet.", "Then Iran spoke."]),
    ("S. Qureshi reported it. It was late.", ["S. Qureshi reported it.", "It was late."]),
    ("First line without a stop\nSecond line.", ["First line without a stop", "Second line."]),
])
def test_english_sentences(text, expected):
    assert sentences(text) == expected


def test_urdu_dari_and_pashto_full_stops_and_question_marks():
    assert sentences("چمن میں دھرنا جاری ہے۔ تاجروں نے سرحد کھولنے کا مطالبہ کیا؟ جی ہاں") == [
        "چمن میں دھرنا جاری ہے۔", "تاجروں نے سرحد کھولنے کا مطالبہ کیا؟", "جی ہاں"]
    assert sentences("حکومت پاکستان گفت. طالبان رد کردند.") == ["حکومت پاکستان گفت.", "طالبان رد کردند."]  # Dari
    assert sentences("د پاکستان حکومت وویل. طالبانو رد کړه؟ هو") == [  # Pashto
        "د پاکستان حکومت وویل.", "طالبانو رد کړه؟", "هو"]


def test_bounds_are_the_sentence_around_a_position():
    text = "Mr. Khan spoke in 2024.² The U.S. envoy listened. Nobody agreed.\nA new paragraph."
    first = text[slice(*sentence_bounds(text, text.index("Khan")))]
    assert first == "Mr. Khan spoke in 2024.²"
    assert text[slice(*sentence_bounds(text, text.index("envoy")))] == "The U.S. envoy listened."
    assert text[slice(*sentence_bounds(text, len(text)))] == "A new paragraph."
    assert text[slice(*sentence_bounds(text, text.index(" The")))] == "The U.S. envoy listened."  # the gap
    assert sentence_bounds("", 0) == (0, 0)


def test_bounds_agree_with_the_spans_everywhere():
    text = "Gen. Asim met Mr. Dar.¹ They talked. “Enough!” said one.\n\nThe U.N. (No. 4) report. Done"
    spans = sentence_spans(text)
    for position in range(len(text)):
        low, high = sentence_bounds(text, position)
        if low == high:  # an empty paragraph has no sentence
            assert text[position] == "\n" and text[position - 1] == "\n"
            continue
        assert (low, high) in spans
        assert low <= position < high or text[position].isspace()


def test_the_agreement_sentence_unit_uses_the_same_splitter():
    assert units.sentence_spans is core_text.sentence_spans
