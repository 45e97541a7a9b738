"""Run long work off the GUI thread behind a progress dialog with Cancel.

    task = run_with_progress(parent, "Importing documents", lambda progress: import_files(..., progress))
    task.succeeded.connect(show_report)      # the work's return value
    task.failed.connect(show_error)          # a one-line message (AfpakError text or the exception)
    task.cancelled.connect(...)              # the user pressed Cancel and the work stopped

The work receives a ``Progress`` (see ``afpak_coder.core.progress``) whose ``update`` is safe to
call from the worker thread and whose ``check()`` raises ``Cancelled`` once Cancel was pressed.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from afpak_coder.core.errors import AfpakError
from afpak_coder.core.progress import Cancelled


class ThreadProgress(QObject):
    changed = Signal(int, int, str)

    def __init__(self) -> None:
        super().__init__()
        self._cancel = threading.Event()

    def update(self, done: int, total: int, message: str = "") -> None:
        self.changed.emit(done, total, message)

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled("cancelled")


class _Worker(QThread):
    done = Signal(object)
    error = Signal(str)
    stopped = Signal()

    def __init__(self, work: Callable[[ThreadProgress], Any], progress: ThreadProgress) -> None:
        super().__init__()
        self._work, self._progress = work, progress

    def run(self) -> None:
        try:
            result = self._work(self._progress)
        except Cancelled:
            self.stopped.emit()
        except AfpakError as error:
            self.error.emit(str(error))
        except Exception as error:  # noqa: BLE001 - reported to the user, never a crash
            self.error.emit(f"{type(error).__name__}: {error}")
        else:
            self.done.emit(result)


# Tasks stay referenced until their thread ends: a QThread destroyed while running aborts the app.
_RUNNING: set = set()


class BackgroundTask(QObject):
    succeeded = Signal(object)
    failed = Signal(str)
    cancelled = Signal()
    finished = Signal()  # after any of the three

    def __init__(self, parent: QWidget | None, title: str, work: Callable[[ThreadProgress], Any]) -> None:
        super().__init__(parent)
        self.progress = ThreadProgress()
        self.dialog = QProgressDialog(title, "Cancel", 0, 0, parent)
        self.dialog.setWindowTitle(title)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(300)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.canceled.connect(self.progress.cancel)
        self.progress.changed.connect(self._show_progress)
        self.worker = _Worker(work, self.progress)
        self.worker.done.connect(self.succeeded)
        self.worker.error.connect(self.failed)
        self.worker.stopped.connect(self.cancelled)
        self.worker.finished.connect(self._finish)

    def start(self) -> BackgroundTask:
        _RUNNING.add(self)
        self.worker.start()
        return self

    def cancel(self) -> None:
        self.progress.cancel()

    def wait(self, milliseconds: int = 60000) -> bool:
        return self.worker.wait(milliseconds)

    def _show_progress(self, done: int, total: int, message: str) -> None:
        self.dialog.setMaximum(max(total, 0))
        self.dialog.setValue(min(done, total) if total else 0)
        if message:
            self.dialog.setLabelText(message)

    def _finish(self) -> None:
        self.dialog.close()
        _RUNNING.discard(self)
        self.finished.emit()


def run_with_progress(parent: QWidget | None, title: str, work: Callable[[ThreadProgress], Any]) -> BackgroundTask:
    return BackgroundTask(parent, title, work).start()
