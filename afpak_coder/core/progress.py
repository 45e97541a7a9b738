"""Progress reporting and cancellation for long work (import, export, agreement), without Qt.

Long-running functions take ``progress: Progress | None``; they call ``progress.update(done,
total, message)`` now and then and ``progress.check()`` where stopping is safe. The GUI passes an
object that moves a progress dialog; the CLI and tests pass nothing or a ``RecordingProgress``.
"""

from __future__ import annotations

from typing import Protocol

from afpak_coder.core.errors import AfpakError


class Cancelled(AfpakError):
    """The user cancelled; work done so far was rolled back or kept as the caller documents."""


class Progress(Protocol):
    def update(self, done: int, total: int, message: str = "") -> None: ...

    @property
    def cancelled(self) -> bool: ...

    def check(self) -> None:
        """Raise Cancelled if the user asked to stop."""


class NullProgress:
    cancelled = False

    def update(self, done: int, total: int, message: str = "") -> None:
        pass

    def check(self) -> None:
        pass


class RecordingProgress:
    """Keeps every update; can cancel after a given number of updates (for tests and scripts)."""

    def __init__(self, cancel_after: int | None = None) -> None:
        self.updates: list[tuple[int, int, str]] = []
        self._cancel_after = cancel_after

    @property
    def cancelled(self) -> bool:
        return self._cancel_after is not None and len(self.updates) >= self._cancel_after

    def update(self, done: int, total: int, message: str = "") -> None:
        self.updates.append((done, total, message))

    def check(self) -> None:
        if self.cancelled:
            raise Cancelled("cancelled")


def ensure_progress(progress: Progress | None) -> Progress:
    return progress if progress is not None else NullProgress()
