"""The document details dialog, for one document and for many at once."""

import datetime as dt

from PySide6.QtCore import Qt

from afpak_coder.gui.importing.import_metadata_dialog import VARIOUS, DocumentDetailsDialog


def test_many_documents_only_what_was_touched_changes(qtbot, project):
    documents = [project.add_document(f"Text {n}.", title=f"Doc {n}", outlet=f"Outlet {n}", author="Same author",
                                      variables={"region": "Kabul" if n else "Quetta"}) for n in range(3)]
    dialog = DocumentDetailsDialog(project, documents)
    qtbot.addWidget(dialog)
    assert not dialog.fields["title"].isEnabled()
    assert dialog.fields["outlet"].text() == "" and dialog.fields["outlet"].placeholderText() == VARIOUS
    assert dialog.fields["author"].text() == "Same author"
    qtbot.keyClicks(dialog.fields["genre"], "op-ed")
    qtbot.keyClicks(dialog.fields["published"], "2025-04-07")
    dialog.set_variable("outlet_country", "Pakistan")
    with qtbot.waitSignal(dialog.saved, timeout=10000):
        qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Save), Qt.MouseButton.LeftButton)
    stored = project.documents()
    assert [d.outlet for d in stored] == ["Outlet 0", "Outlet 1", "Outlet 2"]  # untouched: kept
    assert {(d.genre, d.published, d.author) for d in stored} == {("op-ed", dt.date(2025, 4, 7), "Same author")}
    assert [d.variables for d in stored] == [{"region": "Quetta", "outlet_country": "Pakistan"},
                                             {"region": "Kabul", "outlet_country": "Pakistan"},
                                             {"region": "Kabul", "outlet_country": "Pakistan"}]


def test_one_document_title_and_removing_a_variable(qtbot, project):
    document = project.add_document("Text.", title="Old title", variables={"region": "Kabul", "wave": "1"})
    dialog = DocumentDetailsDialog(project, [document])
    qtbot.addWidget(dialog)
    dialog.fields["title"].selectAll()
    qtbot.keyClicks(dialog.fields["title"], "New title")
    dialog.variables.selectRow(0)
    qtbot.mouseClick(dialog.findChild(type(dialog.buttons.buttons()[0]), "removeVariable"), Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(dialog.saved, timeout=10000):
        dialog.save()
    stored = project.document(document.id)
    assert (stored.title, stored.variables) == ("New title", {"wave": "1"})


def test_a_bad_date_is_shown_in_the_dialog_and_nothing_changes(qtbot, project):
    document = project.add_document("Text.", title="Doc", outlet="Kept")
    dialog = DocumentDetailsDialog(project, [document])
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.fields["published"], "last week")
    dialog.fields["outlet"].selectAll()
    qtbot.keyClicks(dialog.fields["outlet"], "Changed")
    task = dialog.save()
    with qtbot.waitSignal(task.finished, timeout=10000):
        pass
    assert dialog.message.text() == "published: 'last week' is not a date (use YYYY-MM-DD)"
    assert project.document(document.id).outlet == "Kept"
    dialog.show()
    dialog.grab().save("/tmp/document_details.png")
