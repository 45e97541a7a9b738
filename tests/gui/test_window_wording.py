"""Messages read as English and name the menus and actions as they are."""

from PySide6.QtWidgets import QDialog

from afpak_coder.gui.exporting.export_dialog import ExportDialog

from gui_helpers import CoderChoice, choose, enter, my_claims, open_doc, select


def menu_texts(window, menu):
    return [a.text().replace("&", "") for a in window.actions.menus[menu].actions()]


def test_saving_without_codes_asks_for_a_theme_and_an_actor(coding):
    document = open_doc(coding, "Torkham reopens")
    start = document.text.index("Transporters' associations")
    select(coding, start, start + 26)
    enter(coding)
    assert coding.coding_panel.message.text() == "Choose a theme and an actor before saving."
    choose(coding, "Border closures, crossings and trade", "Traders and transporters")
    coding.coding_panel.actor.setCurrentText("")  # the actor cleared again
    enter(coding)
    assert coding.coding_panel.message.text() == "Choose an actor before saving."


def test_undo_and_redo_say_which_action_they_took_back(coding):
    document = open_doc(coding, "Torkham reopens")
    start = document.text.index("Transporters' associations")
    select(coding, start, start + 26)
    choose(coding, "Border closures, crossings and trade", "Traders and transporters", stance=-1)
    enter(coding)
    claim = next(c for c in my_claims(coding, document) if c.start == start)
    coding.controller.delete_claim(claim.id)
    status = coding.statusBar()
    coding.actions.undo.trigger()
    assert status.currentMessage() == "Saved: “Delete claim” undone"
    assert any(c.id == claim.id for c in my_claims(coding, document))
    coding.actions.redo.trigger()
    assert status.currentMessage() == "Saved: “Delete claim” redone"
    assert all(c.id != claim.id for c in my_claims(coding, document))
    coding.actions.undo.trigger()
    coding.actions.undo.trigger()
    assert status.currentMessage() == "Saved: “Add claim” undone"
    assert all(c.id != claim.id for c in my_claims(coding, document))


def test_without_a_coder_the_status_bar_names_the_real_menu(qtbot, settings, sample_file, tmp_path, errors):
    from afpak_coder.gui.main_window import MainWindow
    import shutil

    path = tmp_path / "sample.afpak"
    shutil.copy(sample_file, path)
    window = MainWindow(settings, ask_coder=CoderChoice(None))
    qtbot.addWidget(window)
    window.open_path(path)
    label = window.coder_label.text()
    assert label == "No coder chosen — Coding → Switch coder…"
    menu, item = label.split("— ")[1].split(" → ")
    assert item in menu_texts(window, menu.lower())
    window.close_project()


def test_one_selected_document_is_singular(coding, monkeypatch):
    coding.documents_table.selectRow(0)
    shown = []
    monkeypatch.setattr(ExportDialog, "exec", lambda self: shown.append(self) or QDialog.DialogCode.Rejected)
    next(a for a in coding.actions.menus["file"].actions() if a.text().startswith("&Export")).trigger()
    assert shown[0].chosen_documents.text() == "The 1 selected document"
