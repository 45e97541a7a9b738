"""Who may read and change what in a server project, enforced by PostgreSQL itself.

Roles. Role names are cluster-wide, so each project database gets its own three group roles
(``group_role``): ``afpak_owner__<db>`` owns every table (whoever ran ``server init`` — the lead
— is made a member), ``afpak_coders__<db>`` holds what every coder login may do, and
``afpak_editors__<db>`` what a coder the lead allowed to edit the codebook may do besides. A coder
login is a LOGIN role ``afpak_<name>`` (``login_name``), member of the coders group; the
server-only table ``coder_login(role_name, coder_id)`` ties it to its coder row.

The lead. PostgreSQL lets a table's owner — and every role that inherits the owner's
privileges — past row-level security unless the table FORCEs it; we do not force it, so the lead
(a member of the owner group) and superusers read and write everything, with no lead policy to
keep in step. The text-immutability triggers of core/server_schema still hold for them.

Coders (row-level security on ``claim``, ``coding_status`` and ``project_info``):

- ``claim``, ``coding_status``: a coder reads its own rows, and every row once the lead lifts
  blindness (``project_info`` key ``blind``, 'true' until set otherwise); it adds, changes and
  deletes only rows in its own coder's name. For UPDATE and DELETE row-level security alone would
  skip another coder's visible rows silently (the service would then report a stale row, or
  nothing), so a guard trigger refuses them with a sentence (SQLSTATE 42501, which
  core/server_engine turns into a ServerPermissionError). The trigger fires before the policies'
  WITH CHECK, so an INSERT in another coder's name gets the same sentence.
- codebook tables (theme, actor, stance_level, coder, document_variable): coders SELECT; the
  editors group may INSERT, UPDATE and DELETE (plain grants; ``grant_codebook`` adds or removes a
  login from the group).
- ``document``, ``document_text``: SELECT only (so document memos and variable values are the
  lead's); ``coder_login``: SELECT.
- ``project_info``: everyone reads. The service bumps ``codebook_revision`` inside every codebook
  change, so editors may write that key; coders may write ``setting.suggestions.used`` (the app
  notes there that a coder saw suggestions, which the agreement report states); every other key
  (``blind``, the name, the lead's settings) is the lead's. ``afpak_may_write_info`` decides, for
  the policies and for the guard trigger's sentence alike.

Safety. The SQL functions the policies call name their tables with the schema and run with a
fixed search_path, so a coder's own temporary table named ``coder_login`` cannot stand in for
ours. Passwords go to the server only as SCRAM verifiers made on this side (libpq's
PQencryptPasswordConn), so the plain password appears in no statement or server log, and we write
it nowhere. The lead needs the CREATEROLE attribute (or superuser) and the CREATE right on the
schema (owning the database gives both on PostgreSQL 15 and later). A database dropped and made
again under the same name reuses its groups, members included.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import Any

from sqlalchemy import Connection

from afpak_coder.core import records
from afpak_coder.core.errors import NotFoundError, ProjectFileError, ValidationError
from afpak_coder.core.models import Base

OWNER, CODERS, EDITORS = "owner", "coders", "editors"
BLIND_KEY = "blind"
# project_info keys a coder's login may write: the app records there that suggestions were shown
# (analysis/suggester.USED_SETTING behind the settings prefix; tests/core/test_server_permissions
# checks the two agree).
CODER_INFO_KEYS = ("setting.suggestions.used",)
EDITOR_INFO_KEYS = ("codebook_revision",)
CODEBOOK_TABLES = ("theme", "actor", "stance_level", "coder", "document_variable")
READ_ONLY_TABLES = ("document", "document_text", "coder_login")
OWN_ROW_TABLES = ("claim", "coding_status")
_MAX_ROLE_NAME = 63  # PostgreSQL's NAMEDATALEN - 1, in bytes


# -- names ------------------------------------------------------------------------------------

def group_role(database: str, kind: str) -> str:
    """The name of the ``kind`` group (owner, coders, editors) of one project database."""
    name = f"afpak_{kind}__{database}"
    if len(name.encode()) <= _MAX_ROLE_NAME:
        return name
    digest = hashlib.sha256(database.encode()).hexdigest()[:10]
    short = database.encode()[:36].decode(errors="ignore")
    return f"afpak_{kind}__{short}_{digest}"


def login_name(coder_name: str) -> str:
    """The login of a coder: ``afpak_`` and the name in lower-case ASCII letters, digits and _."""
    ascii_name = unicodedata.normalize("NFKD", coder_name).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "_", ascii_name).strip("_")
    if not slug:
        raise ValidationError(f"coder {coder_name!r}: the name has no letters A–Z or digits to make a login "
                              "name from; rename the coder first")
    return ("afpak_" + slug)[:_MAX_ROLE_NAME]


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


# -- installing the rules (at server init) ------------------------------------------------------

def install_access(connection: Connection) -> None:
    """Create the groups, the login table, the policies and the grants of a new project, in the
    connection's transaction; the connected login becomes the lead."""
    database, schema, login, may_create_roles = connection.exec_driver_sql(
        "SELECT current_database(), current_schema(), current_user, rolcreaterole OR rolsuper "
        "FROM pg_roles WHERE rolname = current_user").one()
    if not may_create_roles:
        raise ProjectFileError(f"the login {login} may not create roles, which a lead needs to give coders their "
                               f"logins; ask the server's administrator to run: ALTER ROLE {_ident(login)} CREATEROLE")
    roles = {kind: group_role(database, kind) for kind in (OWNER, CODERS, EDITORS)}
    for role in roles.values():
        exists = connection.exec_driver_sql(f"SELECT 1 FROM pg_roles WHERE rolname = {_literal(role)}").first()
        if not exists:
            connection.exec_driver_sql(f"CREATE ROLE {_ident(role)} NOLOGIN")
    owner, coders, editors = (_ident(roles[kind]) for kind in (OWNER, CODERS, EDITORS))
    connection.exec_driver_sql(f"GRANT {owner} TO CURRENT_USER")
    connection.exec_driver_sql(f"GRANT {coders} TO {editors}")
    connection.exec_driver_sql(f"GRANT CREATE, USAGE ON SCHEMA {_ident(schema)} TO {owner}")
    connection.exec_driver_sql(f"GRANT USAGE ON SCHEMA {_ident(schema)} TO {coders}")
    connection.exec_driver_sql(f"GRANT CONNECT ON DATABASE {_ident(database)} TO {coders}")
    connection.exec_driver_sql(
        "CREATE TABLE coder_login (role_name text PRIMARY KEY, "
        "coder_id uuid NOT NULL UNIQUE REFERENCES coder (id) ON DELETE CASCADE)")
    for statement in _functions(_ident(schema), roles):
        connection.exec_driver_sql(statement)
    tables = [table.name for table in Base.metadata.sorted_tables] + ["coder_login"]
    for table in tables:
        connection.exec_driver_sql(f"ALTER TABLE {_ident(table)} OWNER TO {owner}")
    for function in _FUNCTION_NAMES:
        connection.exec_driver_sql(f"ALTER FUNCTION {function} OWNER TO {owner}")
    for statement in _grants_and_policies(coders, editors):
        connection.exec_driver_sql(statement)
    connection.exec_driver_sql(f"INSERT INTO project_info (key, value) VALUES ('{BLIND_KEY}', 'true')")


_FUNCTION_NAMES = ("afpak_group(text)", "afpak_is_lead()", "afpak_my_coder()", "afpak_blind()",
                   "afpak_may_write_info(text)", "afpak_guard_own_rows()", "afpak_guard_info()")


def _functions(schema: str, roles: dict[str, str]) -> list[str]:
    fixed = f"SET search_path = {schema}, pg_catalog, pg_temp"
    groups = " ".join(f"WHEN {_literal(kind)} THEN {_literal(role)}" for kind, role in roles.items())
    coder_keys = ", ".join(_literal(key) for key in CODER_INFO_KEYS)
    editor_keys = ", ".join(_literal(key) for key in EDITOR_INFO_KEYS)
    return [
        f"""CREATE FUNCTION afpak_group(kind text) RETURNS text LANGUAGE sql IMMUTABLE {fixed}
            AS $$ SELECT CASE kind {groups} END $$""",
        f"""CREATE FUNCTION afpak_is_lead() RETURNS boolean LANGUAGE sql STABLE {fixed}
            AS $$ SELECT pg_has_role(current_user, {_literal(roles[OWNER])}, 'USAGE') $$""",
        f"""CREATE FUNCTION afpak_my_coder() RETURNS uuid LANGUAGE sql STABLE {fixed}
            AS $$ SELECT coder_id FROM {schema}.coder_login WHERE role_name = current_user $$""",
        f"""CREATE FUNCTION afpak_blind() RETURNS boolean LANGUAGE sql STABLE {fixed}
            AS $$ SELECT coalesce((SELECT value FROM {schema}.project_info WHERE key = '{BLIND_KEY}'), 'true')
                         <> 'false' $$""",
        f"""CREATE FUNCTION afpak_may_write_info(info_key text) RETURNS boolean LANGUAGE sql STABLE {fixed}
            AS $$ SELECT info_key IN ({coder_keys})
                      OR (info_key IN ({editor_keys}) AND pg_has_role(current_user, {_literal(roles[EDITORS])}, 'USAGE'))
               $$""",
        # Refuses, with a sentence, what row-level security would skip silently (see the docstring).
        f"""CREATE FUNCTION afpak_guard_own_rows() RETURNS trigger LANGUAGE plpgsql {fixed} AS $$
            DECLARE mine uuid := afpak_my_coder();
            BEGIN
              IF afpak_is_lead() THEN RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END; END IF;
              IF (TG_OP <> 'INSERT' AND OLD.coder_id IS DISTINCT FROM mine)
                 OR (TG_OP <> 'DELETE' AND NEW.coder_id IS DISTINCT FROM mine) THEN
                RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege', MESSAGE =
                  CASE TG_TABLE_NAME WHEN 'claim' THEN 'a coder adds, changes and deletes only claims in their own name'
                  ELSE 'a coder sets only their own coding status' END;
              END IF;
              RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
            END $$""",
        f"""CREATE FUNCTION afpak_guard_info() RETURNS trigger LANGUAGE plpgsql {fixed} AS $$
            BEGIN
              IF afpak_is_lead() THEN RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END; END IF;
              IF (TG_OP <> 'INSERT' AND NOT afpak_may_write_info(OLD.key))
                 OR (TG_OP <> 'DELETE' AND NOT afpak_may_write_info(NEW.key)) THEN
                RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege', MESSAGE =
                  CASE WHEN coalesce(NEW.key, OLD.key) IN ({editor_keys})
                       THEN 'the codebook is changed by the project lead and the coders the lead allowed '
                            '(afpak-coder server grant-codebook)'
                       ELSE 'project settings are changed by the project lead' END;
              END IF;
              RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
            END $$""",
    ]


def _grants_and_policies(coders: str, editors: str) -> list[str]:
    mine = "coder_id = (SELECT afpak_my_coder())"
    statements = [f"GRANT SELECT ON {table} TO {coders}" for table in (*READ_ONLY_TABLES, *CODEBOOK_TABLES)]
    statements += [f"GRANT INSERT, UPDATE, DELETE ON {table} TO {editors}" for table in CODEBOOK_TABLES]
    for table in OWN_ROW_TABLES:
        statements += [
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON {table} TO {coders}",
            f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
            f"CREATE POLICY coder_reads ON {table} FOR SELECT TO {coders} "
            f"USING ({mine} OR NOT (SELECT afpak_blind()))",
            f"CREATE POLICY coder_adds ON {table} FOR INSERT TO {coders} WITH CHECK ({mine})",
            # USING (true): the rows a coder sees (the SELECT policy applies too) reach the guard
            # trigger, which refuses others' rows aloud; WITH CHECK keeps the result the coder's own.
            f"CREATE POLICY coder_changes ON {table} FOR UPDATE TO {coders} USING (true) WITH CHECK ({mine})",
            f"CREATE POLICY coder_deletes ON {table} FOR DELETE TO {coders} USING (true)",
            f"CREATE TRIGGER {table}_own_rows BEFORE INSERT OR UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION afpak_guard_own_rows()",
        ]
    statements += [
        f"GRANT SELECT, INSERT, UPDATE ON project_info TO {coders}",
        "ALTER TABLE project_info ENABLE ROW LEVEL SECURITY",
        f"CREATE POLICY everyone_reads ON project_info FOR SELECT TO {coders} USING (true)",
        f"CREATE POLICY coder_notes ON project_info FOR INSERT TO {coders} WITH CHECK (afpak_may_write_info(key))",
        # USING (true) again so that a refused key is refused aloud by the guard, not skipped.
        f"CREATE POLICY coder_updates ON project_info FOR UPDATE TO {coders} "
        "USING (true) WITH CHECK (afpak_may_write_info(key))",
        "CREATE TRIGGER project_info_guard BEFORE INSERT OR UPDATE OR DELETE ON project_info "
        "FOR EACH ROW EXECUTE FUNCTION afpak_guard_info()",
    ]
    return statements


# -- what the lead does -------------------------------------------------------------------------

def _groups(connection: Connection) -> dict[str, str]:
    return {kind: connection.exec_driver_sql(f"SELECT afpak_group('{kind}')").scalar()
            for kind in (OWNER, CODERS, EDITORS)}


def _require_lead(project, what: str) -> None:
    from afpak_coder.core.server_engine import ServerPermissionError

    if not is_lead(project):
        raise ServerPermissionError(f"{project.path}: only the project lead can {what}; "
                                    "nothing was changed — ask the project lead")


def add_coder_login(project, name: str, password: str | None) -> records.Coder:
    """Make ``name`` a coder of the server project with a login of its own (``login_name``):
    the coder row if missing, the LOGIN role with ``password`` (None keeps an existing login's
    password), membership of the coders group, the row in ``coder_login``. Lead only."""
    _require_lead(project, "add coder logins")
    name = name.strip()
    role = login_name(name)
    with project._read() as connection:
        mapped = connection.exec_driver_sql(
            f"SELECT c.name FROM coder_login AS l JOIN coder AS c ON c.id = l.coder_id "
            f"WHERE l.role_name = {_literal(role)}").scalar()
    if mapped is not None and mapped != name:
        raise ValidationError(f"{project.path}: the login {role} belongs to coder {mapped!r} already; "
                              f"give {name!r} a name that differs in its letters or digits")
    coder = next((c for c in project.coders() if c.name == name), None) or project.add_coder(name)
    with project._write_connection() as connection:
        exists = connection.exec_driver_sql(f"SELECT 1 FROM pg_roles WHERE rolname = {_literal(role)}").first()
        if password is None and not exists:
            raise ValidationError(f"{project.path}: the new login {role} needs a password")
        verifier = "" if password is None else " PASSWORD " + _literal(_scram_verifier(connection, role, password))
        command = "ALTER ROLE" if exists else "CREATE ROLE"
        connection.exec_driver_sql(f"{command} {_ident(role)} LOGIN{verifier}")
        connection.exec_driver_sql(f"GRANT {_ident(_groups(connection)[CODERS])} TO {_ident(role)}")
        connection.exec_driver_sql(
            f"INSERT INTO coder_login (role_name, coder_id) VALUES ({_literal(role)}, {_literal(str(coder.id))}) "
            "ON CONFLICT (coder_id) DO UPDATE SET role_name = excluded.role_name")
    return coder


def _scram_verifier(connection: Connection, role: str, password: str) -> str:
    """The SCRAM verifier of ``password`` made by libpq on this side (see the module docstring)."""
    pgconn = connection.connection.driver_connection.pgconn
    return pgconn.encrypt_password(password.encode(), role.encode(), b"scram-sha-256").decode()


def grant_codebook(project, coder: Any, allowed: bool) -> records.Coder:
    """Let the coder's login edit the codebook (``allowed``), or stop it. Lead only."""
    _require_lead(project, "grant codebook editing")
    found = project.coder(coder)
    with project._write_connection() as connection:
        role = connection.exec_driver_sql(
            f"SELECT role_name FROM coder_login WHERE coder_id = {_literal(str(found.id))}").scalar()
        if role is None:
            raise NotFoundError(f"{project.path}: coder {found.name!r} has no server login; "
                                "add one with 'afpak-coder server add-coder'")
        editors = _ident(_groups(connection)[EDITORS])
        verb = f"GRANT {editors} TO" if allowed else f"REVOKE {editors} FROM"
        connection.exec_driver_sql(f"{verb} {_ident(role)}")
    return found


def set_blind(project, blind: bool) -> None:
    """Hide other coders' claims and statuses from each coder (``blind``), or show them (for
    adjudication). Lead only; the server refuses it to coders as well."""
    _require_lead(project, "lift or restore blind coding")
    value = "true" if blind else "false"
    with project._write_connection() as connection:
        connection.exec_driver_sql(
            f"INSERT INTO project_info (key, value) VALUES ('{BLIND_KEY}', '{value}') "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value")


# -- what every login asks ----------------------------------------------------------------------

def is_blind(project) -> bool:
    with project._read() as connection:
        return bool(connection.exec_driver_sql("SELECT afpak_blind()").scalar())


def is_lead(project) -> bool:
    with project._read() as connection:
        return bool(connection.exec_driver_sql("SELECT afpak_is_lead()").scalar())


def my_coder(project) -> records.Coder | None:
    """The coder whose login opened the project; None for the lead (or any login not a coder's)."""
    with project._read() as connection:
        coder_id = connection.exec_driver_sql("SELECT afpak_my_coder()").scalar()
    return None if coder_id is None else project.coder(coder_id)
