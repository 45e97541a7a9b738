"""Suggestion models fitted in a process of their own.

Fitting is mostly Python: on a thread of the app's process it held the interpreter lock for
seconds to minutes, and every Enter, undo and repaint of the coding window waited for it in turns
(an Enter twice as slow while a model trained). In a second process it shares nothing with the
window but a core. The process starts on the first fit (a second or two of imports) and is kept
for the next; a fit whose result is no longer wanted (another project, coder or switch position)
stops between steps, as it did on a thread.
"""

from __future__ import annotations

import itertools
import multiprocessing
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

_wanted = None  # in the fitting process: the shared number of the fit wanted now
fit_numbers = itertools.count(1)  # names for fits, shared by every window of the app


class FittingProcess:
    def __init__(self) -> None:
        # spawn, not fork: the app has Qt's threads running, and a forked child inherits their locks
        self._context = multiprocessing.get_context("spawn")
        self._wanted = self._context.RawValue("q", 0)
        self._executor: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def fit(self, data, number: int):
        """Fit ``data`` (``suggester.TrainingData``) in the fitting process and return the
        models; blocks the calling thread (not the interpreter) until then. ``number`` names this
        fit (unique in this process: see ``fit_numbers``); ``stop(number)`` or another fit
        started meanwhile makes it end with ``TrainingCancelled``."""
        future, executor = self._submit(data, number)
        try:
            return future.result()
        except BrokenProcessPool:  # the process died (killed, out of memory): the next fit starts another
            with self._lock:
                if self._executor is executor:
                    self._executor = None
            raise

    def fit_later(self, data, number: int) -> Future:
        """``fit`` without waiting: the future of the models."""
        return self._submit(data, number)[0]

    def _submit(self, data, number: int) -> tuple[Future, ProcessPoolExecutor]:
        with self._lock:
            self._wanted.value = number
            if self._executor is None:
                self._executor = ProcessPoolExecutor(max_workers=1, mp_context=self._context,
                                                     initializer=_remember, initargs=(self._wanted,))
            return self._executor.submit(_fit, data, number), self._executor

    def stop(self, number: int) -> None:
        """The fit named ``number`` is no longer wanted: it stops at its next step (if it runs)."""
        with self._lock:
            if self._wanted.value == number:
                self._wanted.value = -1

    def close(self) -> None:
        """End the process, fit or no fit: quitting the app must not wait for a fold of a large
        project's training to finish (the models are written to the cache by the app, not here,
        so nothing is left half-written)."""
        with self._lock:
            self._wanted.value = -1
            executor, self._executor = self._executor, None
        if executor is not None:
            for process in list(getattr(executor, "_processes", {}).values()):  # no public way before 3.14
                process.terminate()
            # then wait for the pool to notice (a moment): its queues are closed and released, not leaked
            executor.shutdown(wait=True, cancel_futures=True)


def _remember(wanted) -> None:
    global _wanted
    _wanted = wanted


def _fit(data, number: int):
    from afpak_coder.analysis.suggester import fit_suggestions

    return fit_suggestions(data, cancelled=lambda: _wanted.value != number)
