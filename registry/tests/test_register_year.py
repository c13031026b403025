"""A document is filed in the register of the year of its issue date in
Vietnam's time zone, whatever year the plan is for; the register page shows the
year its selector shows."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from plans import services as plan_services
from plans.tests.factories import PlanFactory, complete_plan
from registry.models import DocType, OutgoingDocument

from .conftest import approve, issue_plan

pytestmark = pytest.mark.django_db


def test_a_plan_for_next_year_issued_this_year_is_filed_this_year(org, leader):
    plan = approve(complete_plan(issuer=org, year=2027))
    plan_services.plan_issue(plan=plan, by=leader, issued_on=dt.date(2026, 11, 30))
    document = OutgoingDocument.objects.get(plan=plan)
    assert document.year == 2026 and document.issued_on == dt.date(2026, 11, 30)
    # Its number is the 2026 KH series', and the next plan issued in 2026 follows it.
    second = approve(complete_plan(issuer=org, year=2026))
    plan_services.plan_issue(plan=second, by=leader, issued_on=dt.date(2026, 12, 2))
    assert (plan.number, OutgoingDocument.objects.get(plan=second).number) == (1, 2)
    assert OutgoingDocument.objects.get(plan=second).year == 2026


def test_the_series_of_the_new_year_starts_again_without_clashing(org, leader):
    late = approve(complete_plan(issuer=org, year=2027))
    plan_services.plan_issue(plan=late, by=leader, issued_on=dt.date(2026, 11, 30))
    early = approve(complete_plan(issuer=org, year=2027))
    plan_services.plan_issue(plan=early, by=leader, issued_on=dt.date(2027, 1, 5))
    assert [(d.year, d.number) for d in OutgoingDocument.objects.order_by("issued_on")] == [(2026, 1), (2027, 1)]


def test_the_issue_date_is_the_date_in_vietnam(org, leader, monkeypatch):
    # 31/12/2026 17:30 UTC is already 01/01/2027 00:30 in Hà Nội.
    moment = dt.datetime(2026, 12, 31, 17, 30, tzinfo=dt.UTC)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    with timezone.override("UTC"):
        plan = issue_plan(complete_plan(issuer=org, year=2026), leader)
    assert plan.issued_on == dt.date(2027, 1, 1)
    assert OutgoingDocument.objects.get(plan=plan).year == 2027


def test_a_register_entry_cannot_be_filed_in_another_year_than_its_date(org, leader):
    from registry.services import document_register

    with pytest.raises(ValueError):
        document_register(
            issuer=org, year=2027, doc_type=DocType.PLAN, number=9, symbol="Số: 09/KH-UBND", subject="Kế hoạch",
            issued_on=dt.date(2026, 11, 30),
        )


def _selected_year(html: str) -> str:
    select = re.search(r'<select name="year".*?</select>', html, re.S).group(0)
    return re.search(r'<option value="(\d+)"[^>]*selected', select).group(1)


def test_the_register_page_shows_the_year_its_selector_shows(client, org, leader, staff):
    issue_plan(PlanFactory(issuer=org, year=2026), leader)
    # A document of another year in the register (filed before this was fixed, or issued next year).
    issue_plan(PlanFactory(issuer=org, year=2027), leader)
    OutgoingDocument.objects.filter(plan__year=2027).update(year=timezone.localdate().year + 1)
    client.force_login(staff)
    html = client.get(reverse("registry:list")).content.decode()
    this_year = str(timezone.localdate().year)
    assert f"năm {this_year}" in html
    assert _selected_year(html) == this_year
    # Chosen from the selector, both say the chosen year.
    other = str(timezone.localdate().year + 1)
    html = client.get(reverse("registry:list") + f"?issuer={org.pk}&year={other}").content.decode()
    assert f"năm {other}" in html and _selected_year(html) == other
