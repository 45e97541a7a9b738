"""Projects for the tests on either backend: a project file, or the same project published to a
database on the test server (tests/postgres_server.py). ``backend`` is the parametrised fixture of
tests/conftest.py."""

from __future__ import annotations

from pathlib import Path

from afpak_coder.core.sample import build_sample_project


def sample_project(folder: Path, backend: str, request):
    """The sample project (documents, codebook, claims of three coders) on ``backend``; the caller
    closes it. A server copy is published from the file, so both hold the same ids."""
    path = Path(folder) / "sample.afpak"
    if backend == "file":
        return build_sample_project(path)
    from afpak_coder.core.server_project import open_server_project
    from afpak_coder.core.server_transfer import publish

    build_sample_project(path).close()
    cluster = request.getfixturevalue("postgres_cluster")
    database = cluster.new_database("sample")
    request.addfinalizer(lambda: cluster.drop_database(database))
    publish(path, cluster.superuser_url(database), name="sample")
    return open_server_project(cluster.superuser_url(database))
