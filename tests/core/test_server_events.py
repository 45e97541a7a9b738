"""Live changes on a server project: the server's notices (trigger) and the listener (thread,
own connection, skips its own session, connects again after a drop, stops cleanly)."""

import json
import queue
import threading
import uuid

import psycopg
import pytest

from afpak_coder.core.server_events import (
    CLAIM, MISSED, STATUS, Change, ChangeListener, connection_parameters, listen_to_project, read_change,
    tag_sessions,
)
from afpak_coder.core.server_project import create_server_project, open_server_project
from afpak_coder.core.server_engine import parse_url
from afpak_coder.core.server_schema import CHANGES_CHANNEL, LISTED_CLAIMS

# The throwaway PostgreSQL server's fixtures (tests/postgres_server.py).
pytest_plugins = ["postgres_server"]

TEXT = "The foreign office in Kabul rejected the border fence; Islamabad called it a security need."


@pytest.fixture
def server(postgres_database):
    with create_server_project(postgres_database, name="Border talks") as project:
        coder = project.add_coder("Bilal")
        document = project.add_document(TEXT, title="Fence")
        yield project, coder, document


def theme_of(project):
    return next(t for t in project.themes() if t.depth > 0).id


def raw_listener(url):
    connection = psycopg.connect(**connection_parameters(parse_url(url)), autocommit=True)
    connection.execute(f"LISTEN {CHANGES_CHANNEL}")
    return connection


def notices(connection, count):
    got = [json.loads(n.payload) for n in connection.notifies(timeout=2, stop_after=count)]
    assert len(got) == count, got
    return got


def test_each_change_to_claims_and_statuses_is_announced_without_the_claims_content(server, postgres_database):
    project, coder, document = server
    listener = raw_listener(postgres_database)
    try:
        claim = project.add_claim(document=document, coder=coder, start=4, end=18, theme=theme_of(project),
                                  memo="a private memo about Waziristan")
        project.update_claim(claim.id, memo="another private memo")
        project.set_status(document, coder, "done")
        project.delete_claim(claim.id)
        sent = notices(listener, 4)
    finally:
        listener.close()
    assert [(n["kind"], n["operation"]) for n in sent] == [
        ("claim", "insert"), ("claim", "update"), ("status", "insert"), ("claim", "delete")]
    for notice in sent:
        assert uuid.UUID(notice["document"]) == document.id and uuid.UUID(notice["coder"]) == coder.id
        assert set(notice) == {"session", "kind", "operation", "document", "coder", "claims"}
        # blind coding: whoever listens learns nothing of what the claim says
        for secret in ("Waziristan", "private", "foreign office", TEXT[4:18]):
            assert secret not in json.dumps(notice)
    assert [n["claims"] for n in sent] == [[str(claim.id)], [str(claim.id)], None, [str(claim.id)]]


def test_a_claim_moved_to_another_coder_is_announced_for_both(server, postgres_database):
    project, coder, document = server
    other = project.add_coder("Sana")
    claim = project.add_claim(document=document, coder=coder, start=4, end=18, theme=theme_of(project))
    listener = raw_listener(postgres_database)
    try:
        project.update_claim(claim.id, coder=other.id)
        sent = notices(listener, 2)
    finally:
        listener.close()
    assert {uuid.UUID(n["coder"]) for n in sent} == {coder.id, other.id}
    assert all(n["operation"] == "update" and n["claims"] == [str(claim.id)] for n in sent)


def test_many_claims_in_one_statement_make_one_notice_per_document_and_coder_without_ids(
        server, postgres_database, postgres_cluster):
    project, coder, document = server
    theme = theme_of(project)
    second = project.add_document(TEXT + " Again.", title="Fence again")
    for target in (document, second):
        project.add_claim(document=target, coder=coder, start=0, end=3, theme=theme)
    database = postgres_database.rsplit("/", 1)[1]
    listener = raw_listener(postgres_database)
    try:
        # an upload's way: one statement, many rows (each claim copied under fresh ids)
        postgres_cluster.run_sql(
            "INSERT INTO claim SELECT (jsonb_populate_record(c, jsonb_build_object('id', gen_random_uuid()))).* "
            f"FROM claim c, generate_series(1, {LISTED_CLAIMS + 1}) AS n", database=database)
        sent = notices(listener, 2)
        assert list(listener.notifies(timeout=0.3)) == []  # not one notice per claim
    finally:
        listener.close()
    assert {uuid.UUID(n["document"]) for n in sent} == {document.id, second.id}
    assert [n["claims"] for n in sent] == [None, None]  # too many to list: the document is read again
    assert len(project.claims(document=document)) == LISTED_CLAIMS + 2


def test_a_notice_reads_as_a_change_and_unknown_ones_are_ignored():
    document, coder, claim = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    payload = json.dumps({"session": "afpak-coder 1", "kind": "claim", "operation": "delete",
                          "document": str(document), "coder": str(coder), "claims": [str(claim)]})
    assert read_change(payload) == Change(CLAIM, "delete", document, coder, (claim,), "afpak-coder 1")
    status = read_change(payload.replace('"claim"', '"status"').replace(f'["{claim}"]', "null"))
    assert status.kind == STATUS and status.claim_ids is None
    for unknown in ("not json", "{}", '{"kind": "theme"}', payload.replace(str(coder), "not-a-uuid")):
        assert read_change(unknown) is None


class Received:
    def __init__(self):
        self.changes = queue.Queue()

    def __call__(self, change):
        self.changes.put(change)

    def next(self, timeout=3.0):
        return self.changes.get(timeout=timeout)

    def nothing_more(self, wait=0.5):
        with pytest.raises(queue.Empty):
            self.changes.get(timeout=wait)


def test_the_listener_passes_on_other_sessions_changes_and_skips_its_own(server, postgres_database):
    project, coder, document = server
    received = Received()
    listener = listen_to_project(project, received)
    try:
        assert listener.wait_listening(5)
        mine = project.add_claim(document=document, coder=coder, start=4, end=18, theme=theme_of(project))
        with open_server_project(postgres_database) as colleague:  # another coder's program
            theirs = colleague.add_claim(document=document.id, coder=coder.id, start=20, end=30,
                                         theme=theme_of(colleague))
        change = received.next()
        assert (change.kind, change.operation, change.claim_ids) == (CLAIM, "insert", (theirs.id,))
        assert (change.document_id, change.coder_id) == (document.id, coder.id)
        assert change.session != listener.skip_session
        received.nothing_more()  # my own claim was not announced back to me
        assert mine.id not in (change.claim_ids or ())
    finally:
        listener.stop()


def test_after_the_connection_drops_the_listener_connects_again_and_says_changes_may_be_missed(
        server, postgres_database, postgres_cluster):
    project, coder, document = server
    received = Received()
    listener = ChangeListener(postgres_database, received, retry_after=0.1).start()
    try:
        assert listener.wait_listening(5)
        database = postgres_database.rsplit("/", 1)[1]
        ended = postgres_cluster.run_sql(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND query LIKE 'LISTEN%%'",
            database=database, params=(database,))
        assert ended == [(True,)]
        assert received.next().kind == MISSED  # once it listens again
        claim = project.add_claim(document=document, coder=coder, start=4, end=18, theme=theme_of(project))
        assert received.next().claim_ids == (claim.id,)
    finally:
        listener.stop()


def test_stop_ends_the_thread_promptly_and_a_failing_receiver_does_not_end_listening(server, postgres_database):
    project, coder, document = server
    calls = []

    def failing(change):
        calls.append(change)
        raise RuntimeError("receiver broke")

    listener = ChangeListener(postgres_database, failing).start()
    assert listener.wait_listening(5)
    theme = theme_of(project)
    for start in (0, 10):
        project.add_claim(document=document, coder=coder, start=start, end=start + 5, theme=theme)
    for _ in range(30):
        if len(calls) == 2:
            break
        threading.Event().wait(0.1)
    assert len(calls) == 2
    listener.stop(timeout=2)
    assert not listener._thread.is_alive() and not listener.listening


def test_tagged_sessions_carry_the_tag_on_every_connection(server):
    project, _coder, _document = server
    tag = tag_sessions(project._engine)
    with project._engine.connect() as connection:
        assert connection.exec_driver_sql("SHOW application_name").scalar() == tag
