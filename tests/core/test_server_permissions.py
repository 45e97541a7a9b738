"""Blind coding and permissions on a server project, enforced by PostgreSQL (core/server_access),
tried with real logins: a lead who owns the database (not a superuser) and two coder logins whose
passwords the test server checks."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from dataclasses import dataclass, field

import psycopg
import pytest

from afpak_coder.analysis.agreement_report import agreement_report
from afpak_coder.analysis.suggester import USED_SETTING, allow_consensus_suggestions, record_suggestions_shown
from afpak_coder.core import server_access
from afpak_coder.core.errors import AfpakError, NotFoundError, ProjectFileError, ValidationError
from afpak_coder.core.server_engine import ServerPermissionError, ServerUnreachableError
from afpak_coder.core.server_project import ServerProject, create_server_project, open_server_project
from afpak_coder.core.settings_service import _PREFIX as SETTING_PREFIX
from afpak_coder.exchange.csv_export import export_csv

# The fixtures' plugin (tests/postgres_server.py), as tests/core/test_postgres_server.py registers it.
pytest_plugins = ["postgres_server"]

TEXT = ("Islamabad said the crossing at the border would reopen next week. Kabul welcomed the step "
        "but asked for written guarantees on transit trade.")


@dataclass
class Team:
    cluster: object
    database: str
    lead: ServerProject
    document: object
    amina: object  # coder records
    bilal: object
    opened: list = field(default_factory=list)

    def login(self, coder, password: str) -> ServerProject:
        url = self.cluster.url(self.database, server_access.login_name(coder.name), password)
        project = open_server_project(url)
        self.opened.append(project)
        return project

    def raw(self, coder, password: str) -> psycopg.Connection:
        return self.cluster.connect(self.database, server_access.login_name(coder.name), password, autocommit=False)

    def claim(self, project, coder, start: int, end: int, **extra):
        theme = project.themes()[0]
        return project.add_claim(document=self.document, coder=coder, start=start, end=end, theme=theme, **extra)


@pytest.fixture
def team(postgres_cluster):
    tag = uuid.uuid4().hex[:8]
    lead_role, database = f"lead_{tag}", f"team_{tag}"
    postgres_cluster.run_sql(f"CREATE ROLE {lead_role} LOGIN CREATEROLE PASSWORD 'lead-pw'")
    postgres_cluster.run_sql(f"CREATE DATABASE {database} OWNER {lead_role}")
    lead = create_server_project(postgres_cluster.url(database, lead_role, "lead-pw"), name="Team study")
    document = lead.add_document(TEXT, title="Border talks")
    amina = server_access.add_coder_login(lead, f"Amina {tag}", "amina-pw")
    bilal = server_access.add_coder_login(lead, f"Bilal {tag}", "bilal-pw")
    made = Team(postgres_cluster, database, lead, document, amina, bilal, [lead])
    try:
        yield made
    finally:
        for project in made.opened:
            project.close()
        postgres_cluster.drop_database(database)
        roles = [server_access.login_name(c.name) for c in (amina, bilal)] + [lead_role] + [
            server_access.group_role(database, kind) for kind in ("editors", "coders", "owner")]
        for role in roles:
            postgres_cluster.run_sql(f'DROP ROLE IF EXISTS "{role}"')


def one_line(error: BaseException) -> str:
    message = str(error)
    assert "\n" not in message and "-pw" not in message  # one line, never a password
    return message


def test_a_blind_coder_sees_only_own_claims_until_the_lead_lifts_blindness(team):
    amina_login, bilal_login = team.login(team.amina, "amina-pw"), team.login(team.bilal, "bilal-pw")
    assert (amina_login.my_coder, amina_login.is_lead, amina_login.blind) == (team.amina, False, True)
    assert (team.lead.my_coder, team.lead.is_lead) == (None, True)
    own = team.claim(amina_login, team.amina, 0, 9)
    other = team.claim(bilal_login, team.bilal, 10, 17)
    bilal_login.set_status(team.document, team.bilal, "done")

    assert [c.id for c in amina_login.claims()] == [own.id]
    assert amina_login.statuses() == {}
    with pytest.raises(NotFoundError):
        amina_login.claim(other.id)
    # Below the service: the server itself returns no row of another coder.
    with team.raw(team.amina, "amina-pw") as raw:
        assert raw.execute("SELECT count(*) FROM claim").fetchone() == (1,)
    assert {c.id for c in team.lead.claims()} == {own.id, other.id}

    team.lead.set_blind(False)
    assert amina_login.blind is False
    assert {c.id for c in amina_login.claims()} == {own.id, other.id}
    assert amina_login.statuses() == {(team.document.id, team.bilal.id): "done"}
    team.lead.set_blind(True)
    assert [c.id for c in bilal_login.claims()] == [other.id]


def test_claims_in_another_coders_name_are_refused_by_the_server(team):
    amina_login = team.login(team.amina, "amina-pw")
    bilal_claim = team.claim(team.lead, team.bilal, 10, 17, memo="Bilal's reading")
    with pytest.raises(ServerPermissionError, match="only claims in their own name") as refused:
        team.claim(amina_login, team.bilal, 0, 9)
    assert one_line(refused.value).startswith(str(amina_login.path))
    # Blind: another coder's claim is not there to change.
    for attempt in (lambda: amina_login.update_claim(bilal_claim.id, memo="changed"),
                    lambda: amina_login.delete_claim(bilal_claim.id)):
        with pytest.raises(NotFoundError):
            attempt()
    # Not blind: visible, and still refused aloud, also taking it over or handing one's own away.
    team.lead.set_blind(False)
    own = team.claim(amina_login, team.amina, 0, 9)
    for attempt in (lambda: amina_login.update_claim(bilal_claim.id, memo="changed"),
                    lambda: amina_login.update_claim(bilal_claim.id, coder=team.amina),
                    lambda: amina_login.delete_claim(bilal_claim.id),
                    lambda: amina_login.delete_claims([own.id, bilal_claim.id]),
                    lambda: amina_login.update_claim(own.id, coder=team.bilal)):
        with pytest.raises(ServerPermissionError) as refused:
            attempt()
        one_line(refused.value)
    assert team.lead.claim(bilal_claim.id).memo == "Bilal's reading"
    assert team.lead.claim(bilal_claim.id).coder == team.bilal
    assert team.lead.claim(own.id).coder == team.amina
    with pytest.raises(ServerPermissionError, match="only their own coding status"):
        amina_login.set_status(team.document, team.bilal, "done")
    assert team.lead.statuses() == {}


def test_the_codebook_changes_only_with_the_leads_grant(team):
    amina_login = team.login(team.amina, "amina-pw")
    revision = team.lead._info("codebook_revision")
    for attempt in (lambda: amina_login.add_theme("Refugee returns"), lambda: amina_login.add_actor("Torkham traders"),
                    lambda: amina_login.add_coder("Someone else")):
        with pytest.raises(ServerPermissionError, match="grant-codebook") as refused:
            attempt()
        one_line(refused.value)
    with pytest.raises(ServerPermissionError, match="only the project lead"):
        server_access.grant_codebook(amina_login, team.amina, True)
    assert team.lead._info("codebook_revision") == revision
    assert "Refugee returns" not in {t.name for t in team.lead.themes()}

    server_access.grant_codebook(team.lead, team.amina, True)
    added = amina_login.add_theme("Refugee returns")
    amina_login.update_theme(added, definition="Returns of Afghan refugees from Pakistan")
    bilal_login = team.login(team.bilal, "bilal-pw")
    assert bilal_login.theme(added.id).definition == "Returns of Afghan refugees from Pakistan"
    with pytest.raises(ServerPermissionError):  # the grant was Amina's only
        bilal_login.add_actor("Torkham traders")

    server_access.grant_codebook(team.lead, team.amina, False)
    with pytest.raises(ServerPermissionError, match="grant-codebook"):
        amina_login.add_theme("Transit trade disputes")


def test_documents_stay_as_imported_for_a_coder(team):
    amina_login = team.login(team.amina, "amina-pw")
    spare = team.lead.add_document("A second invented article about trade at the crossing.", title="Trade")
    with pytest.raises(ServerPermissionError) as refused:
        amina_login.update_document(team.document, title="Renamed")
    one_line(refused.value)
    with pytest.raises(ServerPermissionError):
        amina_login.delete_document(spare)
    with pytest.raises(ServerPermissionError):
        amina_login.set_document_memo(team.document, "a note")
    with team.raw(team.amina, "amina-pw") as raw, pytest.raises(psycopg.errors.InsufficientPrivilege):
        raw.execute("UPDATE document_text SET text = 'Something else entirely'")
    assert [d.title for d in team.lead.documents()] == ["Border talks", "Trade"]
    assert team.lead.document(team.document.id).text == TEXT
    # The text stays as imported for the lead as well (the trigger holds for every login).
    lead_url = team.lead.url.render_as_string(hide_password=False)
    with psycopg.connect(lead_url.replace("+psycopg", "")) as raw, pytest.raises(psycopg.errors.RaiseException):
        raw.execute("UPDATE document_text SET text = 'Something else entirely'")


def test_a_coder_codes_as_usual_through_the_service(team, tmp_path):
    amina_login, bilal_login = team.login(team.amina, "amina-pw"), team.login(team.bilal, "bilal-pw")
    me = amina_login.my_coder
    first = team.claim(amina_login, me, 0, 9, memo="Pakistan's side")
    second = team.claim(amina_login, me, 67, 72)
    amina_login.update_claim(first.id, end=17, memo="Pakistan's side, on the crossing")
    amina_login.delete_claim(second.id)
    amina_login.set_status(team.document, me, "in progress")
    amina_login.set_status(team.document, me, "done")
    record_suggestions_shown(amina_login, me)
    team.claim(bilal_login, team.bilal, 0, 17, memo="Islamabad on the crossing")
    bilal_login.set_status(team.document, team.bilal, "done")

    assert [(c.start, c.end, c.quote) for c in amina_login.claims()] == [(0, 17, "Islamabad said th")]
    assert amina_login.statuses() == {(team.document.id, me.id): "done"}
    assert [(m.kind, m.text) for m in amina_login.memos("crossing")] == [("claim", "Pakistan's side, on the crossing")]
    assert [hit.match for hit in amina_login.search("guarantees")] == ["guarantees"]
    frame = amina_login.claims_frame()
    assert list(frame["coder"]) == [me.name] and list(frame["memo"]) == ["Pakistan's side, on the crossing"]
    assert str(me.id) in team.lead.setting("suggestions.used")
    report = export_csv(amina_login, tmp_path / "mine.csv")
    assert report.claims == 1
    with pytest.raises(AfpakError, match="no document was coded by two"):  # blind: Bilal's claims are not there
        agreement_report(amina_login, draws=0)

    team.lead.set_blind(False)
    report = agreement_report(amina_login, draws=0, seed=1)
    assert sorted(report.settings.coders) == sorted([me.name, team.bilal.name])
    assert export_csv(amina_login, tmp_path / "all.csv").claims == 2


def test_settings_a_coder_may_and_may_not_write(team):
    amina_login = team.login(team.amina, "amina-pw")
    assert server_access.CODER_INFO_KEYS == (SETTING_PREFIX + USED_SETTING,)
    with pytest.raises(ServerPermissionError, match="changed by the project lead"):
        allow_consensus_suggestions(amina_login, True)
    with pytest.raises(ServerPermissionError, match="only the project lead"):
        amina_login.set_blind(False)
    with team.raw(team.amina, "amina-pw") as raw, pytest.raises(psycopg.errors.InsufficientPrivilege):
        raw.execute("UPDATE project_info SET value = 'false' WHERE key = 'blind'")
    assert amina_login.blind is True
    allow_consensus_suggestions(team.lead, True)
    assert amina_login.setting("suggestions.consensus_allowed") is True


def test_coder_logins_are_made_by_the_lead_and_checked_by_the_server(team):
    url = team.cluster.url(team.database, server_access.login_name(team.amina.name), "not-her-password")
    with pytest.raises(ServerUnreachableError) as refused:
        open_server_project(url)
    message = one_line(refused.value)
    assert message.startswith(f"postgresql://{server_access.login_name(team.amina.name)}")
    assert "password authentication failed" in message and "not-her-password" not in message
    # Adding an existing coder again changes the password only; the coder row stays one.
    server_access.add_coder_login(team.lead, team.amina.name, "new-amina-pw")
    assert team.login(team.amina, "new-amina-pw").my_coder == team.amina
    assert [c.name for c in team.lead.coders()].count(team.amina.name) == 1
    with pytest.raises(ServerUnreachableError):
        open_server_project(team.cluster.url(team.database, server_access.login_name(team.amina.name), "amina-pw"))
    with pytest.raises(ServerPermissionError, match="only the project lead"):
        server_access.add_coder_login(team.login(team.bilal, "bilal-pw"), "Chandni", "c-pw")
    with pytest.raises(ValidationError, match="belongs to coder"):  # same letters, another coder
        server_access.add_coder_login(team.lead, team.amina.name.upper(), "x-pw")


def test_login_names_and_group_names():
    assert server_access.login_name("Bilal Ahmed") == "afpak_bilal_ahmed"
    assert server_access.login_name("Zoë O'Neil") == "afpak_zoe_o_neil"
    with pytest.raises(ValidationError, match="no letters"):
        server_access.login_name("بلال")
    assert server_access.group_role("study", "coders") == "afpak_coders__study"
    long_name = "x" * 63
    assert len(server_access.group_role(long_name, "editors")) <= 63
    assert server_access.group_role(long_name, "editors") != server_access.group_role(long_name[:-1] + "y", "editors")


def run_cli(*arguments, **environment):
    return subprocess.run([sys.executable, "-m", "afpak_coder", *map(str, arguments)], capture_output=True,
                          text=True, timeout=120, env={**os.environ, **environment})


def test_the_lead_manages_logins_from_the_command_line(team):
    lead_url = team.lead.url.set(password=None).render_as_string(hide_password=False)
    added = run_cli("server", "add-coder", lead_url, "Chandni Rao", "--password-env", "CHANDNI_PW",
                    PGPASSWORD="lead-pw", CHANDNI_PW="chandni-pw")
    assert added.returncode == 0, added.stderr
    assert "logs in" in added.stdout and "afpak_chandni_rao" in added.stdout and "chandni-pw" not in added.stdout
    chandni = team.lead.coder("Chandni Rao")
    try:
        chandni_login = team.login(chandni, "chandni-pw")
        assert chandni_login.my_coder == chandni
        team.claim(team.lead, team.amina, 0, 9)
        assert chandni_login.claims() == []
        assert run_cli("server", "blind", lead_url, "off", PGPASSWORD="lead-pw").returncode == 0
        assert len(chandni_login.claims()) == 1
        granted = run_cli("server", "grant-codebook", lead_url, "Chandni Rao", "on", PGPASSWORD="lead-pw")
        assert granted.returncode == 0, granted.stderr
        chandni_login.add_actor("Torkham traders")
        refused = run_cli("server", "blind", team.cluster.url(team.database, "afpak_chandni_rao"), "on",
                          PGPASSWORD="chandni-pw")
        assert refused.returncode == 1 and refused.stderr.count("\n") == 1
        assert "only the project lead" in refused.stderr and team.lead.blind is False
        missing = run_cli("server", "add-coder", lead_url, "Dawood", "--password-env", "NOT_SET_ANYWHERE",
                          PGPASSWORD="lead-pw")
        assert missing.returncode == 1 and "NOT_SET_ANYWHERE" in missing.stderr
        assert "Dawood" not in {c.name for c in team.lead.coders()}
    finally:
        for project in team.opened[1:]:
            project.close()
        team.opened[1:] = []
        team.cluster.run_sql("DROP OWNED BY afpak_chandni_rao", database=team.database)
        team.cluster.run_sql("DROP ROLE afpak_chandni_rao")


def test_a_lead_who_may_not_create_roles_is_told_before_anything_is_made(postgres_cluster):
    tag = uuid.uuid4().hex[:8]
    postgres_cluster.run_sql(f"CREATE ROLE plain_{tag} LOGIN PASSWORD 'plain-pw'")
    postgres_cluster.run_sql(f"CREATE DATABASE plain_{tag} OWNER plain_{tag}")
    try:
        with pytest.raises(ProjectFileError, match=f"ALTER ROLE \"plain_{tag}\" CREATEROLE") as refused:
            create_server_project(postgres_cluster.url(f"plain_{tag}", f"plain_{tag}", "plain-pw"))
        one_line(refused.value)
        assert postgres_cluster.run_sql("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'",
                                        database=f"plain_{tag}") == [(0,)]
    finally:
        postgres_cluster.drop_database(f"plain_{tag}")
        postgres_cluster.run_sql(f"DROP ROLE plain_{tag}")


def test_a_second_lead_is_a_member_of_the_owner_group(team):
    bilal_login = team.login(team.bilal, "bilal-pw")
    claim = team.claim(bilal_login, team.bilal, 10, 17)
    second = f"second_{team.database}"
    owner = server_access.group_role(team.database, "owner")
    team.cluster.run_sql(f"CREATE ROLE {second} LOGIN PASSWORD 'second-pw'")
    try:
        with team.lead._write_connection() as connection:  # as the docs say: the lead grants it in psql
            connection.exec_driver_sql(f'GRANT "{owner}" TO {second}')
        deputy = open_server_project(team.cluster.url(team.database, second, "second-pw"))
        team.opened.append(deputy)
        assert (deputy.is_lead, deputy.my_coder, deputy.blind) == (True, None, True)
        assert [c.id for c in deputy.claims()] == [claim.id]
        deputy.update_claim(claim.id, memo="checked by the second lead")
        assert bilal_login.claim(claim.id).memo == "checked by the second lead"
    finally:
        for project in team.opened[1:]:
            project.close()
        team.opened[1:] = []
        team.cluster.run_sql(f"DROP OWNED BY {second}", database=team.database)
        team.cluster.run_sql(f"DROP ROLE {second}")
