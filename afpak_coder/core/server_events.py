"""Live changes on a server project: who changed claims or coding statuses in which document.

The server announces every statement that changes ``claim`` or ``coding_status`` on the channel
``afpak_changes`` (a trigger made by core/server_schema): one notice per document and coder, with
the claim ids and what happened — never a claim's text or codes, since under blind coding any login
may listen. ``ChangeListener`` listens on a connection of its own in a thread and hands each
``Change`` to a callback (in that thread). When the connection drops it connects again and then
reports ``Change.missed()``: notices sent meanwhile are lost, so whoever shows the data reads it
again. ``tag_sessions`` names a project's own connections so that its own changes can be skipped.
"""

from __future__ import annotations

import json
import logging
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass

import psycopg
from sqlalchemy import Engine, event
from sqlalchemy.engine import URL

from afpak_coder.core import server_engine
from afpak_coder.core.server_schema import CHANGES_CHANNEL

log = logging.getLogger(__name__)

CLAIM, STATUS, MISSED = "claim", "status", "missed"
SESSION_PREFIX = "afpak-coder "


@dataclass(frozen=True)
class Change:
    """One announced change. ``claim_ids`` is None when the claims were not listed (a status, or
    more claims at once than a notice lists): then the document's claims are read again."""

    kind: str  # CLAIM, STATUS, or MISSED (notices may have been lost: read everything again)
    operation: str = ""  # "insert", "update", "delete"
    document_id: uuid.UUID | None = None
    coder_id: uuid.UUID | None = None
    claim_ids: tuple[uuid.UUID, ...] | None = None
    session: str = ""  # the sending session's tag (see ``tag_sessions``)

    @classmethod
    def missed(cls) -> Change:
        return cls(MISSED)


def read_change(payload: str) -> Change | None:
    """The change a notice announces, or None for a notice this version does not understand."""
    try:
        fields = json.loads(payload)
        kind = fields["kind"]
        if kind not in (CLAIM, STATUS):
            return None
        claims = fields.get("claims")
        return Change(kind=kind, operation=str(fields["operation"]), document_id=uuid.UUID(fields["document"]),
                      coder_id=uuid.UUID(fields["coder"]),
                      claim_ids=None if claims is None else tuple(uuid.UUID(c) for c in claims),
                      session=str(fields.get("session") or ""))
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def tag_sessions(engine: Engine) -> str:
    """Give every connection of ``engine`` one application name, unique to this session, which the
    server's notices carry: the session then knows its own changes. Returns the tag."""
    tag = f"{SESSION_PREFIX}{uuid.uuid4().hex[:16]}"

    def name_connection(_dialect, _record, _arguments, parameters) -> None:
        parameters["application_name"] = tag

    event.listen(engine, "do_connect", name_connection)
    engine.dispose()  # connections made before (opening the project) are made again, named
    return tag


def connection_parameters(url: URL) -> dict:
    """psycopg's keyword arguments for ``url`` (the password stays in memory only)."""
    parameters = url.translate_connect_args(username="user", database="dbname")
    parameters.update({key: value for key, value in url.query.items() if isinstance(value, str)})
    return parameters


class ChangeListener:
    """Listens for the changes of the project at ``url`` in a thread of its own, until ``stop``.

    ``on_change`` runs in the listener's thread (a GUI hands it on to its own thread). Changes whose
    ``session`` is ``skip_session`` (this program's own) are not passed on."""

    def __init__(self, url: str | URL, on_change: Callable[[Change], None], *, skip_session: str | None = None,
                 retry_after: float = 1.0, poll: float = 0.2) -> None:
        self.url = server_engine.parse_url(url)
        self.on_change = on_change
        self.skip_session = skip_session
        self.retry_after = retry_after
        self.poll = poll  # how often the thread looks whether it should stop
        self._stopping = threading.Event()
        self._listening = threading.Event()
        self._started = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> ChangeListener:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="afpak-changes", daemon=True)
            self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        """Stop listening and wait (at most ``timeout`` s) for the thread to end."""
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout)

    @property
    def listening(self) -> bool:
        return self._listening.is_set()

    @property
    def started_listening(self) -> bool:
        """Whether the listener has ever listened (so that not listening now means a lost connection)."""
        return self._started.is_set()

    def wait_listening(self, timeout: float) -> bool:
        """True once the listener listens (changes made from then on reach it)."""
        return self._listening.wait(timeout)

    def _run(self) -> None:
        lost = False  # since the first connection, notices may have been missed
        while not self._stopping.is_set():
            try:
                with psycopg.connect(**connection_parameters(self.url), autocommit=True, connect_timeout=10,
                                     keepalives=1, keepalives_idle=10, keepalives_interval=5,
                                     keepalives_count=3) as connection:
                    connection.execute(f"LISTEN {CHANGES_CHANNEL}")
                    self._listening.set()
                    self._started.set()
                    if lost:
                        self._deliver(Change.missed())
                    self._listen(connection)
            except psycopg.Error as error:
                self._listening.clear()
                if not self._stopping.is_set():
                    log.info("%s: listening for changes stopped (%s); trying again", server_engine.shown_url(self.url),
                             type(error).__name__)
                lost = True
                self._stopping.wait(self.retry_after)
        self._listening.clear()

    def _listen(self, connection: psycopg.Connection) -> None:
        while not self._stopping.is_set():
            for notice in connection.notifies(timeout=self.poll):
                change = read_change(notice.payload)
                if change is not None and (self.skip_session is None or change.session != self.skip_session):
                    self._deliver(change)
                if self._stopping.is_set():
                    return

    def _deliver(self, change: Change) -> None:
        try:
            self.on_change(change)
        except Exception:  # noqa: BLE001 - a failing receiver must not end the listening
            log.exception("handling a change from the server failed")


def listen_to_project(project, on_change: Callable[[Change], None]) -> ChangeListener:
    """Start listening for changes to the open server ``project`` made by other sessions (other
    coders, or the same login elsewhere); the project's own changes are skipped."""
    tag = tag_sessions(project._engine)  # noqa: SLF001 - the project's engine is core's own
    return ChangeListener(project.url, on_change, skip_session=tag).start()
