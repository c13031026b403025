import pytest

from .world import build_year


@pytest.fixture
def year(db):
    return build_year()
