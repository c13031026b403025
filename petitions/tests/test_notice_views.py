"""The conclusion notice pages: every view for every role (outsiders and
agencies get 404), the edit form keeping what was typed, and the whole path
through the pages."""

import pytest
from django.urls import reverse

from petitions import notices
from petitions.models import ConclusionNotice

from .notice_fixtures import (  # noqa: F401 (fixtures)
    concluded, front_org, held, issue, notice, pdf_text, record,
)

ROLES = ["staff", "leader", "supervisor", "agency_user", "outsider"]
READERS = {"staff", "leader", "supervisor"}
EDITORS = {"staff", "leader"}
LEADERS = {"leader"}


@pytest.fixture
def users(staff, leader, supervisor, agency_user, outsider):
    return {"staff": staff, "leader": leader, "supervisor": supervisor, "agency_user": agency_user, "outsider": outsider}


def _expect(role, allowed, ok):
    return ok if role in allowed else 404


@pytest.mark.parametrize("role", ROLES)
def test_read_pages_by_role(client, users, role, notice, held):
    client.force_login(users[role])
    response = client.get(reverse("petitions:conference_notices", args=[held.pk]))
    assert response.status_code == _expect(role, READERS, 200)
    response = client.get(reverse("petitions:notice_detail", args=[notice.pk]))
    assert response.status_code == _expect(role, READERS, 200)
    response = client.get(reverse("petitions:notice_preview", args=[notice.pk]))
    assert response.status_code == _expect(role, READERS, 200)
    if response.status_code == 200:
        assert response["Content-Type"] == "application/pdf" and "DỰ THẢO" in pdf_text(response.content)
    # A draft has nothing to download yet.
    assert client.get(reverse("petitions:notice_download", args=[notice.pk])).status_code == 404
    response = client.get(reverse("petitions:notice_edit", args=[notice.pk]))
    assert response.status_code == _expect(role, EDITORS, 200)


@pytest.mark.parametrize("role", ROLES)
def test_download_of_an_issued_notice_by_role(client, users, role, notice, leader):
    issue(notice, leader)
    client.force_login(users[role])
    response = client.get(reverse("petitions:notice_download", args=[notice.pk]))
    assert response.status_code == _expect(role, READERS, 200)
    if response.status_code == 200:
        assert response["Content-Disposition"].startswith("attachment;")
        assert "Số: 01/TB-UBND" in pdf_text(response.content)


@pytest.mark.parametrize("role", ROLES)
def test_create_by_role(client, users, role, held, concluded):
    client.force_login(users[role])
    response = client.post(reverse("petitions:notice_create", args=[held.pk]))
    assert response.status_code == _expect(role, EDITORS, 302)
    assert ConclusionNotice.objects.filter(conference=held).exists() == (role in EDITORS)


@pytest.mark.parametrize("role", ROLES)
def test_submit_by_role(client, users, role, notice):
    client.force_login(users[role])
    response = client.post(reverse("petitions:notice_submit", args=[notice.pk]))
    assert response.status_code == _expect(role, EDITORS, 302)
    notice.refresh_from_db()
    assert notice.status == ("submitted" if role in EDITORS else "draft")


@pytest.mark.parametrize("role", ROLES)
def test_edit_post_by_role(client, users, role, notice):
    client.force_login(users[role])
    data = {f: getattr(notice, f) for f in ("subject", "opening_text", "closing", "recipients", "archive_line",
                                           "sign_authority", "sign_on_behalf_of", "sign_deputy_authority",
                                           "sign_deputy_of", "sign_position", "signer_name")}
    data["general_conclusions"] = "Kết luận chung mới."
    response = client.post(reverse("petitions:notice_edit", args=[notice.pk]), data)
    assert response.status_code == _expect(role, EDITORS, 302)
    notice.refresh_from_db()
    assert (notice.general_conclusions == "Kết luận chung mới.") == (role in EDITORS)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("step", ["approve", "return", "issue"])
def test_leader_steps_by_role(client, users, role, step, notice, leader):
    if step == "return":
        notices.notice_submit(notice=notice, by=users["staff"])
    if step == "issue":
        notices.notice_approve(notice=notice, by=leader)
    before = ConclusionNotice.objects.get(pk=notice.pk).status
    client.force_login(users[role])
    data = {"comment": "Sửa lại", "confirmed": "1", "expected_number": "1"}
    response = client.post(reverse(f"petitions:notice_{step}", args=[notice.pk]), data)
    assert response.status_code == _expect(role, LEADERS, 302)
    after = ConclusionNotice.objects.get(pk=notice.pk).status
    expected = {"approve": "approved", "return": "draft", "issue": "issued"}[step]
    assert after == (expected if role in LEADERS else before)


def test_anonymous_is_sent_to_log_in(client, notice, held):
    for url in (
        reverse("petitions:conference_notices", args=[held.pk]),
        reverse("petitions:notice_detail", args=[notice.pk]),
        reverse("petitions:notice_preview", args=[notice.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


def test_edit_form_shows_the_error_next_to_the_field_and_keeps_the_text(client, staff, notice):
    client.force_login(staff)
    data = {
        "subject": "Chủ đề đã sửa", "opening_text": "   ", "general_conclusions": "Ý kiến chung đã gõ",
        "closing": "", "recipients": "", "archive_line": "Lưu: VT", "sign_authority": "TM",
        "sign_on_behalf_of": "ỦY BAN NHÂN DÂN", "sign_deputy_authority": "", "sign_deputy_of": "",
        "sign_position": "CHỦ TỊCH", "signer_name": "Nguyễn Văn Lãnh",
    }
    response = client.post(reverse("petitions:notice_edit", args=[notice.pk]), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Hãy viết đoạn mở đầu của thông báo." in body
    assert "Ý kiến chung đã gõ" in body and "Chủ đề đã sửa" in body
    notice.refresh_from_db()
    assert notice.subject != "Chủ đề đã sửa"


def test_the_whole_path_through_the_pages(client, staff, leader, held, concluded, django_capture_on_commit_callbacks):
    client.force_login(staff)
    page = client.get(reverse("petitions:conference_notices", args=[held.pk])).content.decode()
    assert "Lập thông báo kết luận" in page
    response = client.post(reverse("petitions:notice_create", args=[held.pk]))
    notice = ConclusionNotice.objects.get(conference=held)
    assert response["Location"] == reverse("petitions:notice_edit", args=[notice.pk])
    form = client.get(response["Location"]).content.decode()
    assert "Kết luận của đồng chí Chủ tịch UBND xã" in form
    client.post(reverse("petitions:notice_submit", args=[notice.pk]))
    client.force_login(leader)
    detail = client.get(reverse("petitions:notice_detail", args=[notice.pk])).content.decode()
    assert reverse("petitions:notice_approve", args=[notice.pk]) in detail
    assert "Phải ban hành chậm nhất ngày" in detail
    client.post(reverse("petitions:notice_approve", args=[notice.pk]))
    # Issuing asks once, naming the number; only the confirmed post issues.
    asked = client.post(reverse("petitions:notice_issue", args=[notice.pk]))
    assert asked.status_code == 200 and "Ban hành thông báo kết luận số 01/TB-" in asked.content.decode()
    assert ConclusionNotice.objects.get(pk=notice.pk).status == "approved"
    with django_capture_on_commit_callbacks(execute=False):
        client.post(reverse("petitions:notice_issue", args=[notice.pk]), {"confirmed": "1", "expected_number": "1"})
    notice.refresh_from_db()
    assert notice.status == "issued" and notice.number == 1
    detail = client.get(reverse("petitions:notice_detail", args=[notice.pk])).content.decode()
    assert reverse("petitions:notice_download", args=[notice.pk]) in detail


def test_conference_page_links_to_its_notices(client, staff, supervisor, held):
    for user in (staff, supervisor):
        client.force_login(user)
        page = client.get(reverse("conferences:detail", args=[held.pk])).content.decode()
        assert reverse("petitions:conference_notices", args=[held.pk]) in page
