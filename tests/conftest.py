import pytest

from .pages import build_world


@pytest.fixture
def world(db):
    return build_world()
