import pytest
from agreement_fixtures import build_coded


@pytest.fixture
def coded(project):
    return build_coded(project)
