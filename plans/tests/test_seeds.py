"""The seed plans as demo data: every structured part is a record of its own."""

import pytest

from deadlines.rules import Anchor, DayType
from dialogue import demo
from dialogue.models import Organization
from plans.documents import build_document
from plans.models import (
    RULE_TOKEN,
    AgendaItem,
    AttendeeGroup,
    GroupCategory,
    ItemKind,
    PartKind,
    PersonRole,
    Plan,
    PlanItem,
    PlanPart,
    PlanTransition,
    RecipientNote,
    Session,
    Status,
)
from plans.pdf import plan_html
from plans.seeds import SEEDS, load_seed_plans, load_templates

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeds():
    return load_seed_plans()


def rules(plan) -> dict[str, tuple[str, int, str]]:
    return {r.code: (r.anchor, r.offset_days, r.day_type) for r in plan.deadline_rules.all()}


def item_texts(plan, exclude_kinds=()) -> list[str]:
    items = PlanItem.objects.filter(part__section__plan=plan).exclude(part__kind__in=exclude_kinds)
    return list(items.values_list("text", flat=True))


def test_three_seed_plans_approved_unnumbered_with_their_issuers(seeds):
    assert set(seeds) == {"000", "002", "004"}
    issuers = {key: plan.issuer.code for key, plan in seeds.items()}
    assert issuers == {"000": "hdnd-kon-plong", "002": "ubnd-vinh-lam", "004": "du-nam-dan"}
    for plan in seeds.values():
        assert plan.status == Status.APPROVED
        assert plan.number is None and plan.issued_on is None
        assert not plan.is_template
        assert build_document(plan).is_draft
    assert [p.year for p in seeds.values()] == [2024, 2024, 2026]


def test_seed_002_commune_plan(seeds):
    plan = seeds["002"]
    (session,) = plan.sessions.all()
    assert session.window == "cuối quý III"
    assert session.expected_attendance == 150
    assert session.venue == "Hội trường UBND xã"
    assert [p.description for p in plan.people.filter(role=PersonRole.CHAIR)] == ["Chủ tịch UBND xã"]
    assert rules(plan) == {
        "announce": (Anchor.CONFERENCE, -7, DayType.CALENDAR),
        "answer": (Anchor.CONFERENCE, 30, DayType.CALENDAR),
    }
    assert [b.text for b in plan.legal_bases.all()] == [
        "Căn cứ Điều 125 Luật tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
        "Thực hiện nhiệm vụ năm “Dân vận chính quyền”;",
    ]
    groups = list(plan.attendee_groups.all())
    assert [g.category for g in groups] == [GroupCategory.INVITED] * 3 + [GroupCategory.PARTICIPANTS]
    assert plan.agenda.count() == 6
    responsibilities = list(PlanPart.objects.filter(section__plan=plan).responsibilities())
    assert [r.heading for r in responsibilities] == [
        "Văn phòng Ủy ban nhân dân xã",
        "Các cán bộ, công chức chuyên môn",
        "Công chức Văn hóa",
        "Công tác phối hợp",
        "Ban công tác Mặt trận các thôn",
    ]
    assert responsibilities[3].organization.code == "mttq-vinh-lam"
    recipients = list(plan.recipients.all())
    assert recipients[2].text == "UBMTTQ" and recipients[2].note == RecipientNote.INFO
    assert recipients[2].organization.code == "mttq-vinh-lam"
    assert plan.archive_line == "Lưu: VP."
    assert plan.signature_lines() == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
    assert plan.signer_name == "Lê Đức Dũng"
    assert plan.symbol_display.startswith("Số: ") and plan.symbol_display.endswith("/KH-UBND")


def test_seed_000_district_council_plan(seeds):
    plan = seeds["000"]
    sessions = list(plan.sessions.all())
    assert [s.window for s in sessions] == ["6 tháng đầu năm 2024", "6 tháng cuối năm 2024"]
    assert [s.venue for s in sessions] == ["Hội trường UBND xã Ngọc Tem", "Hội trường trung tâm huyện"]
    teachers = plan.attendee_groups.get(expected_count=50)
    assert teachers.session == sessions[1]
    assert teachers.printed_text().endswith("trên địa bàn huyện (dự kiến 50 người).")
    assert plan.attendee_groups.filter(category=GroupCategory.INVITED).count() == 7
    assert plan.people.filter(role=PersonRole.CHAIR).count() == 1
    assert plan.people.filter(role=PersonRole.SECRETARY).count() == 2
    assert plan.agenda.count() == 8
    assert rules(plan) == {
        "opinions": (Anchor.CONFERENCE, -10, DayType.CALENDAR),
        "notice": (Anchor.CONFERENCE, 10, DayType.WORKING),
        "resolve": (Anchor.NOTICE, 20, DayType.WORKING),
    }
    assert PlanPart.objects.filter(section__plan=plan).responsibilities().count() == 7
    assert plan.recipients.count() == 13
    assert plan.recipients.first().organization.code == "kon-tum"
    assert plan.archive_line == "Lưu: VT."
    assert plan.signature_lines() == ["TM. THƯỜNG TRỰC HĐND", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert plan.signer_name == "Đặng Bá Lâm"


def test_seed_004_party_plan(seeds):
    plan = seeds["004"]
    assert plan.is_party
    assert plan.symbol_display.startswith("Số ") and plan.symbol_display.endswith("-KH/ĐU")
    assert plan.header_parent == "ĐẢNG BỘ TỈNH NGHỆ AN" and plan.header_issuer == "ĐẢNG ỦY XÃ NAM ĐÀN"
    assert plan.signature_lines() == ["T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ THƯỜNG TRỰC"]
    assert plan.signer_name == "Lê Văn Sỹ"
    assert [s.window for s in plan.sessions.all()] == ["Trước tháng 6/2026", "Tháng 10/2026"]
    assert rules(plan) == {
        "notice": (Anchor.CONFERENCE, 5, DayType.CALENDAR),
        "acknowledge": (Anchor.NOTICE, 5, DayType.CALENDAR),
    }
    # Each session has its own participants and invited guests.
    for session in plan.sessions.all():
        assert {g.category for g in session.groups.all()} == {GroupCategory.PARTICIPANTS, GroupCategory.INVITED}
    assert plan.agenda.count() == 7
    report = plan.recipients.get(note=RecipientNote.REPORT)
    assert report.text == "Ban Tuyên giáo và Dân vận Tỉnh ủy"
    assert plan.archive_line == "Lưu Văn phòng Đảng ủy."


@pytest.mark.parametrize("key", ["000", "002", "004"])
def test_structured_records_are_anchored_not_typed(seeds, key):
    plan = seeds[key]
    kinds = set(PlanItem.objects.filter(part__section__plan=plan).values_list("kind", flat=True))
    assert {ItemKind.SESSIONS, ItemKind.CHAIRS, ItemKind.AGENDA} <= kinds
    assert ItemKind.INVITED in kinds and ItemKind.PARTICIPANTS in kinds
    # No session, agenda step or attendee group is also typed into an item (the
    # audiences part of seed 000 names the sessions' audiences in its own words).
    texts = " ".join(item_texts(plan, exclude_kinds=[PartKind.AUDIENCES]))
    for session in plan.sessions.all():
        assert session.printed_lines()[0] not in texts
    for step in plan.agenda.all():
        assert step.text not in texts
    for group in plan.attendee_groups.all():
        assert group.text not in texts
    kinds_of_parts = set(PlanPart.objects.filter(section__plan=plan).values_list("kind", flat=True))
    assert {PartKind.SCHEDULE, PartKind.AGENDA, PartKind.RESPONSIBILITY} <= kinds_of_parts


@pytest.mark.parametrize(
    ("key", "phrases"),
    [
        ("000", ["chậm nhất 20 ngày làm việc", "trước 10 ngày tổ chức tiếp xúc",
                 "chậm nhất là 10 ngày làm việc sau khi kết thúc Hội nghị"]),
        ("002", ["chậm nhất 07 ngày tiếp xúc", "chậm nhất không quá 30 ngày;"]),
        ("004", ["Chậm nhất 05 ngày sau hội nghị", "Chậm nhất 05 ngày sau khi có thông báo kết luận"]),
    ],
)
def test_deadline_rules_print_where_the_seed_prints_them(seeds, key, phrases):
    plan = seeds[key]
    used = {m for text in item_texts(plan) for m in RULE_TOKEN.findall(text)}
    assert used == set(rules(plan)), "every rule is printed, every token has a rule"
    html = plan_html(plan)
    assert "[[" not in html
    for phrase in phrases:
        assert phrase in html


def test_reload_replaces_content_in_place(seeds):
    counts = {
        model: model.objects.count()
        for model in (Plan, PlanPart, PlanItem, Session, AttendeeGroup, AgendaItem)
    }
    session_ids = {key: list(plan.sessions.values_list("pk", flat=True)) for key, plan in seeds.items()}
    again = load_seed_plans()
    assert {key: plan.pk for key, plan in again.items()} == {key: plan.pk for key, plan in seeds.items()}
    assert {model: model.objects.count() for model in counts} == counts
    assert {key: list(plan.sessions.values_list("pk", flat=True)) for key, plan in again.items()} == session_ids


def test_reload_leaves_an_issued_demo_plan_alone(seeds):
    issued = seeds["002"]
    Plan.objects.filter(pk=issued.pk).update(status=Status.ISSUED, number=3)
    PlanPart.objects.filter(section__plan=issued).update(heading="Đã ban hành")
    again = load_seed_plans()
    assert again["002"].pk != issued.pk and again["002"].status == Status.APPROVED
    assert set(PlanPart.objects.filter(section__plan=issued).values_list("heading", flat=True)) == {"Đã ban hành"}
    assert again["000"].pk == seeds["000"].pk


def test_leader_approved_and_signs_when_demo_users_exist(seeds):
    assert not PlanTransition.objects.exists()  # no users loaded yet
    demo.load_users(demo.load_organizations())
    plans = load_seed_plans()
    for key, username in {"000": "hdnd", "002": "chutich", "004": "bithu"}.items():
        (transition,) = plans[key].transitions.all()
        assert (transition.from_status, transition.to_status) == (Status.SUBMITTED, Status.APPROVED)
        assert transition.by.username == username
        assert plans[key].signer.username == username
    assert plans["002"].people.get(role=PersonRole.CHAIR).user.username == "chutich"
    load_seed_plans()
    assert PlanTransition.objects.count() == 3


def test_one_template_per_kind_of_issuer():
    templates = load_templates()
    kinds = {t.template_kind: t for t in templates}
    assert set(kinds) == {Organization.Kind.PEOPLES_COMMITTEE, Organization.Kind.PEOPLES_COUNCIL,
                          Organization.Kind.PARTY_COMMITTEE}
    for template in templates:
        assert template.is_template and template.issuer is None and template.template_name
        assert template.signer_name == "" and template.header_issuer == ""
    assert kinds["party"].is_party and not kinds["ubnd"].is_party
    assert kinds["party"].signature_lines() == ["T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ THƯỜNG TRỰC"]
    ubnd = kinds["ubnd"]
    assert ubnd.sessions.get().expected_attendance == 150
    assert PlanItem.objects.filter(part__section__plan=ubnd).count() == sum(
        len(part.items) for section in SEEDS["002"].sections for part in section.parts
    )
    assert not PlanPart.objects.filter(section__plan__is_template=True, organization__isnull=False).exists()
    # Idempotent, and independent of the seed plans.
    assert [t.pk for t in load_templates()] == [t.pk for t in templates]
    assert Plan.objects.templates().count() == 3
    assert Plan.objects.documents().count() == 0
