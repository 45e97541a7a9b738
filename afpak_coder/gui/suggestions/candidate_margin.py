"""Faint marks in the document view's margin beside sentences likely to hold a claim (candidates
learned from the coder's own claims), and a way to step to the next one."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from afpak_coder.analysis.claim_sentences import Candidate

WIDTH = 7
MARK = QColor(70, 130, 180, 110)  # steel blue, faint: a hint, not a highlight


class CandidateMargin(QWidget):
    def __init__(self, view: QPlainTextEdit) -> None:
        super().__init__(view)
        self.setObjectName("candidateMargin")
        self.view = view
        self.candidates: list[Candidate] = []
        self.setToolTip("A sentence like those you have coded before (suggestion; Ctrl+Alt+N selects the next)")
        view.setViewportMargins(WIDTH, 0, 0, 0)
        view.verticalScrollBar().valueChanged.connect(lambda _value: self.update())
        self._follow = _Follow(self)
        view.installEventFilter(self._follow)
        self._place()

    def set_candidates(self, candidates: list[Candidate]) -> None:
        candidates = list(candidates)
        if candidates != self.candidates:  # the margin is see-through: repainting it repaints the view's frame
            self.candidates = candidates
            self.update()

    def next_after(self, position: int) -> Candidate | None:
        """The first candidate starting at or after ``position`` (wrapping round to the first)."""
        for candidate in self.candidates:
            if candidate.start >= position:
                return candidate
        return self.candidates[0] if self.candidates else None

    def _place(self) -> None:
        frame = self.view.frameWidth()
        self.setGeometry(QRect(frame, frame, WIDTH, self.view.height() - 2 * frame))

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt's name
        if not self.candidates:
            return
        painter = QPainter(self)
        offsets = getattr(self.view, "offsets", None)
        top_offset = self.view.viewport().y() - self.y()
        height = self.height()
        for candidate in self.candidates:
            start, end = candidate.start, candidate.end
            if offsets is not None:
                start, end = offsets.to_utf16(start), offsets.to_utf16(end)
            cursor = self.view.textCursor()
            cursor.setPosition(start)
            first = self.view.cursorRect(cursor)
            cursor.setPosition(end)
            last = self.view.cursorRect(cursor)
            y0, y1 = first.top() + top_offset, last.bottom() + top_offset
            if y1 < 0 or y0 > height:
                continue
            painter.fillRect(QRect(1, y0, WIDTH - 3, max(2, y1 - y0)), MARK)
        painter.end()


class _Follow(QObject):
    """Keep the margin beside the viewport as the view resizes."""

    def __init__(self, margin: CandidateMargin) -> None:
        super().__init__(margin)
        self.margin = margin

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self.margin._place()
        return False
