"""The throwaway PostgreSQL server of tests/postgres_server.py really serves: tables, password logins
over TCP, isolated databases; it runs as the right OS user and does not outlive a killed pytest."""

import os
import pwd
import signal
import subprocess
import time

import psycopg
import pytest
import sqlalchemy

def test_a_new_database_holds_a_table_through_the_sqlalchemy_url(postgres_cluster, postgres_database):
    engine = sqlalchemy.create_engine(postgres_database)
    try:
        with engine.begin() as connection:
            connection.execute(sqlalchemy.text("CREATE TABLE actor (id serial PRIMARY KEY, name text NOT NULL)"))
            connection.execute(sqlalchemy.text("INSERT INTO actor (name) VALUES ('Foreign Office'), ('ISPR')"))
        with engine.connect() as connection:
            names = connection.execute(sqlalchemy.text("SELECT name FROM actor ORDER BY id")).scalars().all()
            assert names == ["Foreign Office", "ISPR"]
            assert connection.execute(sqlalchemy.text("SELECT current_user")).scalar() == "postgres"
    finally:
        engine.dispose()
    database = postgres_database.rsplit("/", 1)[1]
    assert postgres_cluster.run_sql("SELECT count(*) FROM actor", database=database) == [(2,)]


def test_a_role_logs_in_over_tcp_only_with_its_password(postgres_cluster, postgres_database):
    database = postgres_database.rsplit("/", 1)[1]
    role = f"coder_{database}"
    postgres_cluster.run_sql(f"CREATE ROLE {role} LOGIN PASSWORD 'right horse'")
    try:
        engine = sqlalchemy.create_engine(postgres_cluster.url(database, role, "right horse"))
        with engine.connect() as connection:
            assert connection.execute(sqlalchemy.text("SELECT current_user")).scalar() == role
        engine.dispose()
        with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
            postgres_cluster.connect(database, user=role, password="wrong horse").close()
        # Without a password the server asks for one instead of trusting the role.
        with pytest.raises(psycopg.OperationalError, match="no password supplied|password authentication"):
            postgres_cluster.connect(database, user=role).close()
        method = postgres_cluster.run_sql("SELECT left(rolpassword, 13) FROM pg_authid WHERE rolname = %s",
                                          params=(role,))
        assert method == [("SCRAM-SHA-256",)]
    finally:
        postgres_cluster.drop_database(database)  # the role cannot be dropped while it owns a session
        postgres_cluster.run_sql(f"DROP ROLE {role}")


def test_two_new_databases_are_isolated_and_dropped_ones_are_gone(postgres_cluster):
    first, second = postgres_cluster.new_database("iso"), postgres_cluster.new_database("iso")
    assert first != second and first.startswith("iso_")
    try:
        postgres_cluster.run_sql("CREATE TABLE claim (memo text)", database=first)
        postgres_cluster.run_sql("INSERT INTO claim VALUES ('only in the first')", database=first)
        assert postgres_cluster.run_sql("SELECT to_regclass('claim') IS NULL", database=second) == [(True,)]
        # An open connection does not keep a database alive: drop_database forces it closed.
        lingering = postgres_cluster.connect(first)
        postgres_cluster.drop_database(first)
        with pytest.raises(psycopg.OperationalError):
            lingering.execute("SELECT 1")
        names = {row[0] for row in postgres_cluster.run_sql("SELECT datname FROM pg_database")}
        assert first not in names and second in names
    finally:
        postgres_cluster.drop_database(first)
        postgres_cluster.drop_database(second)


def test_the_server_runs_as_postgres_when_we_are_root_else_as_ourselves(postgres_cluster):
    pid = int((postgres_cluster.data / "postmaster.pid").read_text().split()[0])
    server_uid = os.stat(f"/proc/{pid}").st_uid
    expected = "postgres" if os.geteuid() == 0 else pwd.getpwuid(os.geteuid()).pw_name
    assert pwd.getpwuid(server_uid).pw_name == expected
    settings = dict(postgres_cluster.run_sql(
        "SELECT name, setting FROM pg_settings WHERE name IN ('fsync', 'max_connections', 'port')"))
    assert settings == {"fsync": "off", "max_connections": "200", "port": str(postgres_cluster.port)}


def test_the_watchdog_ends_the_server_and_removes_its_folder_when_pytest_dies(tmp_path):
    from postgres_server import start_watchdog  # after pytest registered (and assert-rewrote) the plugin

    # A stand-in for pytest (killed like `timeout` would) and one for the server's postmaster.
    folder = tmp_path / "cluster"
    (folder / "data").mkdir(parents=True)
    pytest_process = subprocess.Popen(["sleep", "60"])
    server = subprocess.Popen(["sleep", "60"])
    (folder / "data" / "postmaster.pid").write_text(f"{server.pid}\n/data\n")
    watchdog = start_watchdog(pytest_process.pid, folder)
    try:
        time.sleep(0.7)
        assert watchdog.poll() is None and server.poll() is None and folder.exists()
        pytest_process.kill()
        pytest_process.wait()
        assert watchdog.wait(timeout=10) == 0
        assert server.wait(timeout=5) == -signal.SIGQUIT
        assert not folder.exists()
    finally:
        for process in (pytest_process, server, watchdog):
            process.kill()
            process.wait()
