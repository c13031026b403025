"""The indexes the report's roll-up reads at province scale (reports.figures)."""

import pytest
from django.db import connection

from petitions.models import Petition, PetitionEvent

pytestmark = pytest.mark.django_db


def _indexes(model) -> dict[str, list[str]]:
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, model._meta.db_table)
    return {name: info["columns"] for name, info in found.items() if info["index"]}


def test_petitions_by_organisation_and_day_received():
    assert _indexes(Petition)["petition_rollup_received_idx"] == ["organization_id", "received_on"]


def test_how_each_petition_ended_is_indexed_by_petition():
    assert _indexes(PetitionEvent)["petition_event_outcome_idx"][0] == "petition_id"
