"""Every action of petitions that creates or issues something, sent three times at
once from one browser (a double click, a retry): one result, and every request is
sent to it. Threads with their own connections, so SQLite's and PostgreSQL's
locking are what is tested (run with DATABASE_URL=postgres://… for the latter)."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from dialogue.testing.concurrency import Case, assert_acts_once, post_at_once
from petitions import notices, services
from petitions.models import (
    Assignment, Conclusion, ConclusionNotice, EventKind, Field, Petition, PetitionEvent, PetitionGroup, Response,
)

from .notice_fixtures import concluded, front_org, held, notice  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db(transaction=True)


def events(kind):
    return lambda: PetitionEvent.objects.filter(kind=kind).count()


def front_list():
    wb = Workbook()
    ws = wb.active
    ws.append(["STT", "Họ và tên", "Địa chỉ", "Điện thoại", "Lĩnh vực", "Nội dung"])
    ws.append([1, "Nguyễn Văn Một", "Xóm 1", "0912345678", "", "Đường xóm 1 hỏng"])
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile("mttq.xlsx", buf.getvalue())


def case_new(f):
    return Case(f("staff"), reverse("petitions:new"), {
        "organization": f("org").pk, "source": "slip", "conference": f("conference").pk, "received_on": "20/11/2026",
        "petitioner_name": "Võ Thị Em", "petitioner_phone": "0901 234 567", "content": "Xin cấp lại sổ đỏ",
        "priority": "normal", "is_public": "on",
    }, Petition.objects.count)


def case_front_import(f):
    org = f("org")
    return Case(f("staff"), reverse("petitions:front_import"),
                lambda: {"organization": org.pk, "file": front_list()}, Petition.objects.count, page=True)


def case_conclude(f):
    return Case(f("leader"), reverse("petitions:conclude", args=[f("petition").pk]),
                {"outcome": "answered", "answer": "Đã trả lời tại hội nghị"}, Conclusion.objects.count)


def case_conclusion_approve(f):
    petition = f("petition")
    conclusion = services.conclusion_record(petition=petition, by=f("staff"), outcome="answered", answer="Đã trả lời")
    return Case(f("leader"), reverse("petitions:conclusion_approve", args=[conclusion.pk]), {},
                events(EventKind.CONCLUDED))


def case_group(f):
    other = f("make_petition")()
    return Case(f("staff"), reverse("petitions:group", args=[f("petition").pk]), {"others": [other.pk]},
                PetitionGroup.objects.count)


def case_bulk_assign(f):
    return Case(f("leader"), reverse("petitions:bulk_assign"),
                {"petitions": [f("petition").pk], "agency": f("agency_org").pk, "confirmed": "1"},
                Assignment.objects.count)


def case_bulk_conclusions(f):
    petition = f("petition")
    services.conclusion_record(petition=petition, by=f("staff"), outcome="answered", answer="Đã trả lời")
    return Case(f("leader"), reverse("petitions:bulk_conclusions"),
                {"petitions": [petition.pk], "decision": "approve", "confirmed": "1"}, events(EventKind.CONCLUDED))


def case_conclusion_return(f):
    conclusion = services.conclusion_record(
        petition=f("petition"), by=f("staff"), outcome="answered", answer="Đã trả lời"
    )
    return Case(f("leader"), reverse("petitions:conclusion_return", args=[conclusion.pk]),
                {"comment": "Nêu rõ thời hạn"}, events(EventKind.CONCLUSION_RETURNED))


def case_bulk_acknowledge(f):
    return Case(f("agency_user"), reverse("petitions:bulk_acknowledge"),
                {"assignments": [f("assigned").pk], "confirmed": "1"}, events(EventKind.ACKNOWLEDGED))


def case_transfer(f):
    from dialogue.testing.factories import OrganizationFactory

    second = OrganizationFactory(name="Điện lực xã", parent=f("org"))
    return Case(f("leader"), reverse("petitions:transfer", args=[f("assigned").pk]), {"agency": second.pk},
                Assignment.objects.count)


def case_acknowledge(f):
    return Case(f("agency_user"), reverse("petitions:acknowledge", args=[f("assigned").pk]), {},
                events(EventKind.ACKNOWLEDGED))


def case_extend(f):
    new = f("assigned").due_on + dt.timedelta(days=10)
    return Case(f("agency_user"), reverse("petitions:extend", args=[f("assigned").pk]),
                {"new_date": new.strftime("%d/%m/%Y"), "reason": "Chờ đo đạc"}, events(EventKind.EXTENDED))


def case_respond(f):
    return Case(f("agency_user"), reverse("petitions:respond", args=[f("assigned").pk]),
                {"text": "Đã xử lý xong", "is_final": "on"}, Response.objects.count)


def case_review(f):
    return Case(f("staff"), reverse("petitions:response_review", args=[f("answered").pk]), {"decision": "accept"},
                events(EventKind.ANSWERED))


def case_field(f):
    return Case(f("staff"), reverse("petitions:fields"), {"organization": f("org").pk, "name": "Thủy lợi nội đồng"},
                Field.objects.count)


def case_feedback(f):
    petition = f("petition")
    services.conclusion_record(petition=petition, by=f("leader"), outcome="answered", answer="Đã trả lời")
    return Case(None, reverse("petitions_public:feedback", args=[petition.tracking_code]),
                {"satisfied": "0", "comment": "Chưa rõ"}, events(EventKind.FEEDBACK))


def case_register(f):
    conference = f("conference")
    return Case(None, reverse("petitions_public:register", args=[conference.public_code]), {
        "petitioner_name": "Hoàng Thị Lan", "petitioner_address": "Xóm 5", "petitioner_phone": "0988 111 222",
        "petitioner_email": "", "content": "Đề nghị lắp đèn đường xóm 5", "consent": "on", "website": "",
    }, Petition.objects.count)


def case_notice_create(f):
    f("concluded")
    return Case(f("staff"), reverse("petitions:notice_create", args=[f("held").pk]), {},
                ConclusionNotice.objects.count)


def case_notice_submit(f):
    return Case(f("staff"), reverse("petitions:notice_submit", args=[f("notice").pk]), {},
                lambda: ConclusionNotice.objects.get().transitions.count())


def case_notice_approve(f):
    notice = f("notice")
    notices.notice_submit(notice=notice, by=f("staff"))
    return Case(f("leader"), reverse("petitions:notice_approve", args=[notice.pk]), {},
                lambda: notice.transitions.count())


def case_notice_return(f):
    notice = f("notice")
    notices.notice_submit(notice=notice, by=f("staff"))
    return Case(f("leader"), reverse("petitions:notice_return", args=[notice.pk]), {"comment": "Sửa lại đoạn cuối"},
                lambda: notice.transitions.count())


def case_notice_issue(f):
    from registry.models import OutgoingDocument

    f("signing_certificate")
    notice = f("notice")
    notices.notice_submit(notice=notice, by=f("staff"))
    notices.notice_approve(notice=notice, by=f("leader"))
    return Case(f("leader"), reverse("petitions:notice_issue", args=[notice.pk]),
                {"confirmed": "1", "expected_number": "1"},
                lambda: (OutgoingDocument.objects.count(), notice.transitions.count()))


CASES = {
    name.removeprefix("case_"): fn for name, fn in list(globals().items()) if name.startswith("case_")
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_sent_three_times_at_once_acts_once(request, name):
    assert_acts_once(name, CASES[name](request.getfixturevalue))


def test_the_registration_form_sent_twice_without_a_key_registers_once(conference):
    """A page cached before keys existed, or a client that sends none: the service
    still finds the first registration of the same question."""
    url = reverse("petitions_public:register", args=[conference.public_code])
    data = {
        "petitioner_name": "Hoàng Thị Lan", "petitioner_address": "Xóm 5", "petitioner_phone": "0988 111 222",
        "petitioner_email": "", "content": "Đề nghị lắp đèn đường xóm 5", "consent": "on", "website": "",
    }
    responses = post_at_once(url, data)
    assert Petition.objects.count() == 1
    assert {r["Location"] for r in responses} == {
        reverse("petitions_public:receipt", args=[Petition.objects.get().tracking_code])
    }
    # Another question of the same citizen is another petition.
    post_at_once(url, {**data, "content": "Đề nghị nạo vét mương xóm 5"}, count=1)
    assert Petition.objects.count() == 2
