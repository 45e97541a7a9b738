import os

# Headless by default, also when pytest is run directly rather than through `make test`.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

import afpak_coder  # noqa: E402

# A throwaway PostgreSQL server for the tests (tests/postgres_server.py), started when first needed.
pytest_plugins = ["postgres_server"]

# The service tests run on both backends: a project file and a project on a PostgreSQL server.
# A test module about the file itself (backups, the write-ahead log, SQLite locking, damaged
# files) marks itself ``pytestmark = pytest.mark.file_only``.
BACKENDS = ("file", "server")


def pytest_configure(config):
    config.addinivalue_line("markers", "file_only: the test is about the project file, not the service")


def pytest_generate_tests(metafunc):
    if "backend" in metafunc.fixturenames:
        file_only = metafunc.definition.get_closest_marker("file_only") is not None
        metafunc.parametrize("backend", ("file",) if file_only else BACKENDS, indirect=True, scope="module")


@pytest.fixture(scope="module")
def backend(request):
    return request.param


def _server_project(request, codebook):
    from afpak_coder.core.server_project import create_server_project

    cluster = request.getfixturevalue("postgres_cluster")
    database = cluster.new_database("project")
    request.addfinalizer(lambda: cluster.drop_database(database))
    return create_server_project(cluster.superuser_url(database), name="study", codebook=codebook)


@pytest.fixture
def project(tmp_path, backend, request):
    """A fresh project with the default codebook, as a file or on the test server."""
    opened = (afpak_coder.create_project(tmp_path / "study.afpak") if backend == "file"
              else _server_project(request, "default"))
    with opened:
        yield opened


@pytest.fixture
def empty_project(tmp_path, backend, request):
    opened = (afpak_coder.create_project(tmp_path / "empty.afpak", codebook=None) if backend == "file"
              else _server_project(request, None))
    with opened:
        yield opened
