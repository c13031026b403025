"""The home page's queue ("Việc cần làm"): for each role the user holds, what waits
for them, each line a count and a link to the list where the work is done.

One function per role returns its lines. Each reads through dialogue.access with
that role only, so a line counts what the role is for, in the organisations where
the user holds it (an outsider's rows are never counted). Counts are aggregates:
a role's lines cost the same few queries for one row or ten thousand.

A line's count is the number of rows its link shows: the lists filter with the
same conditions (petitions.selectors.stage_condition, INBOX_STAGES, NOTICE_FILTERS;
the plans, conferences and petitions lists' status; the deadlines dashboard's
overdue bucket).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, Min, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from conferences.models import Conference, ConferenceStatus
from deadlines import dashboard
from deadlines.models import Deadline
from deadlines.templatetags.deadline_badges import due_badge
from dialogue import clock
from dialogue.access import scope
from dialogue.models import Role
from petitions.models import Assignment, ConclusionNotice, Petition, PetitionStatus
from petitions.selectors import INBOX_STAGES, NOTICE_FILTERS, latest_review, stage_condition
from plans.models import Plan
from plans.models import Status as PlanStatus

# The secretary's conferences shown one by one; more are behind one link.
SECRETARY_SHOWN = 5


@dataclass(frozen=True)
class Line:
    """One thing waiting: how many, what, where it is done, and a note (the nearest limit)."""

    key: str
    label: str
    url: str
    count: int | None = None  # None for a line that is one item (a secretary's conference)
    note: str = ""
    urgent: bool = False


@dataclass
class Section:
    """The lines of one role, in the organisations where the user holds it."""

    role: str
    title: str
    organizations: list[str] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    read_only: bool = False


def _link(name: str, **query) -> str:
    url = reverse(name)
    return f"{url}?{urlencode(query)}" if query else url


def _counted(lines: list[Line]) -> list[Line]:
    """Only what is waiting: a line with nothing to do is left out."""
    return [line for line in lines if line.count is None or line.count > 0]


def _limit_note(due: dt.date | None, today: dt.date, *, future: str, on_day: str, past: str) -> tuple[str, bool]:
    """The nearest limit in calendar days, as the law counts announcements and notices."""
    if due is None:
        return "", False
    left = (due - today).days
    values = {"date": due.strftime("%d/%m/%Y"), "n": abs(left)}
    if left > 0:
        return future % values, False
    if left == 0:
        return on_day % values, True
    return past % values, True


def _overdue_line(user, today: dt.date, label: str) -> Line:
    """Exactly the rows of the deadlines dashboard's "overdue" list, and the oldest date: one query."""
    overdue = dashboard.bucket_list(
        dashboard.deadlines_for(user, rollup=False), bucket=dashboard.OVERDUE, today=today,
        period=dashboard.Period(year=today.year),
    ).order_by().aggregate(n=Count("pk"), oldest=Min("due_on"))
    note = ""
    if overdue["oldest"]:
        badge = due_badge(overdue["oldest"], today=today)
        note = _("The oldest was due %(date)s: %(late)s.") % {
            "date": badge.due_on.strftime("%d/%m/%Y"), "late": badge.label,
        }
    return Line(
        "overdue", label, _link("deadlines:dashboard_list", bucket=dashboard.OVERDUE),
        count=overdue["n"], note=note, urgent=True,
    )


# --- the roles -------------------------------------------------------------------------------


def leader_lines(user, today: dt.date) -> list[Line]:
    """Plans, conclusions and notices to approve, extensions granted, overdue work: four queries."""
    roles = [Role.LEADER]
    plans = scope(Plan.objects.documents(), user, roles).filter(status=PlanStatus.SUBMITTED).count()
    petitions = scope(Petition.objects.all(), user, roles).aggregate(
        approval=Count("pk", filter=stage_condition("approval")),
        extended=Count("pk", filter=stage_condition("extended")),
    )
    notices = scope(ConclusionNotice.objects.all(), user, roles).filter(status__in=NOTICE_FILTERS["awaiting"]).count()
    return _counted([
        Line("plans_to_approve", _("Plans submitted for approval"),
             _link("plans:list", status=PlanStatus.SUBMITTED), count=plans),
        Line("conclusions_to_approve", _("Awaiting conclusion approval: conclusions drafted by the office"),
             _link("petitions:list", stage="approval"), count=petitions["approval"]),
        Line("notices_to_approve", _("Conclusion notices to approve or issue"),
             _link("petitions:notice_list", **{"trang-thai": "awaiting"}), count=notices),
        Line("extensions", _("Answer deadlines extended by agencies"),
             _link("petitions:list", stage="extended"), count=petitions["extended"]),
        _overdue_line(user, today, _("Overdue work of your organisation")),
    ])


def office_lines(user, today: dt.date) -> list[Line]:
    """What the office drafts, schedules, reviews and takes up again: four queries."""
    roles = [Role.STAFF, Role.ADMIN]
    returned = scope(Plan.objects.documents(), user, roles).filter(status=PlanStatus.RETURNED).count()
    conferences = scope(Conference.objects.all(), user, roles).aggregate(
        planned=Count("pk", filter=Q(status=ConferenceStatus.PLANNED)),
        scheduled=Count("pk", filter=Q(status=ConferenceStatus.SCHEDULED)),
        held=Count("pk", filter=Q(status=ConferenceStatus.HELD)),
    )
    # The nearest limits, read off the deadline rows (the plan's rule, else the law's).
    limits = scope(Deadline.objects.all(), user, roles).filter(state=Deadline.State.OPEN).aggregate(
        announce=Min("due_on", filter=Q(kind=Deadline.Kind.ANNOUNCE, conference__status=ConferenceStatus.SCHEDULED)),
        notice=Min("due_on", filter=Q(kind=Deadline.Kind.NOTICE, conference__status=ConferenceStatus.HELD)),
    )
    petitions = scope(Petition.objects.all(), user, roles).aggregate(
        conclusion=Count("pk", filter=stage_condition("conclusion")),
        in_review=Count("pk", filter=Q(status=PetitionStatus.IN_REVIEW)),
        reopened=Count("pk", filter=Q(status=PetitionStatus.REOPENED)),
    )
    announce_note, announce_urgent = _limit_note(
        limits["announce"], today,
        future=_("The earliest must be announced by %(date)s: %(n)s days left."),
        on_day=_("The earliest must be announced today, %(date)s."),
        past=_("The earliest is %(n)s days past its announcement limit (%(date)s)."),
    )
    notice_note, notice_urgent = _limit_note(
        limits["notice"], today,
        future=_("The earliest notice is due %(date)s: %(n)s days left."),
        on_day=_("The earliest notice is due today, %(date)s."),
        past=_("The earliest notice is %(n)s days late (due %(date)s)."),
    )
    return _counted([
        Line("plans_returned", _("Plans returned with comments"),
             _link("plans:list", status=PlanStatus.RETURNED), count=returned),
        Line("conferences_to_schedule", _("Conferences to schedule"),
             _link("conferences:list", status=ConferenceStatus.PLANNED), count=conferences["planned"]),
        Line("conferences_to_announce", _("Conferences to announce"),
             _link("conferences:list", status=ConferenceStatus.SCHEDULED), count=conferences["scheduled"],
             note=announce_note, urgent=announce_urgent),
        Line("petitions_without_conclusion", _("Petitions without a conclusion"),
             _link("petitions:list", stage="conclusion"), count=petitions["conclusion"]),
        Line("answers_to_review", _("Agencies' answers to review"),
             _link("petitions:list", status=PetitionStatus.IN_REVIEW), count=petitions["in_review"]),
        Line("notices_to_draft", _("Held conferences without an issued conclusion notice"),
             _link("conferences:list", status=ConferenceStatus.HELD), count=conferences["held"],
             note=notice_note, urgent=notice_urgent),
        Line("citizens_unsatisfied", _("Citizens not satisfied with the answer"),
             _link("petitions:list", status=PetitionStatus.REOPENED), count=petitions["reopened"], urgent=True),
    ])


def agency_lines(user, today: dt.date) -> list[Line]:
    """Assignments to acknowledge, to answer, answered again: one query."""
    assignments = scope(Assignment.objects.all(), user, [Role.AGENCY]).annotate(latest_review=latest_review())
    counts = assignments.aggregate(
        new=Count("pk", filter=INBOX_STAGES["new"]),
        due=Count("pk", filter=INBOX_STAGES["due"]),
        returned=Count("pk", filter=INBOX_STAGES["returned"]),
        acknowledge_by=Min("acknowledge_due_on", filter=INBOX_STAGES["new"]),
        answer_by=Min(Coalesce("extended_to", "due_on"), filter=INBOX_STAGES["due"]),
    )
    acknowledge_note = answer_note = ""
    acknowledge_urgent = answer_urgent = False
    if counts["acknowledge_by"]:
        badge = due_badge(counts["acknowledge_by"], today=today)
        acknowledge_note = _("Acknowledge the earliest by %(date)s: %(left)s.") % {
            "date": badge.due_on.strftime("%d/%m/%Y"), "left": badge.label,
        }
        acknowledge_urgent = badge.level in ("urgent", "overdue")
    if counts["answer_by"]:
        badge = due_badge(counts["answer_by"], today=today)
        answer_note = _("The earliest answer is due %(date)s: %(left)s.") % {
            "date": badge.due_on.strftime("%d/%m/%Y"), "left": badge.label,
        }
        answer_urgent = badge.level in ("urgent", "overdue")
    inbox = "petitions:inbox"
    return _counted([
        Line("to_acknowledge", _("New assignments to acknowledge"), _link(inbox, **{"trang-thai": "new"}),
             count=counts["new"], note=acknowledge_note, urgent=acknowledge_urgent),
        Line("answers_due", _("Petitions to answer"), _link(inbox, **{"trang-thai": "due"}),
             count=counts["due"], note=answer_note, urgent=answer_urgent),
        Line("answers_returned", _("Answers returned by the office"), _link(inbox, **{"trang-thai": "returned"}),
             count=counts["returned"], urgent=True),
    ])


def secretary_lines(user, today: dt.date) -> list[Line]:
    """Today's and the coming conferences naming the user as secretary, each one
    click from its day page: two queries."""
    start = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    conferences = (
        scope(Conference.objects.all(), user, [Role.SECRETARY])
        .filter(starts_at__gte=start)
        .exclude(status__in=[ConferenceStatus.CANCELLED, ConferenceStatus.PLANNED])
        .order_by("starts_at", "pk")
    )
    total = conferences.count()
    lines = []
    for conference in conferences.only("pk", "title", "starts_at", "venue", "status")[:SECRETARY_SHOWN]:
        local = timezone.localtime(conference.starts_at)
        values = {"time": f"{local:%H:%M}", "date": f"{local:%d/%m/%Y}", "venue": conference.venue or "—"}
        if local.date() == today:
            note = _("Today at %(time)s · %(venue)s") % values
        else:
            note = _("%(date)s at %(time)s · %(venue)s") % values
        note = f"{note} · {conference.get_status_display()}"
        lines.append(Line(
            "conference_day", conference.title, reverse("conferences:day", args=[conference.pk]),
            note=note, urgent=local.date() == today,
        ))
    if total > SECRETARY_SHOWN:
        lines.append(Line(
            "more_conferences", _("More conferences you are secretary of"), _link("conferences:list"),
            count=total - SECRETARY_SHOWN,
        ))
    return lines


def supervisor_lines(user, today: dt.date) -> list[Line]:
    """What the Front follows, read only: three queries."""
    roles = [Role.SUPERVISOR]
    announced = scope(Conference.objects.all(), user, roles).filter(status=ConferenceStatus.ANNOUNCED).count()
    petitions = scope(Petition.objects.all(), user, roles).aggregate(
        assigned=Count("pk", filter=Q(status=PetitionStatus.ASSIGNED)),
        reopened=Count("pk", filter=Q(status=PetitionStatus.REOPENED)),
    )
    return _counted([
        Line("conferences_announced", _("Announced conferences"),
             _link("conferences:list", status=ConferenceStatus.ANNOUNCED), count=announced),
        Line("petitions_assigned", _("Petitions being answered by agencies"),
             _link("petitions:list", status=PetitionStatus.ASSIGNED), count=petitions["assigned"]),
        _overdue_line(user, today, _("Overdue work")),
        Line("citizens_unsatisfied", _("Citizens not satisfied with the answer"),
             _link("petitions:list", status=PetitionStatus.REOPENED), count=petitions["reopened"]),
    ])


# --- the page --------------------------------------------------------------------------------

# The roles in the order their sections are shown; an administrator works as the office.
ROLE_SECTIONS = (
    ((Role.LEADER,), "leader", leader_lines),
    ((Role.STAFF, Role.ADMIN), "office", office_lines),
    ((Role.SECRETARY,), "secretary", secretary_lines),
    ((Role.AGENCY,), "agency", agency_lines),
    ((Role.SUPERVISOR,), "supervisor", supervisor_lines),
)


def section_titles() -> dict[str, str]:
    return {
        "leader": _("As leader"),
        "office": _("As office staff"),
        "secretary": _("As conference secretary"),
        "agency": _("As an assigned agency"),
        "supervisor": _("Following, read only"),
    }


def queue_for(user, memberships) -> list[Section]:
    """The user's sections, from their memberships (with their organisations loaded)."""
    today = clock.today()
    titles = section_titles()
    sections = []
    for roles, key, lines in ROLE_SECTIONS:
        names = sorted({m.organization.name for m in memberships if m.role in roles})
        if not names:
            continue
        sections.append(Section(
            role=key, title=titles[key], organizations=names, lines=lines(user, today),
            read_only=key == "supervisor",
        ))
    return sections
