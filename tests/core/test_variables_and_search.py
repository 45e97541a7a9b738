import pytest

from afpak_coder.core.errors import DuplicateError, InUseError, ValidationError


def test_new_variables_are_defined_from_their_first_values(project):
    project.add_document("One.", title="a", variables={"outlet_country": "Pakistan", "circulation": 120000,
                                                        "founded": "1947-08-14"})
    kinds = {v.name: v.kind for v in project.variables()}
    assert kinds == {"outlet_country": "text", "circulation": "number", "founded": "date"}
    with pytest.raises(ValidationError, match="'circulation': 'many' is not a number"):
        project.add_document("Two.", title="b", variables={"circulation": "many"})
    assert len(project.documents()) == 1


def test_category_variables_only_take_their_categories(project):
    project.define_variable("outlet_type", "category", ["newspaper", "think tank", "blog"])
    document = project.add_document("One.", title="a", variables={"outlet_type": "blog"})
    with pytest.raises(ValidationError, match="not one of newspaper, think tank, blog"):
        project.update_document(document, variables={"outlet_type": "magazine"})
    with pytest.raises(DuplicateError):
        project.define_variable("outlet_type")
    with pytest.raises(ValidationError, match="kind 'colour'"):
        project.define_variable("x", "colour")


def test_renaming_a_variable_carries_its_values(project):
    document = project.add_document("One.", title="a", variables={"country": "India"})
    project.update_variable("country", name="outlet_country")
    assert project.document(document).variables == {"outlet_country": "India"}
    with pytest.raises(InUseError, match="1 documents"):
        project.delete_variable("outlet_country")
    project.delete_variable("outlet_country", with_values=True)
    assert project.document(document).variables == {} and project.variables() == []


def test_search_finds_words_and_phrases_with_their_context(project):
    first = project.add_document("Trucks queued at Torkham for days.\nThe Torkham gate opened on Friday.", title="gate")
    project.add_document("Chaman traders protested the passport rule.", title="chaman")
    hits = project.search("torkham")
    assert [(h.document, h.start, h.end, h.match) for h in hits] == [
        (first, 17, 24, "Torkham"), (first, 39, 46, "Torkham")]
    assert hits[1].before == "Trucks queued at Torkham for days. The"
    assert hits[1].after.startswith("gate opened")
    assert [h.match for h in project.search('"passport rule"')] == ["passport rule"]
    assert project.search("torkham passport") == []  # all terms must occur in one document
    assert project.search("   ") == []
    assert project.search("AND OR NEAR") == []  # operators are searched as words, never an error


def test_search_handles_urdu_and_emoji_offsets(project):
    body = "🇵🇰 چمن کی سرحد پر تجارت"
    document = project.add_document(body, title="ur", language="ur")
    (hit,) = project.search("سرحد")
    assert body[hit.start:hit.end] == "سرحد" and hit.document == document


def test_search_reads_texts_and_forgets_deleted_documents(project):
    document = project.add_document("Body about trade.", title="Old headline")
    project.update_document(document, title="Kunar river dispute")
    assert project.search("headline") == []  # titles are filtered in the document list instead
    assert [h.match for h in project.search("trade")] == ["trade"]
    project.delete_document(document)
    assert project.search("trade") == []
