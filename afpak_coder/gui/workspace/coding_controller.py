"""Wires the coding workspace to the service: selection → panel → claim, with undo.

Views (document list, document view, coding panel, claims table) only show and emit; this
controller makes the service calls, pushes undo commands, and refreshes what changed. Nothing is
shown as saved before the service call that commits it has returned. The panel's transitions are
listed in ``coding_state``; every path that would drop a draft asks first (``settle_draft``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING
import uuid

from PySide6.QtCore import QEvent, QObject, QSettings, QTimer, Qt, Signal
from PySide6.QtGui import QUndoStack

from afpak_coder.core.errors import AfpakError, ConflictError, DeletedMeanwhileError
from afpak_coder.core.records import Claim, Coder, Document
from afpak_coder.gui import undo_commands
from afpak_coder.gui.workspace.claims_loader import ClaimsLoader
from afpak_coder.gui.workspace.claims_table import ClaimsTableModel
from afpak_coder.gui.workspace import draft_guard
from afpak_coder.gui.workspace.coding_panel import CodingPanel
from afpak_coder.gui.workspace.coding_state import Codes, Mode
from afpak_coder.gui.workspace.document_table import DocumentTableModel
from afpak_coder.gui.workspace.document_view import DocumentView

MINE, ALL = "mine", "all"
LONG_DOCUMENT = 200_000  # characters: above this, a document's claims are read off the GUI thread

if TYPE_CHECKING:  # SQLAlchemy loads when a project opens, after the window is painted
    from afpak_coder.core.project import Project


class CodingController(QObject):
    message = Signal(str)  # for the status bar
    error = Signal(str)  # a refused action, one line
    conflict = Signal(str)  # someone else changed or deleted the claim meanwhile: said where it is seen
    document_opened = Signal(object)  # Document or None
    coder_changed = Signal(object)
    claim_stored = Signal(object)  # a claim saved with Enter (added or changed)
    claim_step = Signal(object)  # a ServiceCommand's step on one claim done: its .before and .claim (before the message)

    def __init__(self, view: DocumentView, panel: CodingPanel, documents: DocumentTableModel,
                 claims: ClaimsTableModel, settings: QSettings, parent=None) -> None:
        super().__init__(parent)
        self.view, self.panel, self.documents, self.claims_model = view, panel, documents, claims
        self.settings = settings
        self.project: Project | None = None
        self.coder: Coder | None = None
        self.document: Document | None = None
        self.view_mode: str | uuid.UUID = MINE  # MINE, ALL, or the id of one other coder
        self.undo_stack = QUndoStack(self)
        self.loader = ClaimsLoader(self)
        self.loader.loaded.connect(self._claims_loaded)
        self._loading: uuid.UUID | None = None  # the document whose claims are being read
        self._changed_while_loading = False
        self.last_codes: Codes | None = None  # for "Repeat last codes"
        view.span_selected.connect(self._span_selected)
        view.claims_clicked.connect(self._claims_clicked)
        panel.save_requested.connect(self.save)
        panel.delete_requested.connect(self.delete_claim)
        panel.new_requested.connect(self.new_claim)
        panel.use_selection_requested.connect(self.use_selection_as_span)
        view.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        """Coding keys in the document view: 1–9 pinned themes, Enter saves, Esc starts afresh."""
        if watched is self.view and event.type() == QEvent.Type.KeyPress:
            key, modifiers = event.key(), event.modifiers()
            plain = not modifiers & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
            if plain and Qt.Key.Key_1 <= key <= Qt.Key.Key_9:
                if not self.panel.themes.pick_pinned(key - Qt.Key.Key_0):
                    self.message.emit(f"No theme is pinned to {key - Qt.Key.Key_0}")
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.save()
                return True
            if key == Qt.Key.Key_Escape:
                self.new_claim()
                return True
        return False

    # -- drafts -------------------------------------------------------------------------------

    def settle_draft(self, doing: str) -> bool:
        """Before ``doing`` drops what the panel holds: True when it may go ahead (nothing unsaved,
        saved now, or discarded by the coder); False when the coder cancels or saving fails."""
        if self.project is None or self.project.read_only or self.document is None or not self.panel.has_draft():
            return True
        what = "the claim you are editing" if self.panel.editing else "the new claim"
        answer = draft_guard.ask_about_draft(
            self.panel.window(), f"Save {what} before you {doing}?",
            "Its passage or codes are not saved yet. Discard forgets them.")
        if answer == draft_guard.SAVE:
            return self.save()
        if answer == draft_guard.DISCARD:
            self.panel.reset()
            return True
        return False

    def undo(self) -> None:
        if self.undo_stack.canUndo() and self._may_step("undo"):
            self.undo_stack.undo()

    def redo(self) -> None:
        if self.undo_stack.canRedo() and self._may_step("redo"):
            self.undo_stack.redo()

    def _may_step(self, doing: str) -> bool:
        """Undo/redo lets go of the claim being edited: its unsaved changes are asked about first
        (Discard or Cancel; saving them would only be undone). A new claim's draft is kept."""
        if self.panel.editing is None or not self.panel.has_draft() or self.project is None or self.project.read_only:
            return True
        answer = draft_guard.ask_about_draft(
            self.panel.window(), f"Discard your unsaved changes to the claim being edited and {doing}?",
            "Cancel keeps them; press Enter to save them first.", can_save=False)
        return answer == draft_guard.DISCARD

    # -- project and coder --------------------------------------------------------------------

    def set_project(self, project: Project | None, coder: Coder | None) -> None:
        self.loader.wait()  # a read in flight must end before its project is closed
        self._loading = None
        self.project, self.coder, self.document = project, coder, None
        self.view_mode = MINE
        self.last_codes = None
        self.undo_stack.clear()
        self.view.show_document(None)
        self.panel.reset()
        self.document_opened.emit(None)
        if project is None:
            self.documents.clear()
            self.claims_model.set_claims([])
            self.panel.set_codebook([], [], [], [])
            return
        self.remember_coder()
        self.reload_codebook()
        self.reload_documents()
        self.coder_changed.emit(coder)

    def set_coder(self, coder: Coder) -> None:
        self.coder = coder
        self.remember_coder()
        self.last_codes = None
        self.panel.reset()
        self.reload_documents()
        self.refresh_claims()
        self.coder_changed.emit(coder)

    def remember_coder(self) -> None:
        if self.project is not None and self.coder is not None:
            self.settings.setValue(f"coder/{self.project.project_id}", str(self.coder.id))

    def remembered_coder(self, project: Project) -> Coder | None:
        stored = self.settings.value(f"coder/{project.project_id}")
        return next((c for c in project.coders() if str(c.id) == stored), None)

    def set_view_mode(self, mode: str | uuid.UUID) -> None:
        """MINE (blind coding), ALL coders, or mine beside one other coder's (by id)."""
        self.view_mode = mode
        self.reload_documents()
        self.refresh_claims()

    def visible_coders(self) -> list[Coder]:
        if self.project is None or self.coder is None:
            return []
        coders = self.project.coders()
        if self.view_mode == ALL:
            return coders
        if self.view_mode == MINE:
            return [self.coder]
        return [c for c in coders if c.id in (self.coder.id, self.view_mode)]

    # -- codebook -----------------------------------------------------------------------------

    def pins(self) -> list[uuid.UUID]:
        stored = self.settings.value(f"pins/{self.project.project_id}", None) if self.project else None
        if stored:
            return [uuid.UUID(value) for value in stored]
        leaves = [t for t in self.project.themes(include_archived=False) if t.depth > 0] if self.project else []
        return [t.id for t in leaves[:9]]

    def set_pin(self, key: int, theme_id: uuid.UUID) -> None:
        pins = [p for p in self.pins() if p != theme_id]
        pins.insert(key - 1, theme_id)
        self.settings.setValue(f"pins/{self.project.project_id}", [str(p) for p in pins[:9]])
        self.reload_codebook()

    def reload_codebook(self) -> None:
        if self.project is None:
            return
        self.panel.set_codebook(self.project.themes(), self.project.actors(), self.project.stance_levels(), self.pins())
        self.refresh_claims()

    # -- documents ----------------------------------------------------------------------------

    def reload_documents(self) -> None:
        if self.project is None:
            return
        others = self.visible_coders() if self.view_mode != MINE else []
        self.documents.reload(self.project, self.coder, others)

    def open_document(self, document: Document | None, *, select: tuple[int, int] | None = None) -> bool:
        """Show ``document`` (False when the coder keeps the draft of the open one instead).
        ``select`` marks a passage (a search hit) without making it a claim's span."""
        if document is not None and self.document is not None and document.id == self.document.id:
            if select:
                self.view.show_hit(*select)
            return True
        if not self.settle_draft("open another document"):
            self.document_opened.emit(self.document)  # the list goes back to the open document
            return False
        self.document = document
        self.view.show_document(document)
        self.panel.reset()
        if document is not None and document.length > LONG_DOCUMENT:
            self._loading, self._changed_while_loading = document.id, False
            self._show_claims_on_screen()
            # the full read starts once this screen is painted, so the two do not compete
            QTimer.singleShot(0, lambda document_id=document.id: self._start_loading(document_id))
        else:
            self._loading = None
            self.refresh_claims()
        if select:
            self.view.show_hit(*select)
        self.document_opened.emit(document)
        return True

    def next_document(self) -> Document | None:
        """The next document in list order (after the current one) that is not done for me."""
        documents = self.documents.documents()
        if not documents:
            return None
        start = self.documents.row_of(self.document.id) + 1 if self.document else 0
        for document in documents[start:] + documents[:start]:
            if self.documents.status_of(document.id) != "done" and (self.document is None or document.id != self.document.id):
                return document
        return None

    def set_status(self, status: str) -> None:
        if not self._can_code():
            return
        try:
            self.project.set_status(self.document, self.coder, status)
        except AfpakError as error:
            self.error.emit(str(error))
            return
        self.documents.set_status_of(self.document.id, status)
        self.message.emit(f"Saved: {self.document.title} is '{status}' for {self.coder.name}")

    # -- claims -------------------------------------------------------------------------------

    def refresh_claims(self, selected: uuid.UUID | None = None) -> None:
        if self.project is None or self.document is None:
            self.claims_model.set_claims([])
            self.view.set_claims([])
            return
        self._loading = None  # read here in full: a read still in flight is superseded
        visible = {c.id for c in self.visible_coders()}
        self._show_claims([c for c in self.project.claims(document=self.document) if c.coder.id in visible], selected)

    def _start_loading(self, document_id: uuid.UUID) -> None:
        if self._loading == document_id and self.project is not None:
            self.loader.load(self.project, document_id)

    def _show_claims_on_screen(self) -> None:
        """While a long document's claims are read: highlight those on the first screen at once."""
        low, high = self.view.visible_span()
        coder = self.coder if self.view_mode == MINE else None
        visible = {c.id for c in self.visible_coders()}
        claims = [c for c in self.project.claims_between(self.document, low, high, coder=coder) if c.coder.id in visible]
        self.claims_model.set_claims([])
        self.view.set_claims(claims, show_coders=self.view_mode != MINE)

    def _claims_loaded(self, document_id: uuid.UUID, result) -> None:
        if self._loading != document_id or self.document is None or self.document.id != document_id:
            return  # another document was opened meanwhile
        self._loading = None
        if isinstance(result, str):
            self.error.emit(result)
        elif self._changed_while_loading:
            self.refresh_claims()  # a claim saved meanwhile may be missing from what was read
        else:
            visible = {c.id for c in self.visible_coders()}
            self._show_claims([c for c in result if c.coder.id in visible])

    def _show_claims(self, claims: list[Claim], selected: uuid.UUID | None = None) -> None:
        """Show these claims (as the service returned them after the last committed change)."""
        self.claims_model.set_claims(claims)
        self.view.set_claims(claims, show_coders=self.view_mode != MINE, selected=selected)

    def _show_change(self, claim_id: uuid.UUID, claim: Claim | None) -> None:
        """Show one committed change without re-reading the document: ``claim`` as the service
        returned it, or None when the claim no longer exists. The document list's counts follow."""
        before = self.claims_model.claim(claim_id)
        coder = (claim or before).coder if (claim or before) else None
        if self._loading is None and coder is not None and self.coder is not None and coder.id == self.coder.id:
            # my claims are always listed, so the list tells whether this one existed before
            self.documents.count_claim(self.document.id, coder.id, (claim is not None) - (before is not None))
        else:
            self.documents.refresh_document(self.project, self.document.id)
        shown = (claim is not None and self.document is not None and claim.document.id == self.document.id
                 and (claim.coder.id == self.coder.id if self.view_mode == MINE
                      else claim.coder.id in {c.id for c in self.visible_coders()}))
        if shown:
            self.claims_model.put(claim)
            self.view.put_claim(claim)
        else:
            self.claims_model.remove(claim_id)
            self.view.remove_claim(claim_id)

    def show_outside_change(self, claim_id: uuid.UUID, claim: Claim | None) -> None:
        """A claim of the open document that another program committed (a server project's live
        refresh): shown like one of ours, while the panel, its draft and the selections stay."""
        if self.project is None or self.document is None:
            return
        self._changed_while_loading = self._loading is not None
        self._show_change(claim_id, claim)

    def _span_selected(self, start: int, end: int) -> None:
        if start < 0 or self.document is None:
            return
        if self.panel.state.mode is Mode.EDITING:
            return  # a selection while editing changes the span only on "Use selection as span"
        self.panel.start_new_claim(start, end, self.document.text[start:end])

    def _claims_clicked(self, claim_ids: list) -> None:
        claim = self.claims_model.claim(claim_ids[0])
        if claim is not None:
            self.edit_claim(claim)

    def edit_claim(self, claim: Claim) -> bool:
        if self.panel.editing is None or self.panel.editing.id != claim.id:
            if not self.settle_draft("open another claim"):
                return False
        self.panel.edit_claim(claim)
        self.view.set_selected_claim(claim.id)
        return True

    def new_claim(self) -> None:
        """Esc: no claim, every field empty, nothing selected in the document."""
        self.panel.reset()
        self.view.set_selected_claim(None)
        cursor = self.view.textCursor()
        cursor.clearSelection()
        self.view.setTextCursor(cursor)

    def repeat_last_codes(self) -> None:
        self.panel.repeat_codes(self.last_codes)

    def use_selection_as_span(self) -> None:
        span = self.view.selected_span()
        if self.panel.editing is None or span is None or self.document is None:
            self.panel.show_message("Select the new passage in the document first.")
            return
        self.panel.change_span(*span, self.document.text[span[0]:span[1]])

    def save(self) -> bool:
        """Enter: store exactly what the panel shows. True when stored (or nothing had changed)."""
        if not self._can_code():
            return False
        values = self.panel.values()
        if values is None:
            return False
        values.update(theme=values["theme"].id, actor=values["actor"].id if values["actor"] else None,
                      target=values["target"].id if values["target"] else None)
        editing = self.panel.editing
        try:
            if editing is None:
                claim, command = undo_commands.add_claim(
                    self.project, dict(values, document=self.document.id, coder=self.coder.id),
                    self._after_undo_step, self.error.emit)
            else:
                changes = {k: v for k, v in values.items() if v != undo_commands.claim_values(editing)[k]}
                if not changes:
                    self.panel.show_message("Nothing changed.")
                    return True
                claim, command = undo_commands.edit_claim(
                    self.project, editing, changes, self._after_undo_step, self.error.emit)
        except ConflictError as error:
            self._show_conflict(error)
            return False
        except DeletedMeanwhileError as error:  # the draft stays, as a new claim on its passage
            self._show_change(editing.id, None)
            self.panel.start_new_claim(values["start"], values["end"], self.document.text[values["start"]:values["end"]])
            self.panel.show_message(str(error))
            self.error.emit(str(error))
            self.conflict.emit(str(error))
            return False
        except AfpakError as error:
            self.panel.show_message(str(error))
            self.error.emit(str(error))
            return False
        self.undo_stack.push(command)
        self.claim_step.emit(command)
        self._changed_while_loading = self._loading is not None
        if editing is None and self.documents.status_of(self.document.id) == "not started":
            self.set_status("in progress")
        self._show_change(claim.id, claim)
        self.last_codes = Codes(claim.theme, claim.actor, claim.target, claim.stance.value if claim.stance else None)
        if editing is None:
            self.new_claim()  # the passage is now a highlight; the panel starts empty
            self.view.setFocus()
        else:
            self.panel.edit_claim(claim)
            self.view.set_selected_claim(claim.id)
        self.message.emit(f"Saved: {command.text().lower()} — {saved_fields(claim)}")
        self.claim_stored.emit(claim)
        return True

    def _show_conflict(self, error: ConflictError) -> None:
        """Someone else saved this claim meanwhile: nothing of ours was stored; their version is
        shown in the views and, if it is the claim being edited, in the panel."""
        current = error.current
        if current is not None and self.document is not None and current.document.id == self.document.id:
            self._show_change(current.id, current)
            if self.panel.editing is not None and self.panel.editing.id == current.id:
                self.panel.edit_claim(current)
                self.view.set_selected_claim(current.id)
        self.error.emit(str(error))  # the status bar: the whole line, naming the project
        self.panel.show_message(_without_place(str(error), self.project.path))
        self.conflict.emit(str(error))

    def delete_claim(self, claim_id: uuid.UUID) -> None:
        claim = self.claims_model.claim(claim_id)
        if claim is None or not self._can_code():
            return
        try:
            command = undo_commands.delete_claim(self.project, claim, self._after_undo_step, self.error.emit)
        except ConflictError as error:
            self._show_conflict(error)
            return
        except AfpakError as error:
            self.error.emit(str(error))
            return
        self.undo_stack.push(command)
        self.claim_step.emit(command)
        self._changed_while_loading = self._loading is not None
        self.panel.reset()
        self._show_change(claim.id, None)
        self.message.emit("Saved: claim deleted (Ctrl+Z brings it back)")

    def _after_undo_step(self, command) -> None:
        """After undo/redo: show the document the step changed, with its claims and counts. A
        claim being edited may have changed, so the panel lets go of it; a new claim's draft stays
        (and another document is then not opened over it)."""
        if self.panel.editing is not None:
            self.panel.reset()
            self.view.set_selected_claim(None)
        elsewhere = command.document_id is not None and (self.document is None or self.document.id != command.document_id)
        if elsewhere:
            if not self.panel.has_draft():  # (with a draft, its document stays open; counts follow below)
                self.open_document(self.project.document(command.document_id))  # reads the step's result
            self.documents.refresh_document(self.project, command.document_id)
        elif command.claim_id is not None and not command.failed:
            self._changed_while_loading = self._loading is not None
            self._show_change(command.claim_id, command.claim)
        else:
            self.refresh_claims()
            if command.document_id is not None:
                self.documents.refresh_document(self.project, command.document_id)
        if not command.failed:
            if command.claim_id is not None:
                self.claim_step.emit(command)
            self.message.emit(f"Saved: “{command.text()}” {command.step}")
        elif isinstance(command.refusal, (ConflictError, DeletedMeanwhileError)):
            self.conflict.emit(f"Could not {command.text().lower()}: {command.refusal}")

    def _can_code(self) -> bool:
        if self.project is None:
            return False
        if self.document is None:
            self.panel.show_message("Select a passage in a document first: no document is open.")
            return False
        if self.project.read_only:
            self.error.emit(f"{self.project.path}: is open read-only; claims cannot be saved")
            return False
        if self.coder is None:
            self.error.emit("Choose who is coding first (Coding → Switch coder…).")
            return False
        return True


def _without_place(message: str, place) -> str:
    """A message for the panel, which has no room for the project's path or address."""
    prefix = f"{place}: "
    return message[len(prefix):][:1].upper() + message[len(prefix) + 1:] if message.startswith(prefix) else message


def saved_fields(claim: Claim) -> str:
    """Every stored field of a claim, for the message that says it is saved."""
    stance = f"{claim.stance.value:+d} {claim.stance.label}" if claim.stance else "none"
    memo = f"“{claim.memo}”" if claim.memo else "none"
    actor = claim.actor.name if claim.actor else "none (incomplete)"
    return (f"characters {claim.start}–{claim.end}; theme: {claim.theme.name}; actor: {actor}; "
            f"target: {claim.target.name if claim.target else 'none'}; stance: {stance}; memo: {memo}")
