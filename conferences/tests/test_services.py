import datetime as dt

import pytest
from django.utils import timezone

from conferences import services
from conferences.models import Conference, ConferenceStatus as S, ConferenceTransition
from conferences.services import ConferenceError, ShortNoticeError
from dialogue.models import Role
from dialogue.testing.factories import member

from .factories import ConferenceFactory, approved_plan, conference_in_state, in_days


# ------------------------------------------------------------ create from plan


def test_create_from_plan_makes_one_per_session_with_copies(org, staff):
    plan = approved_plan(org, sessions=2)
    created = services.conferences_create_from_plan(plan=plan, by=staff)

    assert len(created) == 2
    first, second = sorted(created, key=lambda c: c.session.order)
    assert first.window_text == "Trước tháng 6/2026"
    assert first.status == S.PLANNED and first.starts_at is None
    assert first.venue == "Hội trường UBND xã" and first.expected_attendance == 120
    assert first.content == "Tình hình kinh tế, xã hội của xã.\nNhững vấn đề Nhân dân quan tâm."
    assert [p.position for p in first.people.all()] == ["Bí thư Đảng ủy xã", "Chủ tịch UBND xã", "Chuyên viên Văn phòng"]
    # The shared group and this session's own group, not the other session's.
    assert [g.text for g in first.groups.all()] == ["Ban Thường vụ Đảng ủy", "Nhân dân xóm Hòa Bình"]
    assert [g.text for g in second.groups.all()] == ["Ban Thường vụ Đảng ủy", "Các hợp tác xã"]
    assert [(a.text, a.minutes) for a in first.agenda.all()][1] == ("Báo cáo tình hình kinh tế, xã hội", 20)
    assert first.transitions.get().to_status == S.PLANNED
    assert first.public_code != second.public_code and len(first.public_code) == 16


def test_create_from_plan_is_idempotent(org, staff):
    plan = approved_plan(org, sessions=2)
    services.conferences_create_from_plan(plan=plan, by=staff)
    assert services.conferences_create_from_plan(plan=plan, by=staff) == []
    assert Conference.objects.filter(plan=plan).count() == 2


def test_create_from_plan_adds_only_missing_session(org, staff):
    plan = approved_plan(org, sessions=1)
    services.conferences_create_from_plan(plan=plan, by=staff)
    from .factories import SessionFactory

    SessionFactory(plan=plan, order=5, window="Đột xuất quý IV")
    created = services.conferences_create_from_plan(plan=plan, by=staff)
    assert [c.window_text for c in created] == ["Đột xuất quý IV"]


def test_create_from_issued_plan_allowed_and_plan_without_sessions_gives_one(org, leader):
    plan = approved_plan(org, sessions=0, status="issued")
    created = services.conferences_create_from_plan(plan=plan, by=leader)
    assert len(created) == 1 and created[0].session is None
    assert services.conferences_create_from_plan(plan=plan, by=leader) == []


@pytest.mark.parametrize("status", ["draft", "submitted", "returned"])
def test_create_from_unapproved_plan_refused(org, staff, status):
    plan = approved_plan(org, status=status)
    with pytest.raises(ConferenceError, match="phê duyệt"):
        services.conferences_create_from_plan(plan=plan, by=staff)
    assert not Conference.objects.exists()


@pytest.mark.parametrize("who", ["secretary", "supervisor", "outsider", "agency_user"])
def test_create_from_plan_refused_for_non_managers(org, request, who):
    plan = approved_plan(org)
    with pytest.raises(ConferenceError):
        services.conferences_create_from_plan(plan=plan, by=request.getfixturevalue(who))
    assert not Conference.objects.exists()


def test_create_extra(org, staff):
    conference = services.conference_create_extra(
        organization=org, by=staff, title="Đối thoại đột xuất về đất đai", venue="Nhà văn hóa xóm"
    )
    assert conference.is_extra and conference.plan is None and conference.status == S.PLANNED
    assert conference.transitions.count() == 1


def test_create_extra_with_plan_as_template_copies_agenda(org, staff):
    plan = approved_plan(org)
    conference = services.conference_create_extra(organization=org, by=staff, title="Đột xuất", plan=plan)
    assert conference.is_extra and conference.agenda.count() == 3
    assert [g.text for g in conference.groups.all()] == ["Ban Thường vụ Đảng ủy"]


def test_create_extra_refusals(org, other_org, staff, supervisor, outsider):
    with pytest.raises(ConferenceError) as err:
        services.conference_create_extra(organization=org, by=staff, title="  ")
    assert err.value.field == "title"
    with pytest.raises(ConferenceError):
        services.conference_create_extra(organization=org, by=supervisor, title="X")
    with pytest.raises(ConferenceError):
        services.conference_create_extra(organization=org, by=outsider, title="X")
    foreign_plan = approved_plan(other_org)
    with pytest.raises(ConferenceError):
        services.conference_create_extra(organization=org, by=staff, title="X", plan=foreign_plan)
    assert not Conference.objects.exists()


# ------------------------------------------------------------ schedule


def test_schedule_fixes_date_and_records_history(org, staff):
    conference = ConferenceFactory(organization=org)
    starts = in_days(20)
    services.conference_schedule(conference=conference, starts_at=starts, venue=" Hội trường xã ", by=staff)
    conference.refresh_from_db()
    assert conference.status == S.SCHEDULED and conference.starts_at == starts and conference.venue == "Hội trường xã"
    t = conference.transitions.get()
    assert (t.from_status, t.to_status, t.by) == (S.PLANNED, S.SCHEDULED, staff)
    # Re-scheduling before the announcement is allowed.
    services.conference_schedule(conference=conference, starts_at=in_days(25), venue="Khác", by=staff)
    assert conference.transitions.count() == 2


def test_schedule_refusals(org, staff, supervisor):
    conference = ConferenceFactory(organization=org)
    with pytest.raises(ConferenceError) as err:
        services.conference_schedule(conference=conference, starts_at=in_days(-1), venue="X", by=staff)
    assert err.value.field == "date"
    with pytest.raises(ConferenceError) as err:
        services.conference_schedule(conference=conference, starts_at=in_days(5), venue="", by=staff)
    assert err.value.field == "venue"
    with pytest.raises(ConferenceError):
        services.conference_schedule(
            conference=conference, starts_at=in_days(5), ends_at=in_days(5, hour=7), venue="X", by=staff
        )
    with pytest.raises(ConferenceError):
        services.conference_schedule(conference=conference, starts_at=in_days(5), venue="X", by=supervisor)
    announced = conference_in_state(org, S.ANNOUNCED, by=staff)
    with pytest.raises(ConferenceError, match="thông báo"):
        services.conference_schedule(conference=announced, starts_at=in_days(30), venue="X", by=staff)
    conference.refresh_from_db()
    assert conference.status == S.PLANNED and not conference.transitions.exists()


# ------------------------------------------------------------ announce


def test_announce_with_enough_notice(org, staff):
    conference = conference_in_state(org, S.SCHEDULED, by=staff, days=10)
    services.conference_announce(conference=conference, by=staff)
    conference.refresh_from_db()
    assert conference.status == S.ANNOUNCED and conference.announced_at is not None and not conference.short_notice
    assert conference.revision == 1


def test_announce_short_notice_refused_then_acknowledged(org, staff):
    conference = conference_in_state(org, S.SCHEDULED, by=staff, days=3)
    with pytest.raises(ShortNoticeError) as err:
        services.conference_announce(conference=conference, by=staff)
    assert err.value.rule.days == 7 and err.value.days_left == 3
    assert "07 ngày" in err.value.message
    conference.refresh_from_db()
    assert conference.status == S.SCHEDULED and conference.announced_at is None

    services.conference_announce(conference=conference, by=staff, acknowledge_short_notice=True)
    conference.refresh_from_db()
    assert conference.status == S.ANNOUNCED and conference.short_notice
    assert "07 ngày" in conference.transitions.last().comment


def test_announce_exactly_seven_days_before_keeps_the_rule(org, staff):
    conference = conference_in_state(org, S.SCHEDULED, by=staff, days=7)
    services.conference_announce(conference=conference, by=staff)
    assert conference.status == S.ANNOUNCED and not conference.short_notice


def test_announce_uses_the_plans_rule(org, staff):
    plan = approved_plan(org, sessions=1, announce_days=10)
    conference = conference_in_state(org, S.SCHEDULED, by=staff, days=8, plan=plan)
    with pytest.raises(ShortNoticeError) as err:
        services.conference_announce(conference=conference, by=staff)
    assert err.value.rule.days == 10 and err.value.rule.name == "Thông báo trước hội nghị"
    loose = approved_plan(org, sessions=1, announce_days=3)
    ok = conference_in_state(org, S.SCHEDULED, by=staff, days=4, plan=loose)
    services.conference_announce(conference=ok, by=staff)
    assert ok.status == S.ANNOUNCED


def test_announce_working_day_rule(org, staff):
    plan = approved_plan(org, sessions=1, announce_days=7, working=True)
    # 8 calendar days always hold fewer than 7 working days (a weekend falls inside).
    conference = conference_in_state(org, S.SCHEDULED, by=staff, days=8, plan=plan)
    with pytest.raises(ShortNoticeError) as err:
        services.conference_announce(conference=conference, by=staff)
    assert "ngày làm việc" in err.value.message


@pytest.mark.parametrize("status", [S.PLANNED, S.ANNOUNCED, S.HELD, S.CANCELLED, S.CLOSED])
def test_announce_refused_from_other_states(org, staff, status):
    conference = conference_in_state(org, status, by=staff)
    with pytest.raises(ConferenceError):
        services.conference_announce(conference=conference, by=staff)


def test_announce_refused_when_date_passed(org, staff):
    conference = conference_in_state(org, S.SCHEDULED, by=staff, days=-1)
    with pytest.raises(ConferenceError):
        services.conference_announce(conference=conference, by=staff, acknowledge_short_notice=True)


# ------------------------------------------------------------ held, conclude, close, cancel


def test_full_life_cycle_history(org, staff, leader):
    plan = approved_plan(org, sessions=1)
    (conference,) = services.conferences_create_from_plan(plan=plan, by=staff)
    services.conference_schedule(conference=conference, starts_at=in_days(9), venue="Hội trường", by=staff)
    services.conference_announce(conference=conference, by=leader)
    # The day has come.
    Conference.objects.filter(pk=conference.pk).update(starts_at=timezone.now() - dt.timedelta(hours=2))
    conference.refresh_from_db()
    services.conference_mark_held(conference=conference, by=staff, comment="Có 95 người dự")
    services.conference_conclude(conference=conference, by=leader, comment="Thông báo số 12/TB-UBND")
    services.conference_close(conference=conference, by=staff)
    steps = list(conference.transitions.values_list("from_status", "to_status"))
    assert steps == [
        ("", S.PLANNED), (S.PLANNED, S.SCHEDULED), (S.SCHEDULED, S.ANNOUNCED),
        (S.ANNOUNCED, S.HELD), (S.HELD, S.CONCLUDED), (S.CONCLUDED, S.CLOSED),
    ]
    conference.refresh_from_db()
    assert conference.status == S.CLOSED and conference.held_at and conference.concluded_at and conference.closed_at


def test_mark_held_refused_before_the_day_and_from_other_states(org, staff):
    future = conference_in_state(org, S.ANNOUNCED, by=staff, days=3)
    with pytest.raises(ConferenceError, match="chưa bắt đầu"):
        services.conference_mark_held(conference=future, by=staff)
    for status in (S.PLANNED, S.SCHEDULED, S.HELD, S.CANCELLED):
        with pytest.raises(ConferenceError):
            services.conference_mark_held(conference=conference_in_state(org, status, by=staff, days=-1), by=staff)


@pytest.mark.parametrize("status", [S.PLANNED, S.SCHEDULED, S.ANNOUNCED, S.CONCLUDED, S.CLOSED, S.CANCELLED])
def test_conclude_only_from_held(org, staff, status):
    with pytest.raises(ConferenceError):
        services.conference_conclude(conference=conference_in_state(org, status, by=staff), by=staff)


@pytest.mark.parametrize("status", [S.PLANNED, S.SCHEDULED, S.ANNOUNCED, S.HELD, S.CLOSED, S.CANCELLED])
def test_close_only_from_concluded(org, staff, status):
    with pytest.raises(ConferenceError):
        services.conference_close(conference=conference_in_state(org, status, by=staff), by=staff)


@pytest.mark.parametrize("status", [S.PLANNED, S.SCHEDULED, S.ANNOUNCED])
def test_cancel_before_held(org, staff, status):
    conference = conference_in_state(org, status, by=staff)
    services.conference_cancel(conference=conference, by=staff, reason="Mưa bão lớn")
    conference.refresh_from_db()
    assert conference.status == S.CANCELLED and conference.cancel_reason == "Mưa bão lớn"
    assert conference.transitions.last().comment == "Mưa bão lớn"


def test_cancel_needs_a_reason_and_not_after_held(org, staff):
    conference = conference_in_state(org, S.SCHEDULED, by=staff)
    with pytest.raises(ConferenceError) as err:
        services.conference_cancel(conference=conference, by=staff, reason="   ")
    assert err.value.field == "reason"
    for status in (S.HELD, S.CONCLUDED, S.CLOSED, S.CANCELLED):
        with pytest.raises(ConferenceError):
            services.conference_cancel(conference=conference_in_state(org, status, by=staff), by=staff, reason="x")


# ------------------------------------------------------------ who may act


def test_secretary_acts_only_on_own_conference(org, staff, secretary):
    own = conference_in_state(org, S.SCHEDULED, by=staff, days=10, secretary=secretary)
    other = conference_in_state(org, S.SCHEDULED, by=staff, days=10)
    services.conference_announce(conference=own, by=secretary)
    assert own.status == S.ANNOUNCED
    with pytest.raises(ConferenceError):
        services.conference_announce(conference=other, by=secretary)
    with pytest.raises(ConferenceError):
        services.conference_cancel(conference=other, by=secretary, reason="x")


@pytest.mark.parametrize("who", ["supervisor", "agency_user", "outsider", "outsider_leader"])
def test_readers_and_strangers_change_nothing(org, staff, request, who):
    user = request.getfixturevalue(who)
    conference = conference_in_state(org, S.SCHEDULED, by=staff, days=10)
    calls = [
        lambda: services.conference_schedule(conference=conference, starts_at=in_days(12), venue="X", by=user),
        lambda: services.conference_announce(conference=conference, by=user, acknowledge_short_notice=True),
        lambda: services.conference_cancel(conference=conference, by=user, reason="x"),
        lambda: services.conference_update(conference=conference, by=user, title="Y"),
    ]
    for call in calls:
        with pytest.raises(ConferenceError):
            call()
    conference.refresh_from_db()
    assert conference.status == S.SCHEDULED and ConferenceTransition.objects.filter(conference=conference).count() == 1


def test_secretary_of_another_org_cannot_act_even_if_named(org, other_org, staff):
    stranger = member(other_org, Role.SECRETARY)
    conference = conference_in_state(org, S.SCHEDULED, by=staff, days=10, secretary=stranger)
    with pytest.raises(ConferenceError):
        services.conference_announce(conference=conference, by=stranger)


def test_update_details(org, staff):
    conference = conference_in_state(org, S.ANNOUNCED, by=staff)
    services.conference_update(conference=conference, by=staff, title="Tên mới", venue="Nhà văn hóa")
    conference.refresh_from_db()
    assert conference.title == "Tên mới" and conference.revision == 1
    with pytest.raises(ConferenceError):
        services.conference_update(conference=conference, by=staff, venue="")
    held = conference_in_state(org, S.HELD, by=staff)
    with pytest.raises(ConferenceError):
        services.conference_update(conference=held, by=staff, title="Z")
