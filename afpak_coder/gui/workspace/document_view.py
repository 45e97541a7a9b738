"""The reading pane: a document's text, read-only, with its claims highlighted.

Positions cross the Qt boundary here and only here: Qt counts UTF-16 units, the project counts
code points (``OffsetMap``). Signals carry code points.
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import QElapsedTimer, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QTextCharFormat, QTextCursor, QTextOption
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QTextEdit, QToolTip

from afpak_coder.core.offsets import OffsetMap
from afpak_coder.core.records import Claim, Document
from afpak_coder.core.text import sentence_bounds
from afpak_coder.gui.fonts import font_for_language
from afpak_coder.gui.workspace.claim_spans import ClaimSpans
from afpak_coder.gui.workspace.highlight_layers import Layer, Stretch, spliced, stretches

SELECTED_UNDERLINE = QColor("#202020")
_KEPT_SELECTIONS = 5000  # painted stretches kept for reuse while scrolling (a screen holds a few hundred)


def describe_claim(claim: Claim, with_coder: bool = True) -> str:
    target = f" → {claim.target.name}" if claim.target else ""
    stance = f" · {claim.stance.label} ({claim.stance.value:+d})" if claim.stance else ""
    coder = f" [{claim.coder.name}]" if with_coder else ""
    actor = claim.actor.name if claim.actor else "(incomplete: no actor)"
    return f"{claim.theme.name} — {actor}{target}{stance}{coder}"


def _format_of(layer: Layer) -> QTextCharFormat:
    text_format = QTextCharFormat()
    color = QColor(layer.colour)
    color.setAlpha(layer.alpha)
    text_format.setBackground(color)
    if layer.underline is not None:
        text_format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
        text_format.setUnderlineColor(QColor(layer.underline))
    if layer.wave:
        text_format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
        text_format.setUnderlineColor(SELECTED_UNDERLINE)
    return text_format


class DocumentView(QPlainTextEdit):
    span_selected = Signal(int, int)  # code points; (-1, -1) when the selection is cleared
    claims_clicked = Signal(list)  # ids of the claims under a click, innermost first

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setObjectName("documentView")
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        font = QFont(self.font())
        font.setPointSizeF(max(font.pointSizeF(), 11.5))
        self.setFont(font)
        self.base_font = QFont(font)
        self.bundled_fonts = True  # Noto Naskh / Nastaliq for Arabic script (View menu)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setPlaceholderText("Choose a document on the left to read it here.")
        self.setMouseTracking(True)
        self.document_shown: Document | None = None
        self.offsets = OffsetMap("")
        self._claims = ClaimSpans()
        # a painted stretch → its Qt selection, reused while it stays the same (scrolling, one change)
        self._selections: dict[Stretch, QTextEdit.ExtraSelection] = {}
        self._show_coders = False
        self._selected_claim: uuid.UUID | None = None
        self._search_spans: list[tuple[int, int]] = []
        self.current_hit: tuple[int, int] | None = None
        self._last_double_click = QElapsedTimer()
        self._press_position = QPoint()
        self.selectionChanged.connect(self._emit_selection)
        # Only the claims on screen are highlighted (a long document may hold thousands); the
        # highlights follow scrolling and resizing, coalesced into one repaint per event loop turn.
        self._repaint_timer = QTimer(self, singleShot=True, interval=0)
        self._repaint_timer.timeout.connect(self._paint)
        # (a lambda: connected directly, valueChanged's int would become the timer's interval)
        self.verticalScrollBar().valueChanged.connect(lambda _value: self._repaint_timer.start())
        self.painted_claims = 0
        # what was painted last: ((low, high, selected claim, coders shown), its stretches)
        self._painted: tuple[tuple, list[Stretch]] = ((), [])

    # -- content ------------------------------------------------------------------------------

    def show_document(self, document: Document | None) -> None:
        self.document_shown = document
        self._claims, self._selected_claim, self._search_spans, self.current_hit = ClaimSpans(), None, [], None
        self._selections.clear()
        self._painted = ((), [])
        if document is None:
            self.offsets = OffsetMap("")
            self.setPlainText("")
            return
        self.setFont(font_for_language(self.base_font, document.language, document.direction, self.bundled_fonts))
        rtl = document.direction == "rtl"
        direction = Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight
        self.setLayoutDirection(direction)
        option = self.document().defaultTextOption()
        option.setTextDirection(direction)
        option.setAlignment(Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft)
        self.document().setDefaultTextOption(option)
        self.offsets = OffsetMap(document.text)
        self.blockSignals(True)
        self.setPlainText(document.text)
        self.blockSignals(False)
        self.moveCursor(QTextCursor.MoveOperation.Start)
        self._paint()

    def set_claims(self, claims: list[Claim], *, show_coders: bool = False,
                   selected: uuid.UUID | None = None) -> None:
        self._claims.replace(claims)
        self._show_coders = show_coders
        self._selected_claim = selected
        self._paint()

    def put_claim(self, claim: Claim) -> None:
        """Show one added or changed claim (the others stay as they are)."""
        before = self._claims.get(claim.id)
        self._claims.put(claim)
        self._paint_under(before, claim)

    def remove_claim(self, claim_id: uuid.UUID) -> None:
        removed = self._claims.remove(claim_id)
        if self._selected_claim == claim_id:
            self._selected_claim = None
            self._paint()
        else:
            self._paint_under(removed, None)

    def shown_claims(self) -> list[Claim]:
        """Every claim the view holds, in text order (what a full re-read would show)."""
        return list(self._claims)

    def shown_claims_between(self, low: int, high: int) -> list[Claim]:
        """The claims over [low, high), in paint order."""
        return self._claims.overlapping(low, high)

    def painted_stretches(self) -> list[Stretch]:
        """The stretches last painted (over ``visible_span()`` as it was then)."""
        return list(self._painted[1])

    def selected_claim(self) -> uuid.UUID | None:
        return self._selected_claim

    def coders_shown(self) -> bool:
        return self._show_coders

    def set_selected_claim(self, claim_id: uuid.UUID | None) -> None:
        if claim_id != self._selected_claim:
            self._selected_claim = claim_id
            self._paint()

    def set_search_spans(self, spans: list[tuple[int, int]]) -> None:
        self._search_spans, self.current_hit = spans, None
        self._paint()

    def show_hit(self, start: int, end: int, spans: list[tuple[int, int]] | None = None) -> None:
        """Mark a found passage (among ``spans``, all found) and scroll to it. It is marked, not
        selected: a hit never becomes a claim's span unless the coder selects it."""
        self._search_spans = list(spans) if spans is not None else [(start, end)]
        self.current_hit = (start, end)
        self.setTextCursor(self._cursor_for(start, start))
        self.centerCursor()
        self._paint()

    def _cursor_for(self, start: int, end: int) -> QTextCursor:
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.offsets.to_utf16(start))
        cursor.setPosition(self.offsets.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
        return cursor

    def visible_span(self) -> tuple[int, int]:
        """Code points from the top to the bottom of the viewport (a screen's margin added)."""
        if self.document_shown is None:
            return 0, 0
        top = self.cursorForPosition(QPoint(0, 0)).position()
        bottom = self.cursorForPosition(QPoint(self.viewport().width(), self.viewport().height())).position()
        low, high = min(top, bottom), max(top, bottom)
        margin = max(high - low, 500)
        return (self.offsets.to_codepoint(max(0, low - margin)),
                self.offsets.to_codepoint(min(self.offsets.utf16_length, high + margin)))

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._repaint_timer.start()

    def _paint(self) -> None:
        low, high = self.visible_span()
        visible = self._claims.overlapping(low, high)
        self.painted_claims = len(visible)
        self._show((low, high, self._selected_claim, self._show_coders),
                   stretches(visible, low, high, self._selected_claim, self._show_coders))

    def _paint_under(self, *claims: Claim | None) -> None:
        """After one claim changed (``claims``: it before and after), work out again only the
        stretches under it: a screen of dense coding holds hundreds, and this ran at every Enter."""
        spans = [(c.start, c.end) for c in claims if c is not None]
        painted_for, painted = self._painted
        low, high = self.visible_span()
        if not spans or painted_for != (low, high, self._selected_claim, self._show_coders):
            self._paint()
            return
        start, end = max(low, min(s for s, _ in spans)), min(high, max(e for _, e in spans))
        before, after = claims
        self.painted_claims += sum(sign for sign, c in ((-1, before), (1, after))
                                   if c is not None and c.start < high and c.end > low)
        if start < end:
            middle = stretches(self._claims.overlapping(start, end), start, end, self._selected_claim,
                               self._show_coders)
            self._show(painted_for, spliced(painted, start, end, middle))

    def _show(self, painted_for: tuple, painted: list[Stretch]) -> None:
        """Paint ``painted`` and the search hits over [low, high) (``painted_for`` starts with them)."""
        self._painted = (painted_for, painted)
        low, high = painted_for[:2]
        if len(self._selections) > _KEPT_SELECTIONS:
            self._selections.clear()
        selections = [self._selections.get(stretch) or self._selection_for(stretch) for stretch in painted]
        for start, end in (span for span in self._search_spans if span[0] < high and span[1] > low):
            selection = QTextEdit.ExtraSelection()
            selection.cursor = self._cursor_for(start, end)
            text_format = QTextCharFormat()
            text_format.setBackground(QColor("#ff9632" if (start, end) == self.current_hit else "#ffe066"))
            text_format.setForeground(QColor("#000000"))
            selection.format = text_format
            selections.append(selection)
        self.setExtraSelections(selections)

    def _selection_for(self, stretch: Stretch) -> QTextEdit.ExtraSelection:
        selection = QTextEdit.ExtraSelection()
        selection.cursor = self._cursor_for(stretch.start, stretch.end)
        selection.format = _format_of(stretch.layer)
        self._selections[stretch] = selection
        return selection

    # -- positions ----------------------------------------------------------------------------

    def selected_span(self) -> tuple[int, int] | None:
        cursor = self.textCursor()
        if not cursor.hasSelection() or self.document_shown is None:
            return None
        start, end = self.offsets.span_to_codepoints(cursor.selectionStart(), cursor.selectionEnd())
        return (start, end) if end > start else None

    def select_span(self, start: int, end: int, *, center: bool = True) -> None:
        self.setTextCursor(self._cursor_for(start, end))
        if center:
            self.centerCursor()

    def claims_at(self, position: int) -> list[Claim]:
        """Claims covering a code-point position, innermost (shortest) first."""
        return self._claims.at(position)

    def _position_at(self, point: QPoint) -> int | None:
        if self.document_shown is None:
            return None
        cursor = self.cursorForPosition(point)
        # cursorForPosition snaps to the nearest gap; the character under the point is the one
        # after that gap unless the point lies past the middle of the previous character.
        return self.offsets.to_codepoint(cursor.position())

    def _emit_selection(self) -> None:
        span = self.selected_span()
        self.span_selected.emit(*(span if span else (-1, -1)))

    # -- mouse --------------------------------------------------------------------------------

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        triple = (
            event.button() == Qt.MouseButton.LeftButton
            and self._last_double_click.isValid()
            and self._last_double_click.elapsed() < QApplication.doubleClickInterval()
        )
        self._press_position = event.position().toPoint()
        if triple and self.document_shown is not None:
            self._last_double_click.invalidate()
            position = self._position_at(event.position().toPoint())
            self.select_span(*sentence_bounds(self.document_shown.text, position), center=False)
            return
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event) -> None:  # noqa: N802
        self._last_double_click.start()
        super().mouseDoubleClickEvent(event)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        super().mouseReleaseEvent(event)
        moved = (event.position().toPoint() - self._press_position).manhattanLength()
        if event.button() == Qt.MouseButton.LeftButton and not self.textCursor().hasSelection() and moved < 4:
            position = self._position_at(event.position().toPoint())
            if position is not None:
                hits = self.claims_at(position)
                if hits:
                    self.claims_clicked.emit([c.id for c in hits])

    def viewportEvent(self, event) -> bool:  # noqa: N802
        if event.type() == event.Type.ToolTip:
            position = self._position_at(event.pos())
            hits = self.claims_at(position) if position is not None else []
            if hits:
                QToolTip.showText(event.globalPos(), self.tooltip_for(hits), self)
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    def tooltip_for(self, claims: list[Claim]) -> str:
        lines = [describe_claim(c, with_coder=self._show_coders) for c in claims]
        header = "1 claim here" if len(claims) == 1 else f"{len(claims)} claims here"
        return header + ":\n" + "\n".join(f"• {line}" for line in lines)
