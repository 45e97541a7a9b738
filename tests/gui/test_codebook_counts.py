"""Claim counts beside themes and actors in the coding panel: right after opening, updated as a
claim is saved and undone, mine / shown when other coders are shown; a click opens the browser."""

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from afpak_coder.gui.browser.codebook_counts import COUNT_WIDTH
from afpak_coder.gui.workspace.coding_controller import ALL

from gui_helpers import choose, enter, open_doc, select

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
