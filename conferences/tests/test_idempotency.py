"""Every action of conferences that creates or issues something, sent three times
at once from one browser: one result, and every request is sent to it. Threads with
their own connections (SQLite here; PostgreSQL with DATABASE_URL=postgres://…)."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from conferences import session_records as records
from conferences.models import (
    Conference, ConferenceGroup, ConferencePerson, ConferenceStatus as S, ConferenceTransition, InvitationBatch,
    Invitee, Minutes,
)
from dialogue.testing.concurrency import Case, assert_acts_once, post_at_once

from .factories import approved_plan, conference_in_state

pytestmark = pytest.mark.django_db(transaction=True)


def transitions():
    return ConferenceTransition.objects.count()


def with_invitees(org, staff):
    conference = conference_in_state(org, S.ANNOUNCED, by=staff, days=20, venue="Hội trường UBND xã")
    group = ConferenceGroup.objects.create(conference=conference, text="Trưởng các thôn")
    for i, name in enumerate(["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"]):
        Invitee.objects.create(conference=conference, group=group, full_name=name, hamlet=f"Thôn {i}", order=i)
    return conference


def invitee_sheet():
    book = Workbook()
    book.active.append(["Họ và tên", "Thôn/xóm", "Điện thoại"])
    book.active.append(["Đinh Văn Mới", "Thôn 9", "0912000111"])
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("k.xlsx", out.getvalue())


def case_create_from_plan(f):
    plan = approved_plan(f("org"), sessions=1)
    return Case(f("staff"), reverse("conferences:create_from_plan"), {"plan": plan.pk}, Conference.objects.count)


def case_create_extra(f):
    return Case(f("staff"), reverse("conferences:create_extra"), {
        "organization": f("org").pk, "title": "Đối thoại đột xuất", "venue": "Nhà văn hóa", "audience": "Nhân dân xóm 3",
    }, Conference.objects.count)


def case_schedule(f):
    conference = conference_in_state(f("org"), S.PLANNED, by=f("staff"))
    day = timezone.localdate() + dt.timedelta(days=30)
    return Case(f("staff"), reverse("conferences:schedule", args=[conference.pk]), {
        "date": day.strftime("%d/%m/%Y"), "start_time": "14:00", "end_time": "16:30", "venue": "Hội trường xã",
    }, transitions)


def case_announce(f):
    conference = conference_in_state(f("org"), S.SCHEDULED, by=f("staff"), days=20)
    return Case(f("staff"), reverse("conferences:announce", args=[conference.pk]), {}, transitions)


def case_held(f):
    conference = conference_in_state(f("org"), S.ANNOUNCED, by=f("staff"), days=2)
    Conference.objects.filter(pk=conference.pk).update(starts_at=timezone.now() - dt.timedelta(hours=1))
    return Case(f("leader"), reverse("conferences:transition", args=[conference.pk, "held"]), {"comment": "95 người"},
                transitions)


def case_cancel(f):
    conference = conference_in_state(f("org"), S.SCHEDULED, by=f("staff"), days=20)
    return Case(f("staff"), reverse("conferences:cancel", args=[conference.pk]), {"reason": "Mưa bão"}, transitions)


def case_invitee_add(f):
    conference = with_invitees(f("org"), f("staff"))
    return Case(f("staff"), reverse("conferences:invitee_add", args=[conference.pk]), {
        "full_name": "Trần Văn Mới", "position": "Trưởng thôn", "phone": "0912000111",
    }, Invitee.objects.count)


def case_invitee_import(f):
    conference = with_invitees(f("org"), f("staff"))
    return Case(f("staff"), reverse("conferences:invitee_import", args=[conference.pk]),
                lambda: {"file": invitee_sheet()}, Invitee.objects.count)


def case_invitations_issue(f):
    conference = with_invitees(f("org"), f("staff"))
    # Invitations carry the head's signature: a leader issues them.
    return Case(f("leader"), reverse("conferences:invitations_issue", args=[conference.pk]),
                {"confirmed": "1", "expected_number": "1"}, InvitationBatch.objects.count)


def held_with_records(f):
    org, staff, secretary, leader = f("org"), f("staff"), f("secretary"), f("leader")
    # Held yesterday: minutes end in the past at any hour (today's 08:00 is still ahead just after midnight).
    conference = conference_in_state(org, S.HELD, by=staff, days=-1, secretary=secretary, venue="Nhà văn hóa xóm 1")
    ConferencePerson.objects.create(conference=conference, role="chair", user=leader, position="Chủ tịch UBND xã")
    records.attendance_check_in(conference=conference, by=secretary, name="Nguyễn Văn An", unit="Xóm 1")
    return conference


def case_minutes_draft(f):
    conference = held_with_records(f)
    return Case(f("secretary"), reverse("conferences:minutes_draft", args=[conference.pk]), {}, Minutes.objects.count)


def case_minutes_approve(f):
    conference = held_with_records(f)
    records.minutes_draft(conference=conference, by=f("secretary"))
    records.minutes_edit(
        conference=conference, by=f("secretary"), conclusions="Giao UBND xã sửa đường.", content="Cử tri phát biểu.",
        ended_at=conference.starts_at + dt.timedelta(hours=2),
    )
    return Case(f("leader"), reverse("conferences:minutes_approve", args=[conference.pk]),
                {"confirmed": "1", "expected_number": "1"}, Minutes.objects.filter(approved_at__isnull=False).count)


CASES = {name.removeprefix("case_"): fn for name, fn in list(globals().items()) if name.startswith("case_")}


@pytest.mark.parametrize("name", sorted(CASES))
def test_sent_three_times_at_once_acts_once(request, name):
    assert_acts_once(name, CASES[name](request.getfixturevalue))


def test_three_issues_of_the_same_invitations_without_a_key_make_one_batch(org, staff, leader):
    """Three tabs, or a client that sends no key: the service itself sees that the
    same people were just invited with the same details, and shows that batch."""
    conference = with_invitees(org, staff)
    url = reverse("conferences:invitations_issue", args=[conference.pk])
    # Confirmed, as from the confirmation page, but naming no number: each takes the next one.
    responses = post_at_once(url, {"confirmed": "1"}, user=leader)
    batch = InvitationBatch.objects.get()
    assert batch.count == 3 and batch.number == 1
    assert {r["Location"] for r in responses} == {
        reverse("conferences:invitation_batch_pdf", args=[conference.pk, batch.pk])
    }
    # Once someone on the list changes, issuing again prints a new batch, numbered next.
    person = Invitee.objects.filter(conference=conference).first()
    person.hamlet = "Thôn Mới"
    person.save()
    post_at_once(url, {"confirmed": "1"}, user=leader, count=1)
    assert list(InvitationBatch.objects.order_by("number").values_list("number", flat=True)) == [1, 2]
