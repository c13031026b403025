"""A plan's steps are told: submitted to the leaders, returned and approved to
whoever submitted it, issued to the office and the Front; never to the one who
took the step; each once, also when the step is sent at once from several tabs."""

import pytest
from django.core import mail
from django.urls import reverse

from deadlines.models import Notification
from deadlines.notifications import deliver
from dialogue.models import Role
from dialogue.testing.concurrency import post_at_once, same_form
from dialogue.testing.factories import member
from plans import services
from plans.models import Status

from .factories import complete_plan


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def plan(org):
    return complete_plan(issuer=org, year=2026, place="Vĩnh Thử")


def told(kind):
    return sorted((n.user.username, n.url) for n in Notification.objects.filter(kind=kind).select_related("user"))


@pytest.mark.django_db
def test_submit_tells_the_leaders_not_the_drafter(plan, org, staff, leader, supervisor, agency_user):
    deputy = member(org, Role.LEADER, username="deputy")
    services.plan_submit(plan=plan, by=staff)
    url = reverse("plans:detail", args=[plan.pk])
    assert told("plan_submitted") == [("deputy", url), ("leader", url)]
    note = Notification.objects.get(user=deputy)
    assert note.title.startswith("Kế hoạch chờ anh/chị duyệt: ")
    assert deliver() == 2
    message = next(m for m in mail.outbox if m.to == [deputy.email])
    assert "đã trình kế hoạch" in message.body and url in message.body


@pytest.mark.django_db
def test_return_and_approve_tell_whoever_submitted(plan, org, staff, leader):
    other_staff = member(org, Role.STAFF, username="other_staff")
    services.plan_submit(plan=plan, by=staff)
    services.plan_return(plan=plan, by=leader, comment="Bổ sung thành phần tham dự")
    [returned] = Notification.objects.filter(kind="plan_returned")
    assert returned.user == staff and "Bổ sung thành phần tham dự" in returned.body
    services.plan_submit(plan=plan, by=other_staff)
    services.plan_approve(plan=plan, by=leader)
    assert [n.user for n in Notification.objects.filter(kind="plan_approved")] == [other_staff]
    # Each submission is its own event: the leader was told twice, once for each.
    assert Notification.objects.filter(kind="plan_submitted", user=leader).count() == 2


@pytest.mark.django_db
def test_issue_tells_the_office_the_front_and_the_submitter(plan, org, staff, leader, supervisor, agency_user):
    services.plan_submit(plan=plan, by=staff)
    services.plan_approve(plan=plan, by=leader)
    services.plan_issue(plan=plan, by=leader)
    notes = Notification.objects.filter(kind="plan_issued")
    assert {n.user for n in notes} == {staff, supervisor}  # not the agency, not the leader who issued it
    plan.refresh_from_db()
    assert {n.title for n in notes} == {f"Kế hoạch đã ban hành: {plan.symbol_display} {plan.subject_one_line}"}


@pytest.mark.django_db
def test_a_leader_who_submits_is_not_told_of_their_own_step(plan, org, leader):
    services.plan_submit(plan=plan, by=leader)
    assert not Notification.objects.filter(user=leader).exists()


@pytest.mark.django_db(transaction=True)
def test_submit_and_approve_sent_at_once_tell_each_leader_once(org, staff, leader):
    plan = complete_plan(issuer=org, year=2026, place="Vĩnh Thử")
    deputy = member(org, Role.LEADER, username="deputy")
    # Three tabs, three form keys: the idempotency guard does not join them; the plan's lock and the outbox do.
    post_at_once(reverse("plans:transition", args=[plan.pk, "submit"]), lambda: same_form(), user=staff)
    assert Notification.objects.filter(kind="plan_submitted").count() == 2
    post_at_once(reverse("plans:transition", args=[plan.pk, "approve"]), lambda: same_form(), user=deputy)
    plan.refresh_from_db()
    assert plan.status == Status.APPROVED
    assert [n.user for n in Notification.objects.filter(kind="plan_approved")] == [staff]
