"""The whole demo loads, and again without change."""

import pytest

from demo.loading import load_all
from plans.models import Plan

pytestmark = pytest.mark.django_db


def test_load_all_loads_plans_and_templates():
    load_all()
    assert Plan.objects.documents().count() == 3
    assert Plan.objects.templates().count() == 3
    load_all()
    assert Plan.objects.documents().count() == 3
