"""What users do to a plan: create it, copy it, edit it, and move it through review.

Every function is keyword-only, runs in one transaction, checks the user's role
on the issuer and the plan's state, and raises PlanError (a Vietnamese message
the view shows) instead of doing something illegal. Each change of state
writes one PlanTransition row, which is the history the plan page shows.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dialogue.access import has_role
from dialogue.errors import DomainError
from dialogue.models import Organization, Role

from .models import (
    RULE_TOKEN,
    AgendaItem,
    AttendeeGroup,
    DeadlineRule,
    LegalBasis,
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

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")

# Who may draft and change a plan; supervisors (MTTQ) and agencies only read or see nothing.
WRITER_ROLES = (Role.STAFF, Role.LEADER, Role.ADMIN)
APPROVER_ROLES = (Role.LEADER,)
# Who may read a plan of their organisation; agency officers see only their petitions.
READER_ROLES = (Role.STAFF, Role.LEADER, Role.SECRETARY, Role.SUPERVISOR, Role.ADMIN)


class PlanError(DomainError):
    """A refused operation on a plan."""


# --- permission helpers -------------------------------------------------------------------


def can_edit(plan: Plan, user) -> bool:
    return plan.is_editable and not plan.is_template and has_role(user, plan.issuer_id, *WRITER_ROLES)


def can_submit(plan: Plan, user) -> bool:
    return plan.status in (Status.DRAFT, Status.RETURNED) and has_role(user, plan.issuer_id, *WRITER_ROLES)


def can_review(plan: Plan, user) -> bool:
    return plan.status == Status.SUBMITTED and has_role(user, plan.issuer_id, *APPROVER_ROLES)


def can_issue(plan: Plan, user) -> bool:
    return plan.status == Status.APPROVED and has_role(user, plan.issuer_id, *APPROVER_ROLES)


def can_new_version(plan: Plan, user) -> bool:
    return (
        plan.status == Status.ISSUED
        and has_role(user, plan.issuer_id, *WRITER_ROLES)
        and not plan.replaced_by.exists()
    )


def _require_writer(user, organization_id: int | None) -> None:
    if organization_id is None or not has_role(user, organization_id, *WRITER_ROLES):
        raise PlanError(_("You may not draft or change plans of this organisation."))


def _require_leader(user, plan: Plan) -> None:
    if not has_role(user, plan.issuer_id, *APPROVER_ROLES):
        raise PlanError(_("Only a leader of the issuing organisation may do this."))


def _require_status(plan: Plan, *allowed: str) -> None:
    if plan.status not in allowed:
        raise PlanError(
            _("This cannot be done to a plan that is “%(status)s”.") % {"status": plan.get_status_display()}
        )


def ensure_editable(*, plan: Plan, by) -> None:
    """Refuse any change to a plan the user may not edit now (role, template, state)."""
    if plan.is_template:
        raise PlanError(_("Templates are changed by an administrator."))
    _require_writer(by, plan.issuer_id)
    if not plan.is_editable:
        raise PlanError(
            _("The plan is “%(status)s” and can no longer be changed.") % {"status": plan.get_status_display()}
        )


def _lock(plan: Plan) -> Plan:
    """Re-read the plan under a row lock so two reviewers can't both move it."""
    locked = Plan.objects.select_for_update().get(pk=plan.pk)
    plan.status = locked.status
    return plan


def _record(plan: Plan, *, to: str, by, comment: str = "", previous: str | None = None) -> PlanTransition:
    from_status = plan.status if previous is None else previous
    plan.status = to
    plan.save()
    return PlanTransition.objects.create(plan=plan, from_status=from_status, to_status=to, by=by, comment=comment)


# --- deadline tokens -----------------------------------------------------------------------


def plan_texts(plan: Plan) -> Iterable[str]:
    """Every text of the plan in which a [[code]] token may be written."""
    yield from LegalBasis.objects.filter(plan=plan).values_list("text", flat=True)
    yield from _own_texts(plan)


def _own_texts(plan: Plan) -> Iterable[str]:
    """The plan's texts but its legal bases, which quote other documents."""
    yield plan.preamble
    yield plan.closing
    yield from PlanPart.objects.filter(section__plan=plan).values_list("heading", flat=True)
    yield from PlanItem.objects.filter(part__section__plan=plan).values_list("text", flat=True)
    yield from AttendeeGroup.objects.filter(plan=plan).values_list("text", flat=True)
    yield from AgendaItem.objects.filter(plan=plan).values_list("text", flat=True)


def used_tokens(plan: Plan) -> set[str]:
    return {match for text in plan_texts(plan) for match in RULE_TOKEN.findall(text or "")}


def missing_tokens(plan: Plan, texts: Iterable[str] | None = None) -> list[str]:
    """Tokens written in the texts (default: the whole plan) that no deadline rule defines."""
    found = {m for text in (plan_texts(plan) if texts is None else texts) for m in RULE_TOKEN.findall(text or "")}
    known = set(DeadlineRule.objects.filter(plan=plan).values_list("code", flat=True))
    return sorted(found - known)


def unknown_token_message(codes: Iterable[str]):
    tokens = ", ".join(f"[[{code}]]" for code in codes)
    return _("No deadline rule has the code %(tokens)s. Add it under “Deadline rules” or correct the text.") % {
        "tokens": tokens
    }


# --- creating plans ------------------------------------------------------------------------

# The child collections copied with a plan, in an order that keeps foreign keys valid.
_PLAN_CHILDREN = (LegalBasis, PlanPerson, AgendaItem, DeadlineRule, Recipient)


def _clone(obj: models.Model, **changes) -> models.Model:
    """A saved copy of a row with some fields changed (a new primary key)."""
    values = {
        f.attname: getattr(obj, f.attname)
        for f in obj._meta.concrete_fields
        if not f.primary_key
    }
    values.update(changes)
    return type(obj).objects.create(**values)


def _copy_children(source: Plan, target: Plan) -> None:
    for model in _PLAN_CHILDREN:
        for row in model.objects.filter(plan=source).order_by("order", "id"):
            _clone(row, plan_id=target.pk)
    session_map: dict[int, int] = {}
    for session in Session.objects.filter(plan=source).order_by("order", "id"):
        session_map[session.pk] = _clone(session, plan_id=target.pk).pk
    for group in AttendeeGroup.objects.filter(plan=source).order_by("order", "id"):
        _clone(group, plan_id=target.pk, session_id=session_map.get(group.session_id))
    for section in PlanSection.objects.filter(plan=source).order_by("order", "id"):
        new_section = _clone(section, plan_id=target.pk)
        for part in PlanPart.objects.filter(section=section).order_by("order", "id"):
            new_part = _clone(part, section_id=new_section.pk)
            for item in PlanItem.objects.filter(part=part).order_by("order", "id"):
                _clone(item, part_id=new_part.pk)


_PLAN_CONTENT_FIELDS = (
    "header_parent",
    "header_issuer",
    "symbol",
    "place",
    "document_name",
    "subject",
    "preamble",
    "closing",
    "archive_line",
    "sign_authority",
    "sign_on_behalf_of",
    "sign_deputy_authority",
    "sign_deputy_of",
    "sign_position",
    "signer_name",
    "signer_id",
)


def _new_plan_from(source: Plan, **fields) -> Plan:
    values = {name: getattr(source, name) for name in _PLAN_CONTENT_FIELDS}
    values.update(fields)
    plan = Plan.objects.create(**values)
    _copy_children(source, plan)
    return plan


def _check_year(year: int) -> None:
    if not 2000 <= int(year) <= 2100:
        raise PlanError(_("Enter a year between 2000 and 2100."))


@transaction.atomic
def plan_create_from_template(*, template: Plan, issuer: Organization, year: int, by) -> Plan:
    """A new draft for the issuer, with the template's content and the issuer's own header."""
    if not template.is_template:
        raise PlanError(_("Choose one of the templates."))
    _require_writer(by, issuer.pk)
    _check_year(year)
    plan = _new_plan_from(
        template,
        issuer=issuer,
        year=year,
        status=Status.DRAFT,
        header_parent=issuer.header_parent,
        header_issuer="\n".join(issuer.header_lines),
        symbol=issuer.abbreviation,
        place=issuer.place_name,
        copied_from=template,
        created_by=by,
    )
    PlanTransition.objects.create(plan=plan, from_status="", to_status=Status.DRAFT, by=by,
                                  comment=gettext("Created from the template “%(name)s”.") % {"name": template})
    return plan


@transaction.atomic
def plan_copy(*, source: Plan, year: int, by) -> Plan:
    """A new draft of the same issuer for another year, with every record of the source copied."""
    if source.is_template:
        raise PlanError(_("Start from a template with “New plan from a template”."))
    _require_writer(by, source.issuer_id)
    _check_year(year)
    plan = _new_plan_from(
        source, issuer=source.issuer, year=year, status=Status.DRAFT, copied_from=source, created_by=by
    )
    PlanTransition.objects.create(plan=plan, from_status="", to_status=Status.DRAFT, by=by,
                                  comment=gettext("Copied from the plan of %(year)s.") % {"year": source.year})
    return plan


def year_mentions(plan: Plan, year: int) -> int:
    """How many of the plan's own texts still name the year, e.g. the source year after a copy.

    The legal bases are left out: they cite laws and resolutions by the year they were passed.
    """
    word = re.compile(rf"(?<!\d){int(year)}(?!\d)")
    return sum(1 for text in (plan.subject, *_own_texts(plan)) if text and word.search(text))


# --- review workflow -----------------------------------------------------------------------


@transaction.atomic
def plan_submit(*, plan: Plan, by) -> PlanTransition:
    _require_writer(by, plan.issuer_id)
    _lock(plan)
    _require_status(plan, Status.DRAFT, Status.RETURNED)
    if not plan.subject.strip():
        raise PlanError(_("Enter the subject line before submitting the plan."))
    missing = missing_tokens(plan)
    if missing:
        raise PlanError(unknown_token_message(missing))
    return _record(plan, to=Status.SUBMITTED, by=by)


@transaction.atomic
def plan_return(*, plan: Plan, by, comment: str) -> PlanTransition:
    _require_leader(by, plan)
    _lock(plan)
    _require_status(plan, Status.SUBMITTED)
    comment = (comment or "").strip()
    if not comment:
        raise PlanError(_("Write what should be changed before returning the plan."))
    return _record(plan, to=Status.RETURNED, by=by, comment=comment)


@transaction.atomic
def plan_approve(*, plan: Plan, by, comment: str = "") -> PlanTransition:
    _require_leader(by, plan)
    _lock(plan)
    _require_status(plan, Status.SUBMITTED)
    return _record(plan, to=Status.APPROVED, by=by, comment=(comment or "").strip())


def today_local() -> dt.date:
    return timezone.now().astimezone(LOCAL_TZ).date()


@transaction.atomic
def plan_issue(*, plan: Plan, by, issued_on: dt.date | None = None) -> PlanTransition:
    """Number, date and place the plan and mark it issued.

    The register, the frozen PDF and the digital signature will hang off this
    function, so everything that happens when a plan is issued stays here.
    """
    from registry.issuing import freeze_plan
    from registry.services import DocType, register_next

    _require_leader(by, plan)
    _lock(plan)
    _require_status(plan, Status.APPROVED)
    # The date in Vietnam decides the register year, not the year the plan is for:
    # a plan for 2027 issued on 30/11/2026 is in the 2026 register, beside the
    # notices issued that day.
    plan.issued_on = issued_on or today_local()
    year = plan.issued_on.year
    # The register's KH series of the issuer and year: its row stays locked until
    # this commits, so two leaders issuing at once get consecutive numbers.
    before = (
        Plan.objects.filter(issuer_id=plan.issuer_id, issued_on__year=year).aggregate(m=Max("number"))["m"] or 0
    )
    plan.number = register_next(issuer=plan.issuer, year=year, doc_type=DocType.PLAN, after=before)
    if not plan.place:
        plan.place = plan.issuer.place_name
    if plan.signer_id is None:
        plan.signer = by
    transition = _record(plan, to=Status.ISSUED, by=by)
    freeze_plan(plan=plan, by=by)
    return transition


@transaction.atomic
def plan_new_version(*, plan: Plan, by) -> Plan:
    """A correction of an issued plan: a new draft that replaces it, one version up."""
    _require_writer(by, plan.issuer_id)
    _lock(plan)
    _require_status(plan, Status.ISSUED)
    if Plan.objects.filter(replaces=plan).exists():
        raise PlanError(_("A newer version of this plan already exists."))
    new = _new_plan_from(
        plan,
        issuer=plan.issuer,
        year=plan.year,
        status=Status.DRAFT,
        replaces=plan,
        version=plan.version + 1,
        copied_from=plan,
        created_by=by,
    )
    PlanTransition.objects.create(
        plan=new, from_status="", to_status=Status.DRAFT, by=by,
        comment=gettext("Version %(version)s, correcting %(symbol)s.") % {"version": new.version, "symbol": plan.symbol_display},
    )
    return new


# --- editing -------------------------------------------------------------------------------


@transaction.atomic
def plan_save_form(*, plan: Plan, form, by):
    """Save a validated ModelForm of the plan or one of its rows, if the user may edit the plan."""
    ensure_editable(plan=plan, by=by)
    obj = form.save()
    Plan.objects.filter(pk=plan.pk).update(updated_at=timezone.now())
    return obj


@transaction.atomic
def plan_add_row(*, plan: Plan, form, by, parent_field: str, parent: models.Model):
    """Add a row at the end of its list (the plan's, a section's or a part's)."""
    ensure_editable(plan=plan, by=by)
    obj = form.save(commit=False)
    setattr(obj, parent_field, parent)
    siblings = type(obj).objects.filter(**{parent_field: parent})
    obj.order = (siblings.aggregate(m=Max("order"))["m"] or 0) + 1
    obj.save()
    return obj


@transaction.atomic
def plan_delete_row(*, plan: Plan, row, by) -> None:
    ensure_editable(plan=plan, by=by)
    if isinstance(row, DeadlineRule):
        if row.code in used_tokens(plan):
            raise PlanError(
                _("The deadline [[%(code)s]] is used in the plan's text; remove it from the text first.")
                % {"code": row.code}
            )
    if isinstance(row, Session):
        AttendeeGroup.objects.filter(session=row).update(session=None)
    row.delete()


@transaction.atomic
def plan_reorder_rows(*, plan: Plan, queryset, ids: list[int], by) -> None:
    """Store a new order for the rows of one list; ids not in the list are refused."""
    ensure_editable(plan=plan, by=by)
    rows = {row.pk: row for row in queryset}
    if sorted(ids) != sorted(rows):
        raise PlanError(_("The list has changed meanwhile; reload the page and try again."))
    for position, pk in enumerate(ids, start=1):
        if rows[pk].order != position:
            rows[pk].order = position
            rows[pk].save(update_fields=["order"])


@transaction.atomic
def plan_move_row(*, plan: Plan, queryset, row, direction: str, by) -> None:
    """Move a row one place up or down within its list."""
    ids = [r.pk for r in queryset]
    index = ids.index(row.pk)
    target = index - 1 if direction == "up" else index + 1
    if 0 <= target < len(ids):
        ids[index], ids[target] = ids[target], ids[index]
    plan_reorder_rows(plan=plan, queryset=queryset, ids=ids, by=by)
