"""The whole demo loads, with the commune's conference day run through the services,
and loading it again changes nothing."""

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from conferences.models import Attendance, Conference, ConferenceStatus, Minutes, Speech
from deadlines.models import Deadline
from dialogue.models import Membership
from home.queue import queue_for
from petitions.models import (
    Assignment,
    AssignmentStatus,
    Conclusion,
    ConclusionNotice,
    Petition,
    PetitionEvent,
    PetitionStatus,
    Response,
    ReviewStatus,
    Source,
)
from plans.models import Plan, PlanTransition, Status
from registry.models import OutgoingDocument

from demo.loading import load_all

pytestmark = pytest.mark.django_db


def snapshot() -> dict:
    """Every row the demo makes, with the columns its states live in."""
    return {
        "plans": sorted(Plan.objects.values_list("pk", "status", "year", "number")),
        "plan steps": PlanTransition.objects.count(),
        "conferences": sorted(Conference.objects.values_list("pk", "status", "starts_at", "revision")),
        "attendance": Attendance.objects.count(),
        "speeches": Speech.objects.count(),
        "minutes": Minutes.objects.count(),
        "petitions": sorted(Petition.objects.values_list("pk", "status", "feedback", "source")),
        "events": PetitionEvent.objects.count(),
        "conclusions": sorted(Conclusion.objects.values_list("pk", "approved_at", "notice_id")),
        "assignments": sorted(Assignment.objects.values_list("pk", "status", "due_on", "extended_to")),
        "responses": sorted(Response.objects.values_list("pk", "review_status")),
        "notices": sorted(ConclusionNotice.objects.values_list("pk", "status", "number")),
        "deadlines": sorted(Deadline.objects.values_list("pk", "kind", "state", "due_on")),
        "documents": OutgoingDocument.objects.count(),
    }


def test_loading_twice_changes_nothing():
    load_all()
    first = snapshot()
    assert first["conferences"] and first["petitions"]
    load_all()
    assert snapshot() == first
    assert Plan.objects.templates().count() == 3


def test_the_conference_day_leaves_every_kind_of_work_waiting():
    load_all()
    commune = "ubnd-vinh-lam"
    plans = Plan.objects.documents().filter(issuer__code=commune)
    year = timezone.localdate().year
    assert set(plans.values_list("year", "status")) >= {
        (year, Status.APPROVED), (year + 1, Status.SUBMITTED), (year, Status.RETURNED),
    }

    conferences = Conference.objects.filter(organization__code=commune)
    assert sorted(conferences.values_list("status", flat=True)) == sorted([
        ConferenceStatus.CONCLUDED, ConferenceStatus.HELD, ConferenceStatus.SCHEDULED, ConferenceStatus.PLANNED,
    ])
    day = conferences.get(status=ConferenceStatus.CONCLUDED)
    assert timezone.localtime(day.starts_at).date() == timezone.localdate()
    assert day.attendances.count() == 3 and day.speeches.count() == 5

    petitions = Petition.objects.filter(conference=day)
    assert petitions.filter(source=Source.ONLINE).count() == 2
    assert petitions.filter(source=Source.CONFERENCE).count() == 5
    assert petitions.filter(status=PetitionStatus.REOPENED).count() == 1
    assert Conclusion.objects.filter(petition__conference=day, approved_at__isnull=True).count() == 1

    issued = ConclusionNotice.objects.get(conference=day)
    assert issued.status == ConclusionNotice.Status.ISSUED and issued.number
    assert OutgoingDocument.objects.filter(notice=issued).exists()
    assert ConclusionNotice.objects.filter(status=ConclusionNotice.Status.SUBMITTED).count() == 1

    police = Assignment.objects.filter(agency__code="ca-vinh-lam")
    assert sorted(police.values_list("status", flat=True)) == sorted([
        AssignmentStatus.ANSWERED, AssignmentStatus.ACKNOWLEDGED, AssignmentStatus.ACKNOWLEDGED, AssignmentStatus.NEW,
    ])
    assert police.filter(extended_to__isnull=False).count() == 1
    assert Response.objects.filter(review_status=ReviewStatus.RETURNED).count() == 1
    assert Response.objects.filter(review_status=ReviewStatus.PENDING).count() == 1
    # The deadlines run from today: the assignments' counts started with the notice, and the
    # opinions report of the conference in nine days is already late.
    assert Deadline.objects.filter(assignment__in=police, state=Deadline.State.OPEN).exists()
    assert Deadline.objects.filter(
        kind=Deadline.Kind.OPINIONS, state=Deadline.State.OPEN, due_on__lt=timezone.localdate()
    ).count() == 1


@pytest.mark.parametrize("username", ["chutich", "vanphong", "thuky", "congan", "mttq"])
def test_every_role_of_the_commune_has_a_queue_after_the_day(username):
    load_all()
    user = get_user_model().objects.get(username=username)
    memberships = list(Membership.objects.filter(user=user).select_related("organization"))
    [section] = queue_for(user, memberships)
    assert section.lines, username


def test_a_commune_that_already_has_conferences_gets_no_second_day():
    load_all()
    day = Conference.objects.get(status=ConferenceStatus.CONCLUDED)
    Conference.objects.exclude(pk=day.pk).filter(status=ConferenceStatus.PLANNED).delete()
    before = snapshot()
    load_all()
    assert snapshot() == before
