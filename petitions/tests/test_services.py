import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from dialogue.models import Role
from dialogue.testing.factories import OrganizationFactory, member
from dialogue.workdays import add_calendar_days, add_working_days
from petitions import services
from petitions.models import (
    Assignment,
    AssignmentStatus,
    Conclusion,
    EventKind,
    Feedback,
    Field,
    Petition,
    PetitionStatus,
    ReviewStatus,
    Source,
)
from petitions.services import PetitionError
from plans.models import DeadlineRule, Plan

from .factories import make_conference


def kinds(petition, public=None):
    qs = petition.events.order_by("at", "id")
    if public is not None:
        qs = qs.filter(public=public)
    return list(qs.values_list("kind", flat=True))


# --- registering -----------------------------------------------------------------------------


def test_online_registration_for_an_announced_conference(conference):
    # get_or_create: a live-server test earlier in the run flushes the migration's rows.
    field, _ = Field.objects.get_or_create(organization=None, name="Giao thông")
    p = services.petition_register_online(
        conference=conference, petitioner_name="  Trần Thị Bình ", petitioner_phone="0987654321",
        content="Đường bị ngập khi mưa", field=field,
    )
    assert p.source == Source.ONLINE and p.organization_id == conference.organization_id
    assert p.petitioner_name == "Trần Thị Bình"
    assert p.tracking_code.startswith("DT-") and len(p.tracking_code) == 14
    assert kinds(p, public=True) == [EventKind.REGISTERED]
    assert p.created_by is None


@pytest.mark.parametrize("status", ["planned", "scheduled", "held", "closed", "cancelled"])
def test_online_registration_refused_unless_announced(org, status):
    conference = make_conference(org, status)
    with pytest.raises(PetitionError, match="đã đóng"):
        services.petition_register_online(conference=conference, petitioner_name="A", content="B")
    assert not Petition.objects.exists()


@pytest.mark.parametrize("source", ["slip", "writing", "front"])
def test_staff_record_from_every_paper_source(org, staff, source):
    p = services.petition_record(organization=org, by=staff, source=source, petitioner_name="Lê Văn C", content="Nội dung")
    assert p.source == source and p.created_by == staff


def test_record_refuses_online_source_and_foreign_conference(org, other_org, staff):
    with pytest.raises(PetitionError):
        services.petition_record(organization=org, by=staff, source="online", petitioner_name="A", content="B")
    foreign = make_conference(other_org)
    with pytest.raises(PetitionError) as err:
        services.petition_record(organization=org, by=staff, source="slip", conference=foreign, petitioner_name="A", content="B")
    assert err.value.field == "conference"


@pytest.mark.parametrize("who", ["supervisor", "agency_user", "outsider"])
def test_record_refused_for_readers_agencies_and_outsiders(request, org, who):
    user = request.getfixturevalue(who)
    with pytest.raises(PetitionError, match="không có quyền"):
        services.petition_record(organization=org, by=user, source="slip", petitioner_name="A", content="B")


def test_capture_at_conference_links_conference_and_speech(org, secretary):
    from conferences.models import ConferencePerson

    conference = make_conference(org, "held")
    with pytest.raises(PetitionError):  # the secretary of another conference
        services.petition_capture_at_conference(conference=conference, by=secretary, petitioner_name="A", content="B")
    ConferencePerson.objects.create(conference=conference, role="secretary", user=secretary)
    p = services.petition_capture_at_conference(
        conference=conference, by=secretary, speech_number=3, petitioner_name="Phạm Văn D", content="Ý kiến về điện"
    )
    assert p.source == Source.CONFERENCE and p.conference == conference and p.speech_number == 3


def test_capture_refused_after_the_conference_is_closed(org, secretary):
    conference = make_conference(org, "closed")
    with pytest.raises(PetitionError):
        services.petition_capture_at_conference(conference=conference, by=secretary, petitioner_name="A", content="B")


def test_empty_content_is_refused_by_the_service_and_the_database(org, staff):
    with pytest.raises(PetitionError) as err:
        services.petition_record(organization=org, by=staff, source="slip", petitioner_name="A", content="   ")
    assert err.value.field == "content"
    with pytest.raises(IntegrityError), transaction.atomic():
        Petition.objects.create(organization=org, source="slip", petitioner_name="A", content="")


def test_field_of_another_organisation_is_refused(org, other_org, staff):
    foreign = Field.objects.create(organization=other_org, name="Riêng xã khác")
    with pytest.raises(PetitionError) as err:
        services.petition_record(organization=org, by=staff, source="slip", petitioner_name="A", content="B", field=foreign)
    assert err.value.field == "field"


def test_status_constraint_keeps_the_column_honest(petition):
    with pytest.raises(IntegrityError), transaction.atomic():
        Petition.objects.filter(pk=petition.pk).update(status="bogus")


# --- deadlines -------------------------------------------------------------------------------


def _plan_with_rules(org, *rules):
    plan = Plan.objects.create(issuer=org, year=2026, subject="Kế hoạch", status="approved")
    for code, days, day_type in rules:
        DeadlineRule.objects.create(plan=plan, code=code, name=code, anchor="assignment", offset_days=days, day_type=day_type)
    return plan


def test_default_deadline_without_rules_is_30_calendar_days(petition):
    start = dt.date(2026, 3, 2)
    ack, due = services.default_deadlines(petition, start)
    assert due == add_calendar_days(start, 30)
    assert ack == add_calendar_days(start, 5)


def test_default_deadline_from_the_plan_rules(org, staff):
    plan = _plan_with_rules(org, ("resolve", 20, "working"), ("answer", 30, "calendar"), ("acknowledge", 5, "calendar"))
    conference = make_conference(org, plan=plan)
    p = services.petition_record(organization=org, by=staff, source="slip", conference=conference, petitioner_name="A", content="B")
    start = dt.date(2026, 6, 1)
    ack, due = services.default_deadlines(p, start)
    assert due == add_working_days(start, 20) < add_calendar_days(start, 30)
    assert ack == add_calendar_days(start, 5)
    # Across 30/4 and 1/5, 20 working days run past 30 days: "30 days at most" wins.
    start = dt.date(2026, 4, 20)
    assert services.default_deadlines(p, start)[1] == add_calendar_days(start, 30) < add_working_days(start, 20)


def test_answer_rule_caps_a_long_resolve_rule(org, staff):
    plan = _plan_with_rules(org, ("resolve", 40, "working"), ("answer", 30, "calendar"))
    conference = make_conference(org, plan=plan)
    p = services.petition_record(organization=org, by=staff, source="slip", conference=conference, petitioner_name="A", content="B")
    start = dt.date(2026, 6, 1)
    assert services.default_deadlines(p, start)[1] == add_calendar_days(start, 30)


# --- conclusions -----------------------------------------------------------------------------


def test_leader_assigns_with_default_deadline_and_it_takes_effect(petition, leader, agency_org):
    c = services.conclusion_record(petition=petition, by=leader, outcome="assigned", agency=agency_org, direction="Kiểm tra")
    petition.refresh_from_db()
    assert c.is_approved and petition.status == PetitionStatus.ASSIGNED
    a = Assignment.objects.get(petition=petition)
    assert a.agency == agency_org and a.due_on == services.default_deadlines(petition)[1]
    assert a.acknowledge_due_on <= a.due_on
    assert kinds(petition, public=True) == ["registered", "concluded", "assigned"]
    assigned_event = petition.events.get(kind="assigned")
    assert assigned_event.agency_name == agency_org.name and assigned_event.date == a.due_on


def test_staff_drafts_and_leader_approves(petition, staff, leader, agency_org):
    due = timezone.localdate() + dt.timedelta(days=12)
    c = services.conclusion_record(petition=petition, by=staff, outcome="assigned", agency=agency_org, due_on=due)
    petition.refresh_from_db()
    assert not c.is_approved and petition.status == PetitionStatus.REGISTERED
    assert not Assignment.objects.exists()
    assert kinds(petition, public=True) == ["registered"]
    with pytest.raises(PetitionError):
        services.conclusion_approve(conclusion=c, by=staff)
    services.conclusion_approve(conclusion=c, by=leader)
    petition.refresh_from_db()
    assert petition.status == PetitionStatus.ASSIGNED
    assert Assignment.objects.get().due_on == due
    with pytest.raises(PetitionError):
        services.conclusion_approve(conclusion=c, by=leader)


def test_a_new_draft_replaces_the_old_draft(petition, staff):
    services.conclusion_record(petition=petition, by=staff, outcome="referred", referred_to="UBND huyện")
    services.conclusion_record(petition=petition, by=staff, outcome="answered", answer="Đã trả lời")
    assert list(Conclusion.objects.values_list("outcome", flat=True)) == ["answered"]


def test_answered_at_conference_resolves_and_publishes_the_answer(petition, leader):
    services.conclusion_record(petition=petition, by=leader, outcome="answered", answer="Xã sẽ sửa trong quý I")
    petition.refresh_from_db()
    assert petition.status == PetitionStatus.RESOLVED
    event = petition.events.get(kind=EventKind.ANSWERED_AT_CONFERENCE)
    assert event.public and event.text == "Xã sẽ sửa trong quý I"


def test_referred_names_the_higher_authority(petition, leader):
    services.conclusion_record(petition=petition, by=leader, outcome="referred", referred_to="UBND huyện Nam Đàn")
    petition.refresh_from_db()
    assert petition.status == PetitionStatus.REFERRED
    assert petition.events.get(kind="referred").agency_name == "UBND huyện Nam Đàn"


def test_in_writing_is_assigned_to_the_office_itself(petition, leader, org):
    services.conclusion_record(petition=petition, by=leader, outcome="in_writing")
    a = Assignment.objects.get()
    assert a.agency == org
    # The office's own staff answers it (a writer of the agency organisation).
    assert services.can_act_for_agency(leader, a)


@pytest.mark.parametrize(
    "kwargs,field",
    [
        ({"outcome": "answered"}, "answer"),
        ({"outcome": "assigned"}, "agency"),
        ({"outcome": "referred"}, "referred_to"),
        ({"outcome": "nonsense"}, "outcome"),
    ],
)
def test_conclusion_needs_its_details(petition, leader, kwargs, field):
    with pytest.raises(PetitionError) as err:
        services.conclusion_record(petition=petition, by=leader, **kwargs)
    assert err.value.field == field


def test_past_deadline_is_refused(petition, leader, agency_org):
    with pytest.raises(PetitionError) as err:
        services.conclusion_record(
            petition=petition, by=leader, outcome="assigned", agency=agency_org,
            due_on=timezone.localdate() - dt.timedelta(days=1),
        )
    assert err.value.field == "due_on"


def test_conclusion_cannot_be_recorded_twice(assigned, petition, leader):
    with pytest.raises(PetitionError):
        services.conclusion_record(petition=petition, by=leader, outcome="answered", answer="x")


@pytest.mark.parametrize("who", ["supervisor", "agency_user", "outsider"])
def test_conclusion_refused_for_others(request, petition, who):
    with pytest.raises(PetitionError):
        services.conclusion_record(petition=petition, by=request.getfixturevalue(who), outcome="answered", answer="x")


def test_bulk_assign_is_all_or_nothing(org, staff, leader, agency_org, make_petition, petition):
    others = [make_petition() for _ in range(3)]
    done = services.petitions_assign_bulk(petitions=others, by=leader, agency=agency_org)
    assert len(done) == 3 and Assignment.objects.count() == 3
    fresh = make_petition()
    with pytest.raises(PetitionError, match=others[0].tracking_code):
        services.petitions_assign_bulk(petitions=[fresh, others[0]], by=leader, agency=agency_org)
    fresh.refresh_from_db()
    assert fresh.status == PetitionStatus.REGISTERED and Assignment.objects.count() == 3


# --- grouping --------------------------------------------------------------------------------


def test_group_mirrors_conclusion_and_answer_to_every_member(petition, make_petition, staff, leader, agency_org, agency_user):
    a, b = make_petition(), make_petition()
    services.petitions_group(lead=petition, others=[a, b], by=staff)
    a.refresh_from_db()
    assert a.group.lead == petition
    with pytest.raises(PetitionError, match="nhóm"):
        services.conclusion_record(petition=a, by=leader, outcome="answered", answer="x")
    services.conclusion_record(petition=petition, by=leader, outcome="assigned", agency=agency_org)
    assert Assignment.objects.count() == 1
    assignment = Assignment.objects.get()
    response = services.response_submit(assignment=assignment, by=agency_user, text="Đã sửa xong")
    services.response_review(response=response, by=staff, accept=True)
    for p in (petition, a, b):
        p.refresh_from_db()
        assert p.status == PetitionStatus.RESOLVED
        assert p.events.filter(kind="answered", public=True, text="Đã sửa xong").exists()


def test_group_refuses_other_organisation_and_concluded(petition, other_org, make_petition, staff, leader):
    foreign = make_petition(organization=other_org)
    with pytest.raises(PetitionError):
        services.petitions_group(lead=petition, others=[foreign], by=staff)
    done = make_petition()
    services.conclusion_record(petition=done, by=leader, outcome="answered", answer="x")
    with pytest.raises(PetitionError):
        services.petitions_group(lead=petition, others=[done], by=staff)
    with pytest.raises(PetitionError):
        services.petitions_group(lead=petition, others=[], by=staff)


def test_ungroup(petition, make_petition, staff):
    a, b = make_petition(), make_petition()
    services.petitions_group(lead=petition, others=[a, b], by=staff)
    services.petition_ungroup(petition=a, by=staff)
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.group_id is None and b.group_id is not None
    services.petition_ungroup(petition=petition, by=staff)
    assert not Petition.objects.filter(group__isnull=False).exists()


# --- the agency's work -----------------------------------------------------------------------


def test_acknowledge_once(assigned, agency_user):
    services.assignment_acknowledge(assignment=assigned, by=agency_user)
    assigned.refresh_from_db()
    assert assigned.status == AssignmentStatus.ACKNOWLEDGED and assigned.acknowledged_by == agency_user
    assert assigned.petition.events.get(kind="acknowledged").public
    with pytest.raises(PetitionError):
        services.assignment_acknowledge(assignment=assigned, by=agency_user)


@pytest.mark.parametrize("who", ["staff", "supervisor", "outsider"])
def test_only_the_agency_acts_on_its_assignment(request, assigned, who):
    user = request.getfixturevalue(who)
    with pytest.raises(PetitionError):
        services.assignment_acknowledge(assignment=assigned, by=user)
    with pytest.raises(PetitionError):
        services.response_submit(assignment=assigned, by=user, text="x")


def test_another_agency_cannot_act(assigned, org):
    other_agency = OrganizationFactory(parent=org, kind="department")
    intruder = member(other_agency, Role.AGENCY)
    with pytest.raises(PetitionError):
        services.assignment_extend(assignment=assigned, by=intruder, new_date=assigned.due_on + dt.timedelta(days=5), reason="x")


def test_extension_needs_reason_and_later_date_and_is_public(assigned, agency_user):
    later = assigned.due_on + dt.timedelta(days=15)
    with pytest.raises(PetitionError) as err:
        services.assignment_extend(assignment=assigned, by=agency_user, new_date=later, reason=" ")
    assert err.value.field == "reason"
    with pytest.raises(PetitionError) as err:
        services.assignment_extend(assignment=assigned, by=agency_user, new_date=assigned.due_on, reason="Cần xác minh")
    assert err.value.field == "new_date"
    services.assignment_extend(assignment=assigned, by=agency_user, new_date=later, reason="Cần đo đạc lại")
    assigned.refresh_from_db()
    assert assigned.extended_to == later and assigned.effective_due_on == later
    event = assigned.petition.events.get(kind="extended")
    assert event.public and event.date == later and event.text == "Cần đo đạc lại"


def test_answer_then_accept_publishes_and_resolves(answered, staff):
    petition = answered.assignment.petition
    petition.refresh_from_db()
    assert petition.status == PetitionStatus.IN_REVIEW
    assert not petition.events.filter(kind="answered").exists()
    with pytest.raises(PetitionError):
        services.response_submit(assignment=answered.assignment, by=answered.submitted_by, text="again")
    services.response_review(response=answered, by=staff, accept=True)
    answered.refresh_from_db()
    petition.refresh_from_db()
    assert answered.review_status == ReviewStatus.ACCEPTED and answered.published_at is not None
    assert petition.status == PetitionStatus.RESOLVED
    assert answered.assignment.status == AssignmentStatus.CLOSED
    assert kinds(petition, public=True)[-2:] == ["answered", "resolved"]


def test_return_needs_a_comment_and_reopens_the_work(answered, staff, agency_user):
    with pytest.raises(PetitionError) as err:
        services.response_review(response=answered, by=staff, accept=False, comment="")
    assert err.value.field == "comment"
    services.response_review(response=answered, by=staff, accept=False, comment="Chưa nêu thời gian thi công")
    answered.refresh_from_db()
    petition = Petition.objects.get(pk=answered.assignment.petition_id)
    assert answered.review_status == ReviewStatus.RETURNED and answered.published_at is None
    assert petition.status == PetitionStatus.ASSIGNED
    assert not petition.events.filter(public=True, kind="answered").exists()
    # The agency answers again.
    services.response_submit(assignment=answered.assignment, by=agency_user, text="Thi công từ 01/12")
    with pytest.raises(PetitionError):
        services.response_review(response=answered, by=staff, accept=True)


def test_interim_answer_is_published_but_keeps_the_assignment_open(assigned, agency_user, staff):
    r = services.response_submit(assignment=assigned, by=agency_user, text="Đang xác minh", is_final=False)
    services.response_review(response=r, by=staff, accept=True)
    assigned.refresh_from_db()
    assert assigned.status == AssignmentStatus.ACKNOWLEDGED
    assert Petition.objects.get(pk=assigned.petition_id).status == PetitionStatus.ASSIGNED


@pytest.mark.parametrize("who", ["supervisor", "agency_user", "secretary", "outsider"])
def test_review_refused_for_others(request, answered, who):
    with pytest.raises(PetitionError):
        services.response_review(response=answered, by=request.getfixturevalue(who), accept=True)


# --- feedback --------------------------------------------------------------------------------


def test_unsatisfied_feedback_reopens(petition, leader, agency_org):
    services.conclusion_record(petition=petition, by=leader, outcome="answered", answer="x")
    services.petition_feedback(petition=petition, satisfied=False, comment="Chưa thỏa đáng")
    petition.refresh_from_db()
    assert petition.status == PetitionStatus.REOPENED and petition.feedback == Feedback.UNSATISFIED
    with pytest.raises(PetitionError):
        services.petition_feedback(petition=petition, satisfied=True)
    # Back on the office's list: a new conclusion can be recorded.
    services.conclusion_record(petition=petition, by=leader, outcome="assigned", agency=agency_org)
    petition.refresh_from_db()
    assert petition.status == PetitionStatus.ASSIGNED


def test_feedback_only_after_resolution(petition):
    with pytest.raises(PetitionError):
        services.petition_feedback(petition=petition, satisfied=True)


def test_satisfied_feedback_keeps_it_resolved(petition, leader):
    services.conclusion_record(petition=petition, by=leader, outcome="answered", answer="x")
    services.petition_feedback(petition=petition, satisfied=True)
    petition.refresh_from_db()
    assert petition.status == PetitionStatus.RESOLVED and petition.feedback == Feedback.SATISFIED


# --- the conclusion notice -------------------------------------------------------------------


def test_notice_draft_gathers_the_approved_conclusions(petition, make_petition, conference, staff, leader, agency_org):
    services.conclusion_record(petition=petition, by=leader, outcome="assigned", agency=agency_org)
    drafted = make_petition(conference=conference)
    services.conclusion_record(petition=drafted, by=staff, outcome="answered", answer="x")  # not approved yet
    notice = services.notice_draft(conference=conference, by=staff)
    assert notice.status == "draft"
    assert list(notice.conclusions.values_list("petition", flat=True)) == [petition.pk]
    services.conclusion_approve(conclusion=drafted.conclusions.get(), by=leader)
    again = services.notice_draft(conference=conference, by=staff)
    assert again == notice and notice.conclusions.count() == 2


def test_notice_draft_refused_for_supervisors(conference, supervisor):
    with pytest.raises(PetitionError):
        services.notice_draft(conference=conference, by=supervisor)
