import datetime as dt
import io

import pytest
from django.utils import timezone
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


@pytest.fixture
def notice_issued(org, leader, staff, agency_org):
    from petitions import notices
    from petitions.tests.factories import make_conference
    from conferences.models import ConferencePerson
    from petitions import services

    conference = make_conference(org, "held", days=-1, title="Hội nghị tiếp xúc, đối thoại với Nhân dân xóm Hòa Bình")
    ConferencePerson.objects.create(conference=conference, role="chair", position="Đồng chí Chủ tịch UBND xã", user=leader)
    petition = services.petition_record(
        organization=org, by=staff, source="slip", conference=conference, petitioner_name="Nguyễn Văn An",
        petitioner_address="Xóm Hòa Bình", content="Đề nghị sửa tuyến đường liên xóm Hòa Bình bị xuống cấp",
    )
    services.conclusion_record(petition=petition, by=leader, outcome="assigned", agency=agency_org, direction="Giao Công an xã kiểm tra")
    notice = notices.notice_prepare(conference=conference, by=staff)
    notice = notices.notice_update(notice=notice, by=staff, signer_name="Nguyễn Văn Lãnh")
    notices.notice_approve(notice=notice, by=leader)
    return notices.notice_issue(notice=notice, by=leader)


@pytest.fixture
def invitation_conference(org, staff):
    from conferences.models import ConferenceGroup, ConferencePerson, ConferenceStatus, Invitee
    from conferences.tests.factories import conference_in_state

    conference = conference_in_state(org, ConferenceStatus.ANNOUNCED, by=staff, days=20, venue="Hội trường UBND xã")
    ConferencePerson.objects.create(conference=conference, role="chair", name="Trần Văn Bình", position="Chủ tịch UBND xã")
    group = ConferenceGroup.objects.create(conference=conference, text="Trưởng các thôn")
    for i, name in enumerate(["Nguyễn Văn An", "Lê Thị Hoa", "Phạm Văn Cường"], start=1):
        Invitee.objects.create(conference=conference, full_name=name, order=i, group=group if i == 1 else None)
    return conference


@pytest.fixture
def minutes_conference(org, staff, secretary, leader):
    from conferences import session_records as records
    from conferences.models import ConferencePerson, ConferenceStatus
    from conferences.tests.factories import conference_in_state

    conference = conference_in_state(
        org, ConferenceStatus.HELD, by=staff, secretary=secretary, venue="Nhà văn hóa xóm Hòa Bình",
        starts_at=timezone.now() - dt.timedelta(hours=2),  # started, whatever the time of day the tests run
    )
    ConferencePerson.objects.create(conference=conference, role="chair", user=leader, position="Chủ tịch UBND xã")
    records.attendance_check_in(conference=conference, by=secretary, name="Nguyễn Văn An", unit="Xóm 1")
    minutes = records.minutes_draft(conference=conference, by=secretary)
    minutes.content = minutes.content or "Cử tri phát biểu."
    minutes.conclusions = "Chủ tịch kết luận."
    minutes.ended_at = timezone.now()
    minutes.save()
    return conference
