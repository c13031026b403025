import datetime as dt

import pytest

from dialogue.models import Role
from dialogue.testing.factories import member
from plans import services
from plans.models import (
    AttendeeGroup,
    DeadlineRule,
    LegalBasis,
    Plan,
    PlanItem,
    PlanPart,
    PlanSection,
    PlanTransition,
    Recipient,
    Session,
    Status,
)
from plans.services import PlanError

from .factories import PlanFactory, complete_plan, template_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(org):
    return complete_plan(issuer=org)


def _counts(plan):
    return {
        "bases": plan.legal_bases.count(),
        "sections": plan.sections.count(),
        "parts": PlanPart.objects.filter(section__plan=plan).count(),
        "items": PlanItem.objects.filter(part__section__plan=plan).count(),
        "people": plan.people.count(),
        "sessions": plan.sessions.count(),
        "groups": plan.attendee_groups.count(),
        "agenda": plan.agenda.count(),
        "rules": plan.deadline_rules.count(),
        "recipients": plan.recipients.count(),
    }


def test_create_from_template_copies_everything_and_takes_issuer_header(org, staff):
    template = template_plan("ubnd")
    plan = services.plan_create_from_template(template=template, issuer=org, year=2026, by=staff)
    assert plan.issuer == org and plan.year == 2026 and plan.status == Status.DRAFT
    assert not plan.is_template and plan.copied_from == template and plan.created_by == staff
    assert plan.symbol == org.abbreviation and plan.place == org.place_name
    assert plan.header_issuer_lines == org.header_lines
    assert _counts(plan) == _counts(template)
    assert all(v > 0 for v in _counts(plan).values())
    # The template itself is untouched.
    assert _counts(template)["sections"] == 2
    first = plan.transitions.first()
    assert first.to_status == Status.DRAFT and first.by == staff and first.from_status == ""


def test_create_from_template_refused_for_outsider_and_supervisor(org, outsider, supervisor):
    template = template_plan("ubnd")
    for user in (outsider, supervisor):
        with pytest.raises(PlanError):
            services.plan_create_from_template(template=template, issuer=org, year=2026, by=user)
    assert Plan.objects.documents().count() == 0


def test_create_from_non_template_refused(org, staff, plan):
    with pytest.raises(PlanError):
        services.plan_create_from_template(template=plan, issuer=org, year=2026, by=staff)


def test_copy_is_deep_and_keeps_session_links(plan, staff):
    copy = services.plan_copy(source=plan, year=2026, by=staff)
    assert copy.pk != plan.pk and copy.year == 2026 and copy.issuer_id == plan.issuer_id
    assert _counts(copy) == _counts(plan)
    group = copy.attendee_groups.get()
    assert group.session.plan_id == copy.pk
    assert Session.objects.filter(plan=plan).count() == 1
    # The copies are new rows, not moved ones.
    assert LegalBasis.objects.filter(plan=plan).count() == 1
    items = list(PlanItem.objects.filter(part__section__plan=copy).values_list("text", flat=True))
    assert "Trả lời trong [[tra_loi]]." in items


def test_copy_refused_for_outsider(plan, outsider):
    with pytest.raises(PlanError):
        services.plan_copy(source=plan, year=2026, by=outsider)


def test_full_workflow_records_each_transition(plan, staff, leader):
    services.plan_submit(plan=plan, by=staff)
    assert plan.status == Status.SUBMITTED
    services.plan_return(plan=plan, by=leader, comment="Bổ sung thành phần")
    assert plan.status == Status.RETURNED
    services.plan_submit(plan=plan, by=staff)
    services.plan_approve(plan=plan, by=leader)
    services.plan_issue(plan=plan, by=leader, issued_on=dt.date(2025, 3, 5))
    plan.refresh_from_db()
    assert plan.status == Status.ISSUED and plan.number == 1 and plan.issued_on == dt.date(2025, 3, 5)
    assert plan.signer == leader
    steps = list(PlanTransition.objects.filter(plan=plan).values_list("from_status", "to_status", "by__username"))
    assert steps == [
        ("draft", "submitted", "staff"),
        ("submitted", "returned", "leader"),
        ("returned", "submitted", "staff"),
        ("submitted", "approved", "leader"),
        ("approved", "issued", "leader"),
    ]
    assert PlanTransition.objects.get(to_status=Status.RETURNED).comment == "Bổ sung thành phần"


def test_staff_cannot_approve_return_or_issue(plan, staff):
    services.plan_submit(plan=plan, by=staff)
    with pytest.raises(PlanError):
        services.plan_approve(plan=plan, by=staff)
    with pytest.raises(PlanError):
        services.plan_return(plan=plan, by=staff, comment="x")
    plan.status = Status.APPROVED
    plan.save()
    with pytest.raises(PlanError):
        services.plan_issue(plan=plan, by=staff)
    plan.refresh_from_db()
    assert plan.number is None


def test_leader_of_another_organisation_cannot_approve(plan, staff, outsider_leader):
    services.plan_submit(plan=plan, by=staff)
    with pytest.raises(PlanError):
        services.plan_approve(plan=plan, by=outsider_leader)
    assert Plan.objects.get(pk=plan.pk).status == Status.SUBMITTED


def test_supervisor_cannot_submit(plan, supervisor):
    with pytest.raises(PlanError):
        services.plan_submit(plan=plan, by=supervisor)


def test_return_needs_a_comment(plan, staff, leader):
    services.plan_submit(plan=plan, by=staff)
    with pytest.raises(PlanError) as exc:
        services.plan_return(plan=plan, by=leader, comment="  ")
    assert "trả lại" in str(exc.value).lower() or str(exc.value)
    assert Plan.objects.get(pk=plan.pk).status == Status.SUBMITTED


@pytest.mark.parametrize(
    "status, action",
    [
        (Status.DRAFT, "approve"),
        (Status.DRAFT, "issue"),
        (Status.DRAFT, "return"),
        (Status.SUBMITTED, "submit"),
        (Status.SUBMITTED, "issue"),
        (Status.APPROVED, "submit"),
        (Status.APPROVED, "approve"),
        (Status.ISSUED, "submit"),
        (Status.ISSUED, "approve"),
        (Status.ISSUED, "issue"),
        (Status.RETURNED, "approve"),
        (Status.DRAFT, "new_version"),
    ],
)
def test_illegal_state_refused(plan, leader, status, action):
    plan.status = status
    plan.save()
    calls = {
        "submit": lambda: services.plan_submit(plan=plan, by=leader),
        "approve": lambda: services.plan_approve(plan=plan, by=leader),
        "return": lambda: services.plan_return(plan=plan, by=leader, comment="x"),
        "issue": lambda: services.plan_issue(plan=plan, by=leader),
        "new_version": lambda: services.plan_new_version(plan=plan, by=leader),
    }
    with pytest.raises(PlanError):
        calls[action]()
    assert Plan.objects.get(pk=plan.pk).status == status
    assert not PlanTransition.objects.filter(plan=plan).exists()


def _issue(plan, leader, **kw):
    plan.status = Status.APPROVED
    plan.save()
    services.plan_issue(plan=plan, by=leader, **kw)
    plan.refresh_from_db()
    return plan


def test_numbering_increments_per_issuer_and_issue_year(org, other_org, leader, outsider_leader):
    # The series is the year of the issue date, not the year the plan is for.
    a = _issue(PlanFactory(issuer=org, year=2025), leader, issued_on=dt.date(2025, 3, 5))
    b = _issue(PlanFactory(issuer=org, year=2026), leader, issued_on=dt.date(2025, 12, 20))
    c = _issue(PlanFactory(issuer=org, year=2026), leader, issued_on=dt.date(2026, 1, 8))
    d = _issue(PlanFactory(issuer=other_org, year=2025), outsider_leader, issued_on=dt.date(2025, 3, 5))
    assert (a.number, b.number, c.number, d.number) == (1, 2, 1, 1)
    assert b.symbol_display == "Số: 02/KH-UBND"


def test_issue_date_defaults_to_today_in_vietnam(org, leader, monkeypatch):
    # 18:30 UTC on 31/12 is already 01/01 in Hà Nội.
    from django.utils import timezone

    fixed = dt.datetime(2025, 12, 31, 18, 30, tzinfo=dt.timezone.utc)
    monkeypatch.setattr(timezone, "now", lambda: fixed)
    plan = _issue(PlanFactory(issuer=org, year=2026, place=""), leader)
    assert plan.issued_on == dt.date(2026, 1, 1)
    assert plan.place == org.place_name


def test_new_version_links_to_the_old_and_is_a_draft(plan, leader, staff):
    _issue(plan, leader)
    new = services.plan_new_version(plan=plan, by=staff)
    assert new.replaces == plan and new.version == 2 and new.status == Status.DRAFT
    assert new.number is None and new.issued_on is None
    assert _counts(new) == _counts(plan)
    assert list(plan.replaced_by.all()) == [new]
    with pytest.raises(PlanError):
        services.plan_new_version(plan=plan, by=staff)


def test_nobody_edits_issued_or_submitted_plan(plan, staff, leader):
    services.plan_submit(plan=plan, by=staff)
    for user in (staff, leader):
        with pytest.raises(PlanError):
            services.ensure_editable(plan=plan, by=user)
    services.plan_approve(plan=plan, by=leader)
    services.plan_issue(plan=plan, by=leader)
    for user in (staff, leader):
        with pytest.raises(PlanError):
            services.ensure_editable(plan=plan, by=user)


def test_supervisor_and_agency_never_edit(plan, supervisor, agency_user):
    for user in (supervisor, agency_user):
        with pytest.raises(PlanError):
            services.ensure_editable(plan=plan, by=user)


def test_submit_refused_when_a_token_has_no_rule(plan, staff):
    part = PlanPart.objects.filter(section__plan=plan).first()
    PlanItem.objects.create(part=part, order=9, text="Gửi trong [[khong_co]].")
    with pytest.raises(PlanError) as exc:
        services.plan_submit(plan=plan, by=staff)
    assert "[[khong_co]]" in str(exc.value)


def test_deleting_a_used_rule_is_refused(plan, staff):
    rule = DeadlineRule.objects.get(plan=plan)
    with pytest.raises(PlanError) as exc:
        services.plan_delete_row(plan=plan, row=rule, by=staff)
    assert "[[tra_loi]]" in str(exc.value)
    assert DeadlineRule.objects.filter(pk=rule.pk).exists()


def test_reorder_and_move(plan, staff):
    r2 = Recipient.objects.create(plan=plan, order=2, text="Lưu VP")
    r1 = Recipient.objects.get(plan=plan, order=1)
    services.plan_reorder_rows(plan=plan, queryset=plan.recipients.all(), ids=[r2.pk, r1.pk], by=staff)
    assert list(plan.recipients.values_list("pk", flat=True)) == [r2.pk, r1.pk]
    services.plan_move_row(plan=plan, queryset=plan.recipients.all(), row=r1, direction="up", by=staff)
    assert list(plan.recipients.values_list("pk", flat=True)) == [r1.pk, r2.pk]
    with pytest.raises(PlanError):
        services.plan_reorder_rows(plan=plan, queryset=plan.recipients.all(), ids=[r1.pk], by=staff)


def test_deleting_a_session_keeps_its_groups(plan, staff):
    session = Session.objects.get(plan=plan)
    services.plan_delete_row(plan=plan, row=session, by=staff)
    assert AttendeeGroup.objects.get(plan=plan).session is None


def test_secretary_role_alone_cannot_draft(org, plan):
    secretary_only = member(org, Role.SECRETARY, username="thu-ky")
    with pytest.raises(PlanError):
        services.plan_copy(source=plan, year=2026, by=secretary_only)
    assert PlanSection.objects.filter(plan__year=2026).count() == 0


def test_year_mentions_counts_the_plans_own_texts_not_its_legal_bases(plan, staff):
    plan.subject = "Kế hoạch tổ chức hội nghị đối thoại năm 2025"
    plan.save()
    LegalBasis.objects.create(plan=plan, text="Căn cứ Luật Tổ chức chính quyền địa phương năm 2025;", order=5)
    copy = services.plan_copy(source=plan, year=2026, by=staff)
    assert services.year_mentions(copy, 2025) == 1
    copy.subject = "Kế hoạch tổ chức hội nghị đối thoại năm 2026"
    copy.save()
    assert services.year_mentions(copy, 2025) == 0
    assert services.year_mentions(copy, 2026) == 1
    assert services.year_mentions(copy, 202) == 0  # a whole number, not a part of one
