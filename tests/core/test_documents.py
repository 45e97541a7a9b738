import datetime as dt

import pytest

from afpak_coder.core.errors import DuplicateError, InUseError, NotFoundError, ValidationError


def test_a_document_keeps_its_text_and_metadata(project):
    document = project.add_document(
        "Torkham reopened after nine days.\r\n", title="Torkham reopens", outlet="The Frontier Ledger",
        author="S. Q.", published="2024-03-14", url="https://ledger.example/1", language="en",
        genre="news", variables={"outlet_country": "Pakistan", "pages": 2, "seen": dt.date(2024, 3, 15)},
    )
    assert document.text == "Torkham reopened after nine days.\n"
    assert document.normalisation == ("line endings to \\n",)
    assert document.published == dt.date(2024, 3, 14)
    assert document.direction == "ltr"
    assert document.length == len(document.text)
    assert document.variables == {"outlet_country": "Pakistan", "pages": 2, "seen": "2024-03-15"}
    again = project.documents()[0]
    assert (again.title, again.outlet, again.author, again.url, again.genre) == (
        "Torkham reopens", "The Frontier Ledger", "S. Q.", "https://ledger.example/1", "news")
    assert again.text == document.text


def test_urdu_text_is_marked_right_to_left(project):
    by_language = project.add_document("طورخم کی سرحد دوبارہ کھل گئی۔", title="ur", language="ur")
    by_script = project.add_document("سرحد پر تجارت بحال ہو گئی۔", title="detected")
    assert by_language.direction == by_script.direction == "rtl"


def test_the_same_text_twice_is_refused_naming_the_first(project):
    project.add_document("Same words.", title="First copy")
    with pytest.raises(DuplicateError, match="'First copy'"):
        project.add_document("Same words.", title="Second copy")
    assert len(project.documents()) == 1


@pytest.mark.parametrize("text", ["", "   \n\t "])
def test_empty_text_is_refused(project, text):
    with pytest.raises(ValidationError, match="empty"):
        project.add_document(text, title="blank")
    assert project.documents() == []


def test_untitled_documents_take_their_first_line(project):
    assert project.add_document("\n  Headline here\nBody.").title == "Headline here"


def test_metadata_is_editable_but_text_is_not(project):
    document = project.add_document("Body.", title="Old")
    updated = project.update_document(document, title="New", published="2025-01-31", variables={"type": "op-ed"})
    assert (updated.title, updated.published, updated.variables) == ("New", dt.date(2025, 1, 31), {"type": "op-ed"})
    with pytest.raises(ValidationError, match="cannot change"):
        project.update_document(document, text="Other body.")
    with pytest.raises(ValidationError, match="not a date"):
        project.update_document(document, published="31/01/2025")
    with pytest.raises(ValidationError, match="no field"):
        project.update_document(document, colour="red")
    assert project.document(document.id).text == "Body."


def test_a_document_with_claims_is_not_deleted_silently(project):
    document = project.add_document("Islamabad and Kabul met.", title="talks")
    project.add_claim(document=document, coder=project.add_coder("A"), start=0, end=9,
                      theme="Bilateral talks and visits", actor="Pakistani government", stance=1)
    with pytest.raises(InUseError, match="1 claims"):
        project.delete_document(document)
    project.delete_document(document, with_claims=True)
    assert project.documents() == [] and project.claims() == []
    with pytest.raises(NotFoundError):
        project.document(document.id)


def test_coders_have_unique_names_and_colours(project):
    first = project.add_coder("Ayesha", "#1F77B4")
    second = project.add_coder("Bilal")
    assert first.color == "#1f77b4" and second.color.startswith("#")
    with pytest.raises(DuplicateError):
        project.add_coder("Ayesha")
    with pytest.raises(ValidationError, match="#RRGGBB"):
        project.add_coder("Clara", "red")
    assert [c.name for c in project.coders()] == ["Ayesha", "Bilal"]
    assert project.update_coder("Bilal", name="Bilal K.").name == "Bilal K."


def test_coding_status_per_coder_and_document(project):
    document = project.add_document("Text.", title="t")
    coder = project.add_coder("A")
    assert project.statuses() == {}
    project.set_status(document, coder, "in progress")
    project.set_status(document, coder, "done")
    assert project.statuses(coder) == {(document.id, coder.id): "done"}
    with pytest.raises(ValidationError, match="not one of"):
        project.set_status(document, coder, "finished")
