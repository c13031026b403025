"""The secretary's day page and minutes page say, for each state of the
conference, why nothing can be recorded, and the services refuse with the same words."""

import pytest
from django.urls import reverse

from conferences import session_records as records
from conferences.models import ConferenceStatus as S
from conferences.services import ConferenceError

from .factories import conference_in_state

BEFORE = "sau khi hội nghị được thông báo"
CANCELLED = "Hội nghị đã bị hủy"
CLOSED = "đã kết thúc"


@pytest.mark.parametrize(
    "status, said, not_said",
    [
        (S.PLANNED, BEFORE, CLOSED),
        (S.SCHEDULED, BEFORE, CLOSED),
        (S.CANCELLED, CANCELLED, BEFORE),
        (S.CONCLUDED, CLOSED, BEFORE),
        (S.CLOSED, CLOSED, BEFORE),
    ],
)
def test_day_page_says_why_per_state(client, org, staff, secretary, status, said, not_said):
    conference = conference_in_state(org, status, by=staff, secretary=secretary, days=-1)
    client.force_login(secretary)
    html = client.get(reverse("conferences:day", args=[conference.pk])).content.decode()
    assert said in html and not_said not in html
    assert 'id="form-checkin"' not in html
    with pytest.raises(ConferenceError, match=said):
        records.attendance_check_in(conference=conference, by=secretary, name="Nguyễn Văn An")
    response = client.post(reverse("conferences:day_check_in", args=[conference.pk]), {"name": "Nguyễn Văn An"},
                           follow=True)
    assert said in response.content.decode()


@pytest.mark.parametrize("status", [S.ANNOUNCED, S.HELD])
def test_open_day_page_has_no_closed_message(client, org, staff, secretary, status):
    conference = conference_in_state(org, status, by=staff, secretary=secretary, days=0)
    client.force_login(secretary)
    html = client.get(reverse("conferences:day", args=[conference.pk])).content.decode()
    assert 'id="form-checkin"' in html
    assert all(words not in html for words in (BEFORE, CANCELLED, CLOSED))


@pytest.mark.parametrize("status, said", [(S.SCHEDULED, "sau khi hội nghị được thông báo"),
                                          (S.CANCELLED, CANCELLED), (S.CLOSED, CLOSED)])
def test_minutes_page_says_why_per_state(client, org, staff, secretary, status, said):
    conference = conference_in_state(org, status, by=staff, secretary=secretary, days=-1)
    client.force_login(secretary)
    html = client.get(reverse("conferences:minutes", args=[conference.pk])).content.decode()
    assert said in html
    with pytest.raises(ConferenceError, match=said):
        records.minutes_draft(conference=conference, by=secretary)
