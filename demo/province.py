"""A province on paper: one provincial committee, N communes beneath it, each with
its agencies, and Y years of their work — a plan a year with two conferences, the
conclusion notice of each conference held, the petitions registered for them
with their public timelines, the assignments to the commune's agencies and every
deadline the engine watches (announce, opinions, notice; and per assignment
acknowledge, resolve, answer).

    generate(communes=100, years=10)  # ≈500,000 petitions, ≈2M events, ≈1.1M deadlines

For benchmarks at the scale a district or province reads through the roll-up
(manage.py generate_province, bench/province.py). The structural rows (a few
thousand) go in with bulk_create; petitions, events, assignments and deadlines by
COPY on PostgreSQL (petitions.generation), bulk_create elsewhere. Model save()
and history are bypassed, so the rows are made consistent here with what the
services would have written:
- deadline dates come from deadlines.rules (the law's limits, no plan rules) and
  remind dates from deadlines.services.remind_date, as the engine counts them;
- a deadline is closed (met or late, with its day) when its work was done, and
  open otherwise;
- the scanner is assumed to have run every day: an open deadline whose remind
  day (due day) passed before today is already reminded (escalated), so a scan
  finds only today's work, as in a live system.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from dataclasses import asdict, dataclass
from functools import lru_cache

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from conferences.models import Conference, ConferenceStatus
from deadlines.models import Deadline, DeadlineState
from deadlines.rules import LAW, RuleCode, assignment_dates
from deadlines.services import remind_date
from dialogue import clock
from dialogue.models import Membership, Organization, Role
from petitions.generation import IdReserver, PetitionRows, analyze, write_petitions, write_rows
from petitions.models import (
    Assignment, AssignmentStatus, ConclusionNotice, EventKind, Field, NoticeStatus, Petition, PetitionEvent,
    PetitionStatus,
)
from plans.models import Plan, Session
from plans.models import Status as PlanStatus

AGENCY_NAMES = ("Công an xã", "Công chức địa chính – xây dựng", "Công chức văn hóa – xã hội")
# A commune's book a few years on: nearly everything resolved or referred.
OLD_MIX = [
    (PetitionStatus.ASSIGNED, 3), (PetitionStatus.IN_REVIEW, 1), (PetitionStatus.RESOLVED, 86),
    (PetitionStatus.REFERRED, 10),
]
# The last twelve months: work still in hand.
RECENT_MIX = [
    (PetitionStatus.REGISTERED, 5), (PetitionStatus.ASSIGNED, 25), (PetitionStatus.IN_REVIEW, 5),
    (PetitionStatus.RESOLVED, 55), (PetitionStatus.REFERRED, 10),
]
# Share of the resolved petitions answered at the conference itself (the rest are assigned).
ANSWERED_AT_CONFERENCE = 0.2
# Two conferences a year (the plan's two sessions): mid-year and end of year.
SESSION_DAYS = ((6, 20), (12, 10))

ASSIGNMENT_COLUMNS = (
    "id", "petition_id", "conclusion_id", "agency_id", "status", "assigned_by_id", "assigned_at",
    "acknowledge_due_on", "due_on", "acknowledged_at", "acknowledged_by_id", "extended_to", "extension_reason",
    "extended_at", "closed_at",
)
DEADLINE_COLUMNS = (
    "kind", "rule_code", "organization_id", "responsible_id", "conference_id", "notice_id", "assignment_id",
    "anchor_on", "fixed", "due_on", "remind_on", "state", "closed_on", "closed_by_id", "reminded_at", "escalated_at",
    "created_at", "updated_at",
)


@dataclass
class Counts:
    organizations: int = 0
    plans: int = 0
    conferences: int = 0
    notices: int = 0
    petitions: int = 0
    events: int = 0
    assignments: int = 0
    deadlines: int = 0
    seconds: float = 0.0

    def as_dict(self) -> dict:
        return asdict(self)


@lru_cache(maxsize=None)
def _remind(due: dt.date) -> dt.date:
    return remind_date(due)


def _at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_current_timezone())


class ProvinceBuilder:
    def __init__(self, *, code: str, communes: int, years: int, per_year: int, seed: int | None, batch: int,
                 log=None):
        self.code, self.communes, self.years, self.per_year = code, communes, years, per_year
        self.batch = batch
        self.rng = random.Random(seed)
        self.log = log or (lambda message: None)
        self.today = clock.today()
        self.now = timezone.now()
        self.counts = Counts()
        self.pending: dict[str, list] = {"petitions": [], "events": [], "assignments": [], "deadlines": []}
        self.petition_ids, self.assignment_ids = IdReserver(Petition), IdReserver(Assignment)

    # --- the organisations and their paper ---------------------------------------------------

    def organisations(self):
        if Organization.objects.filter(code=self.code).exists():
            raise ValueError(f"organisation {self.code!r} exists already")
        self.province = Organization.objects.create(
            code=self.code, name="Ủy ban nhân dân tỉnh Thử Tải", kind=Organization.Kind.PEOPLES_COMMITTEE,
            level=Organization.Level.PROVINCE, header_name="ỦY BAN NHÂN DÂN / TỈNH THỬ TẢI", abbreviation="UBND",
            place_name="Thử Tải",
        )
        communes = Organization.objects.bulk_create([
            Organization(
                code=f"{self.code}-xa-{n:03d}", name=f"Ủy ban nhân dân xã Thử {n:03d}", parent=self.province,
                kind=Organization.Kind.PEOPLES_COMMITTEE, level=Organization.Level.COMMUNE,
                header_parent="UBND TỈNH THỬ TẢI", header_name=f"ỦY BAN NHÂN DÂN / XÃ THỬ {n:03d}",
                abbreviation="UBND", place_name=f"Thử {n:03d}",
            )
            for n in range(1, self.communes + 1)
        ])
        self.communes_ = [c for c in communes]
        agencies = Organization.objects.bulk_create([
            Organization(
                code=f"{commune.code}-cq-{i}", name=f"{name} (xã Thử {commune.code[-3:]})", parent=commune,
                kind=Organization.Kind.DEPARTMENT, level=Organization.Level.OTHER, header_name=name,
                abbreviation="CQ", place_name=commune.place_name,
            )
            for commune in self.communes_
            for i, name in enumerate(AGENCY_NAMES)
        ])
        if agencies[0].pk is None:  # databases that give no ids back from bulk_create
            agencies = list(Organization.objects.filter(parent__in=self.communes_).order_by("pk"))
        self.agencies = {c.pk: [a for a in agencies if a.parent_id == c.pk] for c in self.communes_}
        self.counts.organizations = 1 + len(self.communes_) + len(agencies)
        User = get_user_model()
        self.clerk = User.objects.create_user(f"{self.code}-van-thu", password=None)
        self.leader = User.objects.create_user(f"{self.code}-lanh-dao", password=None)
        Membership.objects.bulk_create(
            [Membership(user=self.leader, organization=self.province, role=Role.LEADER, position="Chủ tịch")]
            + [Membership(user=self.clerk, organization=c, role=Role.STAFF) for c in self.communes_]
        )

    def build_paper(self):
        """The plan of each year, its two sessions and conferences, and the notice of each one concluded."""
        first = self.today.year - self.years + 1
        plans = Plan.objects.bulk_create([
            Plan(issuer=c, year=y, status=PlanStatus.ISSUED, number=1, symbol="UBND", place=c.place_name,
                 issued_on=dt.date(y, 1, 15), header_issuer=c.header_name,
                 subject=f"Tổ chức hội nghị đối thoại trực tiếp với Nhân dân năm {y}")
            for c in self.communes_ for y in range(first, self.today.year + 1)
        ])
        plans = list(Plan.objects.filter(issuer__in=self.communes_).order_by("pk")) if plans[0].pk is None else plans
        sessions = Session.objects.bulk_create([
            Session(plan=p, order=i, window=("6 tháng đầu năm" if i == 0 else "6 tháng cuối năm") + f" {p.year}",
                    planned_date=dt.date(p.year, *SESSION_DAYS[i]), venue="Hội trường Ủy ban nhân dân xã")
            for p in plans for i in range(len(SESSION_DAYS))
        ])
        if sessions[0].pk is None:
            sessions = list(Session.objects.filter(plan__in=plans).order_by("pk"))
        by_org = {c.pk: c for c in self.communes_}
        plan_of = {p.pk: p for p in plans}
        conferences = []
        for session in sessions:
            plan = plan_of[session.plan_id]
            day = session.planned_date
            starts = _at(day, 8)
            held = day < self.today
            # The notice a week after the conference, a few days before today at the latest.
            noticed = day + dt.timedelta(days=10) < self.today
            closed = day + dt.timedelta(days=60) < self.today
            status = (ConferenceStatus.CLOSED if closed else ConferenceStatus.CONCLUDED if noticed
                      else ConferenceStatus.HELD if held else ConferenceStatus.SCHEDULED)
            conferences.append(Conference(
                organization=by_org[plan.issuer_id], plan=plan, session=session,
                title=f"Hội nghị đối thoại {session.window}", window_text=session.window, planned_date=day,
                starts_at=starts, ends_at=starts + dt.timedelta(hours=3), venue=session.venue,
                status=status,
                scheduled_at=_at(day - dt.timedelta(days=30)),
                announced_at=_at(day - dt.timedelta(days=14)) if day - dt.timedelta(days=14) <= self.today else None,
                held_at=starts if held else None, concluded_at=_at(day + dt.timedelta(days=7)) if noticed else None,
                closed_at=_at(day + dt.timedelta(days=60)) if closed else None,
                created_at=self.now, updated_at=self.now,
            ))
        conferences = Conference.objects.bulk_create(conferences)
        if conferences[0].pk is None:
            conferences = list(Conference.objects.filter(organization__in=self.communes_).order_by("pk"))
        numbers: dict[tuple[int, int], int] = {}
        notices = []
        for conference in conferences:
            if conference.concluded_at is None:
                continue
            issued = conference.planned_date + dt.timedelta(days=7)
            key = (conference.organization_id, issued.year)
            numbers[key] = numbers.get(key, 0) + 1
            notices.append(ConclusionNotice(
                conference=conference, status=NoticeStatus.ISSUED, number=numbers[key], issued_on=issued,
                issuer_id=conference.organization_id, year=issued.year, symbol="UBND",
                subject=f"Kết luận của Chủ tịch tại {conference.title.lower()}", issued_at=_at(issued, 15),
            ))
        notices = ConclusionNotice.objects.bulk_create(notices)
        if notices and notices[0].pk is None:
            notices = list(ConclusionNotice.objects.filter(conference__in=conferences).order_by("pk"))
        notice_of = {n.conference_id: n for n in notices}
        self._papers: dict[tuple[int, int], list] = {}
        for conference in conferences:
            self._papers.setdefault((conference.planned_date.year, conference.organization_id), []).append(
                (conference, notice_of.get(conference.pk))
            )
            self._conference_deadlines(conference, notice_of.get(conference.pk))
        self.counts.plans, self.counts.conferences, self.counts.notices = len(plans), len(conferences), len(notices)

    # --- deadlines ---------------------------------------------------------------------------

    def _deadline(self, kind, *, organization_id, responsible_id, conference_id, notice_id=None, assignment_id=None,
                  anchor_on, due_on, done_on: dt.date | None, fixed=False):
        remind_on = _remind(due_on)
        if done_on is not None and done_on <= self.today:
            state = DeadlineState.MET if done_on <= due_on else DeadlineState.LATE
            closed_on = done_on
        else:
            state, closed_on = DeadlineState.OPEN, None
        # The daily scan has run up to yesterday: what fell due before today is marked; today's work is left.
        reminded = _at(remind_on, 7) if (remind_on < self.today and (closed_on is None or closed_on >= remind_on)) else None
        escalated = _at(due_on + dt.timedelta(days=1), 7) if (
            due_on < self.today - dt.timedelta(days=1) and (closed_on is None or closed_on > due_on + dt.timedelta(days=1))
        ) else None
        self.pending["deadlines"].append({
            "kind": kind, "rule_code": "", "organization_id": organization_id, "responsible_id": responsible_id,
            "conference_id": conference_id, "notice_id": notice_id, "assignment_id": assignment_id,
            "anchor_on": anchor_on, "fixed": fixed, "due_on": due_on, "remind_on": remind_on, "state": state,
            "closed_on": closed_on, "closed_by_id": None, "reminded_at": reminded, "escalated_at": escalated,
            "created_at": self.now, "updated_at": self.now,
        })

    def _conference_deadlines(self, conference: Conference, notice: ConclusionNotice | None):
        day = conference.planned_date
        common = dict(organization_id=conference.organization_id, responsible_id=conference.organization_id,
                      conference_id=conference.pk, anchor_on=day)
        announced = conference.announced_at and clock.date_of(conference.announced_at)
        self._deadline(RuleCode.ANNOUNCE, due_on=LAW[RuleCode.ANNOUNCE].due_from(day), done_on=announced, **common)
        # The office reports the opinions (marked done) by their day or a little after.
        opinions_due = LAW[RuleCode.OPINIONS].due_from(day)
        reported = opinions_due + dt.timedelta(days=self.rng.randint(-3, 1))
        self._deadline(RuleCode.OPINIONS, due_on=opinions_due,
                       done_on=reported if conference.held_at else None, **common)
        if conference.held_at:
            self._deadline(RuleCode.NOTICE, due_on=LAW[RuleCode.NOTICE].due_from(day),
                           done_on=notice.issued_on if notice else None, **common)

    # --- petitions ---------------------------------------------------------------------------

    def petitions(self, year: int, commune: Organization):
        papers = self._papers[(year, commune.pk)]
        rows = self.rows
        size = self.per_year
        ids = self.petition_ids.take(size)
        sources = rows.sources(size)
        for i, pk in enumerate(ids):
            conference, notice = papers[i % len(papers)]
            day = conference.planned_date
            # Received in the half-year before the conference, never after today.
            latest = min(day - dt.timedelta(days=1), self.today)
            received = latest - dt.timedelta(days=self.rng.randrange(170))
            created = min(_at(received, 7) + dt.timedelta(seconds=self.rng.randrange(10 * 3600)),
                          self.now - dt.timedelta(hours=2))
            if notice is None:
                status = PetitionStatus.REGISTERED
            else:
                recent = (self.today - day).days < 365
                status = rows.statuses(1, RECENT_MIX if recent else OLD_MIX)[0]
            agency = self.rng.choice(self.agencies[commune.pk])
            self.pending["petitions"].append(rows.petition(
                pk=pk, organization_id=commune.pk, status=status, source=sources[i], created=created,
                conference_id=conference.pk,
            ))
            events = rows.events(pk, status, created, agency=agency.name, concluded=_at(day, 11),
                                 answered_at_conference=ANSWERED_AT_CONFERENCE)
            if notice is not None and any(e["kind"] == EventKind.ASSIGNED for e in events):
                self._assignment(pk, commune, conference, notice, agency, events)
            else:
                self._reorder(events)
            self.pending["events"].extend(events)

    def _assignment(self, petition_id, commune, conference, notice, agency, events):
        by_kind = {e["kind"]: e for e in events}
        assigned = by_kind[EventKind.ASSIGNED]
        # Assigned when the notice was issued (or the day after); the engine counts from the later of the two.
        if assigned["at"] < _at(notice.issued_on, 15):
            assigned["at"] = _at(notice.issued_on, 16)
        self._reorder(events)
        start = max(notice.issued_on, clock.date_of(assigned["at"]))
        acknowledge_by, due = assignment_dates(None, start)
        assigned["date"] = due
        acknowledged = by_kind.get(EventKind.ACKNOWLEDGED)
        extended = by_kind.get(EventKind.EXTENDED)
        resolved = by_kind.get(EventKind.RESOLVED)
        extended_to = due + dt.timedelta(days=15) if extended else None
        if extended:
            extended["date"] = extended_to
        if resolved:
            status = AssignmentStatus.CLOSED
        elif acknowledged or extended:
            status = AssignmentStatus.ACKNOWLEDGED
        else:
            status = AssignmentStatus.NEW
        ack_at = (acknowledged or extended or {}).get("at")
        pk = self.assignment_ids.take(1)[0] if not self.free_assignment_ids else self.free_assignment_ids.pop()
        self.pending["assignments"].append({
            "id": pk, "petition_id": petition_id, "conclusion_id": None, "agency_id": agency.pk, "status": status,
            "assigned_by_id": self.clerk.pk, "assigned_at": assigned["at"], "acknowledge_due_on": acknowledge_by,
            "due_on": due, "acknowledged_at": ack_at, "acknowledged_by_id": self.clerk.pk if ack_at else None,
            "extended_to": extended_to, "extension_reason": extended["text"] if extended else "",
            "extended_at": extended["at"] if extended else None, "closed_at": resolved["at"] if resolved else None,
        })
        done = clock.date_of(resolved["at"]) if resolved else None
        common = dict(organization_id=commune.pk, responsible_id=agency.pk, conference_id=conference.pk,
                      notice_id=notice.pk, assignment_id=pk, anchor_on=start)
        self._deadline(RuleCode.ACKNOWLEDGE, due_on=min(acknowledge_by, extended_to or due),
                       done_on=clock.date_of(ack_at) if ack_at else done, **common)
        self._deadline(RuleCode.RESOLVE, due_on=extended_to or due, done_on=done, fixed=True, **common)
        self._deadline(RuleCode.ANSWER, due_on=LAW[RuleCode.ANSWER].due_from(start), done_on=done, **common)

    def _reorder(self, events):
        """Keep the timeline in order after the assignment moved to the notice's day, and in the past:
        what would fall after now is brought back to the last hours, still in order."""
        for before, after in zip(events, events[1:]):
            if after["at"] <= before["at"]:
                after["at"] = before["at"] + dt.timedelta(days=1)
        for k, event in enumerate(reversed(events), 1):
            latest = self.now - dt.timedelta(minutes=10 * k)
            if event["at"] > latest:
                event["at"] = latest

    def flush(self):
        pending = self.pending
        with transaction.atomic():
            write_petitions(pending["petitions"], pending["events"])
            write_rows(Assignment, ASSIGNMENT_COLUMNS, pending["assignments"])
            write_rows(Deadline, DEADLINE_COLUMNS, pending["deadlines"])
        self.counts.petitions += len(pending["petitions"])
        self.counts.events += len(pending["events"])
        self.counts.assignments += len(pending["assignments"])
        self.counts.deadlines += len(pending["deadlines"])
        for rows in pending.values():
            rows.clear()

    def run(self) -> Counts:
        started = time.monotonic()
        with transaction.atomic():
            self.organisations()
            self.build_paper()
        fields = list(Field.objects.filter(organization__isnull=True).values_list("pk", flat=True))
        self.rows = PetitionRows(self.rng, fields)
        first = self.today.year - self.years + 1
        for n, commune in enumerate(self.communes_, 1):
            for year in range(first, self.today.year + 1):
                # An assignment per petition at most: ids for the year's, the unused ones left as gaps.
                self.free_assignment_ids = self.assignment_ids.take(self.per_year)[::-1]
                self.petitions(year, commune)
                if len(self.pending["petitions"]) >= self.batch:
                    self.flush()
            self.log(f"{n}/{len(self.communes_)} communes, {self.counts.petitions} petitions, "
                     f"{time.monotonic() - started:.0f} s")
        self.flush()
        analyze(Petition, PetitionEvent, Assignment, Deadline, Organization, Conference)
        self.counts.seconds = round(time.monotonic() - started, 1)
        return self.counts


def generate(*, code: str = "tinh-thu", communes: int = 100, years: int = 10, per_year: int = 500,
             seed: int | None = None, batch: int = 20000, log=None) -> Counts:
    """Build the province (see the module's docstring); refuses when its code exists."""
    builder = ProvinceBuilder(code=code, communes=communes, years=years, per_year=per_year, seed=seed, batch=batch,
                              log=log)
    return builder.run()
