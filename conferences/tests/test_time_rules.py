"""Transitions that depend on the clock, checked at a fixed moment of the day:
15:20 on a day whose conference starts at 19:30."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from conferences import services, session_records as records
from conferences.models import ConferenceStatus as S, Minutes
from conferences.services import ConferenceError

from .factories import conference_in_state

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = dt.datetime(2026, 11, 30, 15, 20, tzinfo=HCM)
EVENING = dt.datetime(2026, 11, 30, 19, 30, tzinfo=HCM)


@pytest.fixture
def clock(monkeypatch):
    """Moves the clock the services read (django.utils.timezone.now)."""

    def set_to(moment):
        monkeypatch.setattr(timezone, "now", lambda: moment.astimezone(dt.timezone.utc))

    set_to(NOW)
    return set_to


@pytest.fixture
def evening(org, staff, secretary, clock):
    return conference_in_state(org, S.ANNOUNCED, by=staff, secretary=secretary, starts_at=EVENING)


def test_held_is_refused_in_the_afternoon_of_an_evening_conference(evening, staff):
    with pytest.raises(ConferenceError, match="19:30"):
        services.conference_mark_held(conference=evening, by=staff)
    evening.refresh_from_db()
    assert evening.status == S.ANNOUNCED and evening.held_at is None


def test_held_is_refused_on_an_earlier_day(org, staff, clock):
    tomorrow = conference_in_state(org, S.ANNOUNCED, by=staff, starts_at=EVENING + dt.timedelta(days=1))
    with pytest.raises(ConferenceError, match="01/12/2026"):
        services.conference_mark_held(conference=tomorrow, by=staff)


def test_held_is_accepted_once_it_has_started(evening, staff, clock):
    clock(EVENING + dt.timedelta(minutes=1))
    services.conference_mark_held(conference=evening, by=staff)
    evening.refresh_from_db()
    assert evening.status == S.HELD


def test_has_started(evening, clock):
    assert not services.has_started(evening)
    clock(EVENING)
    assert services.has_started(evening)


def test_minutes_cannot_end_in_the_future_nor_be_approved_before_the_end(evening, secretary, leader, clock):
    clock(EVENING + dt.timedelta(hours=1))
    records.minutes_draft(conference=evening, by=secretary)
    later = EVENING + dt.timedelta(hours=3)
    with pytest.raises(ConferenceError, match="tương lai") as refused:
        records.minutes_edit(conference=evening, by=secretary, ended_at=later)
    assert refused.value.field == "ended_at"
    assert Minutes.objects.get(conference=evening).ended_at is None

    # Written while the conference was running, approved only once it has ended.
    done = EVENING + dt.timedelta(hours=1, minutes=30)
    records.minutes_edit(conference=evening, by=secretary, ended_at=EVENING + dt.timedelta(minutes=50),
                         opening="Khai mạc", content="Diễn biến", conclusions="Kết luận")
    clock(done)
    records.minutes_approve(conference=evening, by=leader)
    assert Minutes.objects.get(conference=evening).is_approved


def test_minutes_are_not_approved_before_the_conference_starts(evening, secretary, leader, clock):
    clock(EVENING - dt.timedelta(minutes=10))
    records.minutes_draft(conference=evening, by=secretary)
    Minutes.objects.filter(conference=evening).update(
        opening="Khai mạc", content="Diễn biến", conclusions="Kết luận", ended_at=NOW
    )
    with pytest.raises(ConferenceError, match="19:30"):
        records.minutes_approve(conference=evening, by=leader)


def test_a_draft_takes_the_planned_end_only_once_it_has_passed(org, staff, secretary, clock):
    conference = conference_in_state(org, S.HELD, by=staff, secretary=secretary, starts_at=EVENING,
                                     ends_at=EVENING + dt.timedelta(hours=2))
    clock(EVENING + dt.timedelta(hours=1))
    assert records.minutes_draft(conference=conference, by=secretary).ended_at is None
    # With no end written, the other parts can be saved while the conference goes on.
    records.minutes_edit(conference=conference, by=secretary, content="Diễn biến", ended_at=None)
    clock(EVENING + dt.timedelta(hours=3))
    assert records.minutes_draft(conference=conference, by=secretary).ended_at == EVENING + dt.timedelta(hours=2)


def test_the_minutes_page_shows_a_future_end_next_to_the_field_and_keeps_the_text(client, org, staff, secretary):
    from django.urls import reverse

    conference = conference_in_state(org, S.HELD, by=staff, secretary=secretary,
                                     starts_at=timezone.now() - dt.timedelta(hours=1))
    records.minutes_draft(conference=conference, by=secretary)
    client.force_login(secretary)
    later = timezone.localtime(timezone.now() + dt.timedelta(hours=2))
    data = {name: "" for name in records.MINUTES_FIELDS}
    data.update(content="Cử tri xóm Hòa Bình phát biểu về đường liên xóm", ended_at=later.strftime("%H:%M %d/%m/%Y"))
    response = client.post(reverse("conferences:minutes", args=[conference.pk]), data)
    html = response.content.decode()
    assert response.status_code == 200 and "trong tương lai" in html
    assert "Cử tri xóm Hòa Bình phát biểu về đường liên xóm" in html
    assert Minutes.objects.get(conference=conference).ended_at is None
