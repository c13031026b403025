"""The dashboard counts the deadlines the services open and close as the work
happens (the engine's hooks), on the engine's clock."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from conferences import services as conferences
from deadlines.models import Deadline
from petitions.tests.factories import make_conference

from .test_dashboard import _rows, _total

pytestmark = pytest.mark.django_db

URL = "/thoi-han/tong-quan/"


def test_a_scheduled_conference_shows_up_and_goes_overdue(client, org, staff, leader, clock):
    clock(timezone.localdate())
    day = timezone.localdate() + dt.timedelta(days=30)
    conference = make_conference(org, "planned", title="Hội nghị đối thoại quý II")
    starts = timezone.make_aware(dt.datetime(day.year, day.month, day.day, 8, 0))
    conferences.conference_schedule(conference=conference, starts_at=starts, venue="Hội trường", by=staff)
    conferences.conference_announce(conference=conference, by=staff)
    opinions = Deadline.objects.get(conference=conference, kind=Deadline.Kind.OPINIONS)
    announce = Deadline.objects.get(conference=conference, kind=Deadline.Kind.ANNOUNCE)
    assert announce.state == Deadline.State.MET

    client.force_login(leader)
    year = {"year": announce.due_on.year}
    body = client.get(URL, year).content.decode()
    assert (_total(body, "met"), _total(body, "overdue")) == (1, 0)

    # The opinions report was not made: the day after its date it is overdue.
    clock(opinions.due_on + dt.timedelta(days=1))
    body = client.get(URL, year).content.decode()
    assert _total(body, "overdue") == 1
    listing = client.get(reverse("deadlines:dashboard_list"), {"bucket": "overdue"}).content.decode()
    assert _rows(listing) == 1
    assert "Tổng hợp, báo cáo ý kiến của Nhân dân trước hội nghị" in listing
    assert "Hội nghị đối thoại quý II" in listing
