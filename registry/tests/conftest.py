import io

import pytest
from pypdf import PdfReader

from plans import services as plan_services
from plans.models import Status
from plans.tests.factories import complete_plan


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def eager(monkeypatch):
    from dialogue.celery import app as celery_app

    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)


def approve(plan):
    plan.status = Status.APPROVED
    plan.save()
    return plan


def issue_plan(plan, leader):
    approve(plan)
    plan_services.plan_issue(plan=plan, by=leader)
    plan.refresh_from_db()
    return plan


@pytest.fixture
def plan(org):
    return complete_plan(issuer=org, year=2026, place="Vĩnh Thử")


@pytest.fixture
def issued(plan, leader):
    """An issued plan and its register entry."""
    issue_plan(plan, leader)
    return plan.outgoing_document


def pdf_text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
