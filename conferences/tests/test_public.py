import datetime as dt

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from conferences import ical, services
from conferences.models import ConferencePerson, ConferenceStatus as S

from .factories import conference_in_state, in_days


@pytest.fixture
def public_set(org, other_org, staff, secretary):
    """One conference in every state, plus an announced one of another commune."""
    made = {status: conference_in_state(org, status, by=staff, title=f"Hội nghị {status}") for status in S.values}
    made["cancelled_unannounced"] = made.pop(S.CANCELLED)
    made["cancelled_announced"] = conference_in_state(
        org, S.CANCELLED, by=staff, title="Hội nghị hủy sau thông báo", announced_at=timezone.now(), starts_at=in_days(12)
    )
    made["foreign"] = conference_in_state(other_org, S.ANNOUNCED, by=staff, title="Hội nghị xã khác")
    for conference in made.values():
        ConferencePerson.objects.create(
            conference=conference, role="secretary", user=secretary, position="Thư ký riêng tư"
        )
        ConferencePerson.objects.create(conference=conference, role="chair", name="Nguyễn Văn Bí Mật", position="Khách mời")
        conference.groups.create(text="Hộ ông Trần Văn Riêng", expected_count=3)
    return made


PUBLIC = ["announced", "held", "concluded", "closed", "cancelled_announced"]
HIDDEN = ["planned", "scheduled", "cancelled_unannounced", "foreign"]
PERSONAL = ["Thư ký riêng tư", "Nguyễn Văn Bí Mật", "Hộ ông Trần Văn Riêng", "secretary", "staff"]


def test_organisation_page_lists_only_announced(client, org, public_set, django_assert_max_num_queries):
    url = reverse("conferences_public:organization", args=[org.code])
    with django_assert_max_num_queries(2):
        response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    for key in PUBLIC:
        assert public_set[key].title in html, key
    for key in HIDDEN:
        assert public_set[key].title not in html, key
    for text in PERSONAL:
        assert text not in html
    assert "Đã hủy" in html
    # No staff links, no sequential ids.
    assert "/hoi-nghi/%d/" % public_set["announced"].pk not in html


def test_conference_page_by_code(client, public_set, django_assert_max_num_queries):
    conference = public_set["announced"]
    conference.audience = "Nhân dân xóm Hòa Bình"
    conference.content = "Tình hình an ninh trật tự"
    conference.save()
    url = reverse("conferences_public:detail", args=[conference.public_code])
    with django_assert_max_num_queries(1):
        response = client.get(url)
    html = response.content.decode()
    local = timezone.localtime(conference.starts_at)
    for text in (conference.title, conference.venue, "Nhân dân xóm Hòa Bình", "Tình hình an ninh trật tự", local.strftime("%d/%m/%Y"), "08:00"):
        assert text in html
    for text in PERSONAL:
        assert text not in html


def test_unannounced_and_unknown_codes_are_404(client, public_set):
    for key in ("planned", "scheduled", "cancelled_unannounced"):
        code = public_set[key].public_code
        assert client.get(reverse("conferences_public:detail", args=[code])).status_code == 404, key
        assert client.get(reverse("conferences_public:detail_ics", args=[code])).status_code == 404, key
    assert client.get(reverse("conferences_public:detail", args=["khongtontai"])).status_code == 404
    assert client.get(reverse("conferences_public:organization", args=["khong-co"])).status_code == 404


def test_cancelled_after_announce_shows_reason(client, public_set):
    conference = public_set["cancelled_announced"]
    html = client.get(reverse("conferences_public:detail", args=[conference.public_code])).content.decode()
    assert "Hội nghị này đã hủy." in html and "Mưa bão" in html


@override_settings(SITE_URL="https://doithoai.example.vn")
def test_organisation_ics(client, org, public_set, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        response = client.get(reverse("conferences_public:organization_ics", args=[org.code]))
    assert response.status_code == 200 and response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") and body.endswith("END:VCALENDAR\r\n")
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    unfolded = body.replace("\r\n ", "")
    assert unfolded.count("BEGIN:VEVENT") == len(PUBLIC)
    for key in PUBLIC:
        conference = public_set[key]
        assert f"UID:conference-{conference.public_code}@doithoai.example.vn" in unfolded
        assert f"URL:https://doithoai.example.vn/cong-khai/hoi-nghi/{conference.public_code}/" in unfolded
    for key in HIDDEN:
        assert public_set[key].public_code not in unfolded and public_set[key].title not in unfolded
    assert unfolded.count("STATUS:CANCELLED") == 1
    assert unfolded.count("STATUS:CONFIRMED") == len(PUBLIC) - 1
    for text in PERSONAL:
        assert text not in unfolded


def test_conference_ics_is_stable_and_cancellation_keeps_uid(client, org, staff):
    conference = conference_in_state(org, S.SCHEDULED, by=staff, days=10, title="Đối thoại; tháng 10, 2026")
    services.conference_schedule(conference=conference, starts_at=in_days(10, hour=14), venue="Hội trường, xóm 2", by=staff)
    services.conference_announce(conference=conference, by=staff)
    url = reverse("conferences_public:detail_ics", args=[conference.public_code])
    first = client.get(url).content.decode().replace("\r\n ", "")
    assert "SUMMARY:Đối thoại\\; tháng 10\\, 2026" in first
    assert "LOCATION:Hội trường\\, xóm 2" in first
    start = timezone.localtime(conference.starts_at).astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    assert f"DTSTART:{start}" in first and start.endswith("070000Z")
    services.conference_cancel(conference=conference, by=staff, reason="Mưa bão")
    second = client.get(url).content.decode().replace("\r\n ", "")
    uid = f"UID:{ical.uid(conference)}"
    assert uid in first and uid in second
    assert "STATUS:CANCELLED" in second
    seq = lambda body: int(body.split("SEQUENCE:")[1].split("\r\n")[0])  # noqa: E731
    assert seq(second) > seq(first)


def test_public_pages_need_no_login_and_are_get_only(client, public_set):
    code = public_set["announced"].public_code
    assert client.post(reverse("conferences_public:detail", args=[code])).status_code == 405
    response = client.get(reverse("conferences_public:detail", args=[code]))
    assert response.status_code == 200 and "max-age" in response["Cache-Control"]


def test_escape_and_fold():
    assert ical.escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    line = "DESCRIPTION:" + "Hội nghị tiếp xúc, đối thoại với Nhân dân " * 5
    folded = ical.fold(line)
    parts = folded.split("\r\n")
    assert all(len(p.encode()) <= 75 for p in parts)
    assert all(p.startswith(" ") for p in parts[1:])
    assert "".join([parts[0]] + [p[1:] for p in parts[1:]]) == line
    assert ical.fold("SHORT:x") == "SHORT:x"


def test_index_lists_only_organisations_with_announced_conferences(client, org, other_org, staff, django_assert_max_num_queries):
    conference_in_state(org, S.ANNOUNCED, by=staff)
    conference_in_state(other_org, S.SCHEDULED, by=staff)
    with django_assert_max_num_queries(1):
        response = client.get(reverse("conferences_public:index"))
    html = response.content.decode()
    assert org.name in html and other_org.name not in html
    assert reverse("conferences_public:organization", args=[org.code]) in html


def test_only_an_announced_conference_offers_question_registration(client, public_set):
    from django.urls import reverse

    register = reverse("petitions_public:register", args=[public_set["announced"].public_code])
    page = client.get(reverse("conferences_public:detail", args=[public_set["announced"].public_code]))
    assert register in page.content.decode()
    assert client.get(register).status_code == 200
    held = public_set["held"]
    page = client.get(reverse("conferences_public:detail", args=[held.public_code]))
    assert reverse("petitions_public:register", args=[held.public_code]) not in page.content.decode()
