"""What people do to a petition: register it, group duplicates, conclude it,
assign it, answer it, review the answer, and say whether it satisfied them.

Every function is keyword-only, runs in one transaction, checks the user's role
and the petition's state, and raises PetitionError (a Vietnamese message the
view shows) instead of doing something illegal. Each step writes PetitionEvent
rows; a grouped petition's steps are recorded on the lead and mirrored to every
member, so one answer serves all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from conferences.models import ConferenceStatus
from conferences.services import has_started, is_conference_secretary
from deadlines import services as deadline_hooks
from deadlines.rules import assignment_dates
from dialogue import clock, phones
from dialogue.access import LEADERS, OFFICE, OFFICE_READERS, RECORDERS, has_role
from dialogue.errors import DomainError
from dialogue.models import Organization, Role
from dialogue.text import fold
from dialogue.updates import UNSET, given, model_update

from . import citizen
from . import notify as told
from .models import (
    CONCLUDABLE,
    AnswerPolicy,
    Assignment,
    AssignmentStatus,
    Conclusion,
    ConclusionNotice,
    EventKind,
    Feedback,
    Field,
    Outcome,
    Petition,
    PetitionEvent,
    PetitionGroup,
    PetitionStatus,
    Priority,
    Response,
    ReviewStatus,
    Source,
)

# Who reads an organisation's petitions; agencies see only their inbox.
READER_ROLES = OFFICE_READERS
# Who enters petitions (a secretary, at the conferences naming them: dialogue.access).
RECORDER_ROLES = RECORDERS
# Who groups petitions, drafts conclusions, assigns and drafts notices: the office, not a secretary.
DRAFTER_ROLES = OFFICE
# Who approves conclusions (the chair).
APPROVER_ROLES = LEADERS
# Who accepts or returns an agency's answer ("the office or the leader").
REVIEWER_ROLES = OFFICE
# Who acts for the agency an assignment names; the office answers its own
# "in writing" petitions, which are assigned to itself.
AGENCY_ROLES = (Role.AGENCY, *OFFICE)

# Conference states in which citizens may register online and petitions may be captured.
REGISTRATION_OPEN = (ConferenceStatus.ANNOUNCED,)
CAPTURE_OPEN = (ConferenceStatus.ANNOUNCED, ConferenceStatus.HELD)



class PetitionError(DomainError):
    """A refused operation on a petition, a conclusion or an answer."""


# --- permission helpers (also used by templates to show or hide actions) -----------------


def can_draft(user, organization_id: int) -> bool:
    """Group, conclude, assign, draft notices: the office, never a secretary."""
    return has_role(user, organization_id, *DRAFTER_ROLES)


def can_record(user, organization_id: int, conference=None) -> bool:
    """Enter or correct a petition: the office, or the secretary of its conference."""
    if can_draft(user, organization_id):
        return True
    if conference is None or not has_role(user, organization_id, Role.SECRETARY):
        return False

    return is_conference_secretary(user, conference)


def can_see_contact(user, petition: Petition) -> bool:
    """The petitioner's phone, address and e-mail: as the public form promises, the office
    (and the secretary who recorded it at the conference) and an agency it is assigned to;
    not the Front's supervisor, who reads the rest."""
    if can_record(user, petition.organization_id, petition.conference):
        return True
    agencies = {a.agency_id for a in petition.assignments.all()}
    return any(has_role(user, agency, *AGENCY_ROLES) for agency in agencies)


def can_approve(user, petition: Petition) -> bool:
    return has_role(user, petition.organization_id, *APPROVER_ROLES)


def can_review(user, petition: Petition) -> bool:
    return has_role(user, petition.organization_id, *REVIEWER_ROLES)


def can_act_for_agency(user, assignment: Assignment) -> bool:
    return has_role(user, assignment.agency_id, *AGENCY_ROLES)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PetitionError(_("You are not allowed to do this."))


def _lock(petition: Petition) -> Petition:
    return Petition.objects.select_for_update(of=("self",)).select_related("conference", "group").get(pk=petition.pk)


def family(petition: Petition) -> list[Petition]:
    """The petition and the others grouped with it, the lead first."""
    if petition.group_id is None:
        return [petition]
    members = list(Petition.objects.filter(group_id=petition.group_id).select_related("group"))
    return sorted(members, key=lambda p: (p.pk != p.group.lead_id, p.pk))


def touch_public(petitions: Iterable[Petition], now=None) -> None:
    """Move `updated_at` forward: the public status page is cached under it (page_cache.py)."""
    Petition.objects.filter(pk__in=[p.pk for p in petitions]).update(updated_at=now or timezone.now())


def record_events(petitions: Iterable[Petition], kind: str, *, by=None, public: bool = False, **fields) -> None:
    """One event per petition; a public one changes what the citizen's page shows."""
    petitions = list(petitions)
    now = timezone.now()
    events = PetitionEvent.objects.bulk_create(
        [PetitionEvent(petition=p, kind=kind, by=by, public=public, at=now, **fields) for p in petitions]
    )
    if public:
        touch_public(petitions, now)
        citizen.on_events(events)


def _set_status(petitions: list[Petition], status: str) -> None:
    Petition.objects.filter(pk__in=[p.pk for p in petitions]).update(status=status, updated_at=timezone.now())
    for p in petitions:
        p.status = status


# --- registering ---------------------------------------------------------------------------


def _check_field(field: Field | None, organization_id: int) -> None:
    if field is not None and field.organization_id not in (None, organization_id):
        raise PetitionError(_("Choose a field from the list."), field="field")


def _create(*, organization: Organization, source: str, by, conference=None, **values) -> Petition:
    _check_field(values.get("field"), organization.pk)
    content = (values.get("content") or "").strip()
    name = (values.get("petitioner_name") or "").strip()
    if not content:
        raise PetitionError(_("Write the content of the petition."), field="content")
    if not name:
        raise PetitionError(_("Write the petitioner's full name."), field="petitioner_name")
    values.update(content=content, petitioner_name=name)
    petition = Petition.objects.create(
        organization=organization, conference=conference, source=source, created_by=by, **values
    )
    record_events([petition], EventKind.REGISTERED, by=by, public=True)
    return petition


PETITION_FIELDS = (
    "petitioner_name", "petitioner_address", "petitioner_phone", "petitioner_email",
    "field", "content", "priority", "received_on", "speech_number", "is_public", "email_updates",
)


def _petition_values(values: dict) -> dict:
    unknown = set(values) - set(PETITION_FIELDS)
    if unknown:
        raise TypeError(f"unknown petition fields: {sorted(unknown)}")
    return {k: v for k, v in values.items() if v is not None}


def registration_closed_reason(conference, now: dt.datetime | None = None) -> str | None:
    """Why a citizen cannot register a question for the conference now, or None when they can.
    Registering is for before the conference: at the start, questions are raised in the hall."""
    if conference.status not in REGISTRATION_OPEN:
        return str(_("Registration for this conference is closed."))

    if has_started(conference, now):
        return str(_("The conference has started: questions are no longer registered online. "
                     "You may raise yours at the conference or send it in writing to the office."))
    return None


@transaction.atomic
def petition_register_online(*, conference, **values) -> Petition:
    """A citizen registers a question for an announced conference (no log-in), before it starts."""
    closed = registration_closed_reason(conference)
    if closed:
        raise PetitionError(closed)
    values = _petition_values(values)
    values.pop("is_public", None)
    values.pop("speech_number", None)
    values["priority"] = Priority.NORMAL
    # One registration at a time per conference (on SQLite the IMMEDIATE transaction
    # already serialises them), so a form sent twice at once finds the first.
    type(conference).objects.select_for_update().filter(pk=conference.pk).first()
    same = _same_online_registration(conference, values)
    if same is not None:
        return same
    return _create(
        organization=conference.organization, conference=conference, source=Source.ONLINE, by=None, **values
    )


def _same_online_registration(conference, values: dict) -> Petition | None:
    """The citizen's earlier registration of the same question for this conference:
    the same person (folded name and phone) and the same folded content. A form sent
    twice (a double tap, a retry on a bad connection, Back and send) is one
    question; the receipt of the first is shown again."""
    content_key = fold(values.get("content") or "")
    name_key = fold(values.get("petitioner_name") or "")[:120]
    if not content_key or not name_key:
        return None
    return (
        Petition.objects.filter(
            conference=conference, source=Source.ONLINE, name_key=name_key,
            phone_key=phones.phone_key(values.get("petitioner_phone") or "")[:20], content_key=content_key,
        )
        .order_by("pk")
        .first()
    )


@transaction.atomic
def petition_record(*, organization: Organization, by, source: str, conference=None, **values) -> Petition:
    """Office staff enter a petition from a paper slip, a letter or the Front's list."""
    _require(can_record(by, organization.pk, conference))
    if source not in Source.values or source == Source.ONLINE:
        raise PetitionError(_("Choose where the petition came from."), field="source")
    if conference is not None and conference.organization_id != organization.pk:
        raise PetitionError(_("Choose a conference of this organisation."), field="conference")
    if source == Source.CONFERENCE and conference is None:
        raise PetitionError(_("A petition raised at a conference needs the conference."), field="conference")
    return _create(organization=organization, source=source, by=by, conference=conference, **_petition_values(values))


@transaction.atomic
def petition_capture_at_conference(*, conference, by, speech_number: int | None = None, **values) -> Petition:
    """A petition raised in a speech at the conference; the speakers list page calls this."""
    _require(can_record(by, conference.organization_id, conference))
    if conference.status not in CAPTURE_OPEN:
        raise PetitionError(_("Petitions are captured while the conference is announced or held."))
    return petition_record(
        organization=conference.organization, by=by, source=Source.CONFERENCE, conference=conference,
        speech_number=speech_number, **values,
    )


EDITABLE_FIELDS = (
    "petitioner_name", "petitioner_address", "petitioner_phone", "petitioner_email",
    "field", "content", "priority", "received_on", "speech_number", "is_public",
)


@transaction.atomic
def petition_update(
    *, petition: Petition, by, petitioner_name: str = UNSET, petitioner_address: str = UNSET,
    petitioner_phone: str = UNSET, petitioner_email: str = UNSET, field: Field | None = UNSET, content: str = UNSET,
    priority: str = UNSET, received_on: dt.date = UNSET, speech_number: int | None = UNSET, is_public: bool = UNSET,
) -> Petition:
    """Correct what was recorded (a typo, the field, the priority, whether the
    code may be looked up). The previous values stay in the petition's history."""
    values = given(
        petitioner_name=petitioner_name, petitioner_address=petitioner_address, petitioner_phone=petitioner_phone,
        petitioner_email=petitioner_email, field=field, content=content, priority=priority, received_on=received_on,
        speech_number=speech_number, is_public=is_public,
    )
    petition = _lock(petition)
    _require(can_record(by, petition.organization_id, petition.conference))
    _check_field(values.get("field"), petition.organization_id)
    for key in ("content", "petitioner_name"):
        if key in values:
            values[key] = (values[key] or "").strip()
            if not values[key]:
                raise PetitionError(
                    _("Write the content of the petition.") if key == "content" else _("Write the petitioner's full name."),
                    field=key,
                )
    petition, _changed = model_update(instance=petition, fields=EDITABLE_FIELDS, data=values)
    return petition


# --- the editable list of fields -----------------------------------------------------------

FIELD_MANAGER_ROLES = OFFICE


@transaction.atomic
def field_add(*, organization: Organization, by, name: str) -> Field:
    if not has_role(by, organization.pk, *FIELD_MANAGER_ROLES):
        raise PetitionError(_("You are not allowed to do this."))
    name = " ".join((name or "").split())
    if not name:
        raise PetitionError(_("Write the name of the field."), field="name")
    clash = Field.objects.filter(Q(organization=organization) | Q(organization__isnull=True))
    if any(fold(f.name) == fold(name) for f in clash):
        raise PetitionError(_("This field is already in the list."), field="name")
    order = (Field.objects.filter(organization=organization).count() + 1) * 10 + 100
    return Field.objects.create(organization=organization, name=name, order=order)


@transaction.atomic
def field_set_active(*, field: Field, by, active: bool) -> Field:
    if field.organization_id is None or not has_role(by, field.organization_id, *FIELD_MANAGER_ROLES):
        raise PetitionError(_("You are not allowed to do this."))
    field.is_active = active
    field.save(update_fields=["is_active"])
    return field


# --- duplicates ----------------------------------------------------------------------------


@transaction.atomic
def petitions_group(*, lead: Petition, others: Iterable[Petition], by) -> PetitionGroup:
    """Group petitions about the same matter under `lead`, so one conclusion and one answer serve all."""
    lead = _lock(lead)
    _require(can_draft(by, lead.organization_id))
    others = [Petition.objects.select_for_update().get(pk=p.pk) for p in others if p.pk != lead.pk]
    if not others:
        raise PetitionError(_("Choose at least one other petition to group with this one."))
    for p in [lead, *others]:
        if p.organization_id != lead.organization_id:
            raise PetitionError(_("Only petitions of the same organisation can be grouped."))
        if p.status not in CONCLUDABLE or p.conclusions.filter(approved_at__isnull=True).exists():
            raise PetitionError(
                _("Petition %(code)s already has a conclusion; only petitions awaiting one can be grouped.")
                % {"code": p.tracking_code}
            )
        if p.group_id is not None and p.group_id != lead.group_id:
            raise PetitionError(
                _("Petition %(code)s is already in another group.") % {"code": p.tracking_code}
            )
    group = lead.group if lead.group_id else PetitionGroup.objects.create(
        organization=lead.organization, lead=lead, created_by=by
    )
    if group.lead_id != lead.pk:
        raise PetitionError(_("Group petitions from the group's lead petition."))
    Petition.objects.filter(pk__in=[lead.pk, *(p.pk for p in others)]).update(group=group)
    record_events(others, EventKind.GROUPED, by=by, text=lead.tracking_code)
    return group


@transaction.atomic
def petition_ungroup(*, petition: Petition, by) -> None:
    """Take a petition out of its group (a lead takes the whole group apart)."""
    petition = _lock(petition)
    _require(can_draft(by, petition.organization_id))
    if petition.group_id is None:
        raise PetitionError(_("This petition is not in a group."))
    if petition.status not in CONCLUDABLE:
        raise PetitionError(_("A group cannot be changed once its conclusion is recorded."))
    group = petition.group
    if group.lead_id == petition.pk:
        Petition.objects.filter(group=group).update(group=None)
        group.delete()
    else:
        Petition.objects.filter(pk=petition.pk).update(group=None)


# --- deadlines -----------------------------------------------------------------------------


def default_deadlines(petition: Petition, start: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """(acknowledge by, resolve by) for the petition's work assigned on `start` (today by default)."""
    conference = petition.conference
    return assignment_dates(conference.plan if conference else None, start or clock.today())


# --- conclusions ---------------------------------------------------------------------------


def _check_conclusion(petition, outcome, answer, agency, due_on, referred_to) -> None:
    if outcome not in Outcome.values:
        raise PetitionError(_("Choose an outcome."), field="outcome")
    if outcome == Outcome.ANSWERED and not answer.strip():
        raise PetitionError(_("Write the answer given at the conference."), field="answer")
    if outcome == Outcome.ASSIGNED:
        if agency is None:
            raise PetitionError(_("Choose the agency that must answer."), field="agency")
        if not agency.is_active:
            raise PetitionError(_("This agency is no longer active."), field="agency")
    if outcome == Outcome.REFERRED and not referred_to.strip():
        raise PetitionError(_("Name the higher authority the petition is referred to."), field="referred_to")
    if due_on is not None and due_on < clock.today():
        raise PetitionError(_("The deadline cannot be in the past."), field="due_on")


@transaction.atomic
def conclusion_record(
    *,
    petition: Petition,
    by,
    outcome: str,
    direction: str = "",
    answer: str = "",
    agency: Organization | None = None,
    due_on: dt.date | None = None,
    referred_to: str = "",
) -> Conclusion:
    """Record the chair's conclusion. A leader's takes effect at once; staff's is a
    draft for the leader to approve. A new draft replaces an earlier draft."""
    petition = _lock(petition)
    _require(can_draft(by, petition.organization_id))
    if not petition.is_lead:
        raise PetitionError(_("Record the conclusion on the group's lead petition."))
    if petition.status not in CONCLUDABLE:
        raise PetitionError(_("This petition already has a conclusion in force."))
    _check_conclusion(petition, outcome, answer, agency, due_on, referred_to)
    if outcome == Outcome.IN_WRITING:
        # The office answers it itself: assigned to its own organisation.
        agency = agency or petition.organization
    if outcome in (Outcome.ASSIGNED, Outcome.IN_WRITING) and due_on is None:
        due_on = default_deadlines(petition)[1]
    if outcome not in (Outcome.ASSIGNED, Outcome.IN_WRITING):
        agency, due_on = None, None
    replaced = [
        draft for draft in petition.conclusions.filter(approved_at__isnull=True).select_related("recorded_by")
        if draft.recorded_by_id != getattr(by, "pk", None)
    ]
    petition.conclusions.filter(approved_at__isnull=True).delete()
    for draft in replaced:
        # Someone else's pending draft: replaced, and the petition's history says whose and what it was.
        author = draft.recorded_by.get_full_name() or draft.recorded_by.get_username()
        record_events(
            [petition], EventKind.CONCLUSION_DRAFTED, by=by,
            text=_("Replaced the draft of %(author)s: %(outcome)s. %(direction)s")
            % {"author": author, "outcome": draft.get_outcome_display(), "direction": draft.direction},
        )
    conclusion = Conclusion.objects.create(
        petition=petition, outcome=outcome, direction=direction.strip(),
        answer=answer.strip() if outcome == Outcome.ANSWERED else "",
        agency=agency, due_on=due_on, referred_to=referred_to.strip() if outcome == Outcome.REFERRED else "",
        recorded_by=by,
    )
    if has_role(by, petition.organization_id, *APPROVER_ROLES):
        _apply_conclusion(petition, conclusion, by)
    else:
        record_events([petition], EventKind.CONCLUSION_DRAFTED, by=by, text=conclusion.get_outcome_display())
        told.conclusion_pending(conclusion=conclusion, petition=petition, by=by)
    return conclusion


@transaction.atomic
def conclusion_approve(*, conclusion: Conclusion, by) -> Conclusion:
    """The leader approves a conclusion staff drafted; it then takes effect."""
    conclusion = Conclusion.objects.select_for_update().get(pk=conclusion.pk)
    petition = _lock(conclusion.petition)
    _require(can_approve(by, petition))
    if conclusion.is_approved:
        raise PetitionError(_("This conclusion is already approved."))
    if petition.status not in CONCLUDABLE:
        raise PetitionError(_("This petition already has a conclusion in force."))
    if conclusion.due_on is not None and conclusion.due_on < clock.today():
        raise PetitionError(_("The deadline cannot be in the past."), field="due_on")
    _apply_conclusion(petition, conclusion, by)
    return conclusion


def _apply_conclusion(petition: Petition, conclusion: Conclusion, by) -> None:
    now = timezone.now()
    conclusion.approved_by, conclusion.approved_at = by, now
    conclusion.save(update_fields=["approved_by", "approved_at"])
    members = family(petition)
    record_events(members, EventKind.CONCLUDED, by=by, public=True)
    outcome = conclusion.outcome
    if outcome == Outcome.ANSWERED:
        record_events(members, EventKind.ANSWERED_AT_CONFERENCE, by=by, public=True, text=conclusion.answer)
        _set_status(members, PetitionStatus.RESOLVED)
        record_events(members, EventKind.RESOLVED, by=by, public=True)
    elif outcome == Outcome.REFERRED:
        record_events(members, EventKind.REFERRED, by=by, public=True, agency_name=conclusion.referred_to)
        _set_status(members, PetitionStatus.REFERRED)
    else:
        ack_due, _due = default_deadlines(petition, clock.date_of(now))
        assignment = Assignment.objects.create(
            petition=petition, conclusion=conclusion, agency=conclusion.agency, assigned_by=by,
            due_on=conclusion.due_on, acknowledge_due_on=min(ack_due, conclusion.due_on),
        )
        told.assignment_made(assignment=assignment, by=by)
        record_events(
            members, EventKind.ASSIGNED, by=by, public=True, agency_name=conclusion.agency.name,
            date=conclusion.due_on,
        )
        _set_status(members, PetitionStatus.ASSIGNED)


@transaction.atomic
def petitions_assign_bulk(
    *, petitions: Iterable[Petition], by, agency: Organization, due_on: dt.date | None = None, direction: str = ""
) -> list[Conclusion]:
    """Assign several petitions to one agency in one go (all or none)."""
    done = []
    for petition in petitions:
        try:
            done.append(
                conclusion_record(
                    petition=petition, by=by, outcome=Outcome.ASSIGNED, agency=agency, due_on=due_on,
                    direction=direction,
                )
            )
        except PetitionError as error:
            raise PetitionError(
                _("%(code)s: %(error)s") % {"code": petition.tracking_code, "error": error.message}
            ) from error
    return done


@transaction.atomic
def assignment_transfer(*, assignment: Assignment, by, agency: Organization, due_on: dt.date | None = None) -> Assignment:
    """The office gives an open assignment to another agency (the first one was
    not competent); the old one is closed, the citizen sees the new agency."""
    assignment = _lock_assignment(assignment)
    petition = _lock(assignment.petition)
    _require(can_review(by, petition))
    if assignment.status not in (AssignmentStatus.NEW, AssignmentStatus.ACKNOWLEDGED):
        raise PetitionError(_("Only an assignment without an answer under review can be transferred."))
    if agency.pk == assignment.agency_id:
        raise PetitionError(_("Choose another agency."), field="agency")
    if not agency.is_active:
        raise PetitionError(_("This agency is no longer active."), field="agency")
    if due_on is not None and due_on < clock.today():
        raise PetitionError(_("The deadline cannot be in the past."), field="due_on")
    ack_due, default_due = default_deadlines(petition)
    due_on = due_on or default_due
    assignment.status, assignment.closed_at = AssignmentStatus.CLOSED, timezone.now()
    assignment.save(update_fields=["status", "closed_at"])
    new = Assignment.objects.create(
        petition=petition, agency=agency, assigned_by=by, due_on=due_on, acknowledge_due_on=min(ack_due, due_on)
    )
    record_events(family(petition), EventKind.ASSIGNED, by=by, public=True, agency_name=agency.name, date=due_on)
    deadline_hooks.on_assignment_transferred(old=assignment, new=new, by=by)
    told.assignment_made(assignment=new, by=by)
    return new


# --- the conclusion notice ----------------------------------------------------------------


@transaction.atomic
def notice_draft(*, conference, by) -> ConclusionNotice:
    """Start (or refresh) the draft THÔNG BÁO kết luận of a conference: it gathers
    every approved conclusion on the conference's petitions not yet in a notice.
    The printed document and its issuing come with the notice pages."""
    _require(can_draft(by, conference.organization_id))
    notice = (
        ConclusionNotice.objects.select_for_update()
        .filter(conference=conference, status=ConclusionNotice.Status.DRAFT)
        .first()
    )
    if notice is None:
        notice = ConclusionNotice.objects.create(conference=conference, created_by=by)
    Conclusion.objects.filter(
        petition__conference=conference, approved_at__isnull=False, notice__isnull=True
    ).update(notice=notice)
    return notice


# --- the agency's work ---------------------------------------------------------------------


def _lock_assignment(assignment: Assignment) -> Assignment:
    return Assignment.objects.select_for_update(of=("self",)).select_related("petition", "agency").get(pk=assignment.pk)


@transaction.atomic
def assignment_acknowledge(*, assignment: Assignment, by) -> Assignment:
    assignment = _lock_assignment(assignment)
    _require(can_act_for_agency(by, assignment))
    if assignment.status != AssignmentStatus.NEW:
        raise PetitionError(_("This assignment is already acknowledged."))
    assignment.status = AssignmentStatus.ACKNOWLEDGED
    assignment.acknowledged_at, assignment.acknowledged_by = timezone.now(), by
    assignment.save(update_fields=["status", "acknowledged_at", "acknowledged_by"])
    record_events(family(assignment.petition), EventKind.ACKNOWLEDGED, by=by, public=True, agency_name=assignment.agency.name)
    deadline_hooks.on_assignment_acknowledged(assignment=assignment, by=by)
    return assignment


@transaction.atomic
def assignment_extend(*, assignment: Assignment, by, new_date: dt.date, reason: str) -> Assignment:
    """The agency moves its deadline, giving the reason the citizen will read."""
    assignment = _lock_assignment(assignment)
    _require(can_act_for_agency(by, assignment))
    if assignment.status == AssignmentStatus.CLOSED:
        raise PetitionError(_("This assignment is closed."))
    reason = (reason or "").strip()
    if not reason:
        raise PetitionError(_("Give the reason for the extension."), field="reason")
    if new_date <= assignment.effective_due_on:
        raise PetitionError(_("The new deadline must be later than the current one."), field="new_date")
    if assignment.status == AssignmentStatus.NEW:
        assignment.status = AssignmentStatus.ACKNOWLEDGED
        assignment.acknowledged_at, assignment.acknowledged_by = timezone.now(), by
    assignment.extended_to, assignment.extension_reason, assignment.extended_at = new_date, reason, timezone.now()
    assignment.save()
    record_events(
        family(assignment.petition), EventKind.EXTENDED, by=by, public=True,
        agency_name=assignment.agency.name, date=new_date, text=reason,
    )
    deadline_hooks.on_assignment_extended(assignment=assignment, by=by)
    told.extension_requested(assignment=assignment, by=by)
    return assignment


@transaction.atomic
def response_submit(*, assignment: Assignment, by, text: str, attachment=None, is_final: bool = True) -> Response:
    """The agency sends its written answer to the office for review."""
    assignment = _lock_assignment(assignment)
    _require(can_act_for_agency(by, assignment))
    if assignment.status not in (AssignmentStatus.NEW, AssignmentStatus.ACKNOWLEDGED):
        raise PetitionError(
            _("An answer is already awaiting review.") if assignment.status == AssignmentStatus.ANSWERED
            else _("This assignment is closed.")
        )
    text = (text or "").strip()
    if not text:
        raise PetitionError(_("Write the answer."), field="text")
    response = Response.objects.create(
        assignment=assignment, text=text, attachment=attachment or "", is_final=is_final, submitted_by=by
    )
    if assignment.acknowledged_at is None:
        assignment.acknowledged_at, assignment.acknowledged_by = timezone.now(), by
    assignment.status = AssignmentStatus.ANSWERED
    assignment.save(update_fields=["status", "acknowledged_at", "acknowledged_by"])
    members = family(assignment.petition)
    _set_status(members, PetitionStatus.IN_REVIEW)
    record_events(members, EventKind.ANSWER_SUBMITTED, by=by, agency_name=assignment.agency.name)
    deadline_hooks.on_response_submitted(assignment=assignment, by=by)
    told.answer_submitted(response=response, assignment=assignment, by=by)
    return response


@transaction.atomic
def response_review(*, response: Response, by, accept: bool, comment: str = "") -> Response:
    """The office accepts an answer (it becomes public, or waits for its conference's release:
    petitions.publication) or returns it with a comment."""
    response = Response.objects.select_for_update(of=("self",)).select_related("assignment__agency").get(pk=response.pk)
    assignment = _lock_assignment(response.assignment)
    petition = _lock(assignment.petition)
    _require(can_review(by, petition))
    if response.review_status != ReviewStatus.PENDING:
        raise PetitionError(_("This answer has already been reviewed."))
    comment = (comment or "").strip()
    if not accept and not comment:
        raise PetitionError(_("Say why the answer is returned."), field="comment")
    now = timezone.now()
    members = family(petition)
    response.reviewed_by, response.reviewed_at, response.review_comment = by, now, comment
    if accept:
        # Its conference may hold accepted answers and release them together (petitions.publication).
        held = AnswerPolicy.holds_answers_of(petition)
        response.review_status, response.published_at = ReviewStatus.ACCEPTED, None if held else now
        record_events(
            members, EventKind.ANSWERED, by=by, public=not held, agency_name=assignment.agency.name,
            text=response.text, response=response if response.attachment else None,
        )
        if response.is_final:
            assignment.status, assignment.closed_at = AssignmentStatus.CLOSED, now
            if held:
                _set_status(members, PetitionStatus.TO_PUBLISH)
            else:
                _set_status(members, PetitionStatus.RESOLVED)
                record_events(members, EventKind.RESOLVED, by=by, public=True)
        else:
            assignment.status = AssignmentStatus.ACKNOWLEDGED
            _set_status(members, PetitionStatus.ASSIGNED)
    else:
        response.review_status = ReviewStatus.RETURNED
        assignment.status = AssignmentStatus.ACKNOWLEDGED
        _set_status(members, PetitionStatus.ASSIGNED)
        record_events(members, EventKind.ANSWER_RETURNED, by=by, text=comment, agency_name=assignment.agency.name)
    response.save()
    assignment.save(update_fields=["status", "closed_at"])
    if accept:
        deadline_hooks.on_response_accepted(response=response, by=by)
    else:
        told.answer_returned(response=response, assignment=assignment, by=by)
    return response


# --- the citizen's feedback ----------------------------------------------------------------


@transaction.atomic
def petition_feedback(*, petition: Petition, satisfied: bool, comment: str = "") -> Petition:
    """After resolution the citizen says whether the answer satisfied them; an
    unsatisfied petition goes back to the office's list as reopened."""
    petition = _lock(petition)
    if petition.status != PetitionStatus.RESOLVED:
        raise PetitionError(_("Feedback can be given once the petition is resolved."))
    if petition.feedback:
        raise PetitionError(_("Feedback has already been given for this petition."))
    petition.feedback = Feedback.SATISFIED if satisfied else Feedback.UNSATISFIED
    petition.feedback_comment = (comment or "").strip()
    petition.feedback_at = timezone.now()
    if not satisfied:
        petition.status = PetitionStatus.REOPENED
    petition.save(update_fields=["feedback", "feedback_comment", "feedback_at", "status"])
    record_events([petition], EventKind.FEEDBACK, text=petition.get_feedback_display())
    if not satisfied:
        record_events([petition], EventKind.REOPENED, public=True)
        told.citizen_unsatisfied(petition=petition)
        # Reopened alone: the answer that served the group did not serve this citizen.
        if petition.group_id is not None:
            group = petition.group
            if group.lead_id == petition.pk:
                Petition.objects.filter(group=group).update(group=None)
                group.delete()
            else:
                Petition.objects.filter(pk=petition.pk).update(group=None)
    return petition

