"""When accepted answers reach the public: one by one, or a conference's together.

By default an agency's written answer is published the moment the office accepts
it (petitions.services.response_review). An office may instead choose, per
conference, to hold its accepted answers and release them together with a
summary of the conference's results (the feature table's row 19):

    each on acceptance ──(hold on)──▶ hold ──release_answers──▶ published together
         ▲                            │
         └────(hold off: only when nothing is held)

A held answer is accepted (the agency's deadline is met, the assignment closed
when final) but not public: its Response has no `published_at`, its "answered"
events are not public, and a petition whose final answer is held has the status
TO_PUBLISH instead of RESOLVED, so the citizen's page says the answer is
accepted and coming rather than showing "resolved" without an answer.
`release_answers` publishes every held answer of the conference at once and
writes an AnswerRelease row: who, when, how many, and the results as they stood.

The answer of a group of petitions is recorded on its lead; the lead's conference
decides, and the release mirrors to every member as acceptance would have.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dialogue.access import has_role

from . import citizen, services
from .models import (
    AnswerPolicy,
    AnswerRelease,
    EventKind,
    Petition,
    PetitionEvent,
    PetitionStatus,
    Response,
    ReviewStatus,
)
from .services import PetitionError

# Who chooses and releases: the office that accepts the answers.
PUBLISHER_ROLES = services.REVIEWER_ROLES
# Statuses of a petition that is still being handled (the summary's last count).
IN_PROGRESS = (
    PetitionStatus.REGISTERED, PetitionStatus.ASSIGNED, PetitionStatus.IN_REVIEW, PetitionStatus.TO_PUBLISH,
    PetitionStatus.REOPENED,
)


def can_publish(user, conference) -> bool:
    return has_role(user, conference.organization_id, *PUBLISHER_ROLES)


def answers_held(petition: Petition) -> bool:
    """Whether an answer the office accepts now on `petition` waits for its conference's release."""
    return AnswerPolicy.holds_answers_of(petition)


def policy_of(conference) -> AnswerPolicy | None:
    return AnswerPolicy.objects.filter(conference=conference).select_related("changed_by").first()


def held_responses(conference):
    """The accepted answers of the conference's petitions that wait to be published."""
    return Response.objects.filter(
        review_status=ReviewStatus.ACCEPTED, published_at__isnull=True, assignment__petition__conference=conference,
    )


@transaction.atomic
def set_answer_policy(*, conference, by, hold: bool) -> AnswerPolicy:
    """Choose how the conference's accepted answers are published. Going back to
    "each on acceptance" is refused while answers are held: release them first, so
    no answer is left unpublished without anyone having decided it."""
    if not can_publish(by, conference):
        raise PetitionError(_("You are not allowed to do this."))
    policy = AnswerPolicy.objects.select_for_update().filter(conference=conference).first()
    if policy is not None and policy.hold == hold:
        return policy
    if not hold:
        waiting = held_responses(conference).count()
        if waiting:
            raise PetitionError(
                _("%(count)s accepted answers are held: publish them before choosing to publish each on acceptance.")
                % {"count": waiting}
            )
    values = {"hold": hold, "changed_by": by, "changed_at": timezone.now()}
    policy, created = AnswerPolicy.objects.get_or_create(conference=conference, defaults=values)
    if not created:
        for key, value in values.items():
            setattr(policy, key, value)
        policy.save()
    return policy


def results_of(conference) -> dict[str, int]:
    """The conference's petitions by outcome, in one query: the summary of its results."""
    at_conference = PetitionEvent.objects.filter(petition=OuterRef("pk"), kind=EventKind.ANSWERED_AT_CONFERENCE)
    resolved = Q(status=PetitionStatus.RESOLVED)
    counts = (
        Petition.objects.filter(conference=conference)
        .annotate(at_conference=Exists(at_conference))
        .aggregate(
            petitions=Count("pk"),
            answered_at_conference=Count("pk", filter=resolved & Q(at_conference=True)),
            answered_in_writing=Count("pk", filter=resolved & Q(at_conference=False)),
            referred=Count("pk", filter=Q(status=PetitionStatus.REFERRED)),
            in_progress=Count("pk", filter=Q(status__in=IN_PROGRESS)),
        )
    )
    return {key: value or 0 for key, value in counts.items()}


@transaction.atomic
def release_answers(*, conference, by, summary: str = "", expected: int | None = None) -> AnswerRelease:
    """Publish every held answer of the conference at once, as acceptance would
    have one by one, and record the release with the conference's results.

    `expected` is the number the office confirmed; when answers were accepted or
    released by someone else in the meantime the release is refused, so what is
    published is exactly what was confirmed."""
    if not can_publish(by, conference):
        raise PetitionError(_("You are not allowed to do this."))
    # One release of a conference at a time: the second waits here, then finds nothing held.
    AnswerPolicy.objects.select_for_update().filter(conference=conference).first()
    held = list(
        held_responses(conference)
        .select_for_update(of=("self",))
        .select_related("assignment__petition", "assignment__petition__group")
        .order_by("reviewed_at", "id")
    )
    if not held:
        raise PetitionError(_("No accepted answer of this conference is waiting to be published."))
    if expected is not None and expected != len(held):
        raise PetitionError(
            _("The number of answers waiting changed to %(count)s: check them and confirm again.")
            % {"count": len(held)}
        )
    summary = (summary or "").strip()
    now = timezone.now()
    final_leads, leads = set(), {}
    for response in held:
        lead = response.assignment.petition
        leads[lead.pk] = lead
        if response.is_final:
            final_leads.add(lead.pk)
    Response.objects.filter(pk__in=[r.pk for r in held]).update(published_at=now)
    members = [p for lead in leads.values() for p in services.family(lead)]
    # Their "answered" events, recorded hidden at acceptance, become public now, dated
    # today: the day the citizen can read the answer.
    answered = list(PetitionEvent.objects.filter(petition__in=members, kind=EventKind.ANSWERED, public=False))
    PetitionEvent.objects.filter(pk__in=[e.pk for e in answered]).update(public=True, at=now)
    for event in answered:
        event.public, event.at = True, now
    # The citizens who asked for news hear of the answer now, as they would have on acceptance.
    citizen.on_events(answered)
    resolved = [p for p in members if (p.group.lead_id if p.group_id else p.pk) in final_leads]
    resolved = list(Petition.objects.filter(pk__in=[p.pk for p in resolved], status=PetitionStatus.TO_PUBLISH))
    Petition.objects.filter(pk__in=[p.pk for p in resolved]).update(status=PetitionStatus.RESOLVED, updated_at=now)
    services.record_events(resolved, EventKind.RESOLVED, by=by, public=True)
    services.touch_public(members, now)
    return AnswerRelease.objects.create(
        conference=conference, released_by=by, released_at=now, answers=len(held), summary=summary,
        **results_of(conference),
    )


def releases_of(conference):
    return AnswerRelease.objects.filter(conference=conference).select_related("released_by")
