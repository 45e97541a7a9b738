"""``afpak-coder server init / publish / download``, run the way a user runs them, on a real
throwaway PostgreSQL server with a lead who logs in with a password."""

import os
import subprocess
import sys

import pytest
from pandas.testing import assert_frame_equal
from server_logins import lead_database

from afpak_coder.core.project import open_project
from afpak_coder.core.sample import build_sample_project
from afpak_coder.core.server_project import open_server_project


# The throwaway PostgreSQL server's fixtures (tests/postgres_server.py).
pytest_plugins = ["postgres_server"]


def run_cli(*arguments, password=None):
    """The real entry point in a new process, its stdin not a terminal (so it never prompts);
    ``password`` goes into PGPASSWORD."""
    environment = {key: value for key, value in os.environ.items() if key != "PGPASSWORD"}
    if password is not None:
        environment["PGPASSWORD"] = password
    return subprocess.run([sys.executable, "-m", "afpak_coder", *map(str, arguments)], capture_output=True,
                          text=True, timeout=300, stdin=subprocess.DEVNULL, env=environment)


def one_line_error(result) -> str:
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("afpak-coder: error: "), result.stderr
    return lines[0]


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli_server") / "sample.afpak"
    build_sample_project(path).close()
    return path


@pytest.fixture
def lead(postgres_cluster):
    """An empty database owned by a lead who logs in with a password: (URL without password, password)."""
    with lead_database(postgres_cluster) as (database, login, password):
        yield f"postgresql://{login}@{postgres_cluster.host}:{postgres_cluster.port}/{database}", password


def with_password(url: str, password: str) -> str:
    scheme, rest = url.split("://", 1)
    user, host = rest.split("@", 1)
    return f"{scheme}://{user}:{password}@{host}"


def test_init_creates_a_project_with_the_default_codebook(lead):
    url, password = lead
    result = run_cli("server", "init", url, "--name", "AfPak press 2025", password=password)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"Created the project 'AfPak press 2025' on {url}:")
    assert password not in result.stdout + result.stderr
    with open_server_project(with_password(url, password)) as project:
        summary = project.summary()
    assert (summary.name, summary.claims, summary.documents) == ("AfPak press 2025", 0, 0)
    assert summary.themes > 10 and summary.actors > 10 and summary.stance_levels == 5

    again = one_line_error(run_cli("server", "init", url, password=password))
    assert url in again and password not in again


def test_publish_then_download_through_the_command_line(lead, sample, tmp_path):
    url, password = lead
    published = run_cli("server", "publish", sample, url, password=password)  # password from PGPASSWORD
    assert published.returncode == 0, published.stderr
    assert "252 claims" in published.stdout and url in published.stdout
    copy = tmp_path / "copy.afpak"
    downloaded = run_cli("server", "download", with_password(url, password), copy)  # password in the URL
    assert downloaded.returncode == 0, downloaded.stderr
    assert downloaded.stdout.strip() == f"Wrote {copy}: 11 documents, 252 claims by 3 coders"
    assert password not in published.stdout + published.stderr + downloaded.stdout + downloaded.stderr
    with open_project(sample) as original, open_project(copy) as written:
        assert_frame_equal(written.claims_frame(), original.claims_frame())
        assert (written.name, written.project_id) == (original.name, original.project_id)

    # Onto the file just written, and into the database that now holds the project: refused.
    before = copy.read_bytes()
    refused = one_line_error(run_cli("server", "download", url, copy, password=password))
    assert str(copy) in refused and "already exists" in refused and copy.read_bytes() == before
    refused = one_line_error(run_cli("server", "publish", sample, url, password=password))
    assert url in refused and "already holds a project" in refused


def test_a_wrong_or_missing_password_is_a_one_line_error(lead, sample, tmp_path):
    url, password = lead
    wrong = one_line_error(run_cli("server", "publish", sample, url, password="not-" + password))
    assert url in wrong and "refused the login" in wrong and "not-" + password not in wrong
    in_url = one_line_error(run_cli("server", "download", with_password(url, "guess"), tmp_path / "x.afpak"))
    assert "refused the login" in in_url and "guess" not in in_url
    missing = one_line_error(run_cli("server", "init", url))  # no PGPASSWORD, no terminal to ask on
    assert "refused the login" in missing
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(Exception, match="holds no afpak-coder project"):
        open_server_project(with_password(url, password)).close()  # nothing was created


def test_an_address_that_is_no_server_address(sample):
    refused = one_line_error(run_cli("server", "publish", sample, "mysql://someone@host/db"))
    assert "is not a server address" in refused
