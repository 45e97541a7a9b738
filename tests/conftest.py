import os

# Headless by default, also when pytest is run directly rather than through `make test`.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

import afpak_coder  # noqa: E402


@pytest.fixture
def project(tmp_path):
    """A fresh project with the default codebook."""
    with afpak_coder.create_project(tmp_path / "study.afpak") as opened:
        yield opened


@pytest.fixture
def empty_project(tmp_path):
    with afpak_coder.create_project(tmp_path / "empty.afpak", codebook=None) as opened:
        yield opened
