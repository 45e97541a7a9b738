"""Claim counts beside the codebook in the coding panel: each theme of the tree (with its
sub-themes) and each actor of the actor list shows how many claims are mine, and — when other
coders are shown — how many all shown coders have ("12 / 30"). A click on a count opens the claims
browser filtered to that theme or actor.

The counts come from one GROUP BY per list (``Project.claim_tallies``). A step on one claim
(save, delete, undo, redo of a claim in the coding panel) moves them by one from the claim as it
was before and after the step, which its undo command carries; any other step (a re-code of many
claims, a codebook change, a step that was refused) has them read again shortly after, and so has
a reload of the document list (another coder, another view mode, a merge). They are painted over
the pickers' own items by a delegate, so the pickers themselves know nothing of them.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QRect, Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QStyledItemDelegate

from afpak_coder.gui.undo_commands import ServiceCommand
from afpak_coder.gui.workspace.theme_picker import ThemeIdRole

if TYPE_CHECKING:  # the query module loads SQLAlchemy: imported once a project is open
    from afpak_coder.core.claim_query import Tally
    from afpak_coder.core.records import Claim

COUNT_WIDTH = 64  # pixels at the right of each row where the count is painted (and clicked)
_SETTLE_MS = 200


def count_text(tally: Tally | None, others_shown: bool) -> str:
    if tally is None or tally.shown == 0:
        return ""
    return f"{tally.mine:,} / {tally.shown:,}" if others_shown else f"{tally.mine:,}"


class CountDelegate(QStyledItemDelegate):
    """Paints the item as its view's own delegate does, then its count at the right."""

    def __init__(self, base, id_role, parent=None) -> None:
        super().__init__(parent)
        self.base, self.id_role = base, id_role
        self.counts: dict[uuid.UUID, Tally] = {}
        self.others_shown = False

    def text_for(self, index) -> str:
        return count_text(self.counts.get(index.data(self.id_role)), self.others_shown)

    def paint(self, painter, option, index) -> None:
        self.base.paint(painter, option, index)
        text = self.text_for(index)
        if text:
            painter.save()
            painter.setPen(QColor("#555555"))
            painter.drawText(count_rect(option.rect), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, text)
            painter.restore()

    def sizeHint(self, option, index):  # noqa: N802 - Qt's name
        size = self.base.sizeHint(option, index)
        size.setWidth(size.width() + COUNT_WIDTH)
        return size


def count_rect(row: QRect) -> QRect:
    return QRect(row.right() - COUNT_WIDTH, row.top(), COUNT_WIDTH - 4, row.height())


class CodebookCounts(QObject):
    """Attached to the main window: keeps the counts of its coding panel's pickers current."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        panel = window.coding_panel
        self.tree = panel.themes.tree
        self.themes = CountDelegate(self.tree.itemDelegate(), ThemeIdRole, self)
        self.tree.setItemDelegate(self.themes)
        self.actor_view = panel.actor.view()
        self.actors = CountDelegate(self.actor_view.itemDelegate(), Qt.ItemDataRole.UserRole, self)
        self.actor_view.setItemDelegate(self.actors)
        for viewport in (self.tree.viewport(), self.actor_view.viewport()):
            viewport.installEventFilter(self)
        self._settle = QTimer(self, singleShot=True, interval=_SETTLE_MS)
        self._settle.timeout.connect(self.refresh)
        # What the counts were read for: the coders they count, mine, each theme's parent.
        self._visible: set[uuid.UUID] = set()
        self._mine: uuid.UUID | None = None
        self._parents: dict[uuid.UUID, uuid.UUID | None] = {}
        self._stack = window.controller.undo_stack
        self._stack_index = self._stack.index()
        self._stack.indexChanged.connect(self._stepped)
        window.documents_model.modelReset.connect(self._settle.start)

    def refresh(self) -> None:
        project, controller = self.window.project, self.window.controller
        if project is None or controller.coder is None:
            self.themes.counts, self.actors.counts = {}, {}
        else:
            visible = controller.visible_coders()
            from afpak_coder.core.claim_query import roll_up

            themes = project.themes()
            self.themes.counts = roll_up(themes, project.claim_tallies("theme", mine=controller.coder, coder=visible))
            self.actors.counts = project.claim_tallies("actor", mine=controller.coder, coder=visible)
            self.themes.others_shown = self.actors.others_shown = len(visible) > 1
            self._visible, self._mine = {c.id for c in visible}, controller.coder.id
            self._parents = {theme.id: theme.parent_id for theme in themes}
        self._repaint()

    def _repaint(self) -> None:
        self.tree.viewport().update()
        self.actor_view.viewport().update()

    def _stepped(self, index: int) -> None:
        """The undo stack moved: count the one claim its step changed, or read all counts again."""
        previous, self._stack_index = self._stack_index, index
        command = None
        if abs(index - previous) == 1:  # one step: pushed or redone (index - 1), or undone (index)
            command = self._stack.command(index - 1 if index > previous else index)
        if not self._count_step(command):
            self._settle.start()

    def _count_step(self, command) -> bool:
        """Move the counts by the claim ``command``'s last step changed; False when that cannot be
        told (not a step on one claim, refused, or a theme the counts were not read with)."""
        if (not isinstance(command, ServiceCommand) or command.claim_id is None or command.failed
                or self._mine is None or self._settle.isActive()):
            return False
        changed = [(claim, sign) for claim, sign in ((command.before, -1), (command.claim, 1))
                   if claim is not None and claim.coder.id in self._visible]
        if any(claim.theme.id not in self._parents for claim, _ in changed):
            return False
        for claim, sign in changed:
            self._count(claim, sign)
        self._repaint()
        return True

    def _count(self, claim: Claim, sign: int) -> None:
        from afpak_coder.core.claim_query import Tally

        mine = sign if claim.coder.id == self._mine else 0
        theme_id = claim.theme.id
        while theme_id is not None:  # the claim counts under its theme and every theme above it
            old = self.themes.counts.get(theme_id, Tally(0, 0))
            self.themes.counts[theme_id] = Tally(old.mine + mine, old.shown + sign)
            theme_id = self._parents.get(theme_id)
        actor_id = claim.actor.id if claim.actor else None
        old = self.actors.counts.get(actor_id, Tally(0, 0))
        new = Tally(old.mine + mine, old.shown + sign)
        if new.shown:
            self.actors.counts[actor_id] = new
        else:  # as a fresh count has it: only actors with claims
            self.actors.counts.pop(actor_id, None)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        """A click on a count opens the browser; it does not choose the theme or actor."""
        if event.type() not in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease,
                                QEvent.Type.MouseButtonDblClick):
            return False
        view, delegate, key = ((self.tree, self.themes, "theme") if watched is self.tree.viewport()
                               else (self.actor_view, self.actors, "actor"))
        position = event.position().toPoint()
        index = view.indexAt(position)
        if not index.isValid() or not delegate.text_for(index):
            return False
        if not count_rect(view.visualRect(index)).contains(position):
            return False
        if event.type() == QEvent.Type.MouseButtonRelease:
            self.open_browser(key, index.data(delegate.id_role))
        return True

    def open_browser(self, key: str, entry_id: uuid.UUID) -> None:
        from afpak_coder.gui.browser.opening import open_claims_browser

        self.window.coding_panel.actor.hidePopup()
        open_claims_browser(self.window, {key: entry_id})
