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

from django.db import IntegrityError, models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dialogue import clock
from dialogue.access import LEADERS, OFFICE, OFFICE_READERS, has_role
from dialogue.errors import DomainError
from dialogue.glyphs import validate_printable
from dialogue.models import Membership, Organization, Role
from registry.issuing import IssueFacts, issue_document, previous_document
from registry.services import DocType, register_next

from .checks import fields_naming_year, number_holder, year_pattern
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
from .notify import plan_moved
from .pdf import render_plan_pdf

# Who may draft and change a plan; supervisors (MTTQ) and agencies only read or see nothing.
WRITER_ROLES = OFFICE
APPROVER_ROLES = LEADERS
# Who may read a plan of their organisation; agency officers see only their petitions.
READER_ROLES = OFFICE_READERS


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


def _told(plan: Plan, transition: PlanTransition, by) -> PlanTransition:
    """The step told to who must act on it or know of it (plans.notify)."""
    plan_moved(plan=plan, transition=transition, by=by)
    return transition


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
    plan = _new_plan_from(template, **_issuer_header(issuer), year=year, copied_from=template, created_by=by)
    PlanTransition.objects.create(plan=plan, from_status="", to_status=Status.DRAFT, by=by,
                                  comment=gettext("Created from the template “%(name)s”.") % {"name": template})
    if template.year != year:
        # A template is a starting text written for its own year: the new plan names its year.
        plan_replace_year(plan=plan, old=template.year, new=year, by=by)
    return plan


def _issuer_header(issuer: Organization) -> dict:
    """A new draft's header, as the issuer prints it."""
    return {
        "issuer": issuer,
        "status": Status.DRAFT,
        "header_parent": issuer.header_parent,
        "header_issuer": "\n".join(issuer.header_lines),
        "symbol": issuer.abbreviation,
        "place": issuer.place_name,
    }


@transaction.atomic
def plan_create_blank(*, issuer: Organization, year: int, by) -> Plan:
    """An empty draft for the issuer: the header and signature block filled from the issuer as a
    template would fill them, and no rows, for an office that writes its plan from scratch."""
    _require_writer(by, issuer.pk)
    _check_year(year)
    plan = Plan.objects.create(
        **_issuer_header(issuer),
        year=year,
        subject="",
        # The collective signs (TM.) in the body's own name: "TM. ỦY BAN NHÂN DÂN", "T/M BAN THƯỜNG VỤ".
        sign_on_behalf_of=_collective_name(issuer),
        created_by=by,
    )
    leader = (
        Membership.objects.filter(organization=issuer, role=Role.LEADER).select_related("user").order_by("id").first()
    )
    if leader is not None:
        plan.signer = leader.user
        plan.signer_name = leader.user.get_full_name()
        plan.sign_position = (leader.position or "").upper()
        plan.save(update_fields=["signer", "signer_name", "sign_position"])
    PlanTransition.objects.create(plan=plan, from_status="", to_status=Status.DRAFT, by=by,
                                  comment=gettext("Created as a blank plan."))
    return plan


def _collective_name(issuer: Organization) -> str:
    """The body that signs collectively: the issuer's first header line without its place
    ("ỦY BAN NHÂN DÂN" of "ỦY BAN NHÂN DÂN / XÃ VĨNH LÂM"); a party committee signs as its standing committee."""
    if issuer.is_party:
        return "BAN THƯỜNG VỤ"
    lines = issuer.header_lines
    return lines[0] if lines else ""


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
    return _told(plan, _record(plan, to=Status.SUBMITTED, by=by), by)


@transaction.atomic
def plan_return(*, plan: Plan, by, comment: str) -> PlanTransition:
    _require_leader(by, plan)
    _lock(plan)
    _require_status(plan, Status.SUBMITTED)
    comment = (comment or "").strip()
    if not comment:
        raise PlanError(_("Write what should be changed before returning the plan."))
    return _told(plan, _record(plan, to=Status.RETURNED, by=by, comment=comment), by)


@transaction.atomic
def plan_approve(*, plan: Plan, by, comment: str = "") -> PlanTransition:
    _require_leader(by, plan)
    _lock(plan)
    _require_status(plan, Status.SUBMITTED)
    return _told(plan, _record(plan, to=Status.APPROVED, by=by, comment=(comment or "").strip()), by)


@transaction.atomic
def plan_issue(*, plan: Plan, by, issued_on: dt.date | None = None, expected_number: int | None = None) -> PlanTransition:
    """Number, date and place the plan and mark it issued.

    The register, the frozen PDF and the digital signature will hang off this
    function, so everything that happens when a plan is issued stays here.
    `expected_number` is the number the leader confirmed (plans.checks.next_number,
    read without a lock); if another issue took it meanwhile, nothing is issued
    and NumberMoved says which number the plan would take now.
    """
    _require_leader(by, plan)
    _lock(plan)
    _require_status(plan, Status.APPROVED)
    # The date in Vietnam decides the register year, not the year the plan is for:
    # a plan for 2027 issued on 30/11/2026 is in the 2026 register, beside the
    # notices issued that day.
    plan.issued_on = issued_on or clock.today()
    year = plan.issued_on.year
    # The register's KH series of the issuer and year: its row stays locked until
    # this commits, so two leaders issuing at once get consecutive numbers. Numbers
    # other plans of that year carry (issued outside the system) are skipped, never reused.
    before = (
        Plan.objects.filter(issuer_id=plan.issuer_id, issued_on__year=year).exclude(pk=plan.pk)
        .aggregate(m=Max("number"))["m"] or 0
    )
    number = register_next(issuer=plan.issuer, year=year, doc_type=DocType.PLAN, after=before)
    if expected_number is not None and number != expected_number:
        # Raised inside the transaction: the counter goes back and the number stays free.
        raise NumberMoved(expected=expected_number, actual=number, plan=plan)
    plan.number = number
    if not plan.place:
        plan.place = plan.issuer.place_name
    if plan.signer_id is None:
        plan.signer = by
    transition = _record(plan, to=Status.ISSUED, by=by)
    _file_in_register(plan, by)
    return _told(plan, transition, by)


def _file_in_register(plan: Plan, by) -> None:
    """The issued plan in the register: its PDF signed and frozen (its Word copy follows, plans.apps)."""
    facts = IssueFacts(
        issuer=plan.issuer, doc_type=DocType.PLAN, number=plan.number, symbol=plan.symbol_display,
        subject=plan.subject, issued_on=plan.issued_on, signer_name=plan.signer_name,
        signer_position=", ".join(plan.signature_lines()),
    )
    issue_document(
        facts=facts, source=plan, by=by,
        # A correction (plan_new_version) names the register entry of the version it replaces.
        replaces=previous_document(plan.replaces),
        render=lambda verification: render_plan_pdf(plan, verification=verification),
    )


class NumberMoved(PlanError):
    """The number the leader confirmed was taken meanwhile."""

    def __init__(self, *, expected: int, actual: int, plan: Plan):
        self.expected, self.actual = expected, actual
        super().__init__(
            _("Number %(expected)02d was taken by another document meanwhile; the plan would now take "
              "%(symbol)s. Check it and confirm again.")
            % {"expected": expected, "symbol": symbol_for(plan, actual)}
        )


def symbol_for(plan: Plan, number: int) -> str:
    """"Số: 06/KH-UBND" (or "Số 06-KH/ĐU"): the plan's number and symbol as it would print with `number`."""
    saved = plan.number
    plan.number = number
    try:
        return plan.symbol_display
    finally:
        plan.number = saved


def _may_correct_before_issue(plan: Plan, user) -> bool:
    """Drafters while the plan is editable; the leader also while it waits for review or issue."""
    if plan.is_editable:
        return has_role(user, plan.issuer_id, *WRITER_ROLES)
    return plan.status in (Status.SUBMITTED, Status.APPROVED) and has_role(user, plan.issuer_id, *APPROVER_ROLES)


def can_replace_year(plan: Plan, user) -> bool:
    return not plan.is_template and _may_correct_before_issue(plan, user)


@transaction.atomic
def plan_replace_year(*, plan: Plan, old: int, new: int, by) -> list[str]:
    """Write `new` for the year `old` in every text of the plan that names it (the legal
    bases excepted: they cite laws by year) and return the fields changed.

    The leader may do it on an approved plan, the one change the checklist offers;
    the history records it with the fields, as the content changed after review.
    """

    _lock(plan)
    if plan.is_template or not _may_correct_before_issue(plan, by):
        raise PlanError(_("You may not change this plan now."))
    _check_year(old)
    _check_year(new)
    if old == new:
        raise PlanError(_("The two years are the same."))
    pattern = year_pattern(old)
    changed = fields_naming_year(plan, old)
    rows: dict[tuple[type, int], tuple[models.Model, set[str]]] = {}
    for text_field in changed:
        setattr(text_field.obj, text_field.attr, pattern.sub(str(new), text_field.text))
        key = (type(text_field.obj), text_field.obj.pk)
        rows.setdefault(key, (text_field.obj, set()))[1].add(text_field.attr)
    for obj, attrs in rows.values():
        if isinstance(obj, Plan):
            continue
        obj.save(update_fields=sorted(attrs))
    labels = [f.label for f in changed]
    if labels:
        plan.save()
        PlanTransition.objects.create(
            plan=plan, from_status=plan.status, to_status=plan.status, by=by,
            comment=gettext("Replaced %(old)s with %(new)s in: %(fields)s.")
            % {"old": old, "new": new, "fields": "; ".join(labels)},
        )
    return labels


def can_record_issued_elsewhere(plan: Plan, user) -> bool:
    return (
        not plan.is_template
        and plan.status != Status.ISSUED
        and has_role(user, plan.issuer_id, *WRITER_ROLES)
    )


SIGNED_COPY_TYPES = {".pdf": "application/pdf", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png"}


@transaction.atomic
def plan_record_issued_elsewhere(
    *, plan: Plan, number: int, symbol: str, issued_on: dt.date, source_document, by
) -> PlanTransition:
    """Record a plan issued outside the system with its own number, date and signed copy.

    The register does not number it and keeps no entry for it: its series counter is
    left as it is (nothing consumed), its copy is the office's scan, not a PDF the
    system signed. Its number must not be one the issuer already used for a plan of
    that year; the register's later numbers go past it (plan_issue's `before`).
    """

    if plan.is_template or not has_role(by, plan.issuer_id, *WRITER_ROLES):
        raise PlanError(_("Only the issuing organisation's leaders and office may record this."))
    _lock(plan)
    _require_status(plan, Status.DRAFT, Status.RETURNED, Status.SUBMITTED, Status.APPROVED)
    if not number or number < 1:
        raise PlanError(_("Enter the number printed on the signed plan."))
    if issued_on is None or issued_on > clock.today():
        raise PlanError(_("Enter the date printed on the signed plan; it cannot be in the future."))
    if not source_document:
        raise PlanError(_("Attach the signed scan or PDF of the plan."))
    holder = number_holder(plan, number)
    if holder is not None:
        raise PlanError(
            _("Number %(number)02d of %(year)s is already taken by %(holder)s.")
            % {"number": number, "year": plan.year, "holder": holder}
        )
    previous = plan.status
    plan.number = number
    plan.symbol = (symbol or "").strip() or plan.symbol
    plan.issued_on = issued_on
    plan.issued_elsewhere = True
    plan.source_document.save(source_document.name, source_document, save=False)
    if not plan.place:
        plan.place = plan.issuer.place_name
    try:
        # A savepoint: a number another office member recorded a moment ago is a message, not an error page.
        with transaction.atomic():
            return _told(plan, _record(
                plan, to=Status.ISSUED, by=by, previous=previous,
                comment=gettext("Recorded as issued outside the system: %(symbol)s, %(date)s.")
                % {"symbol": plan.symbol_display, "date": issued_on.strftime("%d/%m/%Y")},
            ), by)
    except IntegrityError:
        raise PlanError(
            _("Number %(number)02d of %(year)s is already taken.") % {"number": number, "year": plan.year}
        ) from None


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


# --- the plan as one outline (the document editor) -------------------------------------------
#
# The editor sends the whole plan as one JSON outline and saves it in one
# transaction: the header and signature fields, the legal bases, the sections
# with their parts and items, and the structured records the anchors print.
# Each node carries the client's "key" (and the row's "id" once it has one);
# errors come back per key, created rows come back as key → id. A node missing
# from the outline is deleted. The version is a digest of what is stored, so a
# save based on an older state (another tab, the old row forms, the admin) is
# refused instead of silently overwriting it.

# What the editor's outline carries of the plan itself: its text fields (the signing user is chosen elsewhere).
OUTLINE_PLAN_FIELDS = tuple(name for name in _PLAN_CONTENT_FIELDS if name != "signer_id")


class OutlineConflict(PlanError):
    """The outline was based on a version that is no longer the stored one."""


class OutlineInvalid(PlanError):
    """Some nodes of the outline are invalid; `errors` maps a node's key to {field: message}."""

    def __init__(self, errors: dict[str, dict[str, str]]):
        super().__init__(_("Not saved: correct the places marked in red."))
        self.errors = errors


def _n(value) -> str | int | None:
    return None if value in ("", None) else value


def plan_outline(plan: Plan) -> dict:
    """The plan as the editor edits it: every editable field of every row, keyed by row."""
    # Three queries for the body however long it is, grouped here.
    items_of: dict[int, list] = {}
    for i in PlanItem.objects.filter(part__section__plan=plan).order_by("order", "id"):
        items_of.setdefault(i.part_id, []).append(i)
    parts_of: dict[int, list] = {}
    for part in PlanPart.objects.filter(section__plan=plan).order_by("order", "id"):
        parts_of.setdefault(part.section_id, []).append(part)
    sections = []
    for section in PlanSection.objects.filter(plan=plan).order_by("order", "id"):
        parts = []
        for part in parts_of.get(section.pk, []):
            items = [
                {"key": f"item{i.pk}", "id": i.pk, "kind": i.kind, "style": i.style, "text": i.text}
                for i in items_of.get(part.pk, [])
            ]
            parts.append({
                "key": f"part{part.pk}", "id": part.pk, "heading": part.heading, "kind": part.kind,
                "heading_style": part.heading_style, "numbered": part.numbered,
                "organization": part.organization_id, "items": items,
            })
        sections.append({"key": f"sec{section.pk}", "id": section.pk, "heading": section.heading, "parts": parts})
    rows = lambda model: model.objects.filter(plan=plan).order_by("order", "id")  # noqa: E731
    outline = {
        "plan": {name: getattr(plan, name) for name in OUTLINE_PLAN_FIELDS},
        "bases": [{"key": f"basis{b.pk}", "id": b.pk, "text": b.text} for b in rows(LegalBasis)],
        "sections": sections,
        "people": [
            {"key": f"person{p.pk}", "id": p.pk, "role": p.role, "description": p.description} for p in rows(PlanPerson)
        ],
        "sessions": [
            {"key": f"session{s.pk}", "id": s.pk, "window": s.window,
             "planned_date": s.planned_date.isoformat() if s.planned_date else "", "venue": s.venue,
             "audience": s.audience, "expected_attendance": s.expected_attendance, "wording": s.wording}
            for s in rows(Session)
        ],
        "groups": [
            {"key": f"group{g.pk}", "id": g.pk, "category": g.category,
             "session": f"session{g.session_id}" if g.session_id else "", "style": g.style, "text": g.text,
             "expected_count": g.expected_count}
            for g in rows(AttendeeGroup)
        ],
        "agenda": [
            {"key": f"step{a.pk}", "id": a.pk, "style": a.style, "text": a.text, "presenter": a.presenter,
             "minutes": a.minutes}
            for a in rows(AgendaItem)
        ],
        "rules": [
            {"key": f"rule{r.pk}", "id": r.pk, "code": r.code, "name": r.name, "anchor": r.anchor,
             "days": abs(r.offset_days), "direction": "before" if r.offset_days < 0 else "after",
             "day_type": r.day_type, "responsible_text": r.responsible_text}
            for r in rows(DeadlineRule)
        ],
        "recipients": [
            {"key": f"to{r.pk}", "id": r.pk, "text": r.text, "note": r.note} for r in rows(Recipient)
        ],
    }
    outline["version"] = outline_version(outline)
    return outline


def outline_version(outline: dict) -> str:
    """A digest of the stored outline; any change by any path gives another one."""
    import hashlib
    import json

    content = {k: v for k, v in outline.items() if k != "version"}
    raw = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(raw.encode()).hexdigest()[:20]


def office_choices(plan: Plan):
    """The offices a part may bind: the issuer's own departments and agencies, or the issuer itself."""
    return Organization.objects.filter(models.Q(parent_id=plan.issuer_id) | models.Q(pk=plan.issuer_id)).order_by("name")


def _values(obj) -> dict:
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


class _OutlineWriter:
    """Validates every node of an outline into unsaved rows, then writes them in order."""

    def __init__(self, plan: Plan, outline: dict):
        self.plan = plan
        self.outline = outline
        self.errors: dict[str, dict[str, str]] = {}
        self.created: dict[str, int] = {}
        self.rule_codes: set[str] = set()
        self.offices = set(office_choices(plan).values_list("pk", flat=True))
        self.before: dict[int, dict] = {}  # stored values of the rows the outline edits

    # -- helpers

    def error(self, key: str, name: str, message) -> None:
        self.errors.setdefault(str(key), {}).setdefault(name, str(message))

    def nodes(self, name: str, parent: dict | None = None) -> list[dict]:
        value = (parent if parent is not None else self.outline).get(name) or []
        if not isinstance(value, list) or not all(isinstance(node, dict) and node.get("key") for node in value):
            raise PlanError(_("The editor sent a malformed plan; reload the page."))
        return value

    def row(self, model, node: dict, existing: dict):
        """The stored row the node edits (by id), or a new one.

        Only this plan's rows are looked up, so an id of another plan's row (or of a row
        the editor dropped when the line was emptied) makes a new row and touches nothing else.
        """
        try:
            obj = existing[int(node.get("id"))]
        except (KeyError, TypeError, ValueError):
            return model()
        self.before[id(obj)] = _values(obj)
        return obj

    def store(self, node: dict, obj) -> None:
        """Save a row that is new or changed; an unchanged row is left alone (no write, no history row)."""
        if obj.pk is not None and self.before.get(id(obj)) == _values(obj):
            return
        new = obj.pk is None
        obj.save()
        if new:
            self.created[node["key"]] = obj.pk

    def fill(self, obj, node: dict, fields: tuple[str, ...], *, nullable: tuple[str, ...] = (), exclude=()) -> None:
        """Copy the node's fields onto the row and validate them like the model's form would."""
        from django.core.exceptions import ValidationError

        for name in fields:
            value = node.get(name, "")
            if value is None and name not in nullable:
                value = ""
            if isinstance(value, str) and name in nullable:
                value = _n(value.strip())
            setattr(obj, name, value)
        self.printable(node["key"], node, fields)
        skip = [f.name for f in obj._meta.fields if f.name not in fields] + list(exclude)
        try:
            obj.clean_fields(exclude=skip)
            obj.clean()
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                self.error(node["key"], name if name != "__all__" else "text", messages[0])

    def printable(self, key: str, values: dict, names) -> None:
        """Every character typed into the plan prints: one the bundled font lacks is refused here."""
        from django.core.exceptions import ValidationError

        for name in names:
            value = values.get(name)
            if isinstance(value, str):
                try:
                    validate_printable(value)
                except ValidationError as exc:
                    self.error(key, name, exc.messages[0])

    def tokens(self, node: dict, *names: str) -> None:
        for name in names:
            missing = sorted(set(RULE_TOKEN.findall(str(node.get(name) or ""))) - self.rule_codes)
            if missing:
                self.error(node["key"], name, unknown_token_message(missing))

    # -- validation

    def validate(self):
        plan = self.plan
        self.plan_before = _values(plan)
        fields = self.outline.get("plan") or {}
        for name in OUTLINE_PLAN_FIELDS:
            if name in fields:
                setattr(plan, name, fields[name] if fields[name] is not None else "")
        self.rules = self.validate_rules()
        from django.core.exceptions import ValidationError

        # A draft may have no subject yet: plan_submit asks for it, autosave must not.
        checked = [name for name in OUTLINE_PLAN_FIELDS if name != "subject" or plan.subject.strip()]
        try:
            plan.clean_fields(exclude=[f.name for f in plan._meta.fields if f.name not in checked])
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                self.error("plan", name, messages[0])
        self.tokens({"key": "plan", **fields}, "preamble", "closing")
        self.printable("plan", fields, OUTLINE_PLAN_FIELDS)

        def simple(name, model, fields, tokens=(), nullable=(), extra=None):
            existing = {r.pk: r for r in model.objects.filter(plan=plan)}
            out = []
            for node in self.nodes(name):
                obj = self.row(model, node, existing)
                if extra:
                    extra(obj, node)
                self.fill(obj, node, fields, nullable=nullable)
                self.tokens(node, *tokens)
                out.append((node, obj))
            return out, existing

        self.bases = simple("bases", LegalBasis, ("text",), tokens=("text",))
        self.people = simple("people", PlanPerson, ("role", "description"))
        self.sessions = simple(
            "sessions", Session, ("window", "planned_date", "venue", "audience", "expected_attendance", "wording"),
            nullable=("planned_date", "expected_attendance"),
        )
        session_keys = {node["key"] for node, _obj in self.sessions[0]}

        def group_session(obj, node):
            ref = node.get("session") or ""
            if ref and ref not in session_keys:
                self.error(node["key"], "session", _("Choose one of the plan's sessions."))

        self.groups = simple(
            "groups", AttendeeGroup, ("category", "style", "text", "expected_count"), tokens=("text",),
            nullable=("expected_count",), extra=group_session,
        )
        self.agenda = simple(
            "agenda", AgendaItem, ("style", "text", "presenter", "minutes"), tokens=("text",), nullable=("minutes",)
        )
        self.recipients = simple("recipients", Recipient, ("text", "note"))

        sections = {s.pk: s for s in PlanSection.objects.filter(plan=plan)}
        parts = {p.pk: p for p in PlanPart.objects.filter(section__plan=plan)}
        items = {i.pk: i for i in PlanItem.objects.filter(part__section__plan=plan)}
        self.tree = []
        for s_node in self.nodes("sections"):
            section = self.row(PlanSection, s_node, sections)
            self.fill(section, s_node, ("heading",))
            part_rows = []
            for p_node in self.nodes("parts", s_node):
                part = self.row(PlanPart, p_node, parts)
                p_node = {**p_node, "numbered": bool(p_node.get("numbered"))}
                self.fill(part, p_node, ("heading", "kind", "heading_style", "numbered"))
                self.tokens(p_node, "heading")
                office = _n(p_node.get("organization"))
                try:
                    part.organization_id = int(office) if office is not None else None
                except (TypeError, ValueError):
                    part.organization_id = -1
                if part.organization_id is not None and part.organization_id not in self.offices:
                    self.error(p_node["key"], "organization", _("Choose one of the issuer's offices."))
                item_rows = []
                for i_node in self.nodes("items", p_node):
                    item = self.row(PlanItem, i_node, items)
                    self.fill(item, i_node, ("kind", "style", "text"))
                    self.tokens(i_node, "text")
                    item_rows.append((i_node, item))
                part_rows.append((p_node, part, item_rows))
            self.tree.append((s_node, section, part_rows))
        self.existing = {"sections": sections, "parts": parts, "items": items}

    def validate_rules(self):
        existing = {r.pk: r for r in DeadlineRule.objects.filter(plan=self.plan)}
        out = []
        seen: dict[str, str] = {}
        for node in self.nodes("rules"):
            rule = self.row(DeadlineRule, node, existing)
            code = str(node.get("code") or "").strip()
            node = {**node, "code": code}
            try:
                days = int(node.get("days"))
            except (TypeError, ValueError):
                days = None
                self.error(node["key"], "days", _("Enter a whole number of days."))
            if days is not None:
                if not 0 <= days <= 365:
                    self.error(node["key"], "days", _("Enter a number of days between 0 and 365."))
                node["offset_days"] = -days if node.get("direction") == "before" else days
            self.fill(rule, node, ("code", "name", "anchor", "offset_days", "day_type", "responsible_text"))
            if code and not RULE_TOKEN.fullmatch(f"[[{code}]]"):
                self.error(node["key"], "code", _("Use only lower-case letters without accents, digits and _, e.g. tra_loi."))
            elif code in seen:
                self.error(node["key"], "code", _("Another deadline rule already has the code %(code)s.") % {"code": code})
            seen[code] = node["key"]
            self.rule_codes.add(code)
            out.append((node, rule))
        return out, existing

    # -- writing

    def write_list(self, pairs_existing, *, parent: dict, before_save=None):
        pairs, existing = pairs_existing
        kept = set()
        for order, (node, obj) in enumerate(pairs, start=1):
            for name, value in parent.items():
                setattr(obj, name, value)
            obj.order = order
            if before_save:
                before_save(node, obj)
            self.store(node, obj)
            kept.add(obj.pk)
        return [obj for pk, obj in existing.items() if pk not in kept]

    def write(self):
        from django.db.models import ProtectedError

        plan = self.plan
        if self.plan_before != _values(plan):
            plan.save(update_fields=[*OUTLINE_PLAN_FIELDS, "updated_at"])
        # Rules first: free the codes of deleted or renamed rules before others take them.
        rule_pairs, _existing = self.rules
        kept_ids = {obj.pk for _node, obj in rule_pairs if obj.pk}
        DeadlineRule.objects.filter(plan=plan).exclude(pk__in=kept_ids).delete()
        renamed = [obj.pk for _node, obj in rule_pairs if obj.pk and self.before[id(obj)]["code"] != obj.code]
        for pk in renamed:
            DeadlineRule.objects.filter(pk=pk).update(code=f"~{pk}")
        self.write_list((rule_pairs, {}), parent={"plan": plan})
        for name in ("bases", "people", "agenda", "recipients"):
            for gone in self.write_list(getattr(self, name), parent={"plan": plan}):
                gone.delete()
        stale_sessions = self.write_list(self.sessions, parent={"plan": plan})
        session_ids = {node["key"]: obj.pk for node, obj in self.sessions[0]}

        def link_session(node, obj):
            obj.session_id = session_ids.get(node.get("session") or "")

        for gone in self.write_list(self.groups, parent={"plan": plan}, before_save=link_session):
            gone.delete()
        for session in stale_sessions:
            AttendeeGroup.objects.filter(session=session).update(session=None)
            try:
                with transaction.atomic():
                    session.delete()
            except ProtectedError:
                raise PlanError(
                    _("The session “%(session)s” already has a conference; it cannot be removed from the plan.")
                    % {"session": session}
                ) from None
        kept = {"sections": set(), "parts": set(), "items": set()}
        for s_order, (s_node, section, part_rows) in enumerate(self.tree, start=1):
            self._save(s_node, section, order=s_order, plan=plan)
            kept["sections"].add(section.pk)
            for p_order, (p_node, part, item_rows) in enumerate(part_rows, start=1):
                self._save(p_node, part, order=p_order, section=section)
                kept["parts"].add(part.pk)
                for i_order, (i_node, item) in enumerate(item_rows, start=1):
                    self._save(i_node, item, order=i_order, part=part)
                    kept["items"].add(item.pk)
        for name, model in (("items", PlanItem), ("parts", PlanPart), ("sections", PlanSection)):
            gone = [pk for pk in self.existing[name] if pk not in kept[name]]
            if gone:
                model.objects.filter(pk__in=gone).delete()

    def _save(self, node, obj, *, order, **parent):
        for name, value in parent.items():
            setattr(obj, name, value)
        obj.order = order
        self.store(node, obj)


@transaction.atomic
def plan_save_outline(*, plan: Plan, outline: dict, by) -> dict:
    """Store the whole outline the editor sent, if it was based on the stored version.

    Returns {"version": the new version, "created": {key: id}}. Raises OutlineConflict
    when the plan changed since `outline["version"]`, OutlineInvalid with the errors
    per node when a node is invalid (nothing is saved), PlanError when the user may
    not edit the plan.
    """
    ensure_editable(plan=plan, by=by)
    locked = Plan.objects.select_for_update().get(pk=plan.pk)
    if not locked.is_editable:
        raise PlanError(
            _("The plan is “%(status)s” and can no longer be changed.") % {"status": locked.get_status_display()}
        )
    if outline.get("version") != plan_outline(locked)["version"]:
        raise OutlineConflict(_("The plan was changed elsewhere (another tab or user) since this page was loaded."))
    writer = _OutlineWriter(locked, outline)
    writer.validate()
    if writer.errors:
        raise OutlineInvalid(writer.errors)
    writer.write()
    return {"version": plan_outline(locked)["version"], "created": writer.created}

