"""Once the app has been idle for a moment after a change, fold the write-ahead log into the
project file, so that the file alone (copied, e-mailed, synced) holds every saved claim."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from afpak_coder.core.errors import AfpakError

IDLE_MS = 2000


class IdleCheckpoint(QObject):
    # Emitted by the project's write listener, which may run on a worker thread (import, merge):
    # the signal carries it to this object's thread.
    written = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project = None
        self.timer = QTimer(self, singleShot=True, interval=IDLE_MS)
        self.timer.timeout.connect(self._fold)
        self.written.connect(self.timer.start)  # each change restarts the wait

    def watch(self, project) -> None:
        """Follow ``project``'s changes (None: stop). Also marks the file as open in the app."""
        self.timer.stop()
        self.project = project
        if project is not None and not project.read_only:
            project.add_write_listener(self.written.emit)
            try:
                project.mark_open_in_app()
            except AfpakError:
                pass  # only a hint for merging copies; the first change reports a real problem


    def _fold(self) -> None:
        if self.project is None:
            return
        try:
            folded = self.project.checkpoint()
        except AfpakError:
            folded = True  # the next change reports the problem where the user sees it
        if not folded:  # another program was reading: try again after the next pause
            self.timer.start()
