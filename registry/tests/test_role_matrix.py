"""Every staff URL, from the resolver, against every role that must not reach an
object: another commune's staff and leader, an agency officer of another agency,
the secretary of another conference of the same commune, and (for writes) the
Front's read-only supervisor. Each gets 403, 404 or 405, and nothing changes.

A new staff URL without a line in OBJECTS fails the test, so none is missed.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from conferences import invitations
from conferences import session_records as records
from conferences.models import ConferencePerson, ConferenceStatus, Invitee
from conferences.tests.factories import conference_in_state
from deadlines.models import Deadline, Notification
from dialogue.models import Role
from dialogue.testing.factories import OrganizationFactory, member
from petitions import notices, services
from petitions.models import Assignment, Petition
from plans.models import Plan

pytestmark = pytest.mark.django_db

# URL prefixes that are not staff pages of an organisation's objects.
PUBLIC_OR_PERSONAL = ("tra-cuu/", "cong-khai/", "xac-minh/", "quan-tri/", "dang-nhap/", "dang-xuat/", "doi-mat-khau/",
                      "quen-mat-khau/", "dat-lai-mat-khau/", "healthz")


def staff_url_names() -> dict[str, str]:
    found = {}

    def walk(patterns, prefix="", namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = pattern.namespace or namespace
                if namespace and pattern.namespace:
                    ns = f"{namespace}:{pattern.namespace}"
                walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
            elif isinstance(pattern, URLPattern) and pattern.pattern.converters:
                route = prefix + str(pattern.pattern)
                if not route.startswith(PUBLIC_OR_PERSONAL):
                    found[f"{namespace}:{pattern.name}" if namespace else pattern.name] = route

    walk(get_resolver().url_patterns)
    return found


@pytest.fixture
def story(org, staff, leader, secretary, supervisor, agency_org):
    """Conference A names `secretary`; everything below belongs to conference B and its plan."""
    other_agency = OrganizationFactory(name="Điện lực xã", code="dien-luc", parent=org)
    other_officer = member(other_agency, Role.AGENCY, username="dienluc")
    conference_in_state(org, ConferenceStatus.ANNOUNCED, by=staff, days=15, secretary=secretary)
    conference = conference_in_state(org, ConferenceStatus.ANNOUNCED, by=staff, days=0, venue="Nhà văn hóa thôn 2")
    ConferencePerson.objects.create(conference=conference, role="chair", user=leader, position="Chủ tịch UBND xã")
    plan = Plan.objects.filter(issuer=org).first()
    if plan is None:
        from plans.tests.factories import complete_plan

        plan = complete_plan(issuer=org, year=2026, place="Vĩnh Thử")
    invitee = Invitee.objects.create(conference=conference, full_name="Nguyễn Văn An", order=1)
    batch = invitations.invitation_batch_issue(conference=conference, by=leader)
    conference.status, conference.held_at = ConferenceStatus.HELD, timezone.now()
    conference.save(update_fields=["status", "held_at"])
    attendance = records.attendance_check_in(conference=conference, by=staff, name="Lê Thị Hoa", unit="Thôn 2")
    speech = records.speech_add(conference=conference, by=staff, speaker_name="Phạm Văn Cường")
    minutes = records.minutes_draft(conference=conference, by=staff)
    petition = services.petition_record(
        organization=org, by=staff, source="slip", conference=conference, petitioner_name="Trần Văn Nam",
        petitioner_phone="0912345678", petitioner_email="nam.tran@example.vn", petitioner_address="Xóm Bến Đò, thôn 2",
        content="Đề nghị sửa cống thoát nước thôn 2",
    )
    second = services.petition_record(
        organization=org, by=staff, source="slip", conference=conference, petitioner_name="Võ Thị Lan",
        petitioner_address="Thôn 2", content="Đề nghị lắp đèn đường",
    )
    services.conclusion_record(petition=second, by=leader, outcome="assigned", agency=other_agency)
    assignment = Assignment.objects.get(petition=second)
    response = services.response_submit(assignment=assignment, by=other_officer, text="Đã kiểm tra và lắp đèn.")
    draft = services.conclusion_record(petition=petition, by=staff, outcome="assigned", agency=other_agency)
    notice = notices.notice_prepare(conference=conference, by=staff)
    # A citizen who registered online before the conference, waiting on the day's speakers list.
    registrant = Petition.objects.create(
        organization=org, conference=conference, source="online", petitioner_name="Đặng Thị Mai",
        content="Xin hỏi về lịch tiêm chủng",
    )
    from dialogue.models import ExportJob
    from reports import services as report_services
    from reports.periods import Period

    report = report_services.report_prepare(organization=org, period=Period.year(timezone.localdate().year), by=staff)
    export = ExportJob.objects.create(user=staff, kind="petitions.list", title="Kiến nghị", filename="kien-nghi.xlsx")
    deadline = Deadline.objects.filter(organization=org).first()
    notification = Notification.objects.create(
        user=staff, deadline=deadline, kind=Notification._meta.get_field("kind").choices[0][0], due_on=dt.date.today()
    ) if deadline is not None else None
    return {
        "org": org, "plan": plan, "conference": conference, "invitee": invitee, "batch": batch,
        "attendance": attendance, "speech": speech, "minutes": minutes, "petition": petition,
        "assignment": assignment, "response": response, "conclusion": draft, "notice": notice,
        "deadline": deadline, "notification": notification, "document": batch.outgoing_document,
        "registrant": registrant, "report": report, "export": export,
    }


def objects(story) -> dict[str, dict]:
    s = story
    conf, plan = s["conference"].pk, s["plan"].pk
    section = plan and s["plan"].sections.first()
    return {
        "organization_detail": {"code": s["org"].code},
        "organization_signing": {"code": s["org"].code},
        "organization_signing_image": {"code": s["org"].code, "kind": "seal"},
        **{f"plans:{n}": {"pk": plan} for n in (
            "detail", "edit", "preview", "print", "pdf", "docx", "header", "issue", "issued_elsewhere", "replace_year",
            "outline_save", "import_report", "import_issuer",
        )},
        "plans:import_paragraph": {"pk": plan, "order": 1},
        "plans:transition": {"pk": plan, "action": "submit"},
        "plans:row_add": {"pk": plan, "key": "sections", "parent_id": plan},
        "plans:reorder": {"pk": plan, "key": "sections", "parent_id": plan},
        "plans:row_save": {"pk": plan, "key": "sections", "row_id": section.pk if section else 1},
        "plans:row_delete": {"pk": plan, "key": "sections", "row_id": section.pk if section else 1},
        **{f"conferences:{n}": {"pk": conf} for n in (
            "detail", "edit", "schedule", "announce", "cancel", "day", "day_check_in", "day_door", "day_speech_add",
            "day_speech_reorder", "minutes", "minutes_draft", "minutes_approve", "minutes_pdf", "invitees",
            "invitee_add", "invitee_import", "invitee_template", "invitations_draft_pdf", "invitations_issue",
        )},
        "conferences:transition": {"pk": conf, "action": "hold"},
        "conferences:rows": {"pk": conf, "kind": "people"},
        "conferences:day_check_in_remove": {"pk": conf, "attendance_id": s["attendance"].pk},
        "conferences:day_speech": {"pk": conf, "speech_id": s["speech"].pk, "action": "start"},
        "conferences:day_registrant": {"pk": conf, "petition_id": s["registrant"].pk},
        "conferences:invitee_edit": {"pk": conf, "invitee_pk": s["invitee"].pk},
        "conferences:invitee_remove": {"pk": conf, "invitee_pk": s["invitee"].pk},
        "conferences:invitation_batch_pdf": {"pk": conf, "batch_pk": s["batch"].pk},
        **{f"petitions:{n}": {"pk": s["petition"].pk} for n in ("detail", "edit", "conclude", "group", "ungroup", "receipt")},
        "petitions:conclusion_approve": {"pk": s["conclusion"].pk},
        "petitions:conclusion_return": {"pk": s["conclusion"].pk},
        "petitions:response_review": {"pk": s["response"].pk},
        "petitions:response_file": {"pk": s["response"].pk},
        **{f"petitions:{n}": {"pk": s["assignment"].pk} for n in ("transfer", "assignment", "acknowledge", "extend", "respond")},
        "petitions:conference_notices": {"conference_pk": conf},
        "petitions:notice_create": {"conference_pk": conf},
        **{f"petitions:{n}": {"conference_pk": conf} for n in ("answer_publication", "answer_policy", "answer_release")},
        **{f"petitions:{n}": {"pk": s["notice"].pk} for n in (
            "notice_detail", "notice_edit", "notice_preview", "notice_submit", "notice_return", "notice_approve",
            "notice_issue", "notice_download",
        )},
        "deadlines:read": {"pk": s["notification"].pk if s["notification"] else 1},
        "deadlines:detail": {"pk": s["deadline"].pk if s["deadline"] else 1},
        "deadlines:mark_done": {"pk": s["deadline"].pk if s["deadline"] else 1},
        "registry:print": {"pk": s["document"].pk},
        "registry:pdf": {"pk": s["document"].pk},
        "conferences:invitee_export": {"pk": conf},
        "conferences:attendance_export": {"pk": conf},
        **{f"reports:{n}": {"pk": s["report"].pk} for n in (
            "detail", "edit", "refresh", "submit", "return", "approve", "issue", "pdf", "docx", "xlsx",
        )},
        "export_job": {"key": s["export"].key},
        "export_download": {"key": s["export"].key},
    }


# What each narrower role may still reach among these, and why.
ORGANISATION_PAGES = {"organization_detail", "organization_signing", "organization_signing_image"}


def fingerprint() -> tuple:
    from django.apps import apps

    models = [m for m in apps.get_models() if m._meta.app_label in {"plans", "conferences", "petitions", "registry", "deadlines", "reports"}]
    return tuple(
        (m._meta.label, m._default_manager.count()) for m in models if not m._meta.label.endswith("Historical")
    )


def test_every_staff_url_with_an_object_is_in_the_matrix(story):
    missing = sorted(set(staff_url_names()) - set(objects(story)))
    assert not missing, f"add these URLs to OBJECTS: {missing}"


def attempts(client, story, names, *, methods=("get", "post")):
    table = objects(story)
    for name in names:
        url = reverse(name, kwargs=table[name])
        for method in methods:
            yield name, method, getattr(client, method)(url)


@pytest.mark.parametrize("who", ["outsider", "outsider_leader", "agency_user", "secretary"])
def test_narrower_and_outside_roles_reach_nothing_of_another_conference(client, request, story, who):
    user = request.getfixturevalue(who)
    client.force_login(user)
    names = set(staff_url_names())
    if who in ("agency_user", "secretary"):
        names -= ORGANISATION_PAGES if who == "secretary" else set()
    before = fingerprint()
    leaks = [
        f"{method.upper()} {name}: {response.status_code}"
        for name, method, response in attempts(client, story, sorted(names))
        if response.status_code not in (403, 404, 405)
    ]
    assert not leaks, leaks
    assert fingerprint() == before


def test_the_supervisor_reads_but_writes_nothing(client, supervisor, story):
    client.force_login(supervisor)
    before = fingerprint()
    writes = [
        f"POST {name}: {response.status_code}"
        for name, method, response in attempts(client, story, sorted(staff_url_names()), methods=("post",))
        if response.status_code not in (403, 404, 405)
    ]
    assert not writes, "\n".join(writes)
    assert fingerprint() == before


CONTACT = ("0912345678", "0912 345 678", "nam.tran@example.vn", "Xóm Bến Đò")
# The one list of pages that show a petitioner's phone, e-mail and address, and to whom:
# the public form promises "the office and the agency that answers you".
SHOWS_CONTACT = {"petitions:detail", "petitions:assignment", "petitions:edit"}


def pages_with_contact(client, story) -> set[str]:
    table = objects(story)
    found = set()
    for name in sorted(staff_url_names()):
        response = client.get(reverse(name, kwargs=table[name]))
        if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
            body = response.content.decode()
            if any(value in body for value in CONTACT):
                found.add(name)
    for name in ("petitions:list", "petitions:inbox", "deadlines:dashboard", "registry:list", "conferences:list",
                 "reports:results", "reports:documents", "reports:list"):
        response = client.get(reverse(name))
        if response.status_code == 200 and any(value in response.content.decode() for value in CONTACT):
            found.add(name)
    return found


def test_contact_details_appear_only_where_listed_and_to_whom_the_form_says(client, request, story, staff, supervisor):
    from conferences.models import ConferencePerson

    client.force_login(staff)
    # (The story's assignment is of the other petition, so its page has none of these.)
    assert pages_with_contact(client, story) == SHOWS_CONTACT - {"petitions:assignment"}
    # The Front's supervisor reads the petition, not how to reach its author.
    client.force_login(supervisor)
    assert pages_with_contact(client, story) == set()
    detail = client.get(reverse("petitions:detail", args=[story["petition"].pk])).content.decode()
    assert "Trần Văn Nam" in detail and "chỉ hiển thị cho văn phòng" in detail
    # The secretary who recorded it at their conference sees them.
    secretary = request.getfixturevalue("secretary")
    ConferencePerson.objects.create(conference=story["conference"], role="secretary", user=secretary)
    client.force_login(secretary)
    assert pages_with_contact(client, story) <= SHOWS_CONTACT
    assert "0912 345 678" in client.get(reverse("petitions:detail", args=[story["petition"].pk])).content.decode()


def test_the_answering_agency_sees_the_contact_details_of_its_assignment(client, story):
    from django.contrib.auth import get_user_model

    officer = get_user_model().objects.get(username="dienluc")
    petition = story["petition"]
    services.conclusion_approve(conclusion=story["conclusion"], by=get_user_model().objects.get(username="leader"))
    assignment = Assignment.objects.get(petition=petition)
    client.force_login(officer)
    body = client.get(reverse("petitions:assignment", args=[assignment.pk])).content.decode()
    assert "0912 345 678" in body and "nam.tran@example.vn" in body
