"""Coding in the real window on the sample project: select, choose codes, Enter, and check what
the service stored — offsets in code points, also after emoji and in Urdu."""

import shutil

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from afpak_coder.gui.main_window import MainWindow

from gui_helpers import CoderChoice, choose, enter, my_claims, open_doc, point_at, select


def test_select_code_and_press_enter_stores_exact_offsets(coding):
    document = open_doc(coding, "Torkham reopens")
    before = {c.id for c in my_claims(coding, document)}
    start = document.text.index("Transporters' associations")
    end = start + len("Transporters' associations in Khyber district said they would hold a protest")
    select(coding, start, end)
    assert coding.coding_panel.span == (start, end)
    choose(coding, "Border closures, crossings and trade", "Traders and transporters", stance=-1,
           target="Pakistani government")
    enter(coding)
    (claim,) = [c for c in my_claims(coding, document) if c.id not in before]
    assert (claim.start, claim.end) == (start, end)
    assert claim.quote == document.text[start:end]
    assert claim.theme.name == "Border closures, crossings and trade"
    assert claim.actor.name == "Traders and transporters" and claim.target.name == "Pakistani government"
    assert claim.stance.value == -1
    assert coding.statusBar().currentMessage().startswith("Saved")
    assert coding.claims_model.row_of(claim.id) >= 0


def test_offsets_after_emoji_are_code_points(coding):
    document = open_doc(coding, "on my timeline")
    text = document.text
    start = text.index("Enough is enough, open the gate")
    end = start + len("Enough is enough, open the gate")
    assert any(ord(ch) > 0xFFFF for ch in text[:start])  # emoji before the passage
    select(coding, start, end)
    assert coding.document_view.textCursor().selectedText() == text[start:end]
    choose(coding, "Border closures, crossings and trade", "Traders and transporters", stance=1)
    enter(coding)
    claim = next(c for c in my_claims(coding, document) if c.start == start and c.end == end)
    assert claim.quote == "Enough is enough, open the gate"


def test_urdu_passage_is_coded_with_exact_offsets(coding):
    document = open_doc(coding, "چمن")
    text = document.text
    start = text.index("وفاقی حکومت")
    end = text.index("۔", start) + 1
    select(coding, start, end)
    choose(coding, "Durand Line and border management", "Pakistani government", stance=-1)
    enter(coding)
    claim = next(c for c in my_claims(coding, document) if (c.start, c.end) == (start, end))
    assert claim.quote == text[start:end] and claim.quote.endswith("۔")


def test_mouse_drag_selects_a_passage(coding):
    document = open_doc(coding, "Torkham reopens")
    view = coding.document_view
    start = document.text.index("The Torkham border crossing")
    end = start + len("The Torkham border crossing")
    viewport = view.viewport()
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point_at(view, start))
    QTest.mouseMove(viewport, point_at(view, end))
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point_at(view, end))
    assert view.selected_span() == (start, end)
    assert coding.coding_panel.span == (start, end)


def test_double_click_selects_a_word_and_triple_click_the_sentence(coding):
    document = open_doc(coding, "Torkham reopens")
    view = coding.document_view
    text = document.text
    word = text.index("Khyber")
    point = point_at(view, word + 2)
    QTest.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    assert text[slice(*view.selected_span())] == "Khyber"
    QTest.mousePress(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    QTest.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    sentence = text[slice(*view.selected_span())]
    assert sentence.startswith("The Torkham border crossing") and sentence.endswith("markets.")


def test_clicking_a_highlight_opens_that_claim_for_editing(coding):
    document = open_doc(coding, "Torkham reopens")
    claim = my_claims(coding, document)[0]
    view = coding.document_view
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     point_at(view, claim.start + 3))
    assert coding.coding_panel.editing == claim
    assert coding.coding_panel.actor.current_actor() == claim.actor


def test_editing_a_claim_changes_only_what_was_changed(coding):
    document = open_doc(coding, "Torkham reopens")
    claim = my_claims(coding, document)[0]
    coding.controller.edit_claim(claim)
    new_stance = 2 if claim.stance is None or claim.stance.value != 2 else -2
    coding.coding_panel.set_stance(new_stance)
    coding.coding_panel.memo.setPlainText("re-read: clearly conciliatory")
    enter(coding)
    stored = coding.project.claim(claim.id)
    assert stored.stance.value == new_stance and stored.memo == "re-read: clearly conciliatory"
    assert (stored.start, stored.end, stored.theme, stored.actor) == (claim.start, claim.end, claim.theme, claim.actor)


def test_widen_a_claim_with_use_selection_as_span(coding):
    document = open_doc(coding, "Torkham reopens")
    claim = my_claims(coding, document)[0]
    coding.controller.edit_claim(claim)
    wider = (max(0, claim.start - 10), min(len(document.text), claim.end + 5))
    select(coding, *wider)
    assert coding.coding_panel.editing == claim  # selecting while editing does not drop the claim
    coding.coding_panel.span_button.click()
    enter(coding)
    stored = coding.project.claim(claim.id)
    assert (stored.start, stored.end) == wider and stored.quote == document.text[wider[0]:wider[1]]


def test_delete_then_undo_and_redo(coding):
    document = open_doc(coding, "Torkham reopens")
    claim = my_claims(coding, document)[0]
    coding.controller.edit_claim(claim)
    coding.coding_panel.delete_button.click()
    assert claim not in my_claims(coding, document)
    coding.actions.undo.trigger()
    restored = coding.project.claim(claim.id)
    assert (restored.start, restored.end, restored.theme, restored.stance) == (claim.start, claim.end, claim.theme, claim.stance)
    coding.actions.redo.trigger()
    assert claim not in my_claims(coding, document)


def test_delete_key_in_the_claims_list(coding):
    document = open_doc(coding, "Torkham reopens")
    count = len(my_claims(coding, document))
    coding.claims_table.selectRow(0)
    delete = next(a for a in coding.actions.menus["coding"].actions() if a.text() == "&Delete claim")
    assert delete.shortcut().toString() == "Del"
    delete.trigger()
    assert len(my_claims(coding, document)) == count - 1


def test_undo_an_edit_restores_the_previous_codes(coding):
    document = open_doc(coding, "Torkham reopens")
    claim = my_claims(coding, document)[0]
    coding.controller.edit_claim(claim)
    coding.coding_panel.themes.set_current(coding.project.theme("Third-party mediation").id)
    enter(coding)
    assert coding.project.claim(claim.id).theme.name == "Third-party mediation"
    QTest.keyClick(coding, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert coding.project.claim(claim.id).theme == claim.theme


def test_undo_works_across_documents(coding):
    first = open_doc(coding, "Torkham reopens")
    select(coding, 0, 20)
    choose(coding, "Security", "Pakistani government", stance=0)
    enter(coding)
    added = next(c for c in my_claims(coding, first) if (c.start, c.end) == (0, 20))
    open_doc(coding, "Deportations are not")
    coding.actions.undo.trigger()
    assert coding.document_view.document_shown == first
    assert added not in my_claims(coding, first)
    coding.actions.redo.trigger()
    assert coding.project.claim(added.id).quote == first.text[0:20]


def test_saving_without_theme_or_actor_says_what_is_missing(coding):
    document = open_doc(coding, "Torkham reopens")
    count = len(coding.project.claims(document=document))
    select(coding, 5, 25)
    coding.coding_panel.themes.set_current(None)
    coding.coding_panel.actor.set_actor(None)
    enter(coding)
    assert "Choose a theme and an actor" in coding.coding_panel.message.text()
    assert len(coding.project.claims(document=document)) == count


def test_pinned_theme_keys_in_the_document_view(coding):
    open_doc(coding, "Torkham reopens")
    panel = coding.coding_panel
    pinned = panel.themes.pins[2]
    QTest.keyClick(coding.document_view, Qt.Key.Key_3)
    assert panel.themes.current_theme().id == pinned
    coding.controller.set_pin(1, coding.project.theme("Shared history and identity").id)
    QTest.keyClick(coding.document_view, Qt.Key.Key_1)
    assert panel.themes.current_theme().name == "Shared history and identity"


def test_stance_keys_alt_digits(coding, qtbot):
    open_doc(coding, "Torkham reopens")
    qtbot.waitUntil(coding.isActiveWindow)
    QTest.keyClick(coding.document_view, Qt.Key.Key_5, Qt.KeyboardModifier.AltModifier)
    assert coding.coding_panel.current_stance().value == 2
    QTest.keyClick(coding.document_view, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    assert coding.coding_panel.current_stance().value == -2


def test_actor_typed_by_alias_and_suggested_from_the_passage(coding):
    document = open_doc(coding, "Torkham reopens")
    start = document.text.index("Taliban officials in Kabul")
    select(coding, start, start + 60)
    assert "Afghan Taliban administration" in coding.coding_panel.mentioned.text()
    assert coding.coding_panel.actor.itemText(0) == "★ Afghan Taliban administration"
    military = coding.project.actor("Pakistani military")
    alias = next(a for a in military.aliases if a.isascii())
    QTest.keyClicks(coding.coding_panel.actor.lineEdit(), alias)
    assert coding.coding_panel.actor.current_actor() == military


def test_blind_mode_shows_only_my_claims_and_switching_coder(coding):
    document = open_doc(coding, "Torkham reopens")
    assert {c.coder.name for c in coding.claims_model.claims()} == {"Ayesha"}
    bilal = coding.project.coder("Bilal")
    coding.controller.set_coder(bilal)
    assert {c.coder.name for c in coding.claims_model.claims()} == {"Bilal"}
    assert len(coding.claims_model.claims()) == len(coding.project.claims(document=document, coder=bilal))
    assert "Bilal" in coding.coder_label.text()


def test_the_lead_can_show_all_coders_or_one_beside_mine(coding):
    document = open_doc(coding, "Torkham reopens")
    show = {a.text(): a for a in coding.actions.show_menu.actions()}
    show["All coders"].trigger()
    assert {c.coder.name for c in coding.claims_model.claims()} == {"Ayesha", "Bilal", "Clara"}
    assert coding.documents_model.headerData(6, Qt.Orientation.Horizontal) == "Ayesha"
    show["Mine beside Clara's"].trigger()
    assert {c.coder.name for c in coding.claims_model.claims()} == {"Ayesha", "Clara"}
    show["Only mine (blind coding)"].trigger()
    assert len(coding.claims_model.claims()) == len(my_claims(coding, document))


def test_tooltip_lists_every_claim_at_a_point(coding):
    document = open_doc(coding, "Torkham reopens")
    coding.controller.set_view_mode("all")
    claims = coding.claims_model.claims()
    spot = next(p for p in range(len(document.text)) if len(coding.document_view.claims_at(p)) >= 2)
    text = coding.document_view.tooltip_for(coding.document_view.claims_at(spot))
    here = [c for c in claims if c.start <= spot < c.end]
    assert text.startswith(f"{len(here)} claims here")
    for claim in here:
        assert f"[{claim.coder.name}]" in text and claim.theme.name in text


def test_codebook_edits_show_in_the_panel_and_undo(coding):
    from afpak_coder.gui.codebook.codebook_commands import CodebookActions

    actions = CodebookActions(coding.project, coding.controller)
    theme = coding.project.theme("Third-party mediation")
    actions.update_theme(theme, name="Mediation by third parties")
    names = [item.text(0) for item in coding.coding_panel.themes._items.values()]
    assert any(name.endswith("Mediation by third parties") for name in names)
    actions.add_actor("Kunar river commission", type="international organisation")
    QTest.keyClicks(coding.coding_panel.actor.lineEdit(), "Kunar river commission")
    assert coding.coding_panel.actor.current_actor().name == "Kunar river commission"
    coding.actions.undo.trigger()  # the new actor
    coding.actions.undo.trigger()  # the rename
    assert coding.project.theme(theme.id).name == "Third-party mediation"
    assert "Kunar river commission" not in {a.name for a in coding.project.actors()}


def test_archived_theme_disappears_from_the_panel(coding):
    from afpak_coder.gui.codebook.codebook_commands import CodebookActions

    theme = coding.project.theme("Shared history and identity")
    CodebookActions(coding.project, coding.controller).update_theme(theme, archived=True)
    assert theme.id not in coding.coding_panel.themes._items


def test_merging_themes_in_the_editor_can_be_undone(coding):
    from afpak_coder.gui.codebook.codebook_commands import CodebookActions

    source = coding.project.theme("Ceasefires and de-escalation")
    into = coding.project.theme("Bilateral talks and visits")
    moved = [c.id for c in coding.project.claims() if c.theme == source]
    assert moved
    CodebookActions(coding.project, coding.controller).merge_themes(source, into)
    assert all(coding.project.claim(c).theme == into for c in moved)
    coding.actions.undo.trigger()
    assert all(coding.project.claim(c).theme == source for c in moved)


def test_corpus_search_opens_the_document_at_the_hit(coding):
    panel = coding.search_panel
    QTest.keyClicks(panel.field, "Chaman")
    QTest.keyClick(panel.field, Qt.Key.Key_Return)
    assert panel.results.rowCount() > 0
    hit = panel.results.item(0, 0).data(Qt.ItemDataRole.UserRole + 6)
    panel.results.cellClicked.emit(0, 0)
    assert coding.document_view.document_shown == hit.document
    assert coding.document_view.current_hit == (hit.start, hit.end)  # marked, not selected
    assert coding.document_view.selected_span() is None and coding.coding_panel.span is None
    assert hit.document.text[hit.start:hit.end].lower() == "chaman"


def test_find_in_document_highlights_and_steps_through_hits(coding):
    document = open_doc(coding, "Torkham reopens")
    coding.find_bar.open_bar()
    QTest.keyClicks(coding.find_bar.field, "torkham")
    expected = document.text.lower().count("torkham")
    assert len(coding.find_bar.hits) == expected and expected >= 2
    first = coding.document_view.current_hit
    assert first == coding.find_bar.hits[0]
    QTest.keyClick(coding.find_bar.field, Qt.Key.Key_Return)
    assert coding.document_view.current_hit == coding.find_bar.hits[1]
    assert coding.find_bar.count.text() == f"2 of {expected}"


def test_status_and_next_document_to_code(coding):
    document = open_doc(coding, "Torkham reopens")
    coding.controller.set_status("in progress")
    assert coding.project.statuses("Ayesha")[(document.id, coding.project.coder("Ayesha").id)] == "in progress"
    for other in coding.documents_model.documents():
        if other != document:
            coding.project.set_status(other, "Ayesha", "done")
    coding.controller.reload_documents()
    open_doc(coding, "Deportations are not")
    coding.next_document()
    assert coding.document_view.document_shown == document


def test_first_opening_asks_for_the_coder_then_remembers(qtbot, settings, tmp_path, errors, sample_file):
    path = tmp_path / "s.afpak"
    shutil.copy(sample_file, path)
    choice = CoderChoice("Dana")
    window = MainWindow(settings, ask_coder=choice)
    qtbot.addWidget(window)
    window.open_path(path)
    assert choice.asked == 1 and window.controller.coder.name == "Dana"
    assert "Dana" in {c.name for c in window.project.coders()}
    window.close_project()
    window.open_path(path)
    assert choice.asked == 1 and window.controller.coder.name == "Dana"
    window.close_project()


def test_shortcuts_dialog_lists_every_key(qtbot):
    from afpak_coder.gui import shortcuts

    dialog = shortcuts.ShortcutsDialog()
    qtbot.addWidget(dialog)
    keys = {dialog.table.item(row, 1).text() for row in range(dialog.table.rowCount())}
    for key in (shortcuts.UNDO + " / " + shortcuts.REDO, shortcuts.NEXT_DOCUMENT, shortcuts.CODEBOOK, "1 – 9"):
        assert key in keys


def test_a_read_only_project_opens_with_a_banner_and_refuses_coding(qtbot, settings, tmp_path, errors, sample_file):
    import stat

    path = tmp_path / "ro.afpak"
    shutil.copy(sample_file, path)
    path.chmod(stat.S_IRUSR)
    try:
        window = MainWindow(settings, ask_coder=CoderChoice("Ayesha"))
        qtbot.addWidget(window)
        window.show()
        assert window.open_path(path)
        assert window.project.read_only and window.read_only_banner.isVisible()
        assert "Read-only" in window.read_only_banner.text()
        document = open_doc(window, "Torkham reopens")
        select(window, 0, 10)
        window.controller.save()
        assert "read-only" in window.statusBar().currentMessage()
        assert len(window.project.claims(document=document)) > 0
        window.close_project()
    finally:
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_a_project_file_that_disappears_gives_a_clear_error(coding, errors):
    document = open_doc(coding, "Torkham reopens")
    coding.project.path.unlink()
    select(coding, 0, 20)
    choose(coding, "Security", "Pakistani government", stance=0)
    enter(coding)
    assert errors and errors[-1][0] == "The project file has disappeared"
    assert "has disappeared" in coding.coding_panel.message.text()
    assert coding.document_view.document_shown == document


def test_dock_layout_is_remembered(qtbot, settings, tmp_path, errors):
    first = MainWindow(settings, ask_coder=CoderChoice())
    qtbot.addWidget(first)
    first.show()
    first.docks["search"].setFloating(True)
    first.close()
    second = MainWindow(settings, ask_coder=CoderChoice())
    qtbot.addWidget(second)
    assert second.docks["search"].isFloating()


def test_new_actor_inline_from_the_actor_field(coding, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Kunar shura", True))
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("civil society", True))
    picker = coding.coding_panel.actor
    picker.activated.emit(picker.findData("new"))
    assert picker.current_actor().name == "Kunar shura"
    assert coding.project.actor("Kunar shura").type == "civil society"
    coding.actions.undo.trigger()
    assert "Kunar shura" not in {a.name for a in coding.project.actors()}


def test_a_second_window_on_the_same_project_sees_saved_claims(coding, qtbot, settings):
    document = open_doc(coding, "Torkham reopens")
    second = MainWindow(settings, ask_coder=CoderChoice("Bilal"))
    qtbot.addWidget(second)
    assert second.open_path(coding.project.path)
    select(coding, 0, 15)
    choose(coding, "Security", "Pakistani government", stance=0)
    enter(coding)
    seen = second.project.claims(document=document, coder="Ayesha")
    assert any((c.start, c.end) == (0, 15) for c in seen)
    second.close_project()


def test_typing_an_existing_coder_name_chooses_that_coder(qtbot, settings, tmp_path, errors, sample_file):
    path = tmp_path / "s.afpak"
    shutil.copy(sample_file, path)
    window = MainWindow(settings, ask_coder=lambda coders, current: "bilal")
    qtbot.addWidget(window)
    window.open_path(path)
    assert window.controller.coder.name == "Bilal" and errors == []
    assert [c.name for c in window.project.coders()].count("Bilal") == 1
    window.close_project()


def test_typing_in_the_actor_field_after_alt_a_replaces_the_last_actor(coding, qtbot):
    open_doc(coding, "Torkham reopens")
    qtbot.waitUntil(coding.isActiveWindow)
    panel = coding.coding_panel
    panel.actor.set_actor(coding.project.actor("Pakistani government").id)
    QTest.keyClick(coding.document_view, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)  # the &Actor label
    qtbot.waitUntil(lambda: panel.actor.lineEdit().hasFocus() and panel.actor.lineEdit().hasSelectedText())
    QTest.keyClicks(panel.actor.lineEdit(), "China")
    assert panel.actor.current_actor().name == "China"
