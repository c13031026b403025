"""The three seed plans as demo data, and one template per kind of issuer built from them.

Each seed is entered as records, not as text: sessions, chairs, secretaries,
attendee groups, agenda steps, responsibilities, deadline rules, recipients and
the signature are rows of their own, and the printed outline only places them
(anchor items) or names them ([[code]] tokens for the time limits). Printing a
seed plan therefore reproduces the original document's wording, which
plans/tests/test_pdf.py checks word by word against the seed texts in plans/tests/data/seeds.
The records are data: one JSON file per seed in this package, read by .spec.

The wording is the seeds' own, typos included; only the line breaks that PDF
extraction left inside words and sentences are undone.

`load_seed_plans()` and `load_templates()` are idempotent: a second run updates
the same rows (sessions and deadline rules in place, since conferences and
deadlines point at them) and replaces the outline.
"""

from __future__ import annotations

from dataclasses import replace

from django.db import transaction

from deadlines.rules import LAW
from dialogue.demo import load_organizations
from dialogue.models import Membership, Organization, Role

from ..models import (
    AgendaItem,
    AttendeeGroup,
    DeadlineRule,
    LegalBasis,
    PersonRole,
    Plan,
    PlanItem,
    PlanPart,
    PlanPerson,
    PlanSection,
    PlanTransition,
    Recipient,
    Session,
    Status,
)
from .spec import PlanSpec, Rule, load_spec

SEEDS: dict[str, PlanSpec] = {key: load_spec(key) for key in ("000", "002", "004")}


# ---------------------------------------------------------------- loading


def _member(org: Organization | None, role: str):
    if org is None:
        return None
    membership = (
        Membership.objects.filter(organization=org, role=role).select_related("user").order_by("id").first()
    )
    return membership.user if membership else None


def _fill(plan: Plan, spec: PlanSpec, orgs: dict[str, Organization], *, template: bool) -> Plan:
    """Write the spec's records under `plan`, replacing what a previous run wrote."""

    def org(code: str | None) -> Organization | None:
        return None if template or code is None else orgs.get(code)

    leader = None if template else _member(plan.issuer, Role.LEADER)

    plan.legal_bases.all().delete()
    for order, text in enumerate(spec.legal_bases):
        LegalBasis.objects.create(plan=plan, order=order, text=text)

    plan.people.all().delete()
    people = [(PersonRole.CHAIR, d) for d in spec.chairs] + [(PersonRole.SECRETARY, d) for d in spec.secretaries]
    for order, (role, description) in enumerate(people):
        user = leader if role == PersonRole.CHAIR and spec.leader_chairs else None
        PlanPerson.objects.create(plan=plan, order=order, role=role, description=description, user=user)

    # Sessions are updated in place: conferences point at them (PROTECT).
    existing = list(plan.sessions.order_by("order", "id"))
    sessions: dict[str, Session] = {}
    for order, s in enumerate(spec.sessions):
        row = existing[order] if order < len(existing) else Session(plan=plan)
        row.order, row.window, row.venue, row.audience = order, s.window, s.venue, s.audience
        row.expected_attendance, row.wording, row.planned_date = s.expected_attendance, s.wording, None
        row.save()
        sessions[s.key] = row
    for row in existing[len(spec.sessions):]:
        if not row.conferences.exists():
            row.delete()

    plan.attendee_groups.all().delete()
    for order, g in enumerate(spec.groups):
        AttendeeGroup.objects.create(
            plan=plan,
            order=order,
            session=sessions.get(g.session) if g.session else None,
            category=g.category,
            style=g.style,
            text=g.text,
            expected_count=g.expected_count,
        )

    plan.agenda.all().delete()
    for order, step in enumerate(spec.agenda):
        AgendaItem.objects.create(plan=plan, order=order, style=step.style, text=step.text)

    # Deadline rules are matched by code, so anything that refers to a rule keeps it.
    plan.deadline_rules.exclude(code__in=[r.code for r in spec.rules]).delete()
    for order, r in enumerate(spec.rules):
        DeadlineRule.objects.update_or_create(
            plan=plan,
            code=r.code,
            defaults=dict(
                order=order,
                name=r.name,
                anchor=r.anchor,
                offset_days=r.offset_days,
                day_type=r.day_type,
                responsible_text=r.responsible_text,
                responsible_org=org(r.responsible_org),
            ),
        )

    plan.recipients.all().delete()
    for order, to in enumerate(spec.recipients):
        Recipient.objects.create(plan=plan, order=order, text=to.text, note=to.note, organization=org(to.org))

    plan.sections.all().delete()
    for s_order, section in enumerate(spec.sections):
        section_row = PlanSection.objects.create(plan=plan, order=s_order, heading=section.heading)
        for p_order, part in enumerate(section.parts):
            part_row = PlanPart.objects.create(
                section=section_row,
                order=p_order,
                kind=part.kind,
                heading=part.heading,
                heading_style=part.heading_style,
                numbered=part.numbered,
                organization=org(part.org),
            )
            PlanItem.objects.bulk_create(
                PlanItem(part=part_row, order=i_order, kind=item.kind, style=item.style, text=item.text)
                for i_order, item in enumerate(part.items)
            )
    return plan


def _plan_fields(spec: PlanSpec) -> dict:
    return dict(
        document_name="KẾ HOẠCH",
        preamble="\n".join(spec.preamble),
        closing="\n".join(spec.closing),
        archive_line=spec.archive_line,
        sign_authority=spec.sign_authority,
        sign_on_behalf_of=spec.sign_on_behalf_of,
        sign_deputy_authority=spec.sign_deputy_authority,
        sign_deputy_of=spec.sign_deputy_of,
        sign_position=spec.sign_position,
    )


@transaction.atomic
def load_seed_plan(spec: PlanSpec, orgs: dict[str, Organization]) -> Plan:
    issuer = orgs[spec.issuer]
    leader = _member(issuer, Role.LEADER)
    fields = dict(
        _plan_fields(spec),
        status=Status.APPROVED,
        header_parent=issuer.header_parent,
        header_issuer=issuer.header_name,
        number=None,
        symbol=issuer.abbreviation,
        place=issuer.place_name,
        issued_on=None,
        signer_name=spec.signer_name,
        signer=leader,
        created_by=_member(issuer, Role.STAFF),
    )
    # An issued document is frozen: a demo plan issued meanwhile is left alone and a new one is made.
    plan = (
        Plan.objects.filter(issuer=issuer, year=spec.year, is_template=False, subject=spec.subject)
        .exclude(status=Status.ISSUED)
        .order_by("id")
        .first()
    )
    if plan is None:
        plan = Plan(issuer=issuer, year=spec.year, subject=spec.subject)
    for name, value in fields.items():
        setattr(plan, name, value)
    plan.save()
    _fill(plan, spec, orgs, template=False)
    plan.transitions.all().delete()
    if leader is not None:
        PlanTransition.objects.create(
            plan=plan, from_status=Status.SUBMITTED, to_status=Status.APPROVED, by=leader, comment="Dữ liệu mẫu."
        )
    return plan


def load_seed_plans() -> dict[str, Plan]:
    """The three seed plans, approved and unnumbered (they print as DỰ THẢO), keyed "000", "002", "004"."""

    orgs = load_organizations()
    return {key: load_seed_plan(spec, orgs) for key, spec in SEEDS.items()}


# Every template watches the six deadlines of the work (deadlines.rules); where
# its seed names no rule for one, the law's default is added so a plan made
# from the template shows and can edit it.
def _law_rules() -> list[Rule]:
    return [Rule(r.code, r.name, r.anchor, r.offset_days, r.day_type) for r in LAW.values()]


@transaction.atomic
def load_template(spec: PlanSpec) -> Plan:
    """A template with the seed's structure; header and signer come from the issuer that uses it."""
    plan = Plan.objects.filter(is_template=True, template_kind=spec.template_kind, template_name=spec.template_name).first()
    if plan is None:
        plan = Plan(is_template=True, template_kind=spec.template_kind, template_name=spec.template_name)
    fields = dict(
        _plan_fields(spec),
        issuer=None,
        year=spec.year,
        status=Status.DRAFT,
        subject=spec.subject,
        header_parent="",
        header_issuer="",
        number=None,
        symbol="",
        place="",
        issued_on=None,
        signer_name="",
        signer=None,
    )
    for name, value in fields.items():
        setattr(plan, name, value)
    plan.save()
    have = {r.code for r in spec.rules}
    rules = spec.rules + [r for r in _law_rules() if r.code not in have]
    return _fill(plan, replace(spec, rules=rules), {}, template=True)


def load_templates() -> list[Plan]:
    """One template per kind of issuer: UBND from seed 002, HĐND from 000, party committee from 004."""
    return [load_template(SEEDS[key]) for key in ("002", "000", "004")]
