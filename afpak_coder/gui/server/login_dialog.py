"""File → Open server project…: the server's address, the login and its password.

The password lives only in the password field and in the open connection: it is never written to
the settings, the recent list, a message or a log. Connecting runs off the GUI thread (an
unreachable server takes up to the connection timeout); a failure is shown as one line in the
dialog, which stays open for another try, and the project open in the window is untouched.
"""

from __future__ import annotations

from urllib.parse import quote, quote_plus

from PySide6.QtCore import QThread, Signal
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout,
)

from afpak_coder.core.errors import AfpakError, ProjectFileError

ADDRESS_HINT = "postgresql://host:port/database"


def login_url(address: str, user: str, password: str):
    """The URL to connect with: ``address`` (``postgresql://[user@]host[:port]/database``, the
    scheme may be left out), ``user`` unless the address names one, and the password."""
    from afpak_coder.core.server_engine import parse_url

    address = address.strip()
    if not address:
        raise ProjectFileError(f"Type the server's address ({ADDRESS_HINT})")
    if "://" not in address:
        address = f"postgresql://{address}"
    url = parse_url(address)
    if user.strip():
        url = url.set(username=user.strip())
    if not url.username:
        raise ProjectFileError(f"{address}: type your login (user) for this server")
    return url.set(password=password) if password else url


class _Connecting(QThread):
    """Opens the server project off the GUI thread; ``opened`` or ``failed`` (one line) at the end."""

    opened = Signal(object)
    failed = Signal(str)

    def __init__(self, url, shown: str) -> None:
        super().__init__()
        self._url, self._shown = url, shown

    def run(self) -> None:
        from afpak_coder.core.server_project import open_server_project

        try:
            project = open_server_project(self._url)
        except AfpakError as error:
            self.failed.emit(self._one_line(str(error)))
        except Exception as error:  # noqa: BLE001 - shown in one line, never a crash
            self.failed.emit(self._one_line(f"{self._shown}: cannot open ({type(error).__name__}: {error})"))
        else:
            self.opened.emit(project)
        finally:
            self._url = None  # the password goes with the connection only

    def _one_line(self, message: str) -> str:
        """The first line of a message, the password blanked wherever a driver or URL spelled it."""
        password = self._url.password if self._url is not None else None
        if password:
            for spelled in {password, quote(password, safe=""), quote_plus(password)}:
                message = message.replace(spelled, "***")
        return (message.strip().splitlines() or [""])[0]


class ServerLoginDialog(QDialog):
    """Asks for the server project's address and a login; ``project`` is the opened project once
    the dialog is accepted (and ``project_opened`` carries it)."""

    project_opened = Signal(object)

    def __init__(self, recent: list[str], parent=None, address: str | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Open server project")
        self.setObjectName("serverLoginDialog")
        self.project = None
        self._connecting: _Connecting | None = None
        self.recent = QComboBox(objectName="recentServers")
        self.recent.addItem("—" if recent else "none yet", None)
        for entry in recent:
            self.recent.addItem(entry.partition("://")[2], entry)
        self.recent.setEnabled(bool(recent))
        self.recent.currentIndexChanged.connect(lambda _row: self._use_recent(self.recent.currentData()))
        self.address = QLineEdit(objectName="serverAddress", placeholderText=ADDRESS_HINT)
        self.user = QLineEdit(objectName="serverUser", placeholderText="your login, e.g. afpak_bilal")
        self.password = QLineEdit(objectName="serverPassword", echoMode=QLineEdit.EchoMode.Password)
        self.error = QLabel(objectName="serverLoginError", wordWrap=True)
        self.error.setStyleSheet("color: #a4161a;")
        self.error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Connect")
        self.buttons.accepted.connect(self.connect_to_server)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow("Recent:", self.recent)
        form.addRow("Server address:", self.address)
        form.addRow("User:", self.user)
        form.addRow("Password:", self.password)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("A team project lives in a PostgreSQL database; the project lead gives you its "
                                "address and your login. The password is not remembered.", wordWrap=True))
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(520, self.sizeHint().height())
        if address:
            self._use_recent(address)
        elif recent:
            self.recent.setCurrentIndex(1)

    def _use_recent(self, entry: str | None) -> None:
        """A remembered address fills the address and the user; the password is asked afresh."""
        if not entry:
            return
        from afpak_coder.gui.recent import server_address

        try:
            entry = server_address(entry)  # (an address typed with a password loses it here)
        except AfpakError:
            pass  # shown as given: Connect names the problem
        rest = entry.partition("://")[2]
        login, _, where = rest.rpartition("@")
        self.address.setText(f"postgresql://{where}")
        self.user.setText(login)
        self.password.clear()
        self.password.setFocus()

    def connect_to_server(self) -> None:
        if self._connecting is not None:
            return
        try:
            url = login_url(self.address.text(), self.user.text(), self.password.text())
        except AfpakError as error:
            self.show_error(str(error))
            return
        from afpak_coder.gui.recent import server_address

        shown = server_address(url)
        self.error.setStyleSheet("color: palette(text);")
        self.error.setText(f"Connecting to {shown}…")
        self.error.show()
        self._set_busy(True)
        self._connecting = _Connecting(url, shown)
        self._connecting.opened.connect(self._opened)
        self._connecting.failed.connect(self.show_error)
        self._connecting.finished.connect(self._finished)
        self._connecting.start()

    def _set_busy(self, busy: bool) -> None:
        for field in (self.recent, self.address, self.user, self.password):
            field.setEnabled(not busy)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not busy)

    def show_error(self, message: str) -> None:
        self.error.setStyleSheet("color: #a4161a;")
        self.error.setText(message)
        self.error.show()
        self.password.selectAll()

    def _opened(self, project) -> None:
        if self.result() == QDialog.DialogCode.Rejected and not self.isVisible():
            project.close()  # cancelled while connecting: nobody wants it
            return
        self.project = project
        self.password.clear()
        self.accept()
        self.project_opened.emit(project)

    def _finished(self) -> None:
        self._connecting.wait()  # ending now: dropped only once really ended
        self._connecting = None
        self._set_busy(False)
        self.recent.setEnabled(self.recent.count() > 1)

    def wait_connected(self, milliseconds: int = 30000) -> bool:
        """For callers that must not go on before the connection ended (tests, closing)."""
        return self._connecting is None or self._connecting.wait(milliseconds)

    def done(self, result: int) -> None:  # noqa: D401 - Qt's name
        if self._connecting is not None and result == QDialog.DialogCode.Rejected:
            self._connecting.wait()  # a connection in flight ends before the dialog does
        super().done(result)
