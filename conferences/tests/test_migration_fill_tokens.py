"""Conferences stored with a plan's [[code]] tokens before they were filled in get the phrases."""

import importlib

import pytest
from django.apps import apps

from conferences.models import ConferenceAgendaItem
from plans.models import DeadlineRule

from .factories import approved_plan, conference_in_state

pytestmark = pytest.mark.django_db


def test_the_migration_fills_the_tokens_already_stored(org, staff):
    plan = approved_plan(org, sessions=1)
    DeadlineRule.objects.create(plan=plan, code="answer", name="Trả lời", anchor="notice", offset_days=30)
    conference = conference_in_state(
        org, "announced", by=staff, plan=plan, content="Trả lời chậm nhất không quá [[answer]].",
        audience="Nhân dân; [[khong_co]]",
    )
    step = ConferenceAgendaItem.objects.create(conference=conference, order=0, text="Báo cáo trong [[answer]]")
    migration = importlib.import_module("conferences.migrations.0007_fill_rule_tokens")
    migration.fill(apps, None)
    conference.refresh_from_db()
    step.refresh_from_db()
    assert conference.content == "Trả lời chậm nhất không quá 30 ngày."
    assert conference.audience == "Nhân dân; thời hạn quy định"
    assert step.text == "Báo cáo trong 30 ngày"
