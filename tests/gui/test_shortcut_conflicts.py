"""Every key of the main window does one thing: two actions on one key make Qt do neither
(an "ambiguous shortcut"), which a coder experiences as a dead key."""

from collections import Counter

from PySide6.QtGui import QAction, QShortcut


def test_no_two_actions_or_shortcuts_share_a_key(coding):
    keys = []
    for action in coding.findChildren(QAction):
        keys += [sequence.toString() for sequence in action.shortcuts() if not sequence.isEmpty()]
    for shortcut in coding.findChildren(QShortcut):
        if not shortcut.key().isEmpty():
            keys.append(shortcut.key().toString())
    shared = {key: count for key, count in Counter(keys).items() if count > 1}
    assert shared == {}
