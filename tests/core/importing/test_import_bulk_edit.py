"""Editing the metadata of many documents at once, after the import."""

import datetime as dt

import pytest

from afpak_coder.core.errors import ValidationError
from afpak_coder.core.importing import update_documents


@pytest.fixture
def three(project):
    return [project.add_document(f"Text of document {n}.", title=f"Doc {n}", outlet="Old outlet",
                                 variables={"region": "Kabul", "keep": n}) for n in range(3)]


def test_fields_and_variables_change_on_every_document(project, three):
    project.define_variable("circulation", "number")
    updated = update_documents(project, three, {"outlet": "Khyber Courier", "published": "2025-04-07", "genre": None},
                               set_variables={"outlet_country": "Pakistan", "circulation": "12000"},
                               remove_variables=["region"])
    assert [d.title for d in updated] == ["Doc 0", "Doc 1", "Doc 2"]
    for n, document in enumerate(project.documents()):
        assert (document.outlet, document.published, document.genre) == ("Khyber Courier", dt.date(2025, 4, 7), None)
        assert document.variables == {"keep": n, "outlet_country": "Pakistan", "circulation": 12000}


def test_a_bad_value_changes_nothing(project, three):
    project.define_variable("circulation", "number")
    with pytest.raises(ValidationError, match="'circulation': 'lots' is not a number"):
        update_documents(project, three, {"outlet": "New"}, set_variables={"circulation": "lots"})
    with pytest.raises(ValidationError, match="not a date"):
        update_documents(project, three, {"outlet": "New", "published": "yesterday"})
    with pytest.raises(ValidationError, match="a title cannot be set for several documents"):
        update_documents(project, three, {"title": "Same"})
    assert {d.outlet for d in project.documents()} == {"Old outlet"}


def test_one_document_can_get_a_new_title(project, three):
    [updated] = update_documents(project, three[:1], {"title": "Renamed", "direction": "rtl"})
    assert (updated.title, updated.direction) == ("Renamed", "rtl")
