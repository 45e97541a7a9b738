import pytest

from afpak_coder.core.sample import build_sample_project


@pytest.fixture
def master(tmp_path):
    """The sample project (3 coders, 252 claims) as the master."""
    with build_sample_project(tmp_path / "master.afpak") as opened:
        yield opened
