"""A project's tables on a PostgreSQL server: the same models as a project file, plus what SQLite
gives the file by other means (text immutability triggers, full-text search, case-blind sorting).

One database holds one project. Creating it is one transaction: a failure leaves the database as
it was.
"""

from __future__ import annotations

from sqlalchemy import Connection, inspect

from afpak_coder.core.claim_query import QUERY_INDEXES
from afpak_coder.core.database import SCHEMA_VERSION, write_project_facts
from afpak_coder.core.errors import NewerSchemaError, ProjectFileError
from afpak_coder.core.models import Base
from afpak_coder.core.server_access import install_access

# Lower bound of the server: row-level security as we use it, ICU collations, json functions.
MINIMUM_SERVER = 140000  # PostgreSQL 14

_COMPATIBILITY = (
    # ``COLLATE NOCASE`` sorts (the claims browser) mean the same as on SQLite: case-blind.
    """CREATE COLLATION IF NOT EXISTS nocase (provider = icu, locale = 'und-u-ks-level2', deterministic = false)""",
    # The document-variable filter reads a value with SQLite's json_extract(doc, '$."name"').
    """CREATE OR REPLACE FUNCTION json_extract(doc json, path text) RETURNS text
       LANGUAGE sql IMMUTABLE STRICT AS
       $$ SELECT doc ->> replace(substr(path, 4, length(path) - 4), '\\"', '"') $$""",
)

# Texts never change once imported (the file enforces this with triggers too).
_IMMUTABLE_TEXT = (
    """CREATE OR REPLACE FUNCTION afpak_refuse_text_change() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION 'document text is immutable once imported' USING ERRCODE = 'raise_exception'; END $$""",
    """CREATE TRIGGER document_text_immutable BEFORE UPDATE OF number, text ON document_text
       FOR EACH ROW EXECUTE FUNCTION afpak_refuse_text_change()""",
    """CREATE TRIGGER document_hash_immutable BEFORE UPDATE OF sha256, length ON document
       FOR EACH ROW EXECUTE FUNCTION afpak_refuse_text_change()""",
)

# PostgreSQL's own full-text search over the texts ('simple': no stemming, as the file's unicode61).
SEARCH_CONFIGURATION = "simple"
_SEARCH_INDEX = (
    f"""ALTER TABLE document_text ADD COLUMN search tsvector
        GENERATED ALWAYS AS (to_tsvector('{SEARCH_CONFIGURATION}', text)) STORED""",
    "CREATE INDEX ix_document_text_search ON document_text USING gin (search)",
)

# Live refresh: after each statement that changes claims or coding statuses, one notice per
# (document, coder) on the channel ``afpak_changes`` (read by core/server_events). It names the
# document, the coder, the claim ids and what happened, never a claim's text or codes: under blind
# coding any login may listen. ``session`` (the sender's application_name) lets a session skip its own.
CHANGES_CHANNEL = "afpak_changes"
LISTED_CLAIMS = 50  # more claims changed at once (an upload) are announced without their ids
_CHANGE_NOTICES = (
    f"""CREATE OR REPLACE FUNCTION afpak_announce_changes() RETURNS trigger LANGUAGE plpgsql AS $$
       DECLARE
         item record;
         touched text := CASE TG_OP WHEN 'UPDATE'
                         THEN 'SELECT * FROM changed_rows UNION ALL SELECT * FROM previous_rows'
                         ELSE 'SELECT * FROM changed_rows' END;
         ids text := CASE TG_TABLE_NAME WHEN 'claim' THEN 'array_agg(DISTINCT id)' ELSE 'NULL::uuid[]' END;
       BEGIN
         -- (concatenated, not format(): the driver would take its %s for placeholders)
         FOR item IN EXECUTE 'SELECT document_id, coder_id, count(*) AS n, ' || ids || ' AS ids FROM ('
                             || touched || ') AS t GROUP BY document_id, coder_id' LOOP
           PERFORM pg_notify('{CHANGES_CHANNEL}', json_build_object(
             'session', current_setting('application_name'),
             'kind', CASE TG_TABLE_NAME WHEN 'claim' THEN 'claim' ELSE 'status' END,
             'operation', lower(TG_OP), 'document', item.document_id, 'coder', item.coder_id,
             'claims', CASE WHEN item.n <= {LISTED_CLAIMS} THEN item.ids END)::text);
         END LOOP;
         RETURN NULL;
       END $$""",
    *(f"""CREATE TRIGGER {table}_{operation.lower()}_announced AFTER {operation} ON {table}
          REFERENCING {references} FOR EACH STATEMENT EXECUTE FUNCTION afpak_announce_changes()"""
      for table in ("claim", "coding_status")
      for operation, references in (("INSERT", "NEW TABLE AS changed_rows"),
                                    ("UPDATE", "OLD TABLE AS previous_rows NEW TABLE AS changed_rows"),
                                    ("DELETE", "OLD TABLE AS changed_rows"))),
)


def create_server_schema(connection: Connection, name: str) -> None:
    """Create an empty project (tables, rules, search index, facts, access rules) in the
    connection's database."""
    version = connection.exec_driver_sql("SHOW server_version_num").scalar()
    if int(version) < MINIMUM_SERVER:
        raise ProjectFileError(f"the server runs PostgreSQL {int(version) // 10000}; team projects need 14 or newer")
    if inspect(connection).has_table("project_info"):
        raise ProjectFileError("this database already holds a project (or other tables named like ours); "
                               "use an empty database")
    for statement in _COMPATIBILITY:
        connection.exec_driver_sql(statement)
    Base.metadata.create_all(connection)
    for statement in (*_IMMUTABLE_TEXT, *_SEARCH_INDEX, *QUERY_INDEXES.values(), *_CHANGE_NOTICES):
        connection.exec_driver_sql(statement)
    write_project_facts(connection, name)
    install_access(connection)  # groups, row-level security, grants; the connected login is the lead


def check_server_schema(connection: Connection, where: str) -> None:
    """Refuse a database that holds no project, or one made by a newer afpak-coder."""
    if not inspect(connection).has_table("project_info"):
        raise ProjectFileError(f"{where}: the database holds no afpak-coder project; "
                               "create one with 'afpak-coder server init'")
    found = connection.exec_driver_sql("SELECT value FROM project_info WHERE key = 'schema_version'").scalar()
    if found is None:
        raise ProjectFileError(f"{where}: the database holds no afpak-coder project (no schema version)")
    if int(found) > SCHEMA_VERSION:
        raise NewerSchemaError(f"{where}: was set up by a newer afpak-coder (schema {found}, this version reads "
                               f"up to {SCHEMA_VERSION}); update afpak-coder to open it")
    if int(found) < SCHEMA_VERSION:
        raise ProjectFileError(f"{where}: holds an older project (schema {found}); write it to a file with "
                               "'afpak-coder server download', which upgrades it, then publish that file to a new database")
