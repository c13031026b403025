"""The province generator (demo.province): counts, and rows as the services would have left them."""

import datetime as dt
from collections import Counter, defaultdict

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from conferences.models import Conference
from deadlines import scanner
from deadlines.models import Deadline
from deadlines.rules import assignment_dates
from deadlines.services import remind_date
from demo.province import generate
from dialogue import clock
from dialogue.access import rollup_ids
from dialogue.models import Organization
from petitions.models import Assignment, AssignmentStatus, EventKind, Petition, PetitionEvent, PetitionStatus
from reports.figures import results
from reports.periods import Period

pytestmark = pytest.mark.django_db


@pytest.fixture
def province():
    counts = generate(code="tinh-nho", communes=2, years=2, per_year=30, seed=3)
    return counts, Organization.objects.get(code="tinh-nho")


def test_counts_and_tree(province):
    counts, org = province
    communes = Organization.objects.filter(parent=org)
    assert communes.count() == 2
    assert Organization.objects.filter(parent__in=communes, kind=Organization.Kind.DEPARTMENT).count() == 6
    assert counts.organizations == 9
    assert counts.plans == 4 and counts.conferences == 8
    assert counts.petitions == Petition.objects.count() == 2 * 2 * 30
    assert counts.events == PetitionEvent.objects.count()
    assert counts.assignments == Assignment.objects.count() > 0
    assert counts.deadlines == Deadline.objects.count()
    # Three deadlines per assignment; announce and opinions per conference; a notice deadline per one held.
    held = Conference.objects.exclude(held_at=None).count()
    assert counts.deadlines == 3 * counts.assignments + 2 * counts.conferences + held
    assert set(Deadline.objects.exclude(assignment=None).values("assignment").annotate(n=Count("pk"))
               .values_list("n", flat=True)) == {3}
    # The province's leader reads every commune and agency through the roll-up.
    leader = Organization.objects.get(code="tinh-nho").memberships.get().user
    assert rollup_ids(leader) == set(Organization.objects.exclude(pk=org.pk).values_list("pk", flat=True))
    with pytest.raises(ValueError):
        generate(code="tinh-nho", communes=1, years=1, per_year=1)


def test_timelines_and_assignments_agree_with_the_deadline_engine(province):
    now = timezone.now()
    events = defaultdict(list)
    for petition_id, kind, at in PetitionEvent.objects.order_by("petition_id", "id").values_list(
        "petition_id", "kind", "at"
    ):
        events[petition_id].append((kind, at))
    for petition in Petition.objects.all():
        timeline = events[petition.pk]
        assert timeline[0][0] == EventKind.REGISTERED
        assert [at for _k, at in timeline] == sorted(at for _k, at in timeline)
        assert timeline[-1][1] <= now
        if petition.status == PetitionStatus.RESOLVED:
            assert timeline[-1][0] == EventKind.RESOLVED
        assert petition.conference.organization_id == petition.organization_id
    for assignment in Assignment.objects.select_related("petition__conference"):
        notice = assignment.petition.conference.notices.get()
        start = max(notice.issued_on, clock.date_of(assignment.assigned_at))
        acknowledge_by, due = assignment_dates(None, start)
        assert (assignment.acknowledge_due_on, assignment.due_on) == (acknowledge_by, due)
        assert assignment.agency.parent_id == assignment.petition.organization_id
        assert (assignment.status == AssignmentStatus.CLOSED) == (assignment.petition.status == PetitionStatus.RESOLVED)
        resolve = assignment.deadlines.get(kind="resolve")
        assert resolve.due_on == assignment.effective_due_on and resolve.fixed
        assert resolve.is_open == (assignment.status != AssignmentStatus.CLOSED)
    for deadline in Deadline.objects.all():
        assert deadline.remind_on == remind_date(deadline.due_on)
        assert deadline.is_open == (deadline.closed_on is None)
        if not deadline.is_open:
            assert deadline.state == ("met" if deadline.closed_on <= deadline.due_on else "late")


def test_a_scan_finds_only_todays_work(province):
    """The daily scan is taken to have run until yesterday: what it finds now is today's work alone."""
    today = clock.today()
    open_ = Deadline.objects.filter(state="open")
    assert not open_.filter(remind_on__lt=today, reminded_at=None).exists()
    assert not open_.filter(due_on__lt=today - dt.timedelta(days=1), escalated_at=None).exists()
    to_remind = open_.filter(remind_on=today, reminded_at=None).count()
    to_escalate = open_.filter(due_on__lt=today, escalated_at=None).count()
    result = scanner.scan(notify=False)
    assert (result.reminded, result.escalated) == (to_remind, to_escalate)
    assert scanner.scan(notify=False).as_dict() == {"reminded": 0, "escalated": 0, "notifications": 0, "more": False}


def test_the_roll_up_counts_the_provinces_year(province):
    _counts, org = province
    year = clock.today().year
    period = Period.year(year)
    rolled = results(org, period, with_units=True)
    in_year = Petition.objects.filter(received_on__year=year).count()
    assert rolled.figures.petitions == in_year
    assert sum(unit.figures.petitions for unit in rolled.units) == in_year
    by_status = Counter(Petition.objects.filter(received_on__year=year).values_list("status", flat=True))
    assert rolled.figures.referred == by_status[PetitionStatus.REFERRED]


def test_the_command_prints_its_counts(capsys):
    call_command("generate_province", communes=1, years=1, per_year=5, code="tinh-lenh", seed=1)
    assert '"petitions": 5' in capsys.readouterr().out
