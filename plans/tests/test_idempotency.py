"""Issuing a plan three times at once (a leader's double click, a retry): one
number, one register entry, one transition, and every request lands on the plan."""

import pytest
from django.urls import reverse

from dialogue.testing.concurrency import post_at_once, same_form
from plans import services
from plans.models import Plan, PlanTransition, Status
from registry.models import OutgoingDocument

from .factories import complete_plan

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("with_key", [True, False], ids=["same-form", "no-key"])
def test_issuing_three_times_at_once_issues_once(org, staff, leader, with_key):
    plan = complete_plan(issuer=org)
    services.plan_submit(plan=plan, by=staff)
    services.plan_approve(plan=plan, by=leader)
    url = reverse("plans:issue", args=[plan.pk])
    confirmed = {"number": "1"}
    responses = post_at_once(url, same_form(confirmed) if with_key else confirmed, user=leader)
    plan = Plan.objects.get(pk=plan.pk)
    assert plan.status == Status.ISSUED and plan.number == 1
    assert PlanTransition.objects.filter(plan=plan, to_status=Status.ISSUED).count() == 1
    assert OutgoingDocument.objects.filter(doc_type="KH").count() == 1
    assert {r.status_code for r in responses} == {302}
    assert {r["Location"] for r in responses} == {reverse("plans:detail", args=[plan.pk])}
