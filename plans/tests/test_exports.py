"""The plans list as an Excel file, as filtered; the list paginated."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from .factories import PlanFactory

pytestmark = pytest.mark.django_db


def test_the_plans_export_as_the_page_filters_them(client, org, staff):
    PlanFactory(issuer=org, year=2025, subject="Kế hoạch năm 2025")
    PlanFactory(issuer=org, year=2026, subject="Kế hoạch năm 2026")
    client.force_login(staff)
    page = client.get(reverse("plans:list"), {"year": 2026})
    response = client.get(reverse("plans:export"), {"year": 2026})
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True))
    assert [r[2] for r in rows[1:]] == [p.subject_one_line for p in page.context["plans"]] == ["Kế hoạch năm 2026"]
    assert rows[1][0] == 2026


def test_the_plans_list_is_paginated(client, org, staff, monkeypatch):
    from plans import views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    for year in (2024, 2025, 2026):
        PlanFactory(issuer=org, year=year)
    client.force_login(staff)
    assert len(client.get(reverse("plans:list")).context["plans"]) == 2
    assert len(client.get(reverse("plans:list"), {"page": 2}).context["plans"]) == 1
