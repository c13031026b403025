"""What users do to conferences: one transaction per operation, each checking
who may do it and from which state, and raising ConferenceError otherwise.

    planned ──schedule──▶ scheduled ──announce──▶ announced ──mark_held──▶ held
       │                    │  ▲ (re-schedule)       │                       │
       └──────cancel────────┴──┴──────cancel─────────┘                 conclude
                                                                  concluded ──close──▶ closed
"""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from deadlines import services as deadline_hooks
from deadlines.rules import RuleCode, TimeRule, rule_for
from dialogue import clock
from dialogue.access import OFFICE, has_role
from dialogue.errors import DomainError
from dialogue.models import Membership, Role
from dialogue.updates import UNSET, given, model_update
from dialogue.wording import event_phrase, lower_first
from plans.models import ItemKind, PartKind, Plan, PlanItem
from plans.models import Status as PlanStatus
from plans.models import fill_rule_tokens

from .models import (
    Conference,
    ConferenceAgendaItem,
    ConferenceGroup,
    ConferencePerson,
)
from .models import ConferenceStatus as S
from .models import ConferenceTransition, PersonRole

# Roles that manage every conference of their organisation.
MANAGER_ROLES = OFFICE
# Roles that read every conference of their organisation.
READER_ROLES = OFFICE + (Role.SUPERVISOR,)

class ConferenceError(DomainError):
    """A refused operation on a conference."""


class ShortNoticeError(ConferenceError):
    """Announcing now breaks the plan's rule; the user may go on after a warning."""

    def __init__(self, message: str, *, rule: TimeRule, latest: dt.date, days_left: int):
        super().__init__(message)
        self.rule = rule
        self.latest = latest
        self.days_left = days_left


# ---------------------------------------------------------------- permissions


def is_conference_secretary(user, conference: Conference) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return any(p.role == PersonRole.SECRETARY and p.user_id == user.pk for p in conference.people.all())


def can_manage(user, conference: Conference) -> bool:
    """Staff and leaders of the organisation; a secretary only on their own conference."""
    if has_role(user, conference.organization_id, *MANAGER_ROLES):
        return True
    return has_role(user, conference.organization_id, Role.SECRETARY) and is_conference_secretary(user, conference)


def can_create(user, organization_id: int) -> bool:
    return has_role(user, organization_id, *MANAGER_ROLES)


def can_edit_people(user, conference: Conference) -> bool:
    """Only staff and leaders name the chairs and secretaries: a secretary can't appoint themself."""
    return has_role(user, conference.organization_id, *MANAGER_ROLES)


# ---------------------------------------------------------------- time


def has_started(conference: Conference, now: dt.datetime | None = None) -> bool:
    """Whether the conference's start time has come; a conference without one has not started."""
    return conference.starts_at is not None and conference.starts_at <= (now or timezone.now())


def not_started_message(conference: Conference) -> str:
    local = timezone.localtime(conference.starts_at)
    return _("The conference has not started yet: it starts at %(time)s on %(date)s.") % {
        "time": f"{local:%H:%M}", "date": f"{local:%d/%m/%Y}",
    }


def _require_manage(user, conference: Conference) -> None:
    if not can_manage(user, conference):
        raise ConferenceError(_("You may not change this conference."))


def _require_state(conference: Conference, *allowed: str, message: str) -> None:
    if conference.status not in allowed:
        raise ConferenceError(message)


def _lock(conference: Conference) -> Conference:
    """Re-read the row under a lock so two clicks cannot both move it."""
    fresh = Conference.objects.select_for_update().get(pk=conference.pk)
    for field in fresh._meta.concrete_fields:
        setattr(conference, field.attname, getattr(fresh, field.attname))
    return conference


def _move(conference: Conference, to: str, by, comment: str = "", **fields) -> Conference:
    from_status = conference.status
    conference.status = to
    conference.revision += 1
    for name, value in fields.items():
        setattr(conference, name, value)
    conference.save()
    ConferenceTransition.objects.create(
        conference=conference, from_status=from_status, to_status=to, by=by, comment=comment
    )
    return conference


# ---------------------------------------------------------------- creating


def _plan_content(plan, phrases: dict[str, str]) -> str:
    items = PlanItem.objects.filter(
        part__section__plan=plan, part__kind=PartKind.CONTENT, kind=ItemKind.TEXT
    ).order_by("part__section__order", "part__order", "order", "id")
    return "\n".join(fill_rule_tokens(item.text.strip(), phrases) for item in items if item.text.strip())


def _copy_plan_records(conference: Conference, plan, session=None) -> None:
    # The plan writes its time limits as [[code]]; what a conference prints is the phrase.
    phrases = plan.rule_phrases()
    ConferencePerson.objects.bulk_create(
        ConferencePerson(
            conference=conference, role=person.role, user_id=person.user_id, position=person.description, order=i
        )
        for i, person in enumerate(plan.people.all())
    )
    groups = plan.attendee_groups.all()
    # The groups of this session and those the plan names for every session.
    groups = [g for g in groups if g.session_id is None or (session is not None and g.session_id == session.pk)]
    ConferenceGroup.objects.bulk_create(
        ConferenceGroup(
            conference=conference, category=g.category, text=fill_rule_tokens(g.text.strip(), phrases),
            expected_count=g.expected_count, order=i
        )
        for i, g in enumerate(groups)
    )
    ConferenceAgendaItem.objects.bulk_create(
        ConferenceAgendaItem(
            conference=conference, order=i, text=fill_rule_tokens(item.text.strip(), phrases), presenter=item.presenter,
            minutes=item.minutes
        )
        for i, item in enumerate(plan.agenda.all())
    )


def _check_plan(plan, by) -> None:
    if plan.is_template or plan.issuer_id is None:
        raise ConferenceError(_("A template is not a plan: conferences come from an approved plan."))
    if not has_role(by, plan.issuer_id, *MANAGER_ROLES):
        raise ConferenceError(_("You may not create conferences for this organisation."))
    if plan.status not in (PlanStatus.APPROVED, PlanStatus.ISSUED):
        raise ConferenceError(_("Conferences are created only from an approved or issued plan."))


TITLE_MAX = 255  # Conference.title


def session_titles(plan, sessions) -> dict:
    """{session id (None without sessions): the conference's title}.

    The title is the event the plan's subject names ("Tổ chức hội nghị …" ->
    "Hội nghị …"). A plan with several sessions gives each its own: the event,
    then what tells the session apart in brackets, when and where it is
    ("… năm 2026 (Tháng 10/2026, tại xóm Hòa Bình)"), or its number when the
    plan gave two sessions the same time and place. The brackets come last and
    are kept whole when the subject must be cut to fit, and lists cut titles in
    the subject too (dialogue.wording.shorten_keeping_tail), never in them.
    """
    base = event_phrase(plan.subject_one_line) if plan.subject_one_line.strip() else ""
    if len(sessions) <= 1 or any(s is None for s in sessions):
        return {(s.pk if s is not None else None): base[:TITLE_MAX] for s in sessions or [None]}
    labels = [s.label() for s in sessions]
    distinct = all(labels) and len(set(labels)) == len(labels)
    titles = {}
    for number, (session, label) in enumerate(zip(sessions, labels, strict=True), start=1):
        if not distinct:
            label = f"lần {number}: {lower_first(label)}" if label else f"lần {number}"
        tail = f" ({label})"
        room = TITLE_MAX - len(tail)
        head = base if len(base) <= room else base[: room - 1].rstrip(" ,;") + "…"
        titles[session.pk] = f"{head}{tail}"
    return titles


@transaction.atomic
def conferences_create_from_plan(*, plan, by) -> list[Conference]:
    """One conference per session of the plan; running it again creates only the missing ones.

    Returns the conferences created by this call."""
    _check_plan(plan, by)
    sessions = list(plan.sessions.all())
    existing = set(Conference.objects.filter(plan=plan).values_list("session_id", flat=True))
    phrases = plan.rule_phrases()
    content = _plan_content(plan, phrases)
    titles = session_titles(plan, sessions)
    created = []
    if not sessions:
        # A plan that lists no sessions still foresees one conference.
        if existing:
            return []
        sessions = [None]
    for session in sessions:
        if session is not None and session.pk in existing:
            continue
        try:
            with transaction.atomic():
                conference = Conference.objects.create(
                    organization_id=plan.issuer_id,
                    plan=plan,
                    session=session,
                    title=titles.get(session.pk if session else None) or _("Dialogue conference"),
                    window_text=session.window if session else "",
                    planned_date=session.planned_date if session else None,
                    venue=session.venue if session else "",
                    audience=fill_rule_tokens(session.audience, phrases) if session else "",
                    content=content,
                    expected_attendance=session.expected_attendance if session else None,
                    created_by=by,
                )
        except IntegrityError:
            continue  # created meanwhile by a concurrent request
        _copy_plan_records(conference, plan, session)
        ConferenceTransition.objects.create(
            conference=conference, from_status="", to_status=S.PLANNED, by=by, comment=_("Created from the plan.")
        )
        created.append(conference)
    return created


@transaction.atomic
def conference_create_extra(
    *, organization, by, title: str, window_text: str = "", planned_date: dt.date | None = None, venue: str = "",
    audience: str = "", content: str = "", expected_attendance: int | None = None, plan: Plan | None = None,
) -> Conference:
    """An extra conference the plan did not foresee (đột xuất); with `plan`, it copies
    that plan's chairs, secretaries, groups and agenda as a template."""
    fields = dict(title=title, window_text=window_text, planned_date=planned_date, venue=venue, audience=audience,
                  content=content, expected_attendance=expected_attendance, plan=plan)
    if not has_role(by, organization.pk, *MANAGER_ROLES):
        raise ConferenceError(_("You may not create conferences for this organisation."))
    if not (fields.get("title") or "").strip():
        raise ConferenceError(_("Enter the title of the conference."), field="title")
    plan = fields.get("plan")
    if plan is not None:
        _check_plan(plan, by)
        if plan.issuer_id != organization.pk:
            raise ConferenceError(_("The plan belongs to another organisation."), field="plan")
    conference = Conference.objects.create(organization=organization, created_by=by, **fields)
    if plan is not None:
        _copy_plan_records(conference, plan)
    ConferenceTransition.objects.create(
        conference=conference, from_status="", to_status=S.PLANNED, by=by, comment=_("Extra conference.")
    )
    return conference


UPDATE_FIELDS = ("title", "window_text", "venue", "audience", "content", "expected_attendance")


@transaction.atomic
def conference_update(
    *, conference: Conference, by, title: str = UNSET, window_text: str = UNSET, venue: str = UNSET,
    audience: str = UNSET, content: str = UNSET, expected_attendance: int | None = UNSET,
) -> Conference:
    """Edit the details; an announced conference's public page and feed change with it."""
    fields = given(title=title, window_text=window_text, venue=venue, audience=audience, content=content,
                   expected_attendance=expected_attendance)
    _require_manage(by, conference)
    _lock(conference)
    _require_state(conference, S.PLANNED, S.SCHEDULED, S.ANNOUNCED, message=_("A conference that has been held can no longer be edited."))
    if "title" in fields and not (fields["title"] or "").strip():
        raise ConferenceError(_("Enter the title of the conference."), field="title")
    if conference.status == S.ANNOUNCED and "venue" in fields and not (fields["venue"] or "").strip():
        raise ConferenceError(_("An announced conference needs a venue."), field="venue")
    # Every edit is a new revision of the public page's feed, even one that changes nothing.
    conference, _changed = model_update(
        instance=conference, fields=(*UPDATE_FIELDS, "revision"), data={**fields, "revision": conference.revision + 1}
    )
    return conference


# ---------------------------------------------------------------- transitions


@transaction.atomic
def conference_schedule(
    *, conference: Conference, starts_at: dt.datetime, venue: str, by, ends_at: dt.datetime | None = None
) -> Conference:
    """Fix the date, time and venue (again, while not yet announced)."""
    _require_manage(by, conference)
    _lock(conference)
    _require_state(
        conference, S.PLANNED, S.SCHEDULED,
        message=_("Only a planned or scheduled conference can be given a date; an announced one must be cancelled and announced anew."),
    )
    if starts_at is None:
        raise ConferenceError(_("Enter the date and time."), field="date")
    if timezone.is_naive(starts_at):
        raise ValueError("starts_at must be timezone-aware")
    if starts_at <= timezone.now():
        raise ConferenceError(_("The date and time must be in the future."), field="date")
    if ends_at is not None and ends_at <= starts_at:
        raise ConferenceError(_("The end must be after the start."), field="end_time")
    venue = (venue or "").strip()
    if not venue:
        raise ConferenceError(_("Enter the venue."), field="venue")
    local = timezone.localtime(starts_at)
    comment = f"{local:%H:%M %d/%m/%Y}, {venue}"
    conference = _move(conference, S.SCHEDULED, by, comment, starts_at=starts_at, ends_at=ends_at, venue=venue, scheduled_at=timezone.now())
    deadline_hooks.on_conference_scheduled(conference=conference, by=by)
    return conference


def announce_rule(conference: Conference) -> TimeRule:
    """The plan's rule for announcing, or the law's."""
    return rule_for(conference.plan, RuleCode.ANNOUNCE)


def short_notice_check(conference: Conference, today: dt.date | None = None) -> ShortNoticeError | None:
    """The warning announcing today would give, or None when the rule is kept."""
    if conference.starts_at is None:
        return None
    today = today or clock.today()
    rule = announce_rule(conference)
    day = timezone.localtime(conference.starts_at).date()
    latest = rule.due_from(day)
    if today <= latest:
        return None
    days_left = (day - today).days
    message = _(
        "The plan's rule “%(rule)s” asks for the announcement %(period)s before the conference "
        "(by %(latest)s); the conference is %(left)s day(s) away."
    ) % {"rule": rule.name, "period": rule.printed, "latest": latest.strftime("%d/%m/%Y"), "left": days_left}
    return ShortNoticeError(message, rule=rule, latest=latest, days_left=days_left)


@transaction.atomic
def conference_announce(*, conference: Conference, by, acknowledge_short_notice: bool = False) -> Conference:
    """Publish date, time, venue, audience and content on the portal and in the feeds."""
    _require_manage(by, conference)
    _lock(conference)
    _require_state(conference, S.SCHEDULED, message=_("Only a scheduled conference can be announced."))
    if conference.starts_at <= timezone.now():
        raise ConferenceError(_("The conference's date has passed; give it a new date first."))
    if not conference.venue.strip():
        raise ConferenceError(_("Enter the venue before announcing."))
    warning = short_notice_check(conference)
    if warning is not None and not acknowledge_short_notice:
        raise warning
    comment = ""
    if warning is not None:
        comment = _("Announced on short notice, after the warning: %(warning)s") % {"warning": warning.message}
    conference = _move(
        conference, S.ANNOUNCED, by, comment, announced_at=timezone.now(), short_notice=warning is not None
    )
    deadline_hooks.on_conference_announced(conference=conference, by=by)
    return conference


@transaction.atomic
def conference_mark_held(*, conference: Conference, by, comment: str = "") -> Conference:
    _require_manage(by, conference)
    _lock(conference)
    _require_state(conference, S.ANNOUNCED, message=_("Only an announced conference can be marked as held."))
    # The start time, not the day: an evening conference is not held in the afternoon.
    if not has_started(conference):
        raise ConferenceError(not_started_message(conference))
    conference = _move(conference, S.HELD, by, comment, held_at=timezone.now())
    deadline_hooks.on_conference_held(conference=conference, by=by)
    return conference


@transaction.atomic
def conference_conclude(*, conference: Conference, by, comment: str = "") -> Conference:
    """The chair's conclusion notice has been issued."""
    _require_manage(by, conference)
    _lock(conference)
    _require_state(conference, S.HELD, message=_("Only a conference that has been held can be concluded."))
    return _move(conference, S.CONCLUDED, by, comment, concluded_at=timezone.now())


@transaction.atomic
def conference_close(*, conference: Conference, by, comment: str = "") -> Conference:
    _require_manage(by, conference)
    _lock(conference)
    _require_state(conference, S.CONCLUDED, message=_("Only a concluded conference can be closed."))
    return _move(conference, S.CLOSED, by, comment, closed_at=timezone.now())


@transaction.atomic
def conference_cancel(*, conference: Conference, by, reason: str) -> Conference:
    """Cancel before it is held; an announced one stays public, shown as cancelled."""
    _require_manage(by, conference)
    _lock(conference)
    _require_state(
        conference, S.PLANNED, S.SCHEDULED, S.ANNOUNCED,
        message=_("Only a conference that has not been held can be cancelled."),
    )
    reason = (reason or "").strip()
    if not reason:
        raise ConferenceError(_("Give the reason for cancelling."), field="reason")
    conference = _move(conference, S.CANCELLED, by, reason, cancel_reason=reason, cancelled_at=timezone.now())
    deadline_hooks.on_conference_cancelled(conference=conference, by=by)
    return conference


# ---------------------------------------------------------------- people, groups, agenda


def organization_users(organization_id: int):
    """The users a chair or secretary may be chosen from."""
    from django.contrib.auth import get_user_model

    ids = Membership.objects.filter(organization_id=organization_id).values("user_id")
    return get_user_model().objects.filter(pk__in=ids, is_active=True).order_by("last_name", "first_name", "username")


def _require_editable(conference: Conference) -> None:
    if not conference.is_editable:
        raise ConferenceError(_("A conference that has been held can no longer be edited."))


@transaction.atomic
def conference_save_rows(*, conference: Conference, by, formset, kind: str) -> None:
    """Save an edited list (agenda, groups or people) from a valid formset; order as submitted."""
    if kind == "people":
        if not can_edit_people(by, conference):
            raise ConferenceError(_("Only office staff and leaders name the chairs and secretaries."))
    else:
        _require_manage(by, conference)
    _lock(conference)
    _require_editable(conference)
    if kind == "people":
        allowed = set(organization_users(conference.organization_id).values_list("pk", flat=True))
        for form in formset.forms:
            user = form.cleaned_data.get("user") if form.has_changed() else None
            if user is not None and user.pk not in allowed:
                raise ConferenceError(_("Choose a member of the organisation."))
    instances = formset.save(commit=False)
    for obj in formset.deleted_objects:
        obj.delete()
    for obj in instances:
        obj.conference = conference
        obj.save()
    conference.revision += 1
    conference.save(update_fields=["revision", "updated_at"])
