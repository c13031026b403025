"""The conclusion notice's steps: prepare, edit, submit, return, approve, issue
(conference concluded, petitions marked concluded) and the e-mails with the PDF."""

import pytest
from django.core import mail
from django.urls import reverse

from deadlines.models import Notification
from deadlines.notifications import deliver

from dialogue import celery_app
from dialogue.models import Role
from dialogue.testing.factories import member
from petitions import notices, services
from petitions.models import ConclusionNotice, EventKind, PetitionEvent
from petitions.services import PetitionError

from .factories import make_conference
from .notice_fixtures import (  # noqa: F401 (fixtures)
    concluded,
    front_org,
    front_user,
    held,
    issue,
    notice,
    pdf_text,
    record,
)


@pytest.fixture
def eager(monkeypatch):
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)


def test_prepare_fills_the_wording_and_gathers_the_conclusions(notice, held, leader, concluded):
    assert notice.status == "draft"
    assert notice.conclusions.count() == 3  # the group's conclusion is one, on the lead
    assert notice.subject.startswith("Kết luận của đồng chí Chủ tịch UBND xã tại Hội nghị tiếp xúc")
    assert "kết luận như sau:" in notice.opening_text
    assert notice.recipients == "Ủy ban MTTQ Việt Nam xã Vĩnh Thử"
    assert (notice.sign_authority, notice.sign_on_behalf_of, notice.sign_position) == ("TM", "ỦY BAN NHÂN DÂN", "CHỦ TỊCH")
    assert notice.symbol == "UBND" and notice.place == "Vĩnh Thử"
    assert notice.transitions.get().to_status == "draft"


def test_prepare_refused_before_the_conference_and_for_readers(org, staff, supervisor, agency_user, outsider):
    planned = make_conference(org, "planned")
    with pytest.raises(PetitionError):
        notices.notice_prepare(conference=planned, by=staff)
    held = make_conference(org, "held", days=-1)
    for user in (supervisor, agency_user, outsider):
        with pytest.raises(PetitionError):
            notices.notice_prepare(conference=held, by=user)


def test_update_checks_required_fields_and_state(notice, staff, leader, supervisor):
    with pytest.raises(PetitionError) as error:
        notices.notice_update(notice=notice, by=staff, opening_text="   ")
    assert error.value.field == "opening_text"
    with pytest.raises(PetitionError) as error:
        notices.notice_update(notice=notice, by=staff, sign_authority="XX")
    assert error.value.field == "sign_authority"
    with pytest.raises(PetitionError):
        notices.notice_update(notice=notice, by=supervisor, closing="x")
    notices.notice_update(notice=notice, by=staff, closing="Kết thúc\r\n\r\n")
    notice.refresh_from_db()
    assert notice.closing == "Kết thúc"
    notices.notice_approve(notice=notice, by=leader)
    with pytest.raises(PetitionError):
        notices.notice_update(notice=notice, by=staff, closing="Khác")


def test_submit_return_approve_only_by_the_right_people(notice, staff, leader, outsider_leader, secretary):
    notices.notice_submit(notice=notice, by=staff)
    assert notice.status == "submitted"
    for user in (staff, secretary, outsider_leader):
        with pytest.raises(PetitionError):
            notices.notice_approve(notice=notice, by=user)
    with pytest.raises(PetitionError) as error:
        notices.notice_return(notice=notice, by=leader, comment="")
    assert error.value.field == "comment"
    notices.notice_return(notice=notice, by=leader, comment="Viết lại phần mở đầu")
    assert notice.status == "draft"
    notices.notice_approve(notice=notice, by=leader)
    assert notice.status == "approved" and notice.approved_by == leader
    with pytest.raises(PetitionError):
        notices.notice_issue(notice=notice, by=staff)
    assert [t.to_status for t in notice.transitions.all()] == ["draft", "submitted", "draft", "approved"]


def test_issue_refused_unless_approved(notice, leader):
    with pytest.raises(PetitionError):
        notices.notice_issue(notice=notice, by=leader)
    notice.refresh_from_db()
    assert notice.number is None


def test_issue_concludes_conference_and_petitions(notice, held, leader, concluded, django_capture_on_commit_callbacks, eager):
    PetitionEvent.objects.filter(petition=concluded["road2"], kind=EventKind.CONCLUDED).delete()
    with django_capture_on_commit_callbacks(execute=True):
        issued = issue(notice, leader)
    assert issued.status == "issued" and issued.number == 1 and issued.issued_by == leader
    held.refresh_from_db()
    assert held.status == "concluded"
    assert held.transitions.last().comment == "Số: 01/TB-UBND"
    for petition in concluded.values():
        assert PetitionEvent.objects.filter(petition=petition, kind=EventKind.CONCLUDED).count() == 1
    assert issued.transitions.last().to_status == "issued"


def test_issue_sends_the_pdf_to_agencies_and_the_front(notice, leader, supervisor, agency_user, front_user, staff):
    issued = issue(notice, leader)
    # Written in the issue's transaction, one per person; e-mailed from the outbox.
    notes = Notification.objects.filter(kind="notice_issued", event=f"notice:{notice.pk}")
    assert {n.user for n in notes} == {agency_user, supervisor, front_user}
    links = {n.user: n.url for n in notes}
    assert links[agency_user] == reverse("petitions:inbox")
    assert links[supervisor] == reverse("petitions:notice_detail", args=[notice.pk])
    assert links[front_user] == reverse("verify:detail", args=[issued.outgoing_document.code])
    assert mail.outbox == []
    assert deliver() == 3
    sent = {m.to[0]: m for m in mail.outbox}
    assert set(sent) == {agency_user.email, supervisor.email, front_user.email}
    message = sent[agency_user.email]
    assert "Số: 01/TB-UBND" in message.subject
    assert "Ủy ban Mặt trận Tổ quốc Việt Nam giám sát" in message.body and "/kien-nghi/co-quan/" in message.body
    [(filename, content, mimetype)] = message.attachments
    assert mimetype == "application/pdf" and filename == f"thong-bao-ket-luan-01-{notice.year}.pdf"
    assert content == issued.outgoing_document.read_pdf()
    assert "Số: 01/TB-UBND" in pdf_text(content)
    assert ConclusionNotice.objects.get(pk=notice.pk).sent_at is not None


def test_sending_the_notice_twice_sends_each_mail_once(notice, leader, agency_user, supervisor, front_user):
    """The old send e-mailed everyone again on each call; the outbox writes each row once."""
    from petitions.tasks import notice_send

    issue(notice, leader)
    assert notice_send(notice.pk) == notice_send(notice.pk) == 3
    assert Notification.objects.filter(kind="notice_issued").count() == 3
    assert deliver() == 3 and deliver() == 0
    assert len(mail.outbox) == 3


def test_a_mail_server_failure_is_retried(notice, leader, agency_user, supervisor, front_user, monkeypatch):
    from django.core.mail import EmailMessage

    issue(notice, leader)
    real_send = EmailMessage.send

    def down(self, *args, **kwargs):
        raise ConnectionRefusedError("SMTP server down")

    monkeypatch.setattr(EmailMessage, "send", down)
    assert deliver() == 0
    waiting = Notification.objects.filter(kind="notice_issued", emailed_at__isnull=True)
    assert waiting.count() == 3 and {n.attempts for n in waiting} == {1}
    assert all("SMTP server down" in n.last_error for n in waiting)
    monkeypatch.setattr(EmailMessage, "send", real_send)
    assert deliver() == 3
    assert sorted(m.to[0] for m in mail.outbox) == sorted([agency_user.email, supervisor.email, front_user.email])


def test_nothing_is_sent_while_the_transaction_is_open(notice, leader, agency_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        issue(notice, leader)
    # One delivery queued for when the issue commits, whatever the number of people told.
    assert mail.outbox == [] and len([c for c in callbacks if getattr(c, "outbox_delivery", False)]) == 1


def test_task_function_sends_nothing_for_an_unissued_notice(notice, agency_user):
    from petitions.tasks import notice_send

    assert notice_send(notice.pk) == 0
    assert mail.outbox == [] and not Notification.objects.exists()


def test_held_conference_is_left_alone_if_already_concluded(notice, held, leader, django_capture_on_commit_callbacks, eager):
    type(held).objects.filter(pk=held.pk).update(status="concluded")
    with django_capture_on_commit_callbacks(execute=True):
        issued = issue(notice, leader)
    assert issued.status == "issued"


def test_no_second_draft_while_one_awaits_the_leader(notice, held, staff, leader, agency_org, concluded):
    notices.notice_submit(notice=notice, by=staff)
    with pytest.raises(PetitionError):
        notices.notice_prepare(conference=held, by=staff)
    notices.notice_approve(notice=notice, by=leader)
    notices.notice_issue(notice=notice, by=leader)
    # After the issue, conclusions approved later go into a further notice.
    later = record(held.organization, held, staff, petitioner_name="Đỗ Văn Hòa", content="Đề nghị sửa cống")
    services.conclusion_record(petition=later, by=leader, outcome="assigned", agency=agency_org)
    second = notices.notice_prepare(conference=held, by=staff)
    assert second.pk != notice.pk and [c.petition_id for c in second.conclusions.all()] == [later.pk]


def test_the_notice_is_due_by_the_plan_rule_or_ten_days(held, org):
    import datetime as dt

    from deadlines.rules import DayType
    from dialogue.workdays import add_working_days
    from plans.models import DeadlineRule, Plan

    day = held.day
    assert notices.notice_due_on(held) == day + dt.timedelta(days=10)
    plan = Plan.objects.create(issuer=org, year=day.year, subject="Kế hoạch")
    DeadlineRule.objects.create(plan=plan, code="notice", name="Thông báo kết luận", anchor="conference", offset_days=10, day_type=DayType.WORKING)
    held.plan = plan
    held.save()
    assert notices.notice_due_on(held) == add_working_days(day, 10)
