import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from conferences.models import ConferenceGroup, ConferenceStatus as S, InvitationBatch, Invitee

from .factories import conference_in_state

SECRET_NAME = "Nguyễn Thị Riêng Tư"
SECRET_PHONE = "0912345678"


@pytest.fixture
def conference(org, staff):
    c = conference_in_state(org, S.ANNOUNCED, by=staff, days=20, venue="Hội trường UBND xã")
    c.group = ConferenceGroup.objects.create(conference=c, text="Trưởng các thôn")
    c.invitee = Invitee.objects.create(
        conference=c, group=c.group, full_name=SECRET_NAME, hamlet="Thôn 1", phone=SECRET_PHONE, email="rieng@tu.vn"
    )
    return c


def _xlsx(rows):
    book = Workbook()
    book.active.append(["Họ và tên", "Thôn/xóm", "Điện thoại"])
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("k.xlsx", out.getvalue())


def read_views(c):
    return [
        ("get", reverse("conferences:invitees", args=[c.pk]), None),
        ("get", reverse("conferences:invitations_draft_pdf", args=[c.pk]), None),
    ]


def write_views(c):
    i = c.invitee.pk
    return [
        ("get", reverse("conferences:invitee_add", args=[c.pk]), None),
        ("post", reverse("conferences:invitee_add", args=[c.pk]), {"full_name": "Người Lạ", "hamlet": "Thôn 9"}),
        ("get", reverse("conferences:invitee_edit", args=[c.pk, i]), None),
        ("post", reverse("conferences:invitee_edit", args=[c.pk, i]), {"full_name": "Đổi Tên"}),
        ("post", reverse("conferences:invitee_remove", args=[c.pk, i]), {}),
        ("get", reverse("conferences:invitee_import", args=[c.pk]), None),
        ("post", reverse("conferences:invitee_import", args=[c.pk]), "upload"),
        ("get", reverse("conferences:invitee_template", args=[c.pk]), None),
        ("post", reverse("conferences:invitations_issue", args=[c.pk]), {}),
    ]


def _call(client, method, url, data):
    if data == "upload":
        data = {"file": _xlsx([["Ai Đó", "Thôn 2", ""]])}
    return getattr(client, method)(url, data or {})


def _unchanged(c):
    assert list(Invitee.objects.filter(conference=c).values_list("full_name", flat=True)) == [SECRET_NAME]
    assert not InvitationBatch.objects.filter(conference=c).exists()


def test_anonymous_goes_to_log_in(client, conference):
    batch = InvitationBatch.objects.create(conference=conference, issued_on="2026-01-05", count=1)
    views = [*read_views(conference), *write_views(conference),
             ("get", reverse("conferences:invitation_batch_pdf", args=[conference.pk, batch.pk]), None)]
    for method, url, data in views:
        response = _call(client, method, url, data)
        assert response.status_code == 302 and "/dang-nhap/" in response["Location"], url
    assert Invitee.objects.filter(conference=conference).count() == 1


@pytest.mark.parametrize("who", ["outsider", "outsider_leader", "agency_user"])
def test_other_organisations_and_agencies_get_404(client, conference, request, who):
    batch = InvitationBatch.objects.create(conference=conference, issued_on="2026-01-05", count=1)
    batch.invitees.add(conference.invitee)
    client.force_login(request.getfixturevalue(who))
    views = [*read_views(conference), *write_views(conference),
             ("get", reverse("conferences:invitation_batch_pdf", args=[conference.pk, batch.pk]), None)]
    for method, url, data in views:
        assert _call(client, method, url, data).status_code == 404, url
    assert list(Invitee.objects.filter(conference=conference).values_list("full_name", flat=True)) == [SECRET_NAME]


def test_supervisor_reads_only(client, conference, supervisor):
    client.force_login(supervisor)
    page = client.get(reverse("conferences:invitees", args=[conference.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert SECRET_NAME in html
    assert reverse("conferences:invitee_add", args=[conference.pk]) not in html
    assert reverse("conferences:invitations_issue", args=[conference.pk]) not in html
    assert client.get(reverse("conferences:invitations_draft_pdf", args=[conference.pk])).status_code == 200
    for method, url, data in write_views(conference):
        assert _call(client, method, url, data).status_code == 404, url
    _unchanged(conference)


def test_secretary_only_on_own_conference(client, org, staff, secretary, conference):
    client.force_login(secretary)
    for method, url, data in [*read_views(conference), *write_views(conference)]:
        assert _call(client, method, url, data).status_code == 404, url
    _unchanged(conference)
    own = conference_in_state(org, S.ANNOUNCED, by=staff, days=20, secretary=secretary)
    response = client.post(reverse("conferences:invitee_add", args=[own.pk]), {"full_name": "Khách Của Thư Ký", "hamlet": "Xóm 1"})
    assert response.status_code == 302
    assert own.invitees.get().full_name == "Khách Của Thư Ký"


def test_staff_adds_edits_removes_and_sees_errors_next_to_fields(client, conference, staff):
    client.force_login(staff)
    url = reverse("conferences:invitee_add", args=[conference.pk])
    response = client.post(url, {"full_name": "Trần Văn Mới", "position": "Trưởng thôn", "phone": "0912 34", "group": conference.group.pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Số điện thoại không hợp lệ (0912 34)" in html and 'value="Trần Văn Mới"' in html
    response = client.post(url, {"full_name": "Trần Văn Mới", "position": "Trưởng thôn", "phone": "+84912000111", "group": conference.group.pk})
    assert response.status_code == 302
    added = conference.invitees.get(full_name="Trần Văn Mới")
    assert added.phone == "0912000111" and added.group == conference.group
    # A landline has 11 digits.
    response = client.post(url, {"full_name": "Lê Cố Định", "position": "Trưởng thôn", "phone": "0238 3123 456"})
    assert response.status_code == 302
    assert conference.invitees.get(full_name="Lê Cố Định").phone == "02383123456"
    listing = client.get(reverse("conferences:invitees", args=[conference.pk])).content.decode()
    assert "0238 3123 456" in listing  # stored as digits, shown grouped
    edit = reverse("conferences:invitee_edit", args=[conference.pk, added.pk])
    assert client.post(edit, {"full_name": "Trần Văn Mới", "hamlet": "Thôn 5"}).status_code == 302
    added.refresh_from_db()
    assert added.hamlet == "Thôn 5" and added.group is None
    assert client.post(reverse("conferences:invitee_remove", args=[conference.pk, added.pk])).status_code == 302
    assert not conference.invitees.filter(pk=added.pk).exists()


def test_an_invitee_of_another_conference_is_404(client, org, staff, conference):
    other = conference_in_state(org, S.ANNOUNCED, by=staff)
    client.force_login(staff)
    url = reverse("conferences:invitee_edit", args=[other.pk, conference.invitee.pk])
    assert client.get(url).status_code == 404


def test_group_filter(client, conference, staff):
    other_group = ConferenceGroup.objects.create(conference=conference, text="Hội Phụ nữ")
    Invitee.objects.create(conference=conference, group=other_group, full_name="Phạm Thị Phụ Nữ")
    client.force_login(staff)
    url = reverse("conferences:invitees", args=[conference.pk])
    html = client.get(url, {"group": other_group.pk}).content.decode()
    assert "Phạm Thị Phụ Nữ" in html and SECRET_NAME not in html
    assert client.get(url, {"group": "999999"}).status_code == 404


def test_import_page_reports_refused_rows_and_saves_nothing(client, conference, staff):
    client.force_login(staff)
    url = reverse("conferences:invitee_import", args=[conference.pk])
    response = client.post(url, {"file": _xlsx([["Lê Văn A", "Thôn 1", "0912000001"], ["", "Thôn 2", ""], ["Lê Văn C", "Thôn 3", "12"]])})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Dòng 3: Họ và tên để trống" in html and "Dòng 4: Số điện thoại không hợp lệ (12)" in html
    assert "Chưa nhập dòng nào" in html
    assert conference.invitees.count() == 1
    response = client.post(url, {"file": _xlsx([["Lê Văn A", "Thôn 1", "0912000001"], ["", "Thôn 2", ""]]), "valid_only": "on"})
    assert response.status_code == 200 and "Dòng 3" in response.content.decode()
    assert conference.invitees.filter(full_name="Lê Văn A").exists()
    response = client.post(url, {"file": SimpleUploadedFile("x.xlsx", b"garbage")})
    assert response.status_code == 200 and "Đây không phải tệp Excel" in response.content.decode()


def test_template_download(client, conference, staff):
    client.force_login(staff)
    response = client.get(reverse("conferences:invitee_template", args=[conference.pk]))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_issue_then_batch_pdf(client, conference, leader, supervisor):
    client.force_login(leader)
    data = {"group": conference.group.pk, "number": "12", "issued_on": "05/03/2026"}
    asked = client.post(reverse("conferences:invitations_issue", args=[conference.pk]), data)
    # Asked once, naming the number and how many; nothing issued before the confirmation.
    assert asked.status_code == 200 and "Phát hành giấy mời số 12/GM-" in asked.content.decode()
    assert "cho 1 người?" in asked.content.decode() and not InvitationBatch.objects.exists()
    response = client.post(reverse("conferences:invitations_issue", args=[conference.pk]), {**data, "confirmed": "1"})
    batch = InvitationBatch.objects.get(conference=conference)
    assert response.status_code == 302 and response["Location"] == reverse(
        "conferences:invitation_batch_pdf", args=[conference.pk, batch.pk]
    )
    assert batch.count == 1 and batch.number == 12 and list(batch.invitees.all()) == [conference.invitee]
    pdf = client.get(response["Location"])
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert "no-store" in pdf["Cache-Control"]
    client.force_login(supervisor)
    assert client.get(response["Location"]).status_code == 200


def test_public_portal_and_ical_show_no_invitee_data(client, conference, org):
    public = [
        reverse("conferences_public:detail", args=[conference.public_code]),
        reverse("conferences_public:detail_ics", args=[conference.public_code]),
        reverse("conferences_public:organization", args=[org.code]),
        reverse("conferences_public:organization_ics", args=[org.code]),
    ]
    for url in public:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert conference.title.split()[0] in body
        for secret in (SECRET_NAME, SECRET_PHONE, "0912 345 678", "rieng@tu.vn", "Thôn 1"):
            assert secret not in body, (url, secret)


def test_office_staff_cannot_issue_invitations_without_a_delegation(client, conference, staff, leader):
    from conferences.models import InvitationDelegation

    client.force_login(staff)
    page = client.get(reverse("conferences:invitees", args=[conference.pk])).content.decode()
    assert reverse("conferences:invitations_issue", args=[conference.pk]) not in page
    assert "lãnh đạo phát hành" in page
    client.post(reverse("conferences:invitations_issue", args=[conference.pk]), {"group": conference.group.pk})
    assert not InvitationBatch.objects.filter(conference=conference).exists()

    InvitationDelegation.objects.create(
        organization=conference.organization, user=staff, authority="TL", on_behalf_of="Chủ tịch",
        position="Chánh Văn phòng", granted_by=leader, reference="Quyết định số 12/QĐ-UBND ngày 05/01/2026",
    )
    response = client.post(
        reverse("conferences:invitations_issue", args=[conference.pk]),
        {"group": conference.group.pk, "confirmed": "1", "expected_number": "1"},
    )
    batch = InvitationBatch.objects.get(conference=conference)
    assert response.status_code == 302
    pdf = client.get(response["Location"]).content
    from pypdf import PdfReader
    import io

    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "TL. CHỦ TỊCH" in text and "CHÁNH VĂN PHÒNG" in text
    assert f"{staff.last_name} {staff.first_name}" in text
    assert batch.signer_name == f"{staff.last_name} {staff.first_name}"


def test_an_expired_delegation_no_longer_issues(conference, staff, leader):
    import datetime as dt

    from conferences import invitations
    from conferences.models import InvitationDelegation
    from conferences.services import ConferenceError

    InvitationDelegation.objects.create(
        organization=conference.organization, user=staff, on_behalf_of="Chủ tịch", position="Chánh Văn phòng",
        granted_by=leader, valid_from=dt.date(2025, 1, 1), valid_until=dt.date(2025, 12, 31),
    )
    with pytest.raises(ConferenceError):
        invitations.invitation_batch_issue(conference=conference, by=staff)


def test_the_supervisor_reads_the_list_without_invitees_contact_details(client, conference, supervisor, staff):
    invitee = conference.invitee
    invitee.phone, invitee.email = "0912345678", "an@example.vn"
    invitee.save()
    client.force_login(supervisor)
    body = client.get(reverse("conferences:invitees", args=[conference.pk])).content.decode()
    assert invitee.full_name in body
    assert "0912 345 678" not in body and "an@example.vn" not in body
    client.force_login(staff)
    body = client.get(reverse("conferences:invitees", args=[conference.pk])).content.decode()
    assert "0912 345 678" in body and "an@example.vn" in body
