"""Approved plans and conferences for the tests, built straight on the models
(the plan workflow's services are not needed to have an approved plan)."""

import datetime as dt

import factory
from django.utils import timezone

from conferences.models import Conference, ConferencePerson, ConferenceStatus, ConferenceTransition
from deadlines.rules import DayType
from dialogue.testing.factories import OrganizationFactory
from plans.models import (
    AgendaItem,
    AttendeeGroup,
    DeadlineRule,
    ItemKind,
    PartKind,
    Plan,
    PlanItem,
    PlanPart,
    PlanPerson,
    PlanSection,
    Session,
)


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    issuer = factory.SubFactory(OrganizationFactory)
    year = 2026
    status = "approved"
    subject = "Tổ chức hội nghị tiếp xúc, đối thoại giữa người đứng đầu cấp ủy, chính quyền với Nhân dân năm 2026"
    symbol = "UBND"


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    plan = factory.SubFactory(PlanFactory)
    window = factory.Sequence(lambda n: f"Quý {n % 4 + 1} năm 2026")
    venue = "Hội trường UBND xã"
    audience = "Nhân dân, cán bộ, đảng viên xóm Hòa Bình"
    expected_attendance = 120


def approved_plan(issuer, *, sessions=2, status="approved", announce_days=None, working=False, secretary_user=None):
    """A plan like seed 004: sessions, chairs, a secretary, groups (shared and per session),
    an agenda, a content part and optionally the "announce" deadline rule."""
    plan = PlanFactory(issuer=issuer, status=status)
    made = [
        SessionFactory(plan=plan, order=i, window=w)
        for i, w in enumerate(["Trước tháng 6/2026", "Tháng 10/2026", "Quý IV/2026"][:sessions])
    ]
    PlanPerson.objects.create(plan=plan, role="chair", description="Bí thư Đảng ủy xã", order=0)
    PlanPerson.objects.create(plan=plan, role="chair", description="Chủ tịch UBND xã", order=1)
    PlanPerson.objects.create(
        plan=plan, role="secretary", description="Chuyên viên Văn phòng", user=secretary_user, order=2
    )
    AttendeeGroup.objects.create(plan=plan, text="Ban Thường vụ Đảng ủy", order=0)
    if made:
        AttendeeGroup.objects.create(plan=plan, session=made[0], text="Nhân dân xóm Hòa Bình", expected_count=80, order=1)
    if len(made) > 1:
        AttendeeGroup.objects.create(plan=plan, session=made[1], text="Các hợp tác xã", expected_count=30, order=2)
    for i, (text, presenter, minutes) in enumerate(
        [
            ("Ổn định tổ chức; giới thiệu đại biểu", "Văn phòng", 10),
            ("Báo cáo tình hình kinh tế, xã hội", "Chủ tịch UBND xã", 20),
            ("Nhân dân phát biểu ý kiến", "", 90),
        ]
    ):
        AgendaItem.objects.create(plan=plan, text=text, presenter=presenter, minutes=minutes, order=i)
    section = PlanSection.objects.create(plan=plan, heading="HÌNH THỨC, THỜI GIAN, NỘI DUNG", order=1)
    part = PlanPart.objects.create(section=section, kind=PartKind.CONTENT, heading="Nội dung", order=0)
    PlanItem.objects.create(part=part, kind=ItemKind.TEXT, text="Tình hình kinh tế, xã hội của xã.", order=0)
    PlanItem.objects.create(part=part, kind=ItemKind.TEXT, text="Những vấn đề Nhân dân quan tâm.", order=1)
    if announce_days is not None:
        DeadlineRule.objects.create(
            plan=plan, code="announce", name="Thông báo trước hội nghị", anchor="conference",
            offset_days=-announce_days, day_type=DayType.WORKING if working else DayType.CALENDAR,
        )
    return plan


class ConferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Conference

    organization = factory.SubFactory(OrganizationFactory)
    title = factory.Sequence(lambda n: f"Hội nghị đối thoại số {n}")
    window_text = "6 tháng đầu năm 2026"
    venue = "Hội trường UBND xã"
    audience = "Nhân dân trong xã"
    content = "Tình hình kinh tế, xã hội"


def in_days(days: int, hour: int = 8) -> dt.datetime:
    """A local time `days` from today, at `hour` o'clock."""
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def conference_in_state(organization, status, *, by, days=20, secretary=None, **fields):
    """A conference already in `status`, with the columns the services would have set."""
    now = timezone.now()
    values = {"status": status}
    if status != ConferenceStatus.PLANNED:
        values["starts_at"] = in_days(days)
        values["scheduled_at"] = now
    if status in ("announced", "held", "concluded", "closed"):
        values["announced_at"] = now
    if status in ("held", "concluded", "closed"):
        values["held_at"] = now
    if status == "cancelled":
        values["cancel_reason"] = "Mưa bão"
    values.update(fields)
    conference = ConferenceFactory(organization=organization, **values)
    ConferenceTransition.objects.create(conference=conference, to_status=status, by=by)
    if secretary is not None:
        ConferencePerson.objects.create(conference=conference, role="secretary", user=secretary)
    return conference
