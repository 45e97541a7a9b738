"""A login with a password that owns an empty database, on the test server (for the tests of
``afpak-coder server`` and of publishing): roles belong to the whole server, so each is unique and
removed afterwards."""

import uuid
from contextlib import contextmanager

from afpak_coder.core.server_access import CODERS, EDITORS, OWNER, group_role


@contextmanager
def lead_database(cluster, prefix: str = "transfer"):
    """Yield (database, login, password) of a new empty database owned by a new password login that
    may create roles (coder logins), as docs/team-server.md sets up the lead."""
    login, password = f"{prefix}_lead_{uuid.uuid4().hex[:8]}", f"pw-{uuid.uuid4().hex[:12]}"
    database = cluster.new_database(prefix)
    cluster.run_sql(f"CREATE ROLE {login} LOGIN CREATEROLE PASSWORD '{password}'")
    cluster.run_sql(f'ALTER DATABASE "{database}" OWNER TO {login}')
    try:
        yield database, login, password
    finally:
        cluster.drop_database(database)
        groups = [group_role(database, kind) for kind in (OWNER, CODERS, EDITORS)]
        for role in (login, *groups):  # server init made the project's groups
            cluster.run_sql(f'DROP ROLE IF EXISTS "{role}"')
