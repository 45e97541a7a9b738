"""Publishing a project file to a PostgreSQL server and downloading it back (core/server_transfer),
on a real throwaway server."""

import os
import sqlite3
import subprocess
import uuid

import pytest
from pandas.testing import assert_frame_equal
from server_logins import lead_database
from sqlalchemy import create_engine, inspect

from afpak_coder.core import server_access, server_engine
from afpak_coder.core.copies.make_copy import create_coder_copy
from afpak_coder.core.errors import ProjectFileError
from afpak_coder.core.progress import Cancelled, RecordingProgress
from afpak_coder.core.project import open_project
from afpak_coder.core.sample import build_sample_project
from afpak_coder.core.server_project import create_server_project, open_server_project
from afpak_coder.core.server_transfer import download, publish

# The throwaway PostgreSQL server's fixtures (tests/postgres_server.py).
pytest_plugins = ["postgres_server"]

# project_info keys each side keeps for itself (the storage's own bookkeeping).
STORAGE_KEYS = {"schema_version", "codebook_revision", "open_in_app", "saved_to_file_at", "blind"}
DATA_TABLES = ("document", "document_text", "coder", "theme", "actor", "document_variable", "stance_level",
               "claim", "coding_status")


@pytest.fixture(scope="module")
def master(tmp_path_factory):
    """The sample project with what the sample lacks: archived entries, memos, a setting."""
    path = tmp_path_factory.mktemp("transfer") / "sample.afpak"
    with build_sample_project(path) as project:
        project.set_document_memo(project.documents()[0], "Check the date of the meeting — ۲۰۲۵")
        project.update_claim(project.claims()[0], memo="Stance unclear: ironic? 🙂")
        # After the memo: a claim on an archived entry cannot be edited.
        project.update_theme(project.themes()[-1], archived=True)
        project.update_actor(project.actors()[-1], archived=True)
        project.set_setting("suggestions", {"Ayesha": True})
    return path


@pytest.fixture(scope="module")
def coder_copy(master, tmp_path_factory):
    """A coder copy of the sample in which the coder proposed a theme and an actor."""
    path = tmp_path_factory.mktemp("transfer") / "bilal.afpak"
    with open_project(master) as project:
        create_coder_copy(project, "Bilal", path)
    with open_project(path) as copy:
        theme = copy.add_theme("Border markets", parent=copy.themes()[0])
        actor = copy.add_actor("Chaman traders", aliases=["traders"])
        document = copy.documents()[1]
        copy.add_claim(document=document, coder="Bilal", start=0, end=20, theme=theme, actor=actor, stance=1)
    return path


def stored_rows(path) -> dict:
    """Every table of a project file as stored (ids, times, JSON as SQLite holds them), in key order."""
    raw = sqlite3.connect(path)
    try:
        rows = {table: raw.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall() for table in DATA_TABLES}
        rows["project_info"] = dict(raw.execute("SELECT key, value FROM project_info").fetchall())
    finally:
        raw.close()
    for key in STORAGE_KEYS:
        rows["project_info"].pop(key, None)
    return rows


def what_users_see(project) -> dict:
    """The project as the service shows it: codebook with archived and proposed marks, coders,
    documents with their variables and memos, statuses, memos, the project's own facts."""
    return {
        "name": project.name, "project_id": project.project_id,
        "themes": project.themes(), "actors": project.actors(), "stance_levels": project.stance_levels(),
        "coders": project.coders(), "documents": project.documents(), "variables": project.variables(),
        "statuses": project.statuses(), "memos": project.memos(), "setting": project.setting("suggestions"),
        "is_coder_copy": project.is_coder_copy, "master_project_id": project.master_project_id,
    }


def hits(project, word) -> list:
    """Where ``word`` is found (each backend ranks the hits its own way)."""
    return sorted((hit.document.id, hit.start) for hit in project.search(word))


def server_tables(url) -> set[str]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return set(inspect(connection).get_table_names())
    finally:
        engine.dispose()


@pytest.mark.parametrize("source", ["master", "coder_copy"])
def test_publish_then_download_gives_back_the_same_project(source, request, postgres_database, tmp_path):
    original = request.getfixturevalue(source)
    progress = RecordingProgress()

    report = publish(original, postgres_database, progress=progress)

    with open_project(original) as project:
        expected_frame, expected = project.claims_frame(), what_users_see(project)
        expected_hits = hits(project, "Islamabad")
    assert report.rows["claim"] == len(expected_frame) and report.project_id == expected["project_id"]
    assert progress.updates[-1][0] == progress.updates[-1][1] == sum(report.rows.values())
    with open_server_project(postgres_database) as on_server:
        assert_frame_equal(on_server.claims_frame(), expected_frame)
        assert what_users_see(on_server) == expected
        # The server's own full-text index (a generated column) holds the published texts.
        assert hits(on_server, "Islamabad") == expected_hits

    copy = download(postgres_database, tmp_path / "downloaded.afpak")

    with open_project(copy) as downloaded:
        assert_frame_equal(downloaded.claims_frame(), expected_frame)  # same ids, same order, same values
        assert what_users_see(downloaded) == expected
        assert hits(downloaded, "Islamabad") == expected_hits
    assert stored_rows(copy) == stored_rows(original)


def test_the_codebook_travels_with_its_marks(coder_copy, postgres_database, tmp_path):
    publish(coder_copy, postgres_database)
    with open_server_project(postgres_database) as on_server:
        proposed = sorted(t.name for t in on_server.themes() if t.proposed)
        proposed += sorted(a.name for a in on_server.actors() if a.proposed)
        archived = [t.name for t in on_server.themes() if t.archived]
    assert proposed == ["Border markets", "Chaman traders"]
    assert len(archived) == 1


def test_publish_under_another_name(master, postgres_database):
    report = publish(master, postgres_database, name="AfPak press 2025")
    with open_server_project(postgres_database) as on_server, open_project(master) as project:
        assert (on_server.name, on_server.project_id) == ("AfPak press 2025", project.project_id)
    assert report.name == "AfPak press 2025"
    assert "AfPak press 2025" in report.text() and "252 claims" in report.text().replace(",", "")


@pytest.fixture
def lead_url(postgres_cluster):
    """A database owned by a lead who logs in with a password, and that URL (password included)."""
    with lead_database(postgres_cluster) as (database, login, password):
        yield postgres_cluster.url(database, login, password), password


def test_publishing_over_a_project_is_refused_and_changes_nothing(master, lead_url):
    url, password = lead_url
    with create_server_project(url, name="Their project") as theirs:
        theirs.add_document("A text of theirs about Torkham.", title="theirs")
        before = what_users_see(theirs)

    with pytest.raises(ProjectFileError) as refused:
        publish(master, url)

    message = str(refused.value)
    assert message.startswith(server_engine.shown_url(server_engine.parse_url(url)) + ":")
    assert "already holds a project" in message and password not in message and "\n" not in message
    with open_server_project(url) as theirs:
        assert what_users_see(theirs) == before


def test_a_failed_publish_leaves_the_database_empty(master, postgres_database, tmp_path):
    with pytest.raises(Cancelled):
        publish(master, postgres_database, progress=RecordingProgress(cancel_after=4))
    assert server_tables(postgres_database) == set()

    # A value the server cannot store (PostgreSQL text holds no NUL character) fails the same way.
    broken = tmp_path / "broken.afpak"
    with open_project(master) as project:
        project.save_copy(broken)
    with open_project(broken) as project:
        project.set_document_memo(project.documents()[3], "before\x00after")
    with pytest.raises(ProjectFileError) as failed:
        publish(broken, postgres_database)
    assert "left empty" in str(failed.value) and "\n" not in str(failed.value)
    assert server_tables(postgres_database) == set()

    publish(master, postgres_database)  # still empty: the next try goes through
    with open_server_project(postgres_database) as on_server:
        assert on_server.summary().claims == 252


def test_download_refuses_an_existing_file(master, postgres_database, tmp_path):
    publish(master, postgres_database)
    existing = tmp_path / "mine.afpak"
    existing.write_bytes(b"the researcher's own file")

    with pytest.raises(ProjectFileError) as refused:
        download(postgres_database, existing)

    assert str(refused.value) == f"{existing}: a file of that name already exists; choose another name"
    assert existing.read_bytes() == b"the researcher's own file"
    nowhere = tmp_path / "no such folder" / "copy.afpak"
    with pytest.raises(ProjectFileError, match="does not exist"):
        download(postgres_database, nowhere)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.afpak"]


def test_a_cancelled_or_refused_download_leaves_no_file(master, postgres_database, postgres_cluster, tmp_path):
    target = tmp_path / "copy.afpak"
    with pytest.raises(ProjectFileError, match="holds no afpak-coder project"):
        download(postgres_database, target)  # the database is still empty
    publish(master, postgres_database)
    with pytest.raises(Cancelled):
        download(postgres_database, target, progress=RecordingProgress(cancel_after=5))
    assert list(tmp_path.iterdir()) == []
    assert download(postgres_database, target) == target and target.exists()


def test_save_copy_of_a_server_project_is_a_download(postgres_database, tmp_path):
    with create_server_project(postgres_database, name="Live") as live:
        document = live.add_document("Islamabad and Kabul reopened the Torkham crossing.", title="Torkham")
        coder = live.add_coder("Dana")
        claim = live.add_claim(document=document, coder=coder, start=0, end=9, theme=live.themes()[0],
                               actor=live.actors()[0], stance=1, memo="lead's note")
        live.set_status(document, coder, "done")
        copy = live.save_copy(tmp_path / "live.afpak")
        expected = what_users_see(live)
    with open_project(copy) as file:
        assert what_users_see(file) == expected
        assert file.claim(claim.id).memo == "lead's note"
        assert [hit.document.id for hit in file.search("Torkham")] == [document.id]


def test_a_pg_dump_backup_restores_into_an_empty_database(master, postgres_cluster, tmp_path, request):
    """The backup docs/team-server.md describes, run by the lead's own login: pg_dump -Fc, then
    pg_restore into a new database the lead owns; the restored project keeps its coders' blindness."""
    with lead_database(postgres_cluster) as (source, lead, password):
        publish(master, postgres_cluster.url(source, lead, password))
        coder = f"Dana {uuid.uuid4().hex[:8]}"
        request.addfinalizer(lambda: postgres_cluster.run_sql(f"DROP ROLE IF EXISTS {server_access.login_name(coder)}"))
        with open_server_project(postgres_cluster.url(source, lead, password)) as project:
            server_access.add_coder_login(project, coder, "dana's secret")
            project.add_claim(document=project.documents()[0], coder=coder, start=0, end=12, stance=1,
                              theme=next(t for t in project.themes() if not t.archived),
                              actor=next(a for a in project.actors() if not a.archived))
            expected_frame, expected = project.claims_frame(), what_users_see(project)
        dump = tmp_path / "project.dump"
        server = ["-h", postgres_cluster.host, "-p", str(postgres_cluster.port), "-U", lead]
        as_lead = {**os.environ, "PGPASSWORD": password}
        restored = postgres_cluster.new_database("transfer")
        postgres_cluster.run_sql(f'ALTER DATABASE "{restored}" OWNER TO {lead}')
        try:
            subprocess.run([postgres_cluster.bindir / "pg_dump", "-Fc", *server, "-d", source, "-f", dump],
                           check=True, env=as_lead)
            # The restored tables go to the project's owner group, which needs the schema first.
            owners = server_access.group_role(source, server_access.OWNER)
            subprocess.run([postgres_cluster.bindir / "psql", *server, "-d", restored, "-c",
                            f"GRANT CREATE, USAGE ON SCHEMA public TO {owners}"], check=True, env=as_lead)
            subprocess.run([postgres_cluster.bindir / "pg_restore", "--exit-on-error", *server, "-d", restored, dump],
                           check=True, env=as_lead)
            with open_server_project(postgres_cluster.url(restored, lead, password)) as back:
                assert_frame_equal(back.claims_frame(), expected_frame)
                assert what_users_see(back) == expected
                assert hits(back, "Torkham") != []
            login = server_access.login_name(coder)
            with open_server_project(postgres_cluster.url(restored, login, "dana's secret")) as as_dana:
                assert list(as_dana.claims_frame()["coder"]) == [coder]  # still blind
        finally:
            postgres_cluster.drop_database(restored)


def test_a_published_project_is_blind_for_its_coders(master, lead_url, postgres_cluster, tmp_path, request):
    """Coders of the file get logins after publishing; blindness holds from the start, also for a
    file downloaded while it was lifted and published again."""
    url, _password = lead_url
    # Logins belong to the whole test server: this run's Bilal gets a name of its own.
    bilal = f"Bilal {uuid.uuid4().hex[:8]}"
    login = server_access.login_name(bilal)
    request.addfinalizer(lambda: postgres_cluster.run_sql(f"DROP ROLE IF EXISTS {login}"))
    source = tmp_path / "source.afpak"
    with open_project(master) as project:
        project.save_copy(source)
    with open_project(source) as project:
        project.update_coder("Bilal", name=bilal)
    publish(source, url)
    with open_server_project(url) as project:
        bilal_claims = len(project.claims_frame(coder=bilal))
        server_access.add_coder_login(project, bilal, "bilal's secret")
        project.set_blind(False)
        unblinded = download(project, tmp_path / "unblinded.afpak")
    database = url.rsplit("/", 1)[1]
    with open_server_project(postgres_cluster.url(database, login, "bilal's secret")) as as_bilal:
        assert len(as_bilal.claims_frame()) == 252  # blindness lifted by the lead

    with lead_database(postgres_cluster) as (second, lead, password):
        publish(unblinded, postgres_cluster.url(second, lead, password))
        with open_server_project(postgres_cluster.url(second, lead, password)) as project:
            assert project.blind
            server_access.add_coder_login(project, bilal, "another secret")
        with open_server_project(postgres_cluster.url(second, login, "another secret")) as as_bilal:
            frame = as_bilal.claims_frame()
        assert len(frame) == bilal_claims > 0 and set(frame["coder"]) == {bilal}


def test_a_project_made_by_an_earlier_version_downloads_into_the_current_schema(master, postgres_database, tmp_path):
    """Opening an older server project says to download it; the download upgrades it."""
    publish(master, postgres_database)
    engine = create_engine(postgres_database)
    try:
        with engine.begin() as connection:  # the server project as schema 4 made it: no versions yet
            for table in ("claim", "theme", "actor"):
                connection.exec_driver_sql(f"ALTER TABLE {table} DROP COLUMN version")
            connection.exec_driver_sql("UPDATE project_info SET value = '4' WHERE key = 'schema_version'")
    finally:
        engine.dispose()
    with pytest.raises(ProjectFileError, match="server download"):
        open_server_project(postgres_database)

    copy = download(postgres_database, tmp_path / "upgraded.afpak")

    with open_project(copy) as upgraded, open_project(master) as project:
        assert upgraded.schema_version == project.schema_version
        assert_frame_equal(upgraded.claims_frame(), project.claims_frame())
        assert {claim.version for claim in upgraded.claims()} == {1}
