"""Claim counts beside the codebook in the coding panel: each theme of the tree (with its
sub-themes) and each actor of the actor list shows how many claims are mine, and — when other
coders are shown — how many all shown coders have ("12 / 30"). A click on a count opens the claims
browser filtered to that theme or actor.

The counts come from one GROUP BY per list (``Project.claim_tallies``), read again shortly after
any coding step (save, delete, undo, redo) and whenever the document list is reloaded (another
coder, another view mode, a merge). They are painted over the pickers' own items by a delegate,
so the pickers themselves know nothing of them.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QRect, Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QStyledItemDelegate

from afpak_coder.gui.workspace.theme_picker import ThemeIdRole

if TYPE_CHECKING:  # the query module loads SQLAlchemy: imported once a project is open
    from afpak_coder.core.claim_query import Tally

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
        window.controller.undo_stack.indexChanged.connect(lambda _index: self._settle.start())
        window.documents_model.modelReset.connect(self._settle.start)

    def refresh(self) -> None:
        project, controller = self.window.project, self.window.controller
        if project is None or controller.coder is None:
            self.themes.counts, self.actors.counts = {}, {}
        else:
            visible = controller.visible_coders()
            from afpak_coder.core.claim_query import roll_up

            self.themes.counts = roll_up(project.themes(), project.claim_tallies(
                "theme", mine=controller.coder, coder=visible))
            self.actors.counts = project.claim_tallies("actor", mine=controller.coder, coder=visible)
            self.themes.others_shown = self.actors.others_shown = len(visible) > 1
        self.tree.viewport().update()
        self.actor_view.viewport().update()

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
