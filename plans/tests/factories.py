"""A small but complete plan: every kind of child record, so copies and renders touch them all."""

import factory

from deadlines.rules import Anchor
from dialogue.testing.factories import OrganizationFactory
from plans.models import (
    AgendaItem,
    AttendeeGroup,
    DeadlineRule,
    GroupCategory,
    ItemKind,
    LegalBasis,
    PartKind,
    PersonRole,
    Plan,
    PlanItem,
    PlanPart,
    PlanPerson,
    PlanSection,
    Recipient,
    Session,
    Style,
)


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    issuer = factory.SubFactory(OrganizationFactory)
    year = 2025
    header_parent = "UBND HUYỆN THỬ"
    header_issuer = "ỦY BAN NHÂN DÂN\nXÃ THỬ"
    symbol = "UBND"
    place = "Vĩnh Thử"
    subject = "Tổ chức hội nghị tiếp xúc, đối thoại giữa Chủ tịch UBND xã với nhân dân năm 2025"
    sign_on_behalf_of = "ỦY BAN NHÂN DÂN"
    sign_position = "CHỦ TỊCH"
    signer_name = "Nguyễn Văn An"


def complete_plan(**fields) -> Plan:
    """A plan with a section, parts, items, a session, a chair, a rule, a recipient and more."""
    plan = PlanFactory(**fields)
    LegalBasis.objects.create(plan=plan, order=1, text="Căn cứ Luật Tổ chức chính quyền địa phương năm 2015;")
    section = PlanSection.objects.create(plan=plan, order=1, heading="MỤC ĐÍCH, YÊU CẦU")
    purposes = PlanPart.objects.create(section=section, order=1, kind=PartKind.PURPOSES, heading="Mục đích")
    PlanItem.objects.create(part=purposes, order=1, style=Style.DASH, text="Nắm bắt tâm tư, nguyện vọng của nhân dân.")
    PlanItem.objects.create(part=purposes, order=2, style=Style.DASH, text="Trả lời trong [[tra_loi]].")
    organise = PlanSection.objects.create(plan=plan, order=2, heading="THỜI GIAN, ĐỊA ĐIỂM")
    schedule = PlanPart.objects.create(section=organise, order=1, kind=PartKind.SCHEDULE, heading="Thời gian")
    PlanItem.objects.create(part=schedule, order=1, kind=ItemKind.SESSIONS, style=Style.DASH, text="")
    chairs = PlanPart.objects.create(section=organise, order=2, kind=PartKind.CHAIRS, heading="Chủ trì")
    PlanItem.objects.create(part=chairs, order=1, kind=ItemKind.CHAIRS, style=Style.DASH, text="Chủ trì")
    PlanPerson.objects.create(plan=plan, order=1, role=PersonRole.CHAIR, description="Chủ tịch UBND xã")
    PlanPerson.objects.create(plan=plan, order=2, role=PersonRole.SECRETARY, description="Công chức Văn phòng")
    session = Session.objects.create(plan=plan, order=1, window="6 tháng đầu năm 2025", venue="Hội trường UBND xã")
    AttendeeGroup.objects.create(
        plan=plan, order=1, session=session, category=GroupCategory.PARTICIPANTS, text="Cử tri thôn 1", expected_count=50
    )
    AgendaItem.objects.create(plan=plan, order=1, text="Tuyên bố lý do, giới thiệu đại biểu")
    DeadlineRule.objects.create(
        plan=plan, order=1, code="tra_loi", name="Trả lời kiến nghị", anchor=Anchor.CONFERENCE, offset_days=10
    )
    Recipient.objects.create(plan=plan, order=1, text="Thường trực HĐND xã", note="b/c")
    return plan


def template_plan(kind: str = "ubnd", **fields) -> Plan:
    """A template as the seeds provide: no issuer, is_template, one per kind."""
    fields.setdefault("template_name", f"Mẫu kế hoạch ({kind})")
    return complete_plan(issuer=None, is_template=True, template_kind=kind, **fields)
