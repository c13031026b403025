"""The register as an Excel file: the page's issuer, year and type, every document
of them in the page's order, dates as dates; 50 to a page on the screen."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from plans.tests.factories import PlanFactory

from .conftest import issue_plan

pytestmark = pytest.mark.django_db


def test_the_register_exports_what_it_lists(client, org, leader, staff):
    for _ in range(3):
        issue_plan(PlanFactory(issuer=org, year=2026), leader)
    client.force_login(staff)
    page = client.get(reverse("registry:list"), {"issuer": org.pk, "year": 2026})
    symbols = [d.symbol for d in page.context["documents"]]
    assert 'id="register-xlsx"' in page.content.decode()
    response = client.get(reverse("registry:export"), {"issuer": org.pk, "year": 2026, "doc_type": ""})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(min_row=2))
    assert [r[0].value for r in rows] == symbols == ["Số: 03/KH-UBND", "Số: 02/KH-UBND", "Số: 01/KH-UBND"]
    assert rows[0][3].is_date and len(rows[0][8].value) == 11  # the verification code


def test_the_register_is_paginated(client, org, leader, staff, settings):
    from registry import views

    views.PAGE_SIZE, saved = 2, views.PAGE_SIZE
    try:
        for _ in range(3):
            issue_plan(PlanFactory(issuer=org, year=2026), leader)
        client.force_login(staff)
        first = client.get(reverse("registry:list"), {"year": 2026})
        second = client.get(reverse("registry:list"), {"year": 2026, "page": 2})
        assert len(first.context["documents"]) == 2 and len(second.context["documents"]) == 1
        assert "page=2" in first.content.decode()
    finally:
        views.PAGE_SIZE = saved


def test_an_outsider_and_an_agency_get_no_register(client, outsider, agency_user):
    client.force_login(agency_user)
    assert client.get(reverse("registry:export")).status_code == 404
