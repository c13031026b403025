"""One confirmation, naming the consequence and the number it takes, before any
petition action that issues, signs, publishes or cannot be undone: the issue of a
conclusion notice is a step on the server (nothing is done without it, and a
number that moved meanwhile is named again); the single actions ask with a text
the page writes on the server (static/js/behaviours.js `data-confirm`)."""

import html

import pytest
from django.urls import reverse

from dialogue import clock
from petitions import notices, services
from petitions.models import ConclusionNotice
from registry.models import RegisterCounter
from registry.services import DocType

from .notice_fixtures import concluded, front_org, held, notice  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def confirms(body: str) -> list[str]:
    """The data-confirm texts of a page, as the browser reads them."""
    out, rest = [], body
    while 'data-confirm="' in rest:
        rest = rest[rest.index('data-confirm="') + len('data-confirm="'):]
        out.append(html.unescape(rest[: rest.index('"')]))
    return out


@pytest.fixture
def approved(notice, staff, leader):
    notices.notice_submit(notice=notice, by=staff)
    return notices.notice_approve(notice=notice, by=leader)


def test_the_notice_page_names_the_number_issuing_will_take(client, leader, approved):
    client.force_login(leader)
    body = client.get(reverse("petitions:notice_detail", args=[approved.pk])).content.decode()
    assert "Văn bản sẽ mang Số: 01/TB-" in body


def test_issuing_without_the_confirmation_issues_nothing(client, leader, approved, signing_certificate):
    client.force_login(leader)
    url = reverse("petitions:notice_issue", args=[approved.pk])
    asked = client.post(url)
    page = asked.content.decode()
    assert asked.status_code == 200 and "Ban hành thông báo kết luận số 01/TB-" in page
    assert "ký số" in page and "không sửa được" in page and "Công an xã Vĩnh Thử" in page
    assert 'name="expected_number" value="1"' in page
    assert ConclusionNotice.objects.get(pk=approved.pk).status == "approved"


def test_a_number_taken_meanwhile_is_named_again_and_nothing_is_issued(client, leader, approved, org, signing_certificate):
    client.force_login(leader)
    url = reverse("petitions:notice_issue", args=[approved.pk])
    client.post(url)
    # Another notice of the TB series is issued while the leader reads the page.
    RegisterCounter.objects.create(issuer=org, year=clock.today().year, doc_type=DocType.NOTICE, last=1)
    moved = client.post(url, {"confirmed": "1", "expected_number": "1"})
    page = moved.content.decode()
    assert moved.status_code == 409 and "Ban hành thông báo kết luận số 02/TB-" in page
    assert 'id="confirm-warning"' in page and ConclusionNotice.objects.get(pk=approved.pk).status == "approved"
    client.post(url, {"confirmed": "1", "expected_number": "2"})
    issued = ConclusionNotice.objects.get(pk=approved.pk)
    assert issued.status == "issued" and issued.number == 2


def test_the_single_petition_actions_ask_naming_the_petition(client, leader, staff, agency_user, assigned, answered):
    petition = assigned.petition
    client.force_login(staff)
    detail = confirms(client.get(reverse("petitions:detail", args=[petition.pk])).content.decode())
    assert any("Chấp nhận và công bố câu trả lời của Công an xã Vĩnh Thử" in t and "không rút lại được" in t for t in detail)
    # The answer under review cannot be transferred; a leader's own conclusion asks before it takes effect.
    other = services.petition_record(
        organization=petition.organization, by=staff, source="slip", petitioner_name="Lê Văn Tâm", content="Điện yếu",
    )
    client.force_login(leader)
    page = confirms(client.get(reverse("petitions:detail", args=[other.pk])).content.decode())
    assert any(f"Ghi kết luận cho kiến nghị {other.tracking_code}" in t and "có hiệu lực ngay" in t for t in page)
    client.force_login(staff)
    assert not confirms(client.get(reverse("petitions:detail", args=[other.pk])).content.decode())


def test_the_agencys_actions_ask_naming_the_petition(client, agency_user, assigned):
    code = assigned.petition.tracking_code
    client.force_login(agency_user)
    texts = confirms(client.get(reverse("petitions:assignment", args=[assigned.pk])).content.decode())
    assert any(f"Tiếp nhận kiến nghị {code}?" in t and "không hủy được" in t for t in texts)
    assert any(f"Gia hạn kiến nghị {code}?" in t and "hạn mới và lý do" in t for t in texts)
    assert any(f"Gửi câu trả lời kiến nghị {code}" in t and "không sửa được" in t for t in texts)


def test_a_transfer_asks_naming_the_agency_it_leaves(client, staff, assigned):
    client.force_login(staff)
    texts = confirms(client.get(reverse("petitions:detail", args=[assigned.petition_id])).content.decode())
    assert any("Chuyển kiến nghị từ Công an xã Vĩnh Thử" in t and "không hoàn tác được" in t for t in texts)


def test_the_citizens_forms_ask_before_what_cannot_be_changed(client, conference, leader, petition):
    register = client.get(reverse("petitions_public:register", args=[conference.public_code])).content.decode()
    assert any("Đã gửi thì không sửa được" in t for t in confirms(register))
    services.conclusion_record(petition=petition, by=leader, outcome="answered", answer="Đã trả lời tại hội nghị")
    status = client.get(reverse("petitions_public:status", args=[petition.tracking_code])).content.decode()
    assert any("chỉ gửi ý kiến được một lần" in t for t in confirms(status))


def test_the_fronts_list_asks_before_importing(client, staff):
    client.force_login(staff)
    texts = confirms(client.get(reverse("petitions:front_import")).content.decode())
    assert any("không xóa được" in t for t in texts)
