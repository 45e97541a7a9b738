"""The coding panel's state: which claim the panel is about. Plain data, no widgets.

States
    NO_CLAIM      no passage chosen; the fields may already be filled (they are shown), Save is off.
    NEW(span)     a new claim on the passage ``span`` (code points), not yet saved.
    EDITING(X)    the stored claim X; ``span`` is X's span until "Use selection as span" changes it.

Transitions (event: from → to; what happens to the fields)
    select a passage        NO_CLAIM, NEW → NEW(span); fields kept (they are visible).
                            EDITING → EDITING (a selection changes the span only on "Use selection as span").
    Use selection as span   EDITING(X) → EDITING(X) with the new span.
    Enter                   NEW → NO_CLAIM, every field emptied; EDITING(X) → EDITING(X as stored).
                            Refused (message, state unchanged) while something required is missing.
    Esc                     any → NO_CLAIM, every field emptied, the document's selection dropped.
    a find or search hit    no change: hits are marked in the text, never selected.
    Delete                  EDITING(X) → NO_CLAIM, every field emptied.
    click a highlight / a row of the claims list
                            any → EDITING(X), the fields show X (a draft is asked about first).
    switch document, open/close project, switch coder
                            any → NO_CLAIM, every field emptied (a draft is asked about first).
    undo / redo             EDITING → NO_CLAIM, fields emptied (X may have changed; unsaved changes to
                            X are asked about first: Discard / Cancel); NEW stays NEW in its document
                            (the step's document is then not opened over the draft).
    codebook change         state kept; a field whose entry disappeared (archived, merged) shows empty.
    Repeat last codes       NO_CLAIM, NEW → same state; theme, actor, target and stance become those of
                            the last claim saved (shown before anything is stored); the memo is untouched.

What is shown is read back from the widgets when Enter is pressed, so the panel never keeps a value
that a widget does not show.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from afpak_coder.core.records import Claim


class Mode(Enum):
    NO_CLAIM = "no claim"
    NEW = "new claim"
    EDITING = "editing"


@dataclass(frozen=True)
class PanelState:
    mode: Mode = Mode.NO_CLAIM
    span: tuple[int, int] | None = None
    claim: Claim | None = None

    @property
    def span_changed(self) -> bool:
        return self.claim is not None and self.span != (self.claim.start, self.claim.end)


NO_CLAIM = PanelState()


def new_claim(start: int, end: int) -> PanelState:
    return PanelState(Mode.NEW, (start, end))


def editing(claim: Claim, span: tuple[int, int] | None = None) -> PanelState:
    return PanelState(Mode.EDITING, span or (claim.start, claim.end), claim)


@dataclass(frozen=True)
class Codes:
    """Theme, actor, target and stance of a saved claim, for "Repeat last codes" (never the memo)."""

    theme: object
    actor: object
    target: object
    stance: int | None
