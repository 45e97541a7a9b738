from afpak_coder.core.text import detect_direction, direction_for_language, normalise_text, text_sha256


def test_normalisation_records_each_step_it_takes():
    text, steps = normalise_text("\ufeffline one\r\nline two\rcafe\u0301")
    assert text == "line one\nline two\ncaf\u00e9"
    assert steps == ["removed byte-order mark", "line endings to \\n", "Unicode NFC"]


def test_clean_text_is_left_alone():
    assert normalise_text("Torkham reopened.\n") == ("Torkham reopened.\n", [])


def test_hash_is_sha256_of_utf8():
    assert text_sha256("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


def test_direction_from_language_tag_and_from_script():
    assert direction_for_language("ur") == "rtl"
    assert direction_for_language("fa-AF") == "rtl"
    assert direction_for_language("ps") == "rtl"
    assert direction_for_language("en-GB") == "ltr"
    assert direction_for_language(None) is None
    assert detect_direction("پاکستان اور افغانستان کے تعلقات (2024)") == "rtl"
    assert detect_direction("Pakistan and Afghanistan (پاکستان)") == "ltr"


def test_sentence_bounds_in_english_and_urdu():
    from afpak_coder.core.text import sentence_bounds

    text = 'Torkham reopened. Traders said "finally!" Prices fell.\nNew paragraph here'
    assert text[slice(*sentence_bounds(text, 0))] == "Torkham reopened."
    assert text[slice(*sentence_bounds(text, 20))] == 'Traders said "finally!"'
    assert text[slice(*sentence_bounds(text, 45))] == "Prices fell."
    assert text[slice(*sentence_bounds(text, len(text)))] == "New paragraph here"
    urdu = "سرحد کھل گئی۔ تاجر خوش ہیں؟ جی ہاں"
    assert urdu[slice(*sentence_bounds(urdu, 16))] == "تاجر خوش ہیں؟"
