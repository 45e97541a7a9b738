"""Claim counts beside themes and actors in the coding panel: right after opening, updated as a
claim is saved and undone, mine / shown when other coders are shown; a click opens the browser."""

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from afpak_coder.gui.browser.codebook_counts import COUNT_WIDTH
from afpak_coder.gui.workspace.coding_controller import ALL

from gui_helpers import choose, enter, my_claims, open_doc, select

BORDER = "Border closures, crossings and trade"


def theme_count(window, name):
    counts = window.codebook_counts
    item = next(i for i in window.coding_panel.themes._items.values() if i.text(0).endswith(name))
    index = counts.tree.indexFromItem(item)
    return counts.themes.text_for(index)


def test_counts_follow_saving_and_undo_and_the_view_mode(coding, qtbot):
    project = coding.project
    mine = project.count_claims(coder="Ayesha", theme=BORDER)
    mine_parent = project.count_claims(coder="Ayesha", theme="Border & trade")
    qtbot.waitUntil(lambda: theme_count(coding, BORDER) == str(mine))
    assert theme_count(coding, "Border & trade") == str(mine_parent)
    document = open_doc(coding, "Torkham reopens")
    start = document.text.index("Transporters' associations")
    select(coding, start, start + 40)
    choose(coding, BORDER, "Traders and transporters", stance=-1)
    enter(coding)
    qtbot.waitUntil(lambda: theme_count(coding, BORDER) == str(mine + 1))
    assert theme_count(coding, "Border & trade") == str(mine_parent + 1)
    coding.controller.undo_stack.undo()
    qtbot.waitUntil(lambda: theme_count(coding, BORDER) == str(mine))
    coding.controller.set_view_mode(ALL)
    shown = project.count_claims(theme=BORDER)
    qtbot.waitUntil(lambda: theme_count(coding, BORDER) == f"{mine} / {shown}")
    actor = project.actor("Pakistani military")
    counts = coding.codebook_counts
    assert counts.actors.counts[actor.id].shown == project.count_claims(actor=actor)


def test_clicking_a_count_opens_the_browser_without_choosing_the_theme(coding, qtbot):
    counts = coding.codebook_counts
    qtbot.waitUntil(lambda: theme_count(coding, BORDER) != "")
    item = next(i for i in coding.coding_panel.themes._items.values() if i.text(0).endswith(BORDER))
    counts.tree.scrollToItem(item)
    rect = counts.tree.visualItemRect(item)
    QTest.mouseClick(counts.tree.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(rect.right() - COUNT_WIDTH // 2,
                                                                                   rect.center().y()))
    assert coding.coding_panel.themes.current_theme() is None
    browser = coding._claims_browser
    qtbot.addWidget(browser)
    assert browser.filter_bar.theme.currentData() == coding.project.theme(BORDER).id
    assert browser.model.total == coding.project.count_claims(coder="Ayesha", theme=BORDER)
    coding.docks["coding"].widget().grab().save("/tmp/browser-counts.png")


def test_steps_on_one_claim_move_the_counts_by_one_and_equal_a_full_count(coding, qtbot, monkeypatch):
    """Save, edit (theme into another subtree, actor), undo, redo, delete: each step moves the
    counts by the claim it changed, without reading them again, and they equal a fresh count."""
    from afpak_coder.core.claim_query import roll_up

    project, controller, counts = coding.project, coding.controller, coding.codebook_counts
    qtbot.waitUntil(lambda: theme_count(coding, BORDER) != "" and not counts._settle.isActive())
    count_everything = project.claim_tallies
    reads = []
    monkeypatch.setattr(project, "claim_tallies", lambda *a, **k: reads.append(a) or count_everything(*a, **k))

    def assert_equals_a_full_count():
        assert not counts._settle.isActive() and reads == []  # moved by one, not read again
        visible = controller.visible_coders()
        mine = controller.coder
        assert counts.themes.counts == roll_up(project.themes(), count_everything("theme", mine=mine, coder=visible))
        assert counts.actors.counts == count_everything("actor", mine=mine, coder=visible)

    undo, redo = coding.actions.undo, coding.actions.redo
    document = open_doc(coding, "Torkham reopens")
    start = document.text.index("Transporters' associations")
    select(coding, start, start + 40)
    choose(coding, BORDER, "Traders and transporters", stance=-1)
    enter(coding)
    assert_equals_a_full_count()
    added = next(c for c in project.claims(document=document, coder="Ayesha") if c.start == start)
    controller.edit_claim(added)
    panel = coding.coding_panel
    other_theme = next(t for t in project.themes() if t.path[0] != project.theme(BORDER).path[0])
    panel.themes.set_current(other_theme.id)
    panel.actor.set_actor(project.actor("Pakistani military").id)
    enter(coding)
    assert project.claim(added.id).theme.id == other_theme.id
    assert_equals_a_full_count()
    for step in (undo, undo, redo, redo, undo):
        step.trigger()
        assert_equals_a_full_count()
    controller.delete_claim(added.id)
    assert added.id not in {c.id for c in my_claims(coding, document)}
    assert_equals_a_full_count()
    undo.trigger()
    assert_equals_a_full_count()
    # Another view mode reads the counts again; steps then move mine and the others' together.
    controller.set_view_mode(ALL)
    qtbot.waitUntil(lambda: reads != [] and not counts._settle.isActive())
    reads.clear()
    select(coding, start + 50, start + 90)
    choose(coding, BORDER, "Traders and transporters")
    enter(coding)
    assert_equals_a_full_count()
    undo.trigger()
    assert_equals_a_full_count()
    assert "/" in theme_count(coding, BORDER)
