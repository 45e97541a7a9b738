"""Progress of a long command on the terminal, and Ctrl+C as a clean stop.

While files are read nothing is written, so Ctrl+C stops at once. While documents are stored,
the first Ctrl+C lets the document being stored finish (each is one transaction) and then stops;
a second one stops at once (SQLite rolls back the unfinished transaction either way).
"""

from __future__ import annotations

import signal
import sys
import time

from afpak_coder.core.progress import Cancelled


class TerminalProgress:
    """Prints ``message: done of total`` to stderr, on one line that updates on a terminal, or a
    line every few seconds when stderr is a file."""

    def __init__(self, stream=None, every: float | None = None) -> None:
        self.stream = stream or sys.stderr
        self.live = self.stream.isatty()
        self.every = every if every is not None else (0.2 if self.live else 1.0)
        self._last = 0.0
        self._stop_requested = False
        self.storing = False  # set while writing: Ctrl+C then waits for the current document
        self._shown = False

    @property
    def cancelled(self) -> bool:
        return self._stop_requested

    def check(self) -> None:
        if self._stop_requested:
            raise Cancelled("stopped by Ctrl+C")

    def update(self, done: int, total: int, message: str = "") -> None:
        now = time.monotonic()
        if now - self._last < self.every and done < total:
            return
        self._last = now
        count = f"{done:,} of {total:,}" if total else f"{done:,}"
        line = f"{message or 'Working'}: {count}"
        if self.live:
            self.stream.write("\r\x1b[K" + line[:150])
            self._shown = True
        else:
            self.stream.write(line + "\n")
        self.stream.flush()

    def finish(self) -> None:
        if self.live and self._shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()

    def __enter__(self) -> TerminalProgress:
        self._previous = signal.signal(signal.SIGINT, self._interrupted)
        return self

    def __exit__(self, *_exc) -> None:
        signal.signal(signal.SIGINT, self._previous)
        self.finish()

    def _interrupted(self, signum, frame) -> None:
        if self.storing and not self._stop_requested:
            self._stop_requested = True  # stop after the document being stored
            return
        raise KeyboardInterrupt
