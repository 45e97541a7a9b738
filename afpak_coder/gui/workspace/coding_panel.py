"""The coding panel: the selected passage and its codes — theme, actor, target, stance, memo.

The panel is a state machine — NO_CLAIM, NEW(span), EDITING(claim) — whose states and transitions
are written down in ``coding_state``. Each transition is one method here (``reset``,
``start_new_claim``, ``edit_claim``, ``change_span``, ``repeat_codes``); ``_render`` is the one place
that decides what the heading, passage and buttons show; ``values`` reads what the widgets show, so
what Enter stores is exactly what is on screen. The panel only shows and collects; the controller
turns its requests into service calls.
"""

from __future__ import annotations

import uuid
from html import escape

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup, QFormLayout, QFrame, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QScrollArea,
    QToolButton, QVBoxLayout, QWidget,
)

from afpak_coder.core.records import Actor, Claim, StanceLevel, Theme
from afpak_coder.gui.workspace.actor_picker import ActorPicker, actors_mentioned
from afpak_coder.gui.workspace import coding_state
from afpak_coder.gui.workspace.coding_state import Mode
from afpak_coder.gui.workspace.theme_picker import ThemeIdRole, ThemePicker
from afpak_coder.wording import join_and

QUOTE_PREVIEW = 400
QUOTE_LINES = 4  # the passage box's fixed height; a longer passage scrolls inside it


def fixed_height_box(label: QLabel, lines: int) -> QScrollArea:
    """``label`` in a box ``lines`` lines high: a new passage or message re-wraps inside the box
    and never moves the widgets below it (which would repaint the whole panel after every Enter)."""
    box = QScrollArea(widgetResizable=True, frameShape=QFrame.Shape.NoFrame)
    box.setWidget(label)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    margins = label.contentsMargins()
    box.setFixedHeight(label.fontMetrics().lineSpacing() * lines + margins.top() + margins.bottom() + 12)
    return box


def one_line_at_least(label: QLabel) -> QLabel:
    """An empty label keeps one line's height, so showing a line in it does not shift the panel."""
    label.setMinimumHeight(label.fontMetrics().lineSpacing())
    return label


class _EnterSaves(QObject):
    """Enter (or Ctrl+Enter in the memo) in any panel field asks to save."""

    def __init__(self, panel: CodingPanel) -> None:
        super().__init__(panel)
        self.panel = panel

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            in_memo = watched is self.panel.memo
            if in_memo and not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                return False
            popup = getattr(watched, "completer", lambda: None)()
            if popup is not None and popup.popup().isVisible():
                return False
            self.panel.save_requested.emit()
            return True
        return False


class CodingPanel(QWidget):
    save_requested = Signal()
    delete_requested = Signal(object)  # claim id
    new_requested = Signal()  # forget the claim being edited
    use_selection_requested = Signal()  # take the document's selection as the edited claim's span
    new_actor_requested = Signal(str)  # "actor" or "target"
    state_changed = Signal()  # after every transition (the suggestion chips follow it)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("codingPanel")
        self.state = coding_state.NO_CLAIM
        self.heading = QLabel(objectName="panelHeading")
        self.quote = QLabel(objectName="panelQuote", wordWrap=True)
        self.quote.setTextFormat(Qt.TextFormat.PlainText)  # the passage exactly as stored
        self.quote.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.quote.setStyleSheet("QLabel#panelQuote { background: palette(base); padding: 6px; border-radius: 3px; }")
        self.themes = ThemePicker()
        self.actor = ActorPicker(allow_none=False)
        self.actor.setObjectName("actorPicker")
        self.target = ActorPicker(allow_none=True)
        self.target.setObjectName("targetPicker")
        self.actor.new_actor_requested.connect(lambda _t: self.new_actor_requested.emit("actor"))
        self.target.new_actor_requested.connect(lambda _t: self.new_actor_requested.emit("target"))
        self.mentioned = QLabel(objectName="mentionedActors", wordWrap=True)
        self.stance_row = QHBoxLayout()
        self.stance_group = QButtonGroup(self)
        self.stance_group.setExclusive(True)
        self.stance_group.buttonToggled.connect(lambda *_: self._show_stance_label())
        self.stance_label = QLabel(objectName="stanceLabel")
        self.memo = QPlainTextEdit(objectName="memo", placeholderText="Memo (Ctrl+Enter saves)")
        self.memo.setMaximumHeight(70)
        self.save_button = QPushButton("Save claim  ⏎", objectName="saveClaim")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save_requested)
        self.new_button = QPushButton("New (Esc)")
        self.new_button.clicked.connect(self.new_requested)
        self.span_button = QPushButton("Use selection as span")
        self.span_button.setToolTip("Widen or narrow the claim: select the new passage, then press this")
        self.span_button.clicked.connect(self.use_selection_requested)
        self.delete_button = QPushButton("Delete")
        self.delete_button.clicked.connect(lambda: self.editing and self.delete_requested.emit(self.editing.id))
        self.message = QLabel(objectName="panelMessage", wordWrap=True)
        self.message.setStyleSheet("color: #a33;")

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for label, widget in (("&Actor", self.actor), ("Tar&get", self.target)):
            caption = QLabel(label)
            caption.setBuddy(widget)
            form.addRow(caption, widget)
        form.addRow("", one_line_at_least(self.mentioned))
        stance_caption = QLabel("Stance")
        form.addRow(stance_caption, self.stance_row)
        memo_caption = QLabel("&Memo")
        memo_caption.setBuddy(self.memo)
        form.addRow(memo_caption, self.memo)
        theme_caption = QLabel("&Theme")
        theme_caption.setBuddy(self.themes.filter_box)
        buttons = QHBoxLayout()
        for button in (self.save_button, self.new_button, self.span_button, self.delete_button):
            buttons.addWidget(button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(fixed_height_box(self.quote, QUOTE_LINES))
        layout.addWidget(theme_caption)
        layout.addWidget(self.themes, 1)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(one_line_at_least(self.message))

        self._enter = _EnterSaves(self)
        for widget in (self.themes.tree, self.actor, self.actor.lineEdit(), self.target, self.target.lineEdit(), self.memo):
            widget.installEventFilter(self._enter)
        self._actors: list[Actor] = []
        self._levels: list[StanceLevel] = []
        self.reset()

    # -- codebook -----------------------------------------------------------------------------

    def set_codebook(self, themes: list[Theme], actors: list[Actor], levels: list[StanceLevel],
                     pins: list[uuid.UUID]) -> None:
        self.themes.set_themes(themes, pins)
        self._actors = [a for a in actors if not a.archived]
        self._suggest_actors(force=True)
        chosen = self.current_stance()
        for button in self.stance_group.buttons():
            self.stance_group.removeButton(button)
            button.deleteLater()
        self._levels = levels
        for number, level in enumerate(levels, 1):
            button = QToolButton(text=f"{level.value:+d}")
            button.setObjectName(f"stance{level.value:+d}")
            button.setCheckable(True)
            button.setToolTip(f"{level.label} (Alt+{number})\n{level.definition}".strip())
            button.setStyleSheet(f"QToolButton:checked {{ background: {level.color}; font-weight: bold; }}")
            # Button ids are positions: QButtonGroup treats id -1 as "assign one for me".
            self.stance_group.addButton(button, number - 1)
            self.stance_row.addWidget(button)
        self.stance_row.addWidget(self.stance_label, 1)
        self.set_stance(chosen.value if chosen else None)

    # -- transitions (see coding_state for the table) -----------------------------------------

    @property
    def levels(self) -> list[StanceLevel]:
        return list(self._levels)

    @property
    def editing(self) -> Claim | None:
        return self.state.claim

    @property
    def span(self) -> tuple[int, int] | None:
        return self.state.span

    def reset(self) -> None:
        """→ NO_CLAIM with every field empty (Esc, Delete, after saving a new claim, switching)."""
        self._empty_fields()
        self._enter_state(coding_state.NO_CLAIM)

    def start_new_claim(self, start: int, end: int, quote: str) -> None:
        """A passage selected in the document → NEW on that span; the fields stay as shown."""
        self._enter_state(coding_state.new_claim(start, end), quote)

    def edit_claim(self, claim: Claim) -> None:
        """→ EDITING(claim): every field shows the stored claim."""
        self._enter_state(coding_state.editing(claim), claim.quote)
        self.themes.set_current(claim.theme.id)
        self.actor.set_actor(claim.actor.id if claim.actor else None)
        self.target.set_actor(claim.target.id if claim.target else None)
        self.set_stance(claim.stance.value if claim.stance else None)
        self.memo.setPlainText(claim.memo)

    def change_span(self, start: int, end: int, quote: str) -> None:
        """EDITING(X) → EDITING(X) on a new span (saved with the other changes)."""
        if self.state.claim is not None:
            self._enter_state(coding_state.editing(self.state.claim, (start, end)), quote)

    def repeat_codes(self, codes: coding_state.Codes | None) -> None:
        """Show the last saved claim's theme, actor, target and stance (not its memo) in a new claim."""
        if codes is None:
            self.show_message("No claim saved yet in this session: nothing to repeat.")
            return
        if self.state.mode is Mode.EDITING:
            self.show_message("Repeat last codes fills a new claim; press Esc first to leave this claim.")
            return
        self.themes.set_current(codes.theme.id if codes.theme else None)
        self.actor.set_actor(codes.actor.id if codes.actor and codes.actor.id in self.actor.known_ids() else None)
        self.target.set_actor(codes.target.id if codes.target and codes.target.id in self.target.known_ids() else None)
        self.set_stance(codes.stance)
        self.show_message("")

    def _enter_state(self, state: coding_state.PanelState, quote: str = "") -> None:
        self.state = state
        self.message.clear()
        self._suggest_actors(quote)
        self._render(quote)
        self.state_changed.emit()

    def _render(self, quote: str) -> None:
        """The one place that decides the heading, the passage and which buttons act."""
        state = self.state
        if state.mode is Mode.NO_CLAIM:
            self.heading.setText("<b>No claim</b> — select a passage in the document")
            self.quote.setText("No passage selected.")
            self.quote.setToolTip("")
        else:
            start, end = state.span
            if state.mode is Mode.NEW:
                heading = f"<b>New claim</b> · characters {start}–{end}"
            else:
                what = "new span, " if state.span_changed else ""
                heading = f"<b>Editing</b> {escape(state.claim.coder.name)}'s claim · {what}characters {start}–{end}"
                if state.claim.is_incomplete:  # e.g. imported from another tool, for the coder to finish
                    heading += f" · <span style='color:#b35900'>{state.claim.incomplete_label}</span>"
            self.heading.setText(heading)
            shown = quote if len(quote) <= QUOTE_PREVIEW else quote[: QUOTE_PREVIEW - 1] + "…"
            self.quote.setText(shown)
            self.quote.setToolTip(quote)
        self.save_button.setEnabled(state.mode is not Mode.NO_CLAIM)
        self.delete_button.setEnabled(state.mode is Mode.EDITING)
        self.span_button.setEnabled(state.mode is Mode.EDITING)

    def _empty_fields(self) -> None:
        self.themes.clear_filter()
        self.themes.set_current(None)
        self.actor.set_actor(None)
        self.target.set_actor(None)
        self.set_stance(None)
        self.memo.clear()

    def set_stance(self, value: int | None) -> None:
        self.stance_group.setExclusive(False)
        for button in self.stance_group.buttons():
            button.setChecked(self._levels[self.stance_group.id(button)].value == value)
        self.stance_group.setExclusive(True)
        self._show_stance_label()

    def _show_stance_label(self) -> None:
        level = self.current_stance()
        self.stance_label.setText(level.label if level else "no stance")

    def pick_stance_number(self, number: int) -> None:
        """Alt+1… picks the number-th level from the lowest."""
        if 1 <= number <= len(self._levels):
            self.set_stance(self._levels[number - 1].value)

    def current_stance(self) -> StanceLevel | None:
        position = self.stance_group.checkedId()
        return self._levels[position] if self.stance_group.checkedButton() is not None else None

    def _collect(self) -> tuple[dict, list[str]]:
        """What the fields show, and what is missing before it can be saved."""
        missing = []
        if self.state.span is None:
            missing.append("a passage")
        theme, actor = self.themes.current_theme(), self.actor.current_actor()
        if theme is None:
            missing.append("a theme")
        if actor is None and not (self.editing is not None and self.editing.actor is None):
            missing.append("an actor")  # an incomplete claim may stay so while other fields change
        target_text = self.target.currentText().strip()
        target = self.target.current_actor()
        if target is None and target_text:
            missing.append(f"a known target (no actor is called {target_text!r})")
        stance = self.current_stance()
        start, end = self.state.span or (None, None)
        return dict(start=start, end=end, theme=theme, actor=actor, target=target,
                    stance=stance.value if stance else None, memo=self.memo.toPlainText().strip()), missing

    def values(self) -> dict | None:
        """The codes to save, or None (with the reason shown) when something required is missing."""
        if self.state.mode is Mode.NO_CLAIM:
            self.show_message("Select a passage in the document first, then press Enter to save.")
            return None
        self.actor.show_resolved()  # "ISPR" becomes "Pakistani military" on screen, as it is stored
        self.target.show_resolved()
        values, missing = self._collect()
        if missing:
            self.show_message(f"Choose {join_and(missing)} before saving.")
            return None
        return values

    def has_draft(self) -> bool:
        """Something entered and not saved: a new passage or a filled field, or a changed claim."""
        values, _missing = self._collect()
        if self.state.mode is Mode.EDITING:
            claim = self.state.claim
            stored = dict(start=claim.start, end=claim.end, theme=claim.theme, actor=claim.actor,
                          target=claim.target, stance=claim.stance.value if claim.stance else None, memo=claim.memo)
            return any(values[key] != stored[key] for key in stored)
        filled = values["theme"] or values["actor"] or self.target.currentText().strip() or values["stance"] is not None
        return bool(self.state.span or filled or values["memo"] or self.actor.currentText().strip())

    def shown(self) -> dict:
        """What the panel shows, as text read from its widgets (for the saved-message and tests)."""
        items = self.themes.tree.selectedItems()
        stance = self.current_stance()
        return dict(span=self.state.span, theme=items[0].data(0, ThemeIdRole) if items else None,
                    actor=self.actor.currentText().strip(), target=self.target.currentText().strip(),
                    stance=stance.value if stance else None, memo=self.memo.toPlainText().strip())

    def show_message(self, text: str) -> None:
        self.message.setText(text)

    def _suggest_actors(self, passage: str = "", force: bool = False) -> None:
        found = actors_mentioned(passage, self._actors) if passage else []
        key = (tuple(a.id for a in self._actors), tuple(a.id for a in found))
        if force or key != getattr(self, "_suggested", None):  # rebuilding the lists is the slow part
            self._suggested = key
            self.actor.set_actors(self._actors, found)
            self.target.set_actors(self._actors, found)
        self.mentioned.setText("In the passage: " + ", ".join(a.name for a in found) if found else "")
