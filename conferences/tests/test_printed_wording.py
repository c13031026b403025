"""What a conference made from a plan prints and shows: the plan's time limits as
phrases (never [[code]]), titles that tell its sessions apart and read as an
event, lists that keep the part that differs, sessions printed with a capital
and their date."""

import datetime as dt

import pytest
from django.urls import reverse

from conferences import services
from conferences.invitation_documents import build_invitation
from dialogue.models import Role
from dialogue.testing.factories import member
from dialogue.wording import event_phrase, shorten_keeping_tail
from plans.models import DeadlineRule, ItemKind, PartKind, PlanItem, Session, Status
from plans.services import plan_copy

from .factories import approved_plan, in_days

pytestmark = pytest.mark.django_db


def _announce(conference, by, days=30):
    services.conference_schedule(conference=conference, starts_at=in_days(days), venue=conference.venue or "Hội trường", by=by)
    return services.conference_announce(conference=conference, by=by)


def test_a_conference_from_a_copied_plan_prints_the_rule_not_its_token(client, org, staff):
    source = approved_plan(org, sessions=1)
    DeadlineRule.objects.create(plan=source, code="answer", name="Trả lời kiến nghị", anchor="notice", offset_days=30)
    part = PlanItem.objects.get(part__section__plan=source, text__startswith="Những vấn đề").part
    PlanItem.objects.create(
        part=part, kind=ItemKind.TEXT, order=5,
        text="Trả lời bằng văn bản sau khi kết thúc đối thoại chậm nhất không quá [[answer]]; báo cáo trước [[khong_co]].",
    )
    source.sessions.update(audience="Nhân dân; trả lời trong [[answer]]")
    copy = plan_copy(source=source, year=2027, by=staff)
    copy.status = Status.APPROVED
    copy.save()
    conference = services.conferences_create_from_plan(plan=copy, by=staff)[0]
    assert "chậm nhất không quá 30 ngày" in conference.content
    assert "[[" not in conference.content + conference.audience
    _announce(conference, staff)

    page = client.get(reverse("conferences_public:detail", args=[conference.public_code])).content.decode()
    feed = client.get(reverse("conferences_public:detail_ics", args=[conference.public_code])).content.decode()
    unfolded = feed.replace("\r\n ", "")
    for text in (page, unfolded):
        assert "[[" not in text and "]]" not in text
    assert "chậm nhất không quá 30 ngày" in page
    assert "chậm nhất không quá 30 ngày" in unfolded
    # A code the plan never defined reads as a time limit, not as a code.
    assert "báo cáo trước thời hạn quy định" in page


def test_the_title_names_the_event_not_the_plans_verb(org, staff):
    plan = approved_plan(org, sessions=1)
    conference = services.conferences_create_from_plan(plan=plan, by=staff)[0]
    assert conference.title == (
        "Hội nghị tiếp xúc, đối thoại giữa người đứng đầu cấp ủy, chính quyền với Nhân dân năm 2026"
    )


def test_two_sessions_give_two_titles_that_say_when_and_where(org, staff):
    plan = approved_plan(org, sessions=2)
    first, second = sorted(services.conferences_create_from_plan(plan=plan, by=staff), key=lambda c: c.session.order)
    assert first.title.endswith("năm 2026 (Trước tháng 6/2026, tại Hội trường UBND xã)")
    assert second.title.endswith("năm 2026 (Tháng 10/2026, tại Hội trường UBND xã)")


def test_sessions_the_plan_wrote_alike_are_numbered(org, staff):
    plan = approved_plan(org, sessions=2)
    plan.sessions.update(window="Năm 2026", venue="Hội trường UBND xã")
    titles = sorted(c.title for c in services.conferences_create_from_plan(plan=plan, by=staff))
    assert titles[0].endswith("(lần 1: năm 2026, tại Hội trường UBND xã)")
    assert titles[1].endswith("(lần 2: năm 2026, tại Hội trường UBND xã)")


def test_a_long_subject_is_cut_but_the_session_part_is_kept(org, staff):
    plan = approved_plan(org, sessions=2)
    plan.subject = "Tổ chức hội nghị " + "tiếp xúc, đối thoại với Nhân dân " * 12 + "năm 2026"
    plan.save()
    titles = [c.title for c in services.conferences_create_from_plan(plan=plan, by=staff)]
    assert all(len(t) <= 255 for t in titles)
    assert any(t.endswith("(Trước tháng 6/2026, tại Hội trường UBND xã)") for t in titles)
    assert any(t.endswith("(Tháng 10/2026, tại Hội trường UBND xã)") for t in titles)


def test_lists_and_the_petitions_filter_keep_the_part_that_differs(client, org, staff):
    plan = approved_plan(org, sessions=2)
    plan.subject = (
        "Tổ chức hội nghị tiếp xúc, đối thoại của người đứng đầu cấp ủy, chính quyền với Nhân dân xã Vĩnh Lâm năm 2026"
    )
    plan.save()
    services.conferences_create_from_plan(plan=plan, by=staff)
    client.force_login(staff)
    listing = client.get(reverse("conferences:list")).content.decode()
    assert "(Trước tháng 6/2026, tại Hội trường UBND xã)" in listing
    assert "(Tháng 10/2026, tại Hội trường UBND xã)" in listing
    petitions = client.get(reverse("petitions:list")).content.decode()
    options = [line for line in petitions.splitlines() if "<option" in line and "Hội nghị" in line]
    joined = "\n".join(options)
    assert "Trước tháng 6/2026" in joined and "Tháng 10/2026" in joined


def test_shorten_keeping_tail():
    title = "Hội nghị tiếp xúc, đối thoại của người đứng đầu với Nhân dân xã Vĩnh Lâm năm 2026 (Tháng 10/2026, tại xóm Hòa Bình)"
    short = shorten_keeping_tail(title, 80)
    assert len(short) <= 80 and short.endswith("(Tháng 10/2026, tại xóm Hòa Bình)") and "…" in short
    assert shorten_keeping_tail("Ngắn", 80) == "Ngắn"
    assert shorten_keeping_tail("x" * 200, 50) == "x" * 49 + "…"


@pytest.mark.parametrize(
    "title, phrase",
    [
        ("Tổ chức Hội nghị tiếp xúc, đối thoại năm 2026", "Hội nghị tiếp xúc, đối thoại năm 2026"),
        ("tổ chức hội nghị đối thoại", "Hội nghị đối thoại"),
        ("Kế hoạch tổ chức tiếp xúc, đối thoại trực tiếp", "Hội nghị tiếp xúc, đối thoại trực tiếp"),
        ("Hội nghị đối thoại với thanh niên.", "Hội nghị đối thoại với thanh niên"),
        ("Tiếp xúc cử tri xóm Hòa Bình", "Hội nghị tiếp xúc cử tri xóm Hòa Bình"),
        ("Buổi đối thoại với doanh nghiệp", "Buổi đối thoại với doanh nghiệp"),
        ("UBND xã đối thoại với Nhân dân", "Hội nghị UBND xã đối thoại với Nhân dân"),
    ],
)
def test_event_phrase(title, phrase):
    assert event_phrase(title) == phrase


def test_the_invitation_invites_to_the_event_whatever_the_title_starts_with(org, staff):
    plan = approved_plan(org, sessions=1)
    conference = services.conferences_create_from_plan(plan=plan, by=staff)[0]
    conference.title = "Tổ chức Hội nghị đối thoại với Nhân dân"
    conference.save()
    doc = build_invitation(conference)
    assert doc.conference_title == "Hội nghị đối thoại với Nhân dân"
    assert doc.subject == "Dự hội nghị đối thoại với Nhân dân"


# ------------------------------------------------------------ a session as the plan prints it


def test_a_new_session_prints_with_a_capital_and_its_date(org):
    plan = approved_plan(org, sessions=0)
    session = Session.objects.create(
        plan=plan, order=1, window="cuối quý II", venue="Nhà văn hóa thôn 3", planned_date=dt.date(2026, 6, 25),
        audience="Nhân dân thôn 3",
    )
    assert session.printed_lines() == ["Cuối quý II, ngày 25/06/2026, tại Nhà văn hóa thôn 3: Nhân dân thôn 3."]


def test_a_session_with_only_a_date_or_only_a_venue_still_reads(org):
    plan = approved_plan(org, sessions=0)
    dated = Session(plan=plan, window="", planned_date=dt.date(2026, 6, 5), venue="Hội trường")
    assert dated.printed_lines() == ["Ngày 05/06/2026, tại Hội trường."]
    placed = Session(plan=plan, window="", venue="hội trường xã")
    assert placed.printed_lines() == ["Tại hội trường xã."]


def test_a_typed_wording_gets_the_planned_date_when_it_does_not_say_it(org):
    plan = approved_plan(org, sessions=0)
    session = Session(plan=plan, window="cuối quý III", wording="dự kiến vào cuối quý III.\nĐịa điểm: Hội trường UBND xã",
                      planned_date=dt.date(2026, 9, 24))
    assert session.printed_lines() == [
        "Dự kiến vào cuối quý III.", "Địa điểm: Hội trường UBND xã", "Ngày dự kiến tổ chức: 24/09/2026.",
    ]
    session.wording = "Ngày 24/09/2026 tại Hội trường UBND xã"
    assert session.printed_lines() == ["Ngày 24/09/2026 tại Hội trường UBND xã"]


def test_the_invitation_batches_list_shows_the_number_as_printed(client, org, staff, leader):
    from conferences.models import ConferenceGroup, Invitee
    from conferences.tests.factories import conference_in_state

    conference = conference_in_state(org, "announced", by=staff, days=20, venue="Hội trường UBND xã")
    group = ConferenceGroup.objects.create(conference=conference, text="Trưởng các thôn")
    Invitee.objects.create(conference=conference, group=group, full_name="Nguyễn Văn An", hamlet="Thôn 1")
    client.force_login(leader)
    client.post(
        reverse("conferences:invitations_issue", args=[conference.pk]),
        {"group": group.pk, "number": "12", "issued_on": "05/03/2026", "confirmed": "1"},
    )
    html = client.get(reverse("conferences:invitees", args=[conference.pk])).content.decode()
    assert "12/GM-UBND · 05/03/2026" in html
