"""One confirmation before a conference action that issues, signs, publishes or
cannot be undone: issuing invitations and approving the minutes are steps on the
server naming the number they take (nothing is done without the step, and a number
taken meanwhile is named again); announcing, marking held, concluding, closing and
cancelling ask with a text the page writes on the server."""

import datetime as dt
import html

import pytest
from django.urls import reverse

from conferences import session_records as records
from conferences.models import ConferenceGroup, ConferencePerson, ConferenceStatus as S, InvitationBatch, Invitee, Minutes
from dialogue import clock
from registry.models import RegisterCounter
from registry.services import DocType

from .factories import conference_in_state

pytestmark = pytest.mark.django_db


def confirms(body: str) -> list[str]:
    out, rest = [], body
    while 'data-confirm="' in rest:
        rest = rest[rest.index('data-confirm="') + len('data-confirm="'):]
        out.append(html.unescape(rest[: rest.index('"')]))
    return out


@pytest.mark.parametrize("status,asks", [
    (S.SCHEDULED, "lên cổng công khai? Người dân thấy thời gian, địa điểm"),
    (S.ANNOUNCED, "Đánh dấu hội nghị đã diễn ra? Việc đăng ký trực tuyến đóng lại"),
    (S.HELD, "Ghi nhận thông báo kết luận đã ban hành?"),
    (S.CONCLUDED, "Đóng hồ sơ hội nghị?"),
])
def test_each_step_that_cannot_be_undone_asks(client, org, staff, status, asks):
    conference = conference_in_state(org, status, by=staff, days=0 if status == S.ANNOUNCED else 20, venue="Nhà văn hóa thôn 2")
    client.force_login(staff)
    texts = confirms(client.get(reverse("conferences:detail", args=[conference.pk])).content.decode())
    assert any(asks in t for t in texts), texts
    if status == S.SCHEDULED:
        assert any("Nhà văn hóa thôn 2" in t for t in texts)


def test_cancelling_asks_naming_the_conference(client, org, staff):
    conference = conference_in_state(org, S.ANNOUNCED, by=staff, title="Hội nghị đối thoại thôn Đông")
    client.force_login(staff)
    texts = confirms(client.get(reverse("conferences:cancel", args=[conference.pk])).content.decode())
    assert any("Hủy hội nghị Hội nghị đối thoại thôn Đông? Không hoàn tác được" in t for t in texts)


@pytest.fixture
def invited(org, staff):
    c = conference_in_state(org, S.ANNOUNCED, by=staff, days=20, venue="Hội trường UBND xã")
    group = ConferenceGroup.objects.create(conference=c, text="Trưởng các thôn")
    for name in ("Nguyễn Văn An", "Trần Thị Bình"):
        Invitee.objects.create(conference=c, group=group, full_name=name, hamlet="Thôn 1")
    return c


def test_issuing_invitations_asks_naming_the_number_and_how_many(client, invited, leader):
    client.force_login(leader)
    url = reverse("conferences:invitations_issue", args=[invited.pk])
    asked = client.post(url, {})
    page = asked.content.decode()
    assert asked.status_code == 200 and "Phát hành giấy mời số 01/GM-" in page and "cho 2 người?" in page
    assert "ký số" in page and "Trần Thị Bình" in page and 'name="expected_number" value="1"' in page
    assert not InvitationBatch.objects.exists()


def test_a_number_taken_meanwhile_is_named_again(client, invited, leader, org):
    client.force_login(leader)
    url = reverse("conferences:invitations_issue", args=[invited.pk])
    RegisterCounter.objects.create(issuer=org, year=clock.today().year, doc_type=DocType.INVITATION, last=1)
    moved = client.post(url, {"confirmed": "1", "expected_number": "1"})
    assert moved.status_code == 409 and "Phát hành giấy mời số 02/GM-" in moved.content.decode()
    assert not InvitationBatch.objects.exists()
    client.post(url, {"confirmed": "1", "expected_number": "2"})
    assert InvitationBatch.objects.get().number == 2


@pytest.fixture
def minutes_ready(org, staff, secretary, leader):
    # Held yesterday: minutes end in the past at any hour (today's 08:00 is still ahead just after midnight).
    conference = conference_in_state(org, S.HELD, by=staff, days=-1, secretary=secretary, venue="Nhà văn hóa xóm 1")
    ConferencePerson.objects.create(conference=conference, role="chair", user=leader, position="Chủ tịch UBND xã")
    records.minutes_draft(conference=conference, by=secretary)
    records.minutes_edit(
        conference=conference, by=secretary, opening="Khai mạc", conclusions="Giao UBND xã sửa đường.",
        content="Cử tri phát biểu.", ended_at=conference.starts_at + dt.timedelta(hours=2),
    )
    return conference


def test_approving_the_minutes_asks_naming_the_bb_number(client, minutes_ready, leader, org):
    client.force_login(leader)
    url = reverse("conferences:minutes_approve", args=[minutes_ready.pk])
    asked = client.post(url)
    page = asked.content.decode()
    assert asked.status_code == 200 and "Duyệt biên bản với số 01/BB-" in page and "không sửa được" in page
    assert not Minutes.objects.get().is_approved
    RegisterCounter.objects.create(issuer=org, year=clock.today().year, doc_type=DocType.MINUTES, last=4)
    moved = client.post(url, {"confirmed": "1", "expected_number": "1"})
    assert moved.status_code == 409 and "Duyệt biên bản với số 05/BB-" in moved.content.decode()
    assert not Minutes.objects.get().is_approved
    client.post(url, {"confirmed": "1", "expected_number": "5"})
    assert Minutes.objects.get().is_approved
