"""A real throwaway PostgreSQL server for the tests (a pytest plugin, registered in tests/conftest.py).

``postgres_cluster`` (session): initdb into a fresh temporary folder, pg_ctl start on a free port of
127.0.0.1 and on a unix socket in that folder, stopped and removed at the end of the session. It is
started only when a test asks for it. ``postgres_database`` (function): the superuser URL of a fresh
empty database, dropped afterwards.

Authentication: the superuser ``postgres`` is trusted; every other role must give its password
(scram-sha-256), so that login and permission tests mean something.

PostgreSQL refuses to run as root: as root the server runs as the ``postgres`` OS user (made by
Debian's package), which then owns the temporary folder. The programs come from the system
(tools/ensure_postgresql.py, run by ``make test``, installs them when missing); the tests never skip.
"""

from __future__ import annotations

import importlib.util
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest

SUPERUSER = "postgres"
HOST = "127.0.0.1"
START_ATTEMPTS = 3  # another process may take the free port between choosing and binding it
# Durability is pointless for a throwaway server; these make initdb, CREATE DATABASE and commits fast.
SETTINGS = {
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "200",
    "shared_buffers": "32MB",  # several sessions may run at once on a small machine
    "listen_addresses": f"'{HOST}'",
}
HBA = f"""\
local all {SUPERUSER} trust
host all {SUPERUSER} {HOST}/32 trust
local all all scram-sha-256
host all all {HOST}/32 scram-sha-256
"""


# Run in its own session beside pytest: when pytest dies without tearing down (SIGKILL, or a `timeout`
# SIGTERM, which skips finalizers), it ends the server at once (SIGQUIT) and removes the folder.
WATCHDOG = """
import os, shutil, signal, sys, time
parent, folder = int(sys.argv[1]), sys.argv[2]
def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    try:  # a zombie (ended, not yet reaped) counts as gone
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True
while alive(parent) and os.path.isdir(folder):
    time.sleep(0.5)
if os.path.isdir(folder):
    try:
        with open(os.path.join(folder, "data", "postmaster.pid")) as pid_file:
            server = int(pid_file.readline())
        os.kill(server, signal.SIGQUIT)
        for _ in range(100):
            if not alive(server):
                break
            time.sleep(0.1)
    except (OSError, ValueError):
        pass
    shutil.rmtree(folder, ignore_errors=True)
"""


def start_watchdog(parent: int, folder: Path) -> subprocess.Popen:
    """Stop the server in ``folder`` and remove the folder once process ``parent`` has gone."""
    return subprocess.Popen([sys.executable, "-c", WATCHDOG, str(parent), str(folder)], start_new_session=True,
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def ensure_script():
    """tools/ensure_postgresql.py, loaded by path: it is a plain script, not part of a package."""
    path = Path(__file__).resolve().parents[1] / "tools" / "ensure_postgresql.py"
    spec = importlib.util.spec_from_file_location("ensure_postgresql", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


class PostgresCluster:
    """A running throwaway server: URLs for SQLAlchemy, fresh databases, and SQL for test setup."""

    def __init__(self, bindir: Path, folder: Path, run_as: pwd.struct_passwd | None):
        self.bindir = bindir
        self.folder = folder
        self.data = folder / "data"
        self.socket_dir = folder
        self.log = folder / "server.log"
        self.host = HOST
        self.port = 0
        self._run_as = run_as
        self._names = itertools.count(1)
        self.watchdog: subprocess.Popen | None = None

    # --- URLs ---------------------------------------------------------------------------------

    def url(self, database: str, user: str, password: str | None = None) -> str:
        """An SQLAlchemy URL (psycopg 3 driver) over TCP for ``user`` on ``database``."""
        login = quote(user, safe="") + (f":{quote(password, safe='')}" if password is not None else "")
        return f"postgresql+psycopg://{login}@{self.host}:{self.port}/{quote(database, safe='')}"

    def superuser_url(self, database: str = "postgres") -> str:
        return self.url(database, SUPERUSER)

    # --- databases and SQL ----------------------------------------------------------------------

    def connect(self, database: str = "postgres", user: str = SUPERUSER, password: str | None = None,
                autocommit: bool = True) -> psycopg.Connection:
        return psycopg.connect(host=self.host, port=self.port, dbname=database, user=user,
                               password=password, autocommit=autocommit, connect_timeout=10)

    def run_sql(self, sql: str, database: str = "postgres", params=None) -> list[tuple]:
        """Run one statement as the superuser (autocommit); its rows, or [] when it returns none."""
        with self.connect(database) as connection:
            cursor = connection.execute(sql, params)
            return cursor.fetchall() if cursor.description is not None else []

    def new_database(self, prefix: str = "t") -> str:
        """The name of a new empty database, unique across sessions sharing nothing but the machine."""
        name = f"{prefix}_{next(self._names)}_{uuid.uuid4().hex[:8]}".lower()
        self.run_sql(f'CREATE DATABASE "{name}"')
        return name

    def drop_database(self, name: str) -> None:
        """Drop ``name`` even while connections to it are still open (they are ended)."""
        self.run_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    # --- server lifetime ------------------------------------------------------------------------

    def _run(self, program: str, *arguments: str) -> subprocess.CompletedProcess:
        """Run a server program as the server's OS user; its output goes into the failure message."""
        command = [str(self.bindir / program), *arguments]
        owner = {} if self._run_as is None else {
            "user": self._run_as.pw_uid, "group": self._run_as.pw_gid, "extra_groups": [],
            "env": {**os.environ, "HOME": self._run_as.pw_dir, "USER": self._run_as.pw_name,
                    "LOGNAME": self._run_as.pw_name},
        }
        # The cwd must be readable by that user (root's checkout may not be).
        result = subprocess.run(command, cwd=self.folder, capture_output=True, text=True, check=False, **owner)
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed ({result.returncode}):\n{result.stdout}{result.stderr}"
                               f"{self._log_tail()}")
        return result

    def _log_tail(self) -> str:
        try:
            return "\nserver log:\n" + self.log.read_text(errors="replace")[-3000:]
        except OSError:
            return ""

    def init(self) -> None:
        if self._run_as is not None:
            os.chown(self.folder, self._run_as.pw_uid, self._run_as.pw_gid)
        self._run("initdb", "--pgdata", str(self.data), "--username", SUPERUSER, "--auth", "trust",
                  "--encoding", "UTF8", "--locale", "C", "--no-sync", "--no-instructions")
        settings = {**SETTINGS, "unix_socket_directories": f"'{self.socket_dir}'"}
        with open(self.data / "postgresql.conf", "a", encoding="utf-8") as conf:
            conf.write("".join(f"{key} = {value}\n" for key, value in settings.items()))
        (self.data / "pg_hba.conf").write_text(HBA, encoding="utf-8")  # the file keeps its owner

    def start(self) -> None:
        for attempt in range(START_ATTEMPTS):
            self.port = _free_port()
            try:
                self._run("pg_ctl", "start", "--pgdata", str(self.data), "--log", str(self.log), "--wait",
                          "--timeout", "60", "-o", f"-p {self.port}")
                return
            except RuntimeError:
                if attempt == START_ATTEMPTS - 1:
                    raise

    def stop(self) -> None:
        # Immediate: nothing in a throwaway server needs a clean shutdown checkpoint.
        if (self.data / "postmaster.pid").exists():
            self._run("pg_ctl", "stop", "--pgdata", str(self.data), "--mode", "immediate", "--wait")


def _server_user() -> pwd.struct_passwd | None:
    """None to run as ourselves; as root, the ``postgres`` OS user (PostgreSQL refuses root)."""
    if os.geteuid() != 0:
        return None
    try:
        return pwd.getpwnam("postgres")
    except KeyError:
        raise RuntimeError("Running the tests as root needs the OS user 'postgres' to run the test server as "
                           "(Debian's postgresql package creates it): run  apt-get install postgresql") from None


def start_cluster() -> PostgresCluster:
    """initdb and start a server in a new temporary folder; the caller stops it (``stop_cluster``)."""
    ensure = ensure_script()
    bindir = ensure.find_server_bindir()
    if bindir is None:
        raise RuntimeError(ensure.advice(bool(shutil.which("apt-get")), bool(shutil.which("dnf")),
                                         bool(shutil.which("brew"))))
    run_as = _server_user()
    # Not pytest's tmp_path: as root that is under a 0700 folder the postgres user cannot enter.
    cluster = PostgresCluster(bindir, Path(tempfile.mkdtemp(prefix="afpak-pg-")), run_as)
    cluster.watchdog = start_watchdog(os.getpid(), cluster.folder)
    try:
        cluster.init()
        cluster.start()
    except BaseException:
        stop_cluster(cluster)
        raise
    return cluster


def stop_cluster(cluster: PostgresCluster) -> None:
    try:
        cluster.stop()
    finally:
        shutil.rmtree(cluster.folder, ignore_errors=True)
        if cluster.watchdog is not None:
            cluster.watchdog.wait(timeout=10)  # it sees the folder gone within half a second


@pytest.fixture(scope="session")
def postgres_cluster():
    """A running throwaway PostgreSQL server for the whole session (see the module's docstring)."""
    cluster = start_cluster()
    try:
        yield cluster
    finally:
        stop_cluster(cluster)


@pytest.fixture
def postgres_database(postgres_cluster):
    """The superuser URL of a fresh empty database, dropped after the test."""
    name = postgres_cluster.new_database()
    try:
        yield postgres_cluster.superuser_url(name)
    finally:
        postgres_cluster.drop_database(name)
