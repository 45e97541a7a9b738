"""The codebook editor dialog, driven through its widgets."""

import pytest
from PySide6.QtCore import Qt

from afpak_coder.gui.codebook.codebook_editor import IdRole, CodebookEditor


@pytest.fixture
def editor(qtbot, window, tmp_path):
    import afpak_coder

    path = tmp_path / "study.afpak"
    with afpak_coder.create_project(path) as project:
        document = project.add_document("Islamabad and Kabul met in Doha.", title="talks")
        project.add_coder("Ayesha")
        project.add_claim(document=document, coder="Ayesha", start=0, end=9, theme="Third-party mediation",
                          actor="Pakistani government", stance=1)
    window.open_path(path)
    dialog = CodebookEditor(window.project, window.controller, window)
    qtbot.addWidget(dialog)
    return dialog


def select_theme(editor, name):
    items = editor.theme_tree.findItems(name, Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive)
    editor.theme_tree.setCurrentItem(items[0])


def select_in_list(widget, text_start):
    for row in range(widget.count()):
        if widget.item(row).text().startswith(text_start):
            widget.setCurrentRow(row)
            return
    raise AssertionError(text_start)


def test_rename_and_define_a_theme(editor, window):
    select_theme(editor, "Third-party mediation")
    assert editor.theme_name.text() == "Third-party mediation"
    editor.theme_name.setText("Mediation")
    editor.theme_definition.setPlainText("Talks brokered by a third state.")
    editor.findChild(object, "saveTheme").click()
    theme = window.project.theme("Mediation")
    assert theme.definition == "Talks brokered by a third state."
    assert any(i.text(0).endswith("Mediation") for i in window.coding_panel.themes._items.values())
    assert window.project.claims()[0].theme == theme


def test_drag_to_move_reports_the_new_parent(editor, window):
    theme = window.project.theme("Shared history and identity")
    diplomacy = window.project.theme("Diplomacy")
    editor.theme_tree.moved.emit(theme.id, diplomacy.id, 0)
    assert window.project.theme(theme.id).path == ("Diplomacy", "Shared history and identity")
    window.actions.undo.trigger()
    assert window.project.theme(theme.id).path[0] == "Governance & identity"


def test_edit_actor_aliases_and_type(editor, window):
    editor.tabs.setCurrentIndex(1)
    select_in_list(editor.actor_list, "Qatar")
    editor.actor_aliases.setText("Doha; Qatari mediators")
    editor.actor_type.setCurrentText("state")
    editor.findChild(object, "saveActor").click()
    actor = window.project.actor("Qatar")
    assert actor.aliases == ("Doha", "Qatari mediators") and actor.type == "state"
    assert editor.actor_list.currentItem().data(IdRole) == actor.id


def test_relabel_a_stance_level(editor, window):
    editor.tabs.setCurrentIndex(2)
    select_in_list(editor.stance_list, "-2")
    editor.stance_label.setText("Hostile")
    editor.findChild(object, "saveStance").click()
    assert window.project.stance_levels()[0].label == "Hostile"
    assert "Hostile" in window.coding_panel.stance_group.buttons()[0].toolTip()


def test_a_refused_change_is_explained(editor, window, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, message: warnings.append(message))
    select_theme(editor, "Security")
    editor.theme_name.setText("Diplomacy")
    editor.findChild(object, "saveTheme").click()
    assert warnings and "already exists" in warnings[0]
    assert window.project.theme("Security").name == "Security"


def test_undoing_the_deletion_of_an_archived_theme_keeps_it_archived(editor, window):
    from afpak_coder.gui.codebook.codebook_commands import CodebookActions

    actions = CodebookActions(window.project, window.controller)
    theme = actions.update_theme(window.project.theme("Shared history and identity"), archived=True)
    actions.delete_theme(theme)
    window.actions.undo.trigger()
    restored = window.project.theme(theme.id)
    assert restored.archived and restored.path == theme.path
