"""The day's records: check-in, door counts, the speakers list, petitions from speeches."""

import uuid

import pytest

from conferences import session_records as records
from conferences.day_petitions import day_petitions
from conferences.models import Attendance, ConferencePerson
from conferences.models import ConferenceStatus as S
from conferences.models import DoorCount, Speech
from conferences.services import ConferenceError
from dialogue.models import Role
from dialogue.testing.factories import member
from petitions.models import Petition

from .factories import conference_in_state


@pytest.fixture
def conference(org, staff, secretary):
    return conference_in_state(org, S.ANNOUNCED, by=staff, days=0, secretary=secretary)


def test_check_in_and_door_counts_make_the_total(conference, secretary):
    records.attendance_check_in(conference=conference, by=secretary, name="  Nguyễn  Văn An ", unit="Xóm Hòa Bình")
    records.door_count_add(conference=conference, by=secretary, count=10)
    records.door_count_add(conference=conference, by=secretary, count=5)
    records.door_count_add(conference=conference, by=secretary, count=-1)
    assert records.attendance_total(conference) == {"by_name": 1, "at_door": 14, "total": 15}
    assert Attendance.objects.get().name == "Nguyễn Văn An"


def test_same_key_records_once(conference, secretary):
    key = str(uuid.uuid4())
    first = records.attendance_check_in(conference=conference, by=secretary, name="Lê Thị Bình", key=key)
    again = records.attendance_check_in(conference=conference, by=secretary, name="Lê Thị Bình", key=key)
    assert first.pk == again.pk
    assert Attendance.objects.count() == 1
    door_key = uuid.uuid4()
    records.door_count_add(conference=conference, by=secretary, count=5, key=door_key)
    records.door_count_add(conference=conference, by=secretary, count=5, key=door_key)
    assert records.attendance_total(conference)["at_door"] == 5
    # A key used for a check-in cannot be replayed as something else.
    with pytest.raises(ConferenceError):
        records.speech_add(conference=conference, by=secretary, speaker_name="X", key=key)


def test_bad_input_is_refused_with_the_field(conference, secretary):
    with pytest.raises(ConferenceError) as exc:
        records.attendance_check_in(conference=conference, by=secretary, name="   ")
    assert exc.value.field == "name"
    for bad in ("abc", 0, 5000):
        with pytest.raises(ConferenceError):
            records.door_count_add(conference=conference, by=secretary, count=bad)
    with pytest.raises(ConferenceError):
        records.door_count_add(conference=conference, by=secretary, count=-3)
    assert DoorCount.objects.count() == 0


def test_speakers_list_numbers_start_stop_and_reorder(conference, secretary):
    a = records.speech_add(conference=conference, by=secretary, speaker_name="Ông A", unit="Xóm 1", topic="Đường")
    b = records.speech_add(conference=conference, by=secretary, speaker_name="Bà B", unit="Xóm 2", topic="Điện")
    assert (a.number, b.number) == (1, 2)
    records.speech_start(speech=a, by=secretary)
    records.speech_start(speech=b, by=secretary)  # stops A
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.ended_at is not None and b.is_running
    started = b.started_at
    records.speech_start(speech=b, by=secretary)  # starting twice changes nothing
    b.refresh_from_db()
    assert b.started_at == started
    records.speech_stop(speech=b, by=secretary)
    records.speech_edit(speech=b, by=secretary, answered_by="Chủ tịch UBND xã", answer_summary="Sẽ sửa trong quý")
    records.speech_reorder(conference=conference, by=secretary, ids=[str(b.pk), str(a.pk), "x", "999999"])
    assert [s.speaker_name for s in Speech.objects.filter(conference=conference)] == ["Bà B", "Ông A"]
    assert Speech.objects.get(pk=b.pk).answered_by == "Chủ tịch UBND xã"
    with pytest.raises(ConferenceError):
        records.speech_stop(speech=records.speech_add(conference=conference, by=secretary, speaker_name="C"), by=secretary)


def test_petition_from_a_speech_cites_its_number_once_per_key(conference, secretary):
    records.speech_add(conference=conference, by=secretary, speaker_name="Ông A")
    speech = records.speech_add(conference=conference, by=secretary, speaker_name="Bà B", unit="Xóm 2", topic="Điện")
    key = uuid.uuid4()
    p1 = records.speech_capture_petition(speech=speech, by=secretary, content="Sửa đường điện", key=key)
    p2 = records.speech_capture_petition(speech=speech, by=secretary, content="Sửa đường điện", key=key)
    assert p1.pk == p2.pk
    records.speech_capture_petition(speech=speech, by=secretary, content="Thêm đèn đường")
    petitions = Petition.objects.filter(conference=conference)
    assert petitions.count() == 2
    assert {p.speech_number for p in petitions} == {2}
    assert {p.petitioner_name for p in petitions} == {"Bà B"}
    assert day_petitions().by_speech(conference)[2][0].pk == p1.pk
    with pytest.raises(ConferenceError) as exc:
        records.speech_capture_petition(speech=speech, by=secretary, content="  ")
    assert exc.value.field == "content"


def test_who_may_record(conference, org, staff, leader, secretary, supervisor, outsider):
    other_secretary = member(org, Role.SECRETARY, username="other-secretary")
    for user in (staff, leader, secretary):
        records.attendance_check_in(conference=conference, by=user, name="Người " + user.username)
    for user in (supervisor, outsider, other_secretary):
        with pytest.raises(ConferenceError):
            records.attendance_check_in(conference=conference, by=user, name="X")
        with pytest.raises(ConferenceError):
            records.speech_add(conference=conference, by=user, speaker_name="X")
    assert Attendance.objects.count() == 3


def test_only_announced_or_held_conferences_record(org, staff, secretary):
    for status in (S.SCHEDULED, S.CANCELLED, S.CLOSED):
        conference = conference_in_state(org, status, by=staff, secretary=secretary)
        with pytest.raises(ConferenceError):
            records.attendance_check_in(conference=conference, by=secretary, name="X")
    held = conference_in_state(org, S.HELD, by=staff, days=0, secretary=secretary)
    records.attendance_check_in(conference=held, by=secretary, name="X")


def test_chair_user_may_approve(conference, org, staff, leader, secretary, supervisor):
    chair = member(org, Role.STAFF, username="chair-user")
    ConferencePerson.objects.create(conference=conference, role="chair", user=chair, position="Chủ tịch UBND xã")
    assert records.can_approve_minutes(chair, conference)
    assert records.can_approve_minutes(leader, conference)
    assert not records.can_approve_minutes(staff, conference)
    assert not records.can_approve_minutes(secretary, conference)
    assert not records.can_approve_minutes(supervisor, conference)
