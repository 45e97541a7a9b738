"""Issue 10, item 6: a draft is never dropped silently — switching document, closing the project or
the window, closing the codebook editor with unsaved edits all ask Save / Discard / Cancel."""

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from afpak_coder.core.project import open_project
from afpak_coder.gui.codebook.codebook_editor import CodebookEditor
from afpak_coder.gui.workspace import draft_guard

from gui_helpers import REAL_ASK_ABOUT_DRAFT, my_claims, open_doc, select


def fill_draft(window, start=0, end=40):
    """A passage, a theme and a memo entered, not saved."""
    select(window, start, end)
    panel = window.coding_panel
    panel.themes.set_current(window.project.theme("Border closures, crossings and trade").id)
    QTest.keyClicks(panel.memo, "unsaved thought")
    QTest.keyClicks(panel.actor.lineEdit(), "Traders and transporters")


def test_closing_the_window_with_a_draft_asks_and_cancel_keeps_everything(coding, drafts):
    document = open_doc(coding, "Torkham reopens")
    fill_draft(coding)
    drafts.answer = "cancel"
    assert not coding.close()
    assert coding.isVisible() and drafts.asked
    assert coding.project is not None and coding.coding_panel.memo.toPlainText() == "unsaved thought"
    assert coding.coding_panel.span == (0, 40)
    path = coding.project.path
    drafts.answer = "save"
    assert coding.close()
    assert coding.project is None
    with open_project(path) as project:  # Save stored the draft before the window closed
        (claim,) = [c for c in project.claims(document=document.id, coder="Ayesha") if (c.start, c.end) == (0, 40)]
        assert claim.memo == "unsaved thought" and claim.actor.name == "Traders and transporters"


def test_switching_document_with_a_draft_asks_save_discard_cancel(coding, drafts, qtbot):
    first = open_doc(coding, "Torkham reopens")
    fill_draft(coding, 10, 50)
    drafts.answer = "cancel"
    open_doc(coding, "Deportations are not")
    assert coding.document_view.document_shown == first  # Cancel: still on the draft's document
    first_row = coding.documents_proxy.mapFromSource(coding.documents_model.index(coding.documents_model.row_of(first.id), 0)).row()
    qtbot.waitUntil(lambda: [i.row() for i in coding.documents_table.selectionModel().selectedRows()] == [first_row])
    assert coding.coding_panel.memo.toPlainText() == "unsaved thought"
    drafts.answer = "save"
    second = open_doc(coding, "Deportations are not")
    assert second.title.startswith("Deportations") and len(drafts.asked) == 2
    assert [c.memo for c in my_claims(coding, first) if (c.start, c.end) == (10, 50)] == ["unsaved thought"]
    assert coding.coding_panel.memo.toPlainText() == ""
    fill_draft(coding, 5, 25)
    drafts.answer = "discard"
    open_doc(coding, "Torkham reopens")
    assert not [c for c in my_claims(coding, second) if (c.start, c.end) == (5, 25)]
    assert coding.coding_panel.memo.toPlainText() == "" and coding.coding_panel.span is None


def test_the_question_is_a_real_message_box_and_cancel_is_its_escape(coding, monkeypatch):
    monkeypatch.setattr(draft_guard, "ask_about_draft", REAL_ASK_ABOUT_DRAFT)
    document = open_doc(coding, "Torkham reopens")
    fill_draft(coding)
    seen = []

    def answer():
        box = QApplication.activeModalWidget()
        seen.append((box.text(), [b.text() for b in box.buttons()]))
        box.button(QMessageBox.StandardButton.Cancel).click()

    QTimer.singleShot(50, answer)
    assert not coding.close_project()
    assert seen and "Save the new claim" in seen[0][0]
    assert {"Save", "Discard", "Cancel"} <= {text.replace("&", "") for text in seen[0][1]}
    assert coding.project is not None and coding.document_view.document_shown == document

    def discard():
        QApplication.activeModalWidget().button(QMessageBox.StandardButton.Discard).click()

    QTimer.singleShot(50, discard)
    assert coding.close_project() and coding.project is None


def find_theme(editor, name):
    (item,) = editor.theme_tree.findItems(name, Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive)
    return item


def test_closing_the_codebook_editor_with_a_typed_definition_asks(coding, qtbot, drafts):
    editor = CodebookEditor(coding.project, coding.controller, coding)
    qtbot.addWidget(editor)
    editor.show()
    theme = coding.project.theme("Third-party mediation")
    editor.theme_tree.setCurrentItem(find_theme(editor, "Third-party mediation"))
    editor.theme_definition.setPlainText("Talks brokered by a third state.")
    drafts.answer = "cancel"
    editor.close()  # the window's X
    assert editor.isVisible() and "the theme “Third-party mediation”" in drafts.asked[-1]
    drafts.answer = "save"
    editor.close()
    assert not editor.isVisible()
    assert coding.project.theme(theme.id).definition == "Talks brokered by a third state."
    editor = CodebookEditor(coding.project, coding.controller, coding)
    qtbot.addWidget(editor)
    editor.show()
    editor.theme_tree.setCurrentItem(find_theme(editor, "Third-party mediation"))
    editor.theme_name.setText("Mediation (typo")
    drafts.answer = "discard"
    editor.close()
    assert not editor.isVisible() and coding.project.theme(theme.id).name == "Third-party mediation"


def test_choosing_another_codebook_entry_with_unsaved_edits_asks(coding, qtbot, drafts):
    editor = CodebookEditor(coding.project, coding.controller, coding)
    qtbot.addWidget(editor)
    editor.show()
    first, second, third = (coding.project.theme(n) for n in ("Third-party mediation", "India's role", "China and CPEC"))
    editor.theme_tree.setCurrentItem(find_theme(editor, first.name))
    editor.theme_definition.setPlainText("typed for mediation")
    drafts.answer = "cancel"
    editor.theme_tree.setCurrentItem(find_theme(editor, second.name))
    assert "the theme “Third-party mediation”" in drafts.asked[-1]
    assert editor.theme_tree.currentItem().text(0) == first.name
    assert editor.theme_definition.toPlainText() == "typed for mediation"
    editor.refresh()  # a rebuild (after any codebook action or undo) keeps what was typed
    assert editor.theme_definition.toPlainText() == "typed for mediation"
    drafts.answer = "save"
    editor.theme_tree.setCurrentItem(find_theme(editor, second.name))
    assert coding.project.theme(first.id).definition == "typed for mediation"
    assert editor.theme_tree.currentItem().text(0) == second.name
    assert editor.theme_definition.toPlainText() == second.definition
    editor.theme_name.setText("India (typo")
    drafts.answer = "discard"
    editor.theme_tree.setCurrentItem(find_theme(editor, third.name))
    assert coding.project.theme(second.id).name == "India's role"
    assert editor.theme_name.text() == third.name
    asked = len(drafts.asked)
    editor.close()  # nothing typed since: closes without a question
    assert not editor.isVisible() and len(drafts.asked) == asked
