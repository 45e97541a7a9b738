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
    for statement in (*_IMMUTABLE_TEXT, *_SEARCH_INDEX, *QUERY_INDEXES.values()):
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
