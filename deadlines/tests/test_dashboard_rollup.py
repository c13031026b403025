"""The dashboard rolled up: a district's leader sees the deadlines of its communes,
aggregated and per commune, read only (nothing opens the commune's pages); a
commune sees only its own; the list behind a number exports to Excel."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from deadlines import views_dashboard
from deadlines.models import Deadline
from dialogue import workdays
from dialogue.models import Organization, Role
from dialogue.testing.factories import OrganizationFactory, member
from petitions.tests.factories import PetitionFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 2, 12)


@pytest.fixture(autouse=True)
def _fixed_today(monkeypatch):
    workdays.clear_cache()
    monkeypatch.setattr(views_dashboard, "_today", lambda: TODAY)
    monkeypatch.setattr("dialogue.clock.today", lambda: TODAY)
    yield
    workdays.clear_cache()


@pytest.fixture
def tree(db):
    district = OrganizationFactory(name="UBND huyện Thử", code="huyen-thu", level=Organization.Level.DISTRICT)
    first = OrganizationFactory(name="UBND xã Một", code="xa-mot", parent=district)
    second = OrganizationFactory(name="UBND xã Hai", code="xa-hai", parent=district)
    police = OrganizationFactory(name="Công an xã Một", code="ca-xa-mot", parent=first, kind=Organization.Kind.DEPARTMENT)
    staff = member(first, Role.STAFF, username="xa_mot")

    def late(owner, responsible, days, **links):
        due = TODAY - dt.timedelta(days=days)
        return Deadline.objects.create(kind="resolve", organization=owner, responsible=responsible, due_on=due,
                                       remind_on=due, **links)

    petition = PetitionFactory(organization=first, created_by=staff, content="Đề nghị sửa cống thôn 2",
                               petitioner_phone="0912345678")
    from petitions.models import Assignment

    assignment = Assignment.objects.create(petition=petition, agency=police, assigned_by=staff, due_on=TODAY)
    Deadline.objects.all().delete()
    late(first, police, 3, assignment=assignment)
    late(first, first, 5)
    late(second, second, 1)
    return {"district": district, "first": first, "second": second, "leader": member(district, Role.LEADER),
            "staff": staff, "assignment": assignment}


def test_the_district_sees_its_communes_overdue_work(client, tree):
    client.force_login(tree["leader"])
    response = client.get(reverse("deadlines:dashboard"))
    summary = response.context["summary"]
    assert summary.total.overdue == 3
    assert {row.name: row.overdue for row in summary.by_organization} == {"UBND xã Hai": 1, "UBND xã Một": 2}
    # Narrowed to one commune.
    response = client.get(reverse("deadlines:dashboard"), {"organization": tree["second"].pk})
    assert response.status_code == 200 and response.context["summary"].total.overdue == 1
    # The list: the commune's petition is named by its code, and nothing opens the commune's pages.
    body = client.get(reverse("deadlines:dashboard_list"), {"bucket": "overdue"}).content.decode()
    assert tree["assignment"].petition.tracking_code in body
    assert reverse("petitions:detail", args=[tree["assignment"].petition.pk]) not in body
    assert reverse("petitions:assignment", args=[tree["assignment"].pk]) not in body
    assert "0912345678" not in body


def test_a_commune_sees_only_its_own(client, tree):
    client.force_login(tree["staff"])
    summary = client.get(reverse("deadlines:dashboard")).context["summary"]
    assert summary.total.overdue == 2
    for other in (tree["district"], tree["second"]):
        assert client.get(reverse("deadlines:dashboard"), {"organization": other.pk}).status_code == 404


def test_the_list_behind_a_number_as_excel(client, tree):
    client.force_login(tree["leader"])
    response = client.get(reverse("deadlines:dashboard_list_export"), {"bucket": "overdue"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 3
    assert sorted(r[5] for r in rows) == sorted([-1, -3, -5]) or all(r[5] < 0 for r in rows)
    assert sheet["E2"].is_date
