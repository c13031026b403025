"""Every page of the demo data, per role: the demo organisations and users, with
conferences, petitions, a notice, minutes and invitations made through the
services as the office would make them, and the list of pages built from the URL
resolver so that a new view cannot be missed.

Used by the whole-site checks (valid HTML, small screens)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

# Users of the demo data whose pages are checked: one per role of the commune,
# the agency, and the other organisations' staff (another layout of the same pages).
ROLE_USERS = ("vanphong", "chutich", "thuky", "mttq", "congan", "admin")

# Routes that are never an HTML page and need no arguments from the world.
NOT_PAGES = {"healthz"}


@dataclass
class World:
    """The ids of the objects the pages are opened with."""

    organization_code: str
    plan: int
    template_plan: int
    day: int  # announced, started half an hour ago: the secretary's page in use
    planned: int
    held: int  # held, with petitions concluded and a draft notice
    concluded: int  # its notice issued
    cancelled: int
    petition: int
    conclusion: int
    assignment: int
    response: int
    notice: int
    issued_notice: int
    attendance: int
    speech: int
    invitee: int
    document: int
    deadline: int
    notification: int | None
    public_conference: str
    tracking_code: str
    resolved_code: str  # answered at the conference: its public page asks whether the citizen is satisfied
    verify_code: str
    extra: dict = field(default_factory=dict)


def _user(username):
    return get_user_model().objects.get(username=username)


def _conference(org, *, by, secretary, chair, title, starts_in: dt.timedelta | None, announce=True):
    """A conference made and announced through the services; its start then moved to
    `starts_in` from now (the clock of a test cannot move, the row can)."""
    from conferences import services
    from conferences.models import Conference, ConferencePerson

    conference = services.conference_create_extra(
        organization=org, by=by, title=title, venue="Nhà văn hóa thôn Hòa Bình, xã Vĩnh Lâm",
        audience="Nhân dân, cán bộ, đảng viên thôn Hòa Bình", content="Tình hình kinh tế, xã hội; đất đai; điện chiếu sáng",
    )
    ConferencePerson.objects.create(conference=conference, role="chair", user=chair, position="Chủ tịch UBND xã", order=0)
    ConferencePerson.objects.create(conference=conference, role="secretary", user=secretary, position="Thư ký", order=1)
    if starts_in is None:
        return conference
    local = timezone.localtime() + dt.timedelta(days=10)
    starts_at = local.replace(hour=8, minute=0, second=0, microsecond=0)
    services.conference_schedule(conference=conference, starts_at=starts_at, venue=conference.venue, by=by)
    if announce:
        services.conference_announce(conference=conference, by=by)
        Conference.objects.filter(pk=conference.pk).update(starts_at=timezone.now() + starts_in)
        conference.refresh_from_db()
    return conference


def build_world_beside_a_browser() -> World:
    """`build_world` for a browser test. Playwright's sync API runs an asyncio loop in the
    test's thread, and signing an issued notice runs one of its own (asyncio.run), which a
    running loop refuses: the world is built in another thread, on this thread's database
    connections (as Django's live server shares them)."""
    import threading

    from django.db import connections

    shared = {alias: connections[alias] for alias in connections}
    result = {}

    def run():
        for alias, connection in shared.items():
            connections[alias] = connection
        try:
            result["world"] = build_world()
        except BaseException as exc:  # handed to the test's thread
            result["error"] = exc

    for connection in shared.values():
        connection.inc_thread_sharing()
    try:
        thread = threading.Thread(target=run)
        thread.start()
        thread.join()
    finally:
        for connection in shared.values():
            connection.dec_thread_sharing()
    if "error" in result:
        raise result["error"]
    return result["world"]


def build_world() -> World:
    """The demo data and what the office does with it in a conference season."""
    from conferences import invitations, services as conf, session_records as records
    from deadlines.models import Deadline, Notification
    from deadlines.scanner import scan
    from dialogue import demo
    from dialogue.testing.fixtures import give_certificate
    from petitions import notices, services as pet
    from petitions.models import Conclusion
    from plans.models import Plan
    from plans.seeds import load_seed_plans, load_templates
    from registry.models import OutgoingDocument

    orgs = demo.load_organizations()
    demo.load_users(orgs)
    load_seed_plans()
    load_templates()
    commune, police = orgs["ubnd-vinh-lam"], orgs["ca-vinh-lam"]
    give_certificate(commune)
    staff, leader, secretary, agency = _user("vanphong"), _user("chutich"), _user("thuky"), _user("congan")

    # The secretary's day: announced, started 30 minutes ago, people at the door and speakers.
    day = _conference(
        commune, by=staff, secretary=secretary, chair=leader, starts_in=-dt.timedelta(minutes=30),
        title="Hội nghị tiếp xúc, đối thoại giữa Chủ tịch UBND xã với Nhân dân thôn Hòa Bình năm 2026",
    )
    attendance = records.attendance_check_in(
        conference=day, by=secretary, name="Nguyễn Thị Phương Thảo", unit="Chi hội Phụ nữ thôn Hòa Bình"
    )
    records.attendance_check_in(conference=day, by=secretary, name="Trần Văn Hùng", unit="Thôn Hòa Bình")
    records.door_count_add(conference=day, by=secretary, count=25)
    speech = records.speech_add(
        conference=day, by=secretary, speaker_name="Hoàng Thị Minh Nguyệt", unit="Hợp tác xã Nông nghiệp Vĩnh Lâm",
        topic="Đề nghị nâng cấp tuyến đường liên thôn Hòa Bình – Đông Hà bị xuống cấp nghiêm trọng sau mùa mưa lũ",
    )
    records.speech_add(conference=day, by=secretary, speaker_name="Lê Văn Tâm", unit="Thôn Đông", topic="Điện chiếu sáng")
    records.speech_start(speech=speech, by=secretary)
    records.speech_capture_petition(speech=speech, by=secretary, content=speech.topic)
    # Two citizens registered on the invitation's slip: waiting on the speakers list, "đăng ký trước".
    registrant = pet.petition_record(
        organization=commune, by=staff, source="slip", conference=day, petitioner_name="Phan Thị Thu Hà",
        petitioner_address="Thôn Hòa Bình", content="Đề nghị cho biết tiến độ cấp giấy chứng nhận quyền sử dụng đất",
    )
    pet.petition_record(
        organization=commune, by=staff, source="slip", conference=day, petitioner_name="Võ Văn Lực",
        content="Đề nghị nạo vét kênh mương nội đồng trước mùa mưa",
    )
    invitee = invitations.invitee_add(
        conference=day, by=staff, full_name="Nguyễn Văn Thành", position="Bí thư Chi bộ thôn Hòa Bình",
        hamlet="Thôn Hòa Bình",
    )

    planned = _conference(commune, by=staff, secretary=secretary, chair=leader, starts_in=None,
                          title="Hội nghị đối thoại với thanh niên xã Vĩnh Lâm")
    cancelled = _conference(commune, by=staff, secretary=secretary, chair=leader, starts_in=dt.timedelta(days=3),
                            title="Hội nghị đối thoại thôn Đông")
    conf.conference_cancel(conference=cancelled, by=staff, reason="Mưa bão, chuyển sang quý sau")

    def held_with_petitions(title):
        c = _conference(commune, by=staff, secretary=secretary, chair=leader, starts_in=-dt.timedelta(days=1), title=title)
        conf.conference_mark_held(conference=c, by=staff)
        road = pet.petition_record(
            organization=commune, by=staff, source="slip", conference=c, petitioner_name="Nguyễn Văn An",
            petitioner_address="Thôn Hòa Bình", petitioner_phone="0912 345 678",
            content="Đề nghị sửa chữa tuyến đường liên thôn Hòa Bình – Đông Hà bị xuống cấp nghiêm trọng, "
                    "mùa mưa lầy lội, học sinh đi học khó khăn",
        )
        pet.conclusion_record(petition=road, by=leader, outcome="assigned", agency=police,
                              direction="Giao Công an xã phối hợp kiểm tra, lập phương án bảo đảm an toàn giao thông")
        light = pet.petition_record(
            organization=commune, by=staff, source="slip", conference=c, petitioner_name="Lê Thị Mai",
            content="Đề nghị lắp đèn chiếu sáng ở ngã ba chợ",
        )
        pet.conclusion_record(petition=light, by=leader, outcome="answered", answer="Đã đưa vào kế hoạch năm sau")
        road.refresh_from_db()
        light.refresh_from_db()
        return c, road, light

    held, petition, resolved = held_with_petitions("Hội nghị tiếp xúc cử tri thôn Hòa Bình")
    # A conclusion the office drafted: "Chờ duyệt kết luận" on the list, the leader's bulk decision offered.
    awaiting = pet.petition_record(
        organization=commune, by=staff, source="slip", conference=held, petitioner_name="Trịnh Văn Khoa",
        content="Đề nghị hỗ trợ kinh phí sửa nhà văn hóa thôn",
    )
    pet.conclusion_record(petition=awaiting, by=staff, outcome="assigned", agency=police, direction="Kiểm tra, báo cáo")
    assignment = petition.assignments.get()
    response = pet.response_submit(assignment=assignment, by=agency, text="Đã kiểm tra hiện trường, lập dự toán sửa chữa.")
    # Approved minutes (read only) for the held conference, a draft being written for today's.
    records.minutes_draft(conference=held, by=secretary)
    records.minutes_edit(
        conference=held, by=secretary, opening="Vào hồi 08 giờ 00, tại Nhà văn hóa thôn Hòa Bình",
        content="Cử tri phát biểu về đường liên thôn.", conclusions="Giao Công an xã kiểm tra.",
        ended_at=held.starts_at + dt.timedelta(hours=2),
    )
    records.minutes_approve(conference=held, by=leader)
    records.minutes_draft(conference=day, by=secretary)
    notice = notices.notice_prepare(conference=held, by=staff)

    concluded, _road, _light = held_with_petitions("Hội nghị đối thoại thôn Tây năm 2026")
    issued = notices.notice_prepare(conference=concluded, by=staff)
    issued = notices.notice_update(notice=issued, by=staff, general_conclusions="Hội nghị diễn ra dân chủ.",
                                   signer_name="Lê Đức Dũng")
    notices.notice_approve(notice=issued, by=leader)
    issued = notices.notice_issue(notice=issued, by=leader)

    from dialogue.models import ExportJob
    from reports import services as reports
    from reports.periods import Period

    this_year = Period.year(timezone.localdate().year)
    report = reports.report_prepare(organization=commune, period=this_year, by=staff)
    issued_report = reports.report_prepare(organization=commune, period=this_year, by=staff)
    reports.report_approve(report=issued_report, by=leader)
    reports.report_issue(report=issued_report, by=leader)
    export = ExportJob.objects.create(user=staff, kind="petitions.list", title="Kiến nghị", filename="kien-nghi.xlsx")

    document = OutgoingDocument.objects.filter(issuer=commune).order_by("pk").first()
    plan = Plan.objects.filter(issuer=commune, is_template=False).order_by("pk").first()
    template_plan = Plan.objects.filter(is_template=True).order_by("pk").first()
    deadline = Deadline.objects.filter(organization=commune).order_by("pk").first()
    scan(now=timezone.now() + dt.timedelta(days=40))  # the reminders of the deadlines, as the bell shows them
    notification = Notification.objects.order_by("pk").first()
    return World(
        organization_code=commune.code,
        plan=plan.pk,
        template_plan=template_plan.pk,
        day=day.pk,
        planned=planned.pk,
        held=held.pk,
        concluded=concluded.pk,
        cancelled=cancelled.pk,
        petition=petition.pk,
        conclusion=Conclusion.objects.filter(petition=petition).latest("pk").pk,
        assignment=assignment.pk,
        response=response.pk,
        notice=notice.pk,
        issued_notice=issued.pk,
        attendance=attendance.pk,
        speech=speech.pk,
        invitee=invitee.pk,
        document=document.pk,
        deadline=deadline.pk,
        notification=notification.pk if notification else None,
        public_conference=day.public_code,
        tracking_code=petition.tracking_code,
        resolved_code=resolved.tracking_code,
        verify_code=document.code,
        extra={"imported_plan": _imported_plan(commune, staff).pk, "registrant": registrant.pk, "report": report.pk,
               "issued_report": issued_report.pk, "export": export.key},
    )


def _imported_plan(commune, staff):
    """The commune's own plan as the office typed it in Word, imported: its report page."""
    from pathlib import Path

    from plans.importing.build import plan_import

    data = (Path(__file__).resolve().parents[1] / "plans" / "tests" / "data" / "docx" / "002_office.docx").read_bytes()
    return plan_import(data=data, file_name="002_office.docx", issuer=commune, by=staff, year=2026)


# ---------------------------------------------------------------- the pages


def _routes(patterns=None, namespace=""):
    """(name, converter names) of every route but the admin's."""
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            if p.app_name == "admin":
                continue
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _routes(p.url_patterns, ns)
        elif isinstance(p, URLPattern) and p.name:
            yield f"{namespace}{p.name}", tuple(p.pattern.converters)


def route_arguments(w: World) -> dict[str, list[dict]]:
    """The arguments each route with parameters is opened with (several: each state's page)."""
    from petitions.citizen import unsubscribe_token

    conferences = [w.day, w.planned, w.held, w.concluded, w.cancelled]
    one = lambda **kw: [kw]  # noqa: E731
    return {
        "organization_detail": one(code=w.organization_code),
        "organization_signing": one(code=w.organization_code),
        "organization_signing_image": [{"code": w.organization_code, "kind": "seal"}],
        "petitions_public:register": one(public_code=w.public_conference),
        "petitions_public:receipt": one(code=w.tracking_code),
        "open311:services": [{"format": f} for f in ("json", "xml")],
        "open311:service": [{"service_code": "other", "format": f} for f in ("json", "xml")],
        "open311:requests": [{"format": f} for f in ("json", "xml")],
        "open311:request": [{"code": w.tracking_code, "format": f} for f in ("json", "xml")],
        "petitions_public:status": [{"code": w.tracking_code}, {"code": w.resolved_code}],
        "petitions_public:feedback": one(code=w.resolved_code),
        "petitions_public:attachment": one(code=w.tracking_code, event_id=0),
        "petitions_public:unsubscribe": one(code=w.tracking_code, token=unsubscribe_token(w.tracking_code)),
        "plans:detail": [{"pk": w.plan}, {"pk": w.template_plan}],
        "plans:edit": [{"pk": w.plan}, {"pk": w.template_plan}],
        "plans:preview": one(pk=w.plan),
        "plans:print": one(pk=w.plan),
        "plans:pdf": one(pk=w.plan),
        "plans:docx": one(pk=w.plan),
        "plans:transition": one(pk=w.plan, action="submit"),
        "plans:header": one(pk=w.plan),
        "plans:row_add": one(pk=w.plan, key="bases", parent_id=w.plan),
        "plans:reorder": one(pk=w.plan, key="bases", parent_id=w.plan),
        "plans:row_save": one(pk=w.plan, key="bases", row_id=0),
        "plans:row_delete": one(pk=w.plan, key="bases", row_id=0),
        "plans:outline_save": one(pk=w.plan),
        "plans:issue": one(pk=w.plan),
        "plans:replace_year": one(pk=w.plan),
        "plans:issued_elsewhere": one(pk=w.plan),
        "plans:import_report": one(pk=w.extra["imported_plan"]),
        "plans:import_paragraph": one(pk=w.extra["imported_plan"], order=1),
        "plans:import_issuer": one(pk=w.extra["imported_plan"]),
        "password_reset_confirm": one(uidb64="MQ", token="da-dung-roi"),
        "verify:holder": one(code=w.verify_code, token="AAAAAAAA"),
        "conferences:detail": [{"pk": pk} for pk in conferences],
        "conferences:edit": [{"pk": w.day}, {"pk": w.planned}],
        "conferences:schedule": one(pk=w.planned),
        "conferences:announce": one(pk=w.planned),
        "conferences:cancel": one(pk=w.day),
        "conferences:transition": one(pk=w.day, action="hold"),
        "conferences:rows": [{"pk": w.planned, "kind": k} for k in ("agenda", "groups", "people")],
        "conferences:day": [{"pk": pk} for pk in conferences],
        "conferences:day_check_in": one(pk=w.day),
        "conferences:day_check_in_remove": one(pk=w.day, attendance_id=w.attendance),
        "conferences:day_door": one(pk=w.day),
        "conferences:day_speech_add": one(pk=w.day),
        "conferences:day_speech_reorder": one(pk=w.day),
        "conferences:day_speech": one(pk=w.day, speech_id=w.speech, action="start"),
        "conferences:day_registrant": one(pk=w.day, petition_id=w.extra["registrant"]),
        "conferences:minutes": [{"pk": pk} for pk in conferences],
        "conferences:minutes_draft": one(pk=w.held),
        "conferences:minutes_approve": one(pk=w.held),
        "conferences:minutes_pdf": one(pk=w.held),
        "conferences:invitees": one(pk=w.day),
        "conferences:invitee_add": one(pk=w.day),
        "conferences:invitee_edit": one(pk=w.day, invitee_pk=w.invitee),
        "conferences:invitee_remove": one(pk=w.day, invitee_pk=w.invitee),
        "conferences:invitee_import": one(pk=w.day),
        "conferences:invitee_template": one(pk=w.day),
        "conferences:invitations_draft_pdf": one(pk=w.day),
        "conferences:invitations_issue": one(pk=w.day),
        "conferences:invitation_batch_pdf": one(pk=w.day, batch_pk=0),
        "conferences_public:organization": one(code=w.organization_code),
        "conferences_public:organization_ics": one(code=w.organization_code),
        "conferences_public:detail": one(public_code=w.public_conference),
        "conferences_public:detail_ics": one(public_code=w.public_conference),
        "petitions:detail": one(pk=w.petition),
        "petitions:edit": one(pk=w.petition),
        "petitions:conclude": one(pk=w.petition),
        "petitions:group": one(pk=w.petition),
        "petitions:ungroup": one(pk=w.petition),
        "petitions:receipt": one(pk=w.petition),
        "petitions:conclusion_approve": one(pk=w.conclusion),
        "petitions:conclusion_return": one(pk=w.conclusion),
        "petitions:response_review": one(pk=w.response),
        "petitions:response_file": one(pk=w.response),
        "petitions:transfer": one(pk=w.assignment),
        "petitions:assignment": one(pk=w.assignment),
        "petitions:acknowledge": one(pk=w.assignment),
        "petitions:extend": one(pk=w.assignment),
        "petitions:respond": one(pk=w.assignment),
        "petitions:conference_notices": [{"conference_pk": w.held}, {"conference_pk": w.concluded}],
        "petitions:notice_create": one(conference_pk=w.held),
        "petitions:notice_detail": [{"pk": w.notice}, {"pk": w.issued_notice}],
        "petitions:notice_edit": one(pk=w.notice),
        "petitions:notice_preview": one(pk=w.notice),
        "petitions:notice_submit": one(pk=w.notice),
        "petitions:notice_return": one(pk=w.notice),
        "petitions:notice_approve": one(pk=w.notice),
        "petitions:notice_issue": one(pk=w.notice),
        "petitions:notice_download": one(pk=w.issued_notice),
        "petitions:answer_publication": [{"conference_pk": w.held}, {"conference_pk": w.concluded}],
        "petitions:answer_policy": one(conference_pk=w.held),
        "petitions:answer_release": one(conference_pk=w.held),
        "front:archive": one(code=w.organization_code),
        "deadlines:read": one(pk=w.notification or 0),
        "deadlines:detail": one(pk=w.deadline),
        "deadlines:mark_done": one(pk=w.deadline),
        "registry:print": one(pk=w.document),
        "registry:pdf": one(pk=w.document),
        "verify:detail": one(code=w.verify_code),
        "verify:pdf": one(code=w.verify_code),
        "conferences:invitee_export": one(pk=w.day),
        "conferences:attendance_export": one(pk=w.day),
        "reports:detail": [{"pk": w.extra["report"]}, {"pk": w.extra["issued_report"]}],
        **{f"reports:{n}": one(pk=w.extra["report"]) for n in (
            "edit", "refresh", "submit", "return", "approve", "issue", "pdf", "docx", "xlsx",
        )},
        "export_job": one(key=w.extra["export"]),
        "export_download": one(key=w.extra["export"]),
    }


def urls(w: World) -> tuple[list[str], list[str]]:
    """Every route's addresses, and the names of routes with parameters that
    `route_arguments` does not know (a new view: add it there)."""
    known = route_arguments(w)
    out, missing = [], []
    for name, params in _routes():
        if name in NOT_PAGES:
            continue
        if not params:
            out.append(reverse(name))
        elif name in known:
            out.extend(reverse(name, kwargs=kw) for kw in known[name])
        else:
            missing.append(name)
    return out, missing


@dataclass
class Page:
    url: str
    user: str  # "" for a visitor
    html: str


def html_pages(w: World, users=ROLE_USERS, *, anonymous=True) -> tuple[list[Page], list[str]]:
    """The HTML pages each user (and a visitor) can open, and the server errors met.
    Pages a user may not see (404, 403, a redirect to the log-in), actions that only
    take POST (405) and files (PDF, Word, calendars, JSON) are not pages."""
    addresses, _missing = urls(w)
    pages, errors = [], []
    who = [*users, *([""] if anonymous else [])]
    for username in who:
        client = Client(raise_request_exception=False)
        if username:
            client.force_login(_user(username))
        for url in addresses:
            response = client.get(url)
            if response.status_code >= 500:
                errors.append(f"{username or 'visitor'} {url}: {response.status_code}")
                continue
            if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
                continue
            pages.append(Page(url, username, response.content.decode()))
    return pages, errors
