"""The conferences list, a conference's invitees and its attendance as Excel files;
the invitees (names and phones: personal data) for the office only; the lists paginated."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from conferences import session_records as records
from conferences.models import ConferenceStatus as S
from conferences.models import Invitee

from .factories import conference_in_state

pytestmark = pytest.mark.django_db


def rows_of(response):
    assert response.status_code == 200, response
    return list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True))


def test_the_conferences_list_exports_the_page_s_rows(client, org, staff):
    for status in (S.SCHEDULED, S.ANNOUNCED, S.HELD):
        conference_in_state(org, status, by=staff)
    client.force_login(staff)
    page = client.get(reverse("conferences:list"))
    rows = rows_of(client.get(reverse("conferences:export")))
    assert [r[0] for r in rows[1:]] == [c.title for c in page.context["conferences"]]
    held = rows_of(client.get(reverse("conferences:export"), {"status": "held"}))
    assert len(held) == 2


def test_invitees_for_the_office_and_attendance(client, org, staff, supervisor):
    conference = conference_in_state(org, S.ANNOUNCED, by=staff)
    Invitee.objects.create(conference=conference, full_name="Nguyễn Văn An", phone="0912345678", order=1)
    Invitee.objects.create(conference=conference, full_name="=HYPERLINK(\"x\")", order=2)
    client.force_login(staff)
    rows = rows_of(client.get(reverse("conferences:invitee_export", args=[conference.pk])))
    assert rows[1][1:5] == ("Nguyễn Văn An", None, None, "0912345678")
    assert rows[2][1] == '=HYPERLINK("x")'
    conference.status = S.HELD
    conference.save(update_fields=["status"])
    records.attendance_check_in(conference=conference, by=staff, name="Lê Thị Hoa", unit="Thôn 2")
    rows = rows_of(client.get(reverse("conferences:attendance_export", args=[conference.pk])))
    assert rows[1][:2] == ("Lê Thị Hoa", "Thôn 2")
    client.force_login(supervisor)
    assert client.get(reverse("conferences:invitee_export", args=[conference.pk])).status_code == 404


def test_the_conferences_list_is_paginated(client, org, staff, monkeypatch):
    from conferences import views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    for _ in range(3):
        conference_in_state(org, S.SCHEDULED, by=staff)
    client.force_login(staff)
    assert len(client.get(reverse("conferences:list")).context["conferences"]) == 2
    assert len(client.get(reverse("conferences:list"), {"page": 2}).context["conferences"]) == 1
