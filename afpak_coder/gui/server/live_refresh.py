"""Live refresh of a server project: what other coders save shows in this window within about a second.

``core/server_events`` listens in its own thread; ``LiveRefresh`` carries each change into the
GUI thread (a queued signal), gathers the changes of a short moment, and shows them the way the
window shows its own coding: one claim row and highlight at a time, the document list's counts and
statuses of the documents concerned. It never reloads the document text and leaves the coding
panel (the open claim, a typed draft), the document and claims selections and the text selection
alone. Changes made by this window itself are skipped (they are shown already).
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel

from afpak_coder.core.errors import AfpakError
from afpak_coder.gui.workspace.coding_controller import MINE

GATHER_MS = 150  # changes arriving together (one coder's undo of several claims) are shown together
RECOUNT_MS = 1000
CONNECTION_CHECK_MS = 2000
READ_AGAIN_ABOVE = 20  # more claims than this in the open document: read its claims again at once


class LiveRefresh(QObject):
    """Watches the window's server project (``watch``); does nothing for project files."""

    arrived = Signal(object, object)  # (listener, Change), emitted in the listener's thread
    shown = Signal(list)  # the changes just shown (for tests and the status bar)

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.project = None
        self.listener = None
        self._pending: list = []
        self._known_coders: set[uuid.UUID] = set()  # to notice a coder added by someone else
        self._timer = QTimer(self, singleShot=True, interval=GATHER_MS)
        self._timer.timeout.connect(self._show_pending)
        self.arrived.connect(self._gather)
        # Counts beside the codebook and of incomplete claims go over the whole project: read again
        # at most once a second however many coders save.
        self._recount = QTimer(self, singleShot=True, interval=RECOUNT_MS)
        self._recount.timeout.connect(self._count_again)
        # The status bar says it is a server project (the address is in the title and the tooltip),
        # and whether other coders' saves still arrive.
        self.label = QLabel(objectName="serverLabel")
        self.label.hide()
        window.statusBar().addPermanentWidget(self.label)
        self._connection_check = QTimer(self, interval=CONNECTION_CHECK_MS)
        self._connection_check.timeout.connect(self._show_connection)

    def watch(self, project) -> None:
        """Follow ``project``'s changes by others (None, or a project file: stop)."""
        if self.listener is not None:
            self.listener.stop()
            self.listener = None
        self._pending.clear()
        self._timer.stop()
        self._recount.stop()
        self.project = project if project is not None and getattr(project, "is_server", False) else None
        self.label.setVisible(self.project is not None)
        self._connection_check.stop()
        if self.project is not None:
            from afpak_coder.core.server_events import listen_to_project
            from afpak_coder.gui.server.server_window import server_label

            self._known_coders = {coder.id for coder in self.project.coders()}
            self.label.setText("Server project")
            self.label.setToolTip(f"{server_label(self.project)}: a team project on a PostgreSQL server. Every "
                                  "claim is saved there at once; other coders' saves show here within about a second.")
            self.listener = listen_to_project(self.project, self._announce)
            self._connection_check.start()

    def _show_connection(self) -> None:
        """Once listening has started, a lost connection is said until it is back."""
        if self.listener is not None and self.listener.started_listening:
            lost = not self.listener.listening
            self.label.setText("Server project — connection lost, trying again…" if lost else "Server project")
            self.label.setStyleSheet("color: #a4161a;" if lost else "")

    def _announce(self, change) -> None:  # in the listener's thread
        self.arrived.emit(self.listener, change)

    def _gather(self, listener, change) -> None:
        if listener is not self.listener or listener is None:
            return  # from a listener of a project closed meanwhile
        self._pending.append(change)
        if not self._timer.isActive():
            self._timer.start()

    def _show_pending(self) -> None:
        changes, self._pending = self._pending, []
        if self.project is None or self.window.project is not self.project or not changes:
            return
        try:
            self._show(changes)
        except AfpakError as error:  # the server went away meanwhile: said, never a crash
            self.window.statusBar().showMessage(f"Live refresh: {error}", 8000)
        self.shown.emit(changes)

    # -- showing ----------------------------------------------------------------------------------

    def _show(self, changes: list) -> None:
        from afpak_coder.core.server_events import CLAIM, MISSED

        window, controller, project = self.window, self.window.controller, self.project
        if any(change.kind == MISSED for change in changes):
            self._show_everything()
            return
        if any(change.coder_id not in self._known_coders for change in changes):
            self._known_coders = {coder.id for coder in project.coders()}
            window.actions.coders_changed(project, controller.coder)  # a coder new to this window
            if controller.view_mode != MINE:
                controller.reload_documents()  # a column for the new coder's counts
        # Only the coders this view shows matter (under blind coding: mine alone): a coder's window
        # reads nothing for others' saves, which it could not show.
        visible = {coder.id for coder in controller.visible_coders()}
        changes = [change for change in changes if change.coder_id in visible]
        opened = controller.document.id if controller.document is not None else None
        claim_ids: set[uuid.UUID] = set()
        read_open_document = False
        for change in changes:
            if change.kind != CLAIM or change.document_id != opened:
                continue
            if change.claim_ids is None:
                read_open_document = True
            else:
                claim_ids.update(change.claim_ids)
        if read_open_document or len(claim_ids) > READ_AGAIN_ABOVE:
            self._read_open_document_again()
        else:
            for claim_id in sorted(claim_ids):
                controller.show_outside_change(claim_id, _claim_or_none(project, claim_id))
        for document_id in {change.document_id for change in changes}:
            if controller.documents.row_of(document_id) >= 0:
                controller.documents.refresh_document(project, document_id)  # counts and statuses
        if any(change.kind == CLAIM for change in changes):
            if not self._recount.isActive():
                self._recount.start()

    def _count_again(self) -> None:
        if self.project is not None and self.window.project is self.project:
            self.window.codebook_counts.refresh()
            self.window.incomplete.refresh()

    def _read_open_document_again(self) -> None:
        """Many claims changed at once in the open document: its claims are read again and only the
        rows that differ are touched (the selection and the panel stay)."""
        controller = self.window.controller
        if controller.document is None:
            return
        visible = {coder.id for coder in controller.visible_coders()}
        fresh = {claim.id: claim for claim in self.project.claims(document=controller.document)
                 if claim.coder.id in visible}
        for claim in controller.claims_model.claims():
            if claim.id not in fresh:
                controller.show_outside_change(claim.id, None)
        for claim in fresh.values():
            shown = controller.claims_model.claim(claim.id)
            if shown is None or shown.updated != claim.updated:
                controller.show_outside_change(claim.id, claim)

    def _show_everything(self) -> None:
        """After the connection to the server was lost for a while: read what may have changed."""
        window, controller = self.window, self.window.controller
        self._read_open_document_again()
        controller.reload_documents()  # (the window highlights the open document in it again)
        window.actions.coders_changed(self.project, controller.coder)
        self._count_again()


def _claim_or_none(project, claim_id: uuid.UUID):
    """The claim as stored now, or None when it is gone (deleted, or not readable by this login)."""
    from afpak_coder.core.errors import NotFoundError

    try:
        return project.claim(claim_id)
    except NotFoundError:
        return None
