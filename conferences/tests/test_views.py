import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from conferences.models import Conference, ConferenceStatus as S
from dialogue.models import Role
from dialogue.testing.factories import member

from .factories import approved_plan, conference_in_state, in_days

# (name, extra args, method) of every staff view that acts on one conference.
WRITE_VIEWS = [
    ("conferences:edit", [], "get"),
    ("conferences:schedule", [], "get"),
    ("conferences:cancel", [], "get"),
    ("conferences:announce", [], "post"),
    ("conferences:transition", ["held"], "post"),
    ("conferences:transition", ["conclude"], "post"),
    ("conferences:transition", ["close"], "post"),
    ("conferences:rows", ["agenda"], "get"),
    ("conferences:rows", ["groups"], "get"),
    ("conferences:rows", ["people"], "get"),
]


@pytest.fixture
def conference(org, staff):
    return conference_in_state(org, S.SCHEDULED, by=staff, days=20)


def _call(client, name, conference, args, method):
    url = reverse(name, args=[conference.pk, *args])
    return getattr(client, method)(url)


def test_anonymous_is_sent_to_log_in(client, conference):
    for name, args, method in [("conferences:detail", [], "get"), *WRITE_VIEWS]:
        response = _call(client, name, conference, args, method)
        assert response.status_code == 302 and "/dang-nhap/" in response["Location"], name
    assert client.get(reverse("conferences:list")).status_code == 302


@pytest.mark.parametrize("who", ["outsider", "outsider_leader", "agency_user"])
def test_other_organisations_get_404_everywhere(client, conference, request, who):
    client.force_login(request.getfixturevalue(who))
    for name, args, method in [("conferences:detail", [], "get"), *WRITE_VIEWS]:
        assert _call(client, name, conference, args, method).status_code == 404, name
    response = client.get(reverse("conferences:list"))
    assert response.status_code == 200 and conference.title not in response.content.decode()
    conference.refresh_from_db()
    assert conference.status == S.SCHEDULED


def test_supervisor_reads_but_changes_nothing(client, conference, supervisor):
    client.force_login(supervisor)
    response = client.get(reverse("conferences:detail", args=[conference.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert conference.title in html
    assert reverse("conferences:announce", args=[conference.pk]) not in html
    assert reverse("conferences:edit", args=[conference.pk]) not in html
    for name, args, method in WRITE_VIEWS:
        assert _call(client, name, conference, args, method).status_code == 404, name
    assert client.post(reverse("conferences:cancel", args=[conference.pk]), {"reason": "x"}).status_code == 404
    conference.refresh_from_db()
    assert conference.status == S.SCHEDULED
    list_html = client.get(reverse("conferences:list")).content.decode()
    assert conference.title in list_html and reverse("conferences:create_extra") not in list_html


def test_secretary_sees_and_acts_only_on_own_conference(client, org, staff, secretary, conference):
    own = conference_in_state(org, S.SCHEDULED, by=staff, days=20, secretary=secretary, title="Hội nghị của thư ký")
    client.force_login(secretary)
    listing = client.get(reverse("conferences:list")).content.decode()
    assert "Hội nghị của thư ký" in listing and conference.title not in listing
    for name, args, method in [("conferences:detail", [], "get"), *WRITE_VIEWS]:
        assert _call(client, name, conference, args, method).status_code == 404, name
    assert client.get(reverse("conferences:detail", args=[own.pk])).status_code == 200
    for name, args, method in WRITE_VIEWS:
        response = _call(client, name, own, args, method)
        expected = 404 if args == ["people"] else (302 if method == "post" else 200)
        assert response.status_code == expected, name
    # A secretary creates no conferences.
    assert client.get(reverse("conferences:create_extra")).status_code == 404


def test_list_query_count_is_constant(client, django_assert_num_queries, org, staff):
    for _ in range(2):
        conference_in_state(org, S.SCHEDULED, by=staff)
    approved_plan(org)
    client.force_login(staff)
    client.get(reverse("conferences:list"))  # warm the session
    # session, user, memberships, plans ready for conferences, the count for the pages, the conferences
    with django_assert_num_queries(6) as few:
        client.get(reverse("conferences:list"))
    for status in (S.PLANNED, S.ANNOUNCED, S.HELD, S.CANCELLED):
        conference_in_state(org, status, by=staff)
    approved_plan(org)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(reverse("conferences:list"))
    assert response.content.decode().count('href="/hoi-nghi/') >= 6


def test_detail_query_count_is_constant(client, django_assert_num_queries, org, staff):
    plan = approved_plan(org, sessions=1)
    client.force_login(staff)
    client.post(reverse("conferences:create_from_plan"), {"plan": plan.pk})
    conference = Conference.objects.get()
    url = reverse("conferences:detail", args=[conference.pk])
    client.get(url)
    with django_assert_num_queries(8):
        response = client.get(url)
    # More rows of every kind cost no more queries.
    for i in range(3):
        conference.agenda.create(text=f"Mục {i}", order=10 + i)
        conference.groups.create(text=f"Nhóm {i}", order=10 + i)
        conference.people.create(role="secretary", user=member(org, Role.SECRETARY), order=10 + i)
        conference.transitions.create(from_status="planned", to_status="planned", by=staff)
    with django_assert_num_queries(8):
        response = client.get(url)
    html = response.content.decode()
    for text in ("Bí thư Đảng ủy xã", "Nhân dân xóm Hòa Bình", "Báo cáo tình hình kinh tế, xã hội", "Lịch sử"):
        assert text in html


def test_create_from_plan_view(client, org, staff, other_org):
    plan = approved_plan(org, sessions=2)
    foreign = approved_plan(other_org)
    client.force_login(staff)
    assert plan.subject[:40] in client.get(reverse("conferences:list")).content.decode()
    response = client.post(reverse("conferences:create_from_plan"), {"plan": plan.pk})
    assert response.status_code == 302
    assert Conference.objects.filter(plan=plan).count() == 2
    response = client.post(reverse("conferences:create_from_plan"), {"plan": plan.pk}, follow=True)
    assert "đều đã có hội nghị" in response.content.decode()
    assert client.post(reverse("conferences:create_from_plan"), {"plan": foreign.pk}).status_code == 404
    assert client.post(reverse("conferences:create_from_plan"), {"plan": "abc"}).status_code == 404
    assert not Conference.objects.filter(plan=foreign).exists()


def test_create_from_plan_view_refused_for_supervisor(client, org, supervisor):
    plan = approved_plan(org)
    client.force_login(supervisor)
    assert client.post(reverse("conferences:create_from_plan"), {"plan": plan.pk}).status_code == 404


def test_create_extra_view(client, org, staff):
    client.force_login(staff)
    assert client.get(reverse("conferences:create_extra")).status_code == 200
    response = client.post(reverse("conferences:create_extra"), {"organization": org.pk, "title": ""})
    assert response.status_code == 200 and "Trường này là bắt buộc" in response.content.decode()
    response = client.post(
        reverse("conferences:create_extra"),
        {"organization": org.pk, "title": "Đối thoại đột xuất", "venue": "Nhà văn hóa", "audience": "Nhân dân xóm 3"},
    )
    conference = Conference.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("conferences:detail", args=[conference.pk])
    assert conference.is_extra and conference.audience == "Nhân dân xóm 3"


def test_schedule_view_parses_vietnamese_date(client, conference, staff):
    client.force_login(staff)
    url = reverse("conferences:schedule", args=[conference.pk])
    day = timezone.localdate() + dt.timedelta(days=30)
    response = client.post(url, {"date": day.strftime("%d/%m/%Y"), "start_time": "14:00", "end_time": "16:30", "venue": "Hội trường xã"})
    assert response.status_code == 302
    conference.refresh_from_db()
    local = timezone.localtime(conference.starts_at)
    assert (local.date(), local.hour, local.minute) == (day, 14, 0)
    assert timezone.localtime(conference.ends_at).hour == 16


def test_schedule_view_keeps_input_and_shows_errors(client, conference, staff):
    client.force_login(staff)
    url = reverse("conferences:schedule", args=[conference.pk])
    response = client.post(url, {"date": "31/02/2030", "start_time": "08:00", "venue": "Hội trường"})
    assert response.status_code == 200 and 'value="Hội trường"' in response.content.decode()
    past = (timezone.localdate() - dt.timedelta(days=3)).strftime("%d/%m/%Y")
    response = client.post(url, {"date": past, "start_time": "08:00", "venue": "Hội trường"})
    html = response.content.decode()
    assert response.status_code == 200 and "Ngày giờ phải ở tương lai" in html and f'value="{past}"' in html


def test_announce_short_notice_asks_for_confirmation(client, org, staff):
    conference = conference_in_state(org, S.SCHEDULED, by=staff, days=3)
    client.force_login(staff)
    detail = client.get(reverse("conferences:detail", args=[conference.pk])).content.decode()
    assert "07 ngày" in detail  # warned before clicking
    url = reverse("conferences:announce", args=[conference.pk])
    response = client.post(url)
    html = response.content.decode()
    assert response.status_code == 200 and "Vi phạm quy định của kế hoạch" in html and "07 ngày" in html
    conference.refresh_from_db()
    assert conference.status == S.SCHEDULED
    # Confirming without ticking the box is refused again, with a message at the box.
    response = client.post(url, {"confirm": "1"})
    assert "Đánh dấu ô này" in response.content.decode()
    conference.refresh_from_db()
    assert conference.status == S.SCHEDULED
    response = client.post(url, {"confirm": "1", "acknowledge_short_notice": "on"})
    assert response.status_code == 302
    conference.refresh_from_db()
    assert conference.status == S.ANNOUNCED and conference.short_notice


def test_announce_in_time_goes_straight_through(client, conference, staff):
    client.force_login(staff)
    response = client.post(reverse("conferences:announce", args=[conference.pk]), follow=True)
    assert "cổng công khai" in response.content.decode()
    conference.refresh_from_db()
    assert conference.status == S.ANNOUNCED
    detail = client.get(reverse("conferences:detail", args=[conference.pk])).content.decode()
    assert reverse("conferences_public:detail", args=[conference.public_code]) in detail


def test_transitions_and_refusal_messages(client, org, staff, leader):
    conference = conference_in_state(org, S.ANNOUNCED, by=staff, days=2)
    client.force_login(leader)
    url = reverse("conferences:transition", args=[conference.pk, "held"])
    response = client.post(url, follow=True)
    assert "Hội nghị chưa bắt đầu" in response.content.decode()
    Conference.objects.filter(pk=conference.pk).update(starts_at=timezone.now() - dt.timedelta(hours=1))
    client.post(url, {"comment": "95 người dự"})
    client.post(reverse("conferences:transition", args=[conference.pk, "conclude"]), {"comment": "Số 12/TB-UBND"})
    client.post(reverse("conferences:transition", args=[conference.pk, "close"]))
    conference.refresh_from_db()
    assert conference.status == S.CLOSED
    html = client.get(reverse("conferences:detail", args=[conference.pk])).content.decode()
    assert "Số 12/TB-UBND" in html and "95 người dự" in html
    assert client.post(reverse("conferences:transition", args=[conference.pk, "bogus"])).status_code == 404
    assert client.get(url).status_code == 405


def test_cancel_view_requires_reason(client, conference, staff):
    client.force_login(staff)
    url = reverse("conferences:cancel", args=[conference.pk])
    response = client.post(url, {"reason": "  "})
    assert response.status_code == 200
    conference.refresh_from_db()
    assert conference.status == S.SCHEDULED
    assert client.post(url, {"reason": "Mưa bão"}).status_code == 302
    conference.refresh_from_db()
    assert conference.status == S.CANCELLED and conference.cancel_reason == "Mưa bão"


def _rows_payload(prefix, rows, initial=0):
    data = {f"{prefix}-TOTAL_FORMS": len(rows), f"{prefix}-INITIAL_FORMS": initial,
            f"{prefix}-MIN_NUM_FORMS": 0, f"{prefix}-MAX_NUM_FORMS": 1000}
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"{prefix}-{i}-{key}"] = value
    return data


def test_agenda_add_remove_reorder(client, org, staff):
    plan = approved_plan(org, sessions=1)
    client.force_login(staff)
    client.post(reverse("conferences:create_from_plan"), {"plan": plan.pk})
    conference = Conference.objects.get()
    items = list(conference.agenda.all())
    url = reverse("conferences:rows", args=[conference.pk, "agenda"])
    assert client.get(url).status_code == 200
    rows = [
        {"id": items[2].pk, "order": 0, "text": items[2].text, "presenter": "", "minutes": 60},
        {"id": items[0].pk, "order": 1, "text": items[0].text, "presenter": "Văn phòng", "minutes": 10},
        {"id": items[1].pk, "order": 2, "text": items[1].text, "presenter": "", "minutes": 20, "DELETE": "on"},
        {"order": 3, "text": "Bế mạc", "presenter": "Chủ tịch UBND xã", "minutes": 5},
    ]
    response = client.post(url, _rows_payload("agenda", rows, initial=3))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert [(a.text, a.minutes) for a in conference.agenda.all()] == [
        ("Nhân dân phát biểu ý kiến", 60), ("Ổn định tổ chức; giới thiệu đại biểu", 10), ("Bế mạc", 5)
    ]


def test_people_rows_name_a_secretary_who_then_sees_the_conference(client, org, staff, conference):
    new_secretary = member(org, Role.SECRETARY, first_name="Bình", last_name="Trần Thị")
    client.force_login(staff)
    url = reverse("conferences:rows", args=[conference.pk, "people"])
    rows = [
        {"order": 0, "role": "chair", "name": "Nguyễn Văn A", "position": "Chủ tịch UBND xã"},
        {"order": 1, "role": "secretary", "user": new_secretary.pk},
    ]
    assert client.post(url, _rows_payload("people", rows)).status_code == 302
    assert conference.people.count() == 2
    # An empty row is refused with a message, nothing saved.
    response = client.post(url, _rows_payload("people", [{"order": 0, "role": "chair"}]))
    assert response.status_code == 200 and "Chọn người dùng" in response.content.decode()
    client.force_login(new_secretary)
    assert client.get(reverse("conferences:detail", args=[conference.pk])).status_code == 200


def test_people_rows_refuse_a_user_of_another_organisation(client, org, other_org, staff, conference):
    stranger = member(other_org, Role.STAFF)
    client.force_login(staff)
    url = reverse("conferences:rows", args=[conference.pk, "people"])
    response = client.post(url, _rows_payload("people", [{"order": 0, "role": "secretary", "user": stranger.pk}]))
    assert response.status_code == 200 and not conference.people.exists()


def test_rows_not_editable_after_held(client, org, staff):
    held = conference_in_state(org, S.HELD, by=staff)
    client.force_login(staff)
    response = client.get(reverse("conferences:rows", args=[held.pk, "agenda"]))
    assert response.status_code == 302


def test_edit_view(client, conference, staff):
    client.force_login(staff)
    url = reverse("conferences:edit", args=[conference.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"title": "Tên mới", "window_text": "Quý III", "venue": "Hội trường", "audience": "", "content": "", "expected_attendance": ""})
    assert response.status_code == 302
    conference.refresh_from_db()
    assert conference.title == "Tên mới" and conference.window_text == "Quý III"


def test_history_is_shown(client, org, staff):
    conference = conference_in_state(org, S.SCHEDULED, by=staff, days=20)
    client.force_login(staff)
    client.post(reverse("conferences:announce", args=[conference.pk]))
    html = client.get(reverse("conferences:detail", args=[conference.pk])).content.decode()
    assert "Đã ấn định ngày → Đã thông báo" in html


def test_announced_conference_listed_for_staff_with_date(client, org, staff):
    conference_in_state(org, S.ANNOUNCED, by=staff, starts_at=in_days(9, hour=14))
    client.force_login(staff)
    html = client.get(reverse("conferences:list")).content.decode()
    assert "14:00" in html and "Đã thông báo" in html


def test_schedule_form_shows_the_fixed_date_as_typed(client, org, staff):
    conference = conference_in_state(org, S.SCHEDULED, by=staff, starts_at=in_days(15, hour=7))
    client.force_login(staff)
    html = client.get(reverse("conferences:schedule", args=[conference.pk])).content.decode()
    day = timezone.localtime(conference.starts_at).strftime("%d/%m/%Y")
    assert f'value="{day}"' in html and 'value="07:00"' in html


def test_agency_role_in_the_same_organisation_sees_nothing(client, org, conference):
    officer = member(org, Role.AGENCY)
    client.force_login(officer)
    for name, args, method in [("conferences:detail", [], "get"), *WRITE_VIEWS]:
        assert _call(client, name, conference, args, method).status_code == 404, name
    assert conference.title not in client.get(reverse("conferences:list")).content.decode()
    assert client.get(reverse("conferences:create_extra")).status_code == 404


@pytest.mark.parametrize("who", ["supervisor", "agency_user"])
def test_create_extra_refused_to_readers(client, org, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("conferences:create_extra")).status_code == 404
    assert client.post(reverse("conferences:create_extra"), {"organization": org.pk, "title": "X"}).status_code == 404
    assert not Conference.objects.exists()


def test_outsider_cannot_create_an_extra_conference_for_another_commune(client, org, outsider):
    client.force_login(outsider)
    response = client.post(reverse("conferences:create_extra"), {"organization": org.pk, "title": "X"})
    assert response.status_code == 200 and not Conference.objects.exists()


@pytest.mark.parametrize(
    "status, day, minutes",
    [(S.SCHEDULED, False, False), (S.ANNOUNCED, True, True), (S.HELD, True, True), (S.CONCLUDED, False, True)],
)
def test_detail_links_to_the_days_page_and_the_minutes_when_they_apply(client, org, staff, status, day, minutes):
    conference = conference_in_state(org, status, by=staff)
    client.force_login(staff)
    body = client.get(reverse("conferences:detail", args=[conference.pk])).content.decode()
    assert reverse("conferences:invitees", args=[conference.pk]) in body
    assert (reverse("conferences:day", args=[conference.pk]) in body) is day
    assert (reverse("conferences:minutes", args=[conference.pk]) in body) is minutes
