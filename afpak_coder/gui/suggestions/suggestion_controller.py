"""Wires suggestions into the coding workspace.

- A selected passage (the panel enters NEW) shows the suggestion chips; a chip fills its field,
  visibly; only the coder's Enter saves.
- Opening a document marks the sentences likely to hold a claim that the coder has not coded yet.
- Models train when a project or coder is chosen (unless a fresh cache is beside the project) and
  again after every RETRAIN_EVERY saved claims: a worker thread reads what they learn from, and a
  process of their own fits them (``analysis.fitting_process``), so the window never waits. They
  learn only from the coder's own claims (see ``analysis.suggester``), so blind coding stays blind.
- "Show suggestions while coding" is one switch (Coding menu), remembered on this computer.
"""

from __future__ import annotations

import atexit
import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Signal
from PySide6.QtGui import QKeySequence, QShortcut

from afpak_coder.gui import shortcuts as keys
from afpak_coder.gui.suggestions.candidate_margin import CandidateMargin
from afpak_coder.gui.suggestions.suggestion_bar import SuggestionBar
from afpak_coder.gui.workspace.coding_state import Mode
from afpak_coder.gui.server.places import cache_stand_in

if TYPE_CHECKING:
    from afpak_coder.analysis.suggester import TrainedSuggestions

RETRAIN_EVERY = 5  # saved claims; more for coders with many claims (see _retrain_after)
ENABLED_SETTING = "suggestions/enabled"


class SuggestionController(QObject):
    trained_changed = Signal()  # new models are in use (or none)

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.coding = window.controller
        self.panel = window.coding_panel
        self.view = window.document_view
        self.settings = window.settings
        self.enabled = self.settings.value(ENABLED_SETTING, True, type=bool)
        self.trained: TrainedSuggestions | None = None
        self.training = False
        self._generation = 0  # results of a training started for an earlier project/coder are dropped
        self._saves = 0
        self._shown_recorded: set = set()
        self._reading = threading.Lock()  # held while a worker reads the project
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self._fit_number = 0  # the fit started last (see analysis.fitting_process)
        # Candidate marks are worked out on a thread of their own (a long document's sentences take
        # a second or more to score); a newer request drops an older one's result.
        self.marking = QThreadPool(self)
        self.marking.setMaxThreadCount(1)
        self._marking = 0
        self._marks_for = None  # the document the margin's marks are for
        self._saved_meanwhile: list[tuple[int, int]] = []
        self.bar = SuggestionBar()
        self.panel.layout().insertWidget(2, self.bar)
        self.margin = CandidateMargin(self.view)
        self.bar.accepted.connect(self.accept)
        self.panel.state_changed.connect(self.refresh_chips)
        self.coding.coder_changed.connect(lambda _coder: self.restart())
        self.coding.document_opened.connect(lambda _document: self.refresh_candidates())
        self.coding.claim_stored.connect(self._claim_stored)
        for number, key in enumerate(keys.SUGGESTION_KEYS, 1):
            shortcut = QShortcut(QKeySequence(key), window)
            shortcut.activated.connect(lambda n=number: self.bar.accept_chip(n))

    # -- switching ----------------------------------------------------------------------------

    def set_enabled(self, enabled: bool) -> None:
        self.enabled = bool(enabled)
        self.settings.setValue(ENABLED_SETTING, self.enabled)
        self.restart()

    def restart(self) -> None:
        """A new project, coder or switch position: forget the models in use, load or train anew."""
        self._generation += 1
        self._marking += 1  # marks being worked out for the previous models are dropped
        self._marks_for = None
        if _fitting is not None:
            _fitting.stop(self._fit_number)  # a fit for the previous project, coder or switch stops
        with self._reading:  # a worker still reading the previous project finishes first
            pass
        self.trained, self._saves = None, 0
        self.bar.clear()
        self.margin.set_candidates([])
        project, coder = self.coding.project, self.coding.coder
        if not self.enabled or project is None or coder is None:
            self.trained_changed.emit()
            return
        from afpak_coder.analysis.suggester import coded_claim_count, consensus_allowed, load_cached

        cached = load_cached(cache_stand_in(project), str(coder.id))
        if cached is not None:
            self._use(cached)
            if cached.claims == coded_claim_count(project, coder) and \
                    (len(cached.sources) > 1) == consensus_allowed(project):
                return  # fresh: the coder's claims are as they were when it was trained
        self.train()

    def train(self) -> None:
        project, coder = self.coding.project, self.coding.coder
        if project is None or coder is None or self.training:
            return
        self.training = True
        from afpak_coder.analysis.fitting_process import fit_numbers

        self._fit_number = next(fit_numbers)
        self.pool.start(_Train(self, project, coder, self._generation, fitting(), self._fit_number))

    def wait(self, milliseconds: int = 60000) -> bool:
        return self.pool.waitForDone(milliseconds) and self.marking.waitForDone(milliseconds)

    def _trained(self, generation: int, result) -> None:
        self.training = False
        if generation != self._generation:  # trained for an earlier project, coder or switch
            if self.enabled and self.coding.project is not None:
                self.train()
            return
        if isinstance(result, str):
            self.window.statusBar().showMessage(result, 8000)
            return
        self._use(result)
        if self._saves >= self._retrain_after():  # more claims were saved while it trained
            self._saves = 0
            self.train()

    def _retrain_after(self) -> int:
        """Five saved claims at first; one in a hundred of the coder's claims later on, so a coder
        with tens of thousands of claims does not keep a core busy training."""
        claims = self.trained.claims if self.trained is not None else 0
        return max(RETRAIN_EVERY, claims // 100)

    def _use(self, trained) -> None:
        self.trained = trained
        self.trained_changed.emit()
        self.refresh_candidates()
        self.refresh_chips()

    def _claim_stored(self, claim) -> None:
        self._saves += 1
        self._saved_meanwhile.append((claim.start, claim.end))  # for marks being worked out now
        # The saved passage is coded now: drop the marks it covers (no re-read of the document).
        self.margin.set_candidates(_clear_of(self.margin.candidates, [(claim.start, claim.end)]))
        if self._saves >= self._retrain_after() and self.enabled and not self.training:
            self._saves = 0
            self.train()

    # -- showing ------------------------------------------------------------------------------

    def refresh_chips(self) -> None:
        state = self.panel.state
        document = self.coding.document
        if not self.enabled or self.trained is None or state.mode is not Mode.NEW or document is None:
            self.bar.clear()
            return
        shown = self.trained.suggest(document, *state.span)
        self.bar.show_suggestions(shown, {level.value: level.label for level in self.panel.levels})
        if self.bar.chips:
            self._record_shown()

    def refresh_candidates(self) -> None:
        """Mark the sentences of the open document likely to hold a claim (worked out on the
        marking thread; the marks of another document go at once)."""
        document, project, coder = self.coding.document, self.coding.project, self.coding.coder
        self._marking += 1
        shown_for, self._marks_for = self._marks_for, document.id if document is not None else None
        if not self.enabled or self.trained is None or document is None or project is None:
            self.margin.set_candidates([])
            return
        if shown_for != document.id:
            self.margin.set_candidates([])
        self._saved_meanwhile = []
        self.marking.start(_Mark(self, project, coder, document, self.trained, self._marking))

    def _marked(self, number: int, candidates) -> None:
        if number != self._marking:  # the document, the models or the switch changed meanwhile
            return
        self.margin.set_candidates(_clear_of(candidates, self._saved_meanwhile))

    def select_next_candidate(self) -> bool:
        """Select the next sentence marked as a candidate: from the cursor, or after the selection
        (so pressing it again moves on), wrapping round."""
        cursor = self.view.textCursor()
        position = self.view.offsets.to_codepoint(cursor.selectionEnd() if cursor.hasSelection() else cursor.position())
        if cursor.hasSelection():
            position += 1
        candidate = self.margin.next_after(position)
        if candidate is None:
            self.window.statusBar().showMessage("No suggested sentence in this document", 5000)
            return False
        self.view.select_span(candidate.start, candidate.end)
        return True

    def accept(self, suggestion) -> None:
        """Fill the suggestion's field; the coder still presses Enter to save."""
        from afpak_coder.analysis.suggestions import NO_TARGET

        project = self.coding.project
        if project is None or self.panel.state.mode is not Mode.NEW:
            return
        value = suggestion.value
        if suggestion.dimension == "theme":
            found = [t for t in project.themes() if t.path_label == value]
            self.panel.themes.set_current(found[0].id if found else None)
        elif suggestion.dimension in ("actor", "target"):
            picker = self.panel.actor if suggestion.dimension == "actor" else self.panel.target
            found = [a for a in project.actors() if a.name == value]
            picker.set_actor(found[0].id if found and value != NO_TARGET else None)
        else:
            self.panel.set_stance(value)
        self.panel.show_message(f"Suggested {suggestion.dimension} filled in — check it, then press Enter to save.")

    def _record_shown(self) -> None:
        """The agreement report states which coders had suggestions on: note it once per coder."""
        project, coder = self.coding.project, self.coding.coder
        key = (str(project.path), coder.id)
        if key in self._shown_recorded or project.read_only:
            return
        self._shown_recorded.add(key)
        from afpak_coder.analysis.suggester import record_suggestions_shown
        from afpak_coder.core.errors import AfpakError

        try:
            record_suggestions_shown(project, coder)
        except AfpakError as error:
            self.window.statusBar().showMessage(str(error), 8000)


class _Train(QRunnable):
    def __init__(self, owner: SuggestionController, project, coder, generation: int, fitter, fit_number: int) -> None:
        super().__init__()
        self.owner, self.project, self.coder, self.generation = owner, project, coder, generation
        self.fitter, self.fit_number = fitter, fit_number
        self.relay = _Relay()
        self.relay.done.connect(owner._trained)

    def run(self) -> None:
        from afpak_coder.analysis import suggester

        try:
            with self.owner._reading:
                if self.generation != self.owner._generation:
                    return self._send("stale")
                data = suggester.read_training_data(self.project, self.coder)
            result = self.fitter.fit(data, self.fit_number)
            try:
                suggester.save_cached(cache_stand_in(self.project), result)
            except OSError:  # a read-only folder: the models serve this session only
                pass
        except suggester.TrainingCancelled:
            return self._send("stale")
        except Exception as error:  # noqa: BLE001 - reported in the status bar, never a crash
            result = f"Suggestions could not be trained: {error}"
        self._send(result)

    def _send(self, result) -> None:
        self.relay.send(self.generation, result)


class _Mark(QRunnable):
    def __init__(self, owner: SuggestionController, project, coder, document, trained, number: int) -> None:
        super().__init__()
        self.owner, self.project, self.coder, self.document = owner, project, coder, document
        self.trained, self.number = trained, number
        self.relay = _Relay()
        self.relay.done.connect(owner._marked)

    def run(self) -> None:
        try:
            with self.owner._reading:
                if self.number != self.owner._marking:
                    return
                coded = [(c.start, c.end) for c in self.project.claims(document=self.document, coder=self.coder)]
            candidates = self.trained.candidates(self.document, coded)
        except Exception:  # noqa: BLE001 - marks are a hint: none rather than an error box
            candidates = []
        self.relay.send(self.number, candidates)


_fitting = None


def fitting():
    """The app's one fitting process (started on its first fit, stopped when the app quits);
    made on the GUI thread."""
    global _fitting
    if _fitting is None:
        from afpak_coder.analysis.fitting_process import FittingProcess

        _fitting = FittingProcess()
        QCoreApplication.instance().aboutToQuit.connect(_fitting.close)
        atexit.register(_fitting.close)  # also without an event loop (scripts, tests)
    return _fitting


def _clear_of(candidates, spans: list[tuple[int, int]]) -> list:
    """The candidates that overlap none of ``spans`` (passages coded since)."""
    return [c for c in candidates if not any(a < c.end and b > c.start for a, b in spans)]


class _Relay(QObject):
    """Hands a worker's result to the window's thread."""

    done = Signal(int, object)

    def send(self, number: int, result) -> None:
        try:
            self.done.emit(number, result)
        except RuntimeError:  # the window closed meanwhile
            pass
