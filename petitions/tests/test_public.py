"""The citizen's pages: look-up, status, registration, receipt, feedback —
no log-in, no private data, the same answer for unknown and hidden codes,
rate-limited per client."""

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from petitions import services
from petitions.models import Petition, PetitionStatus

from .factories import make_conference

PRIVATE = ["0912 345 678", "0912345678", "an@example.vn", "Xóm Hòa Bình, thôn 3", "Nguyễn Văn An", "tuyến đường liên xóm"]


def status_url(p):
    return reverse("petitions_public:status", args=[p.tracking_code])


def assert_private(body):
    for secret in PRIVATE:
        assert secret not in body, secret


# --- look-up ---------------------------------------------------------------------------------


def test_lookup_page(client):
    response = client.get(reverse("petitions_public:lookup"))
    assert response.status_code == 200 and "Tra cứu kiến nghị" in response.content.decode()


def test_lookup_redirects_a_typed_code_to_its_page(client, petition):
    typed = petition.tracking_code.lower().replace("-", " ")
    response = client.get(reverse("petitions_public:lookup"), {"code": typed})
    assert response.status_code == 302 and response.url == status_url(petition)


def test_lookup_explains_a_malformed_code(client):
    response = client.get(reverse("petitions_public:lookup"), {"code": "abc"})
    assert response.status_code == 400
    assert "Mã tra cứu có dạng DT-7K3M9-QX2AB" in response.content.decode()


# --- status ----------------------------------------------------------------------------------


def test_status_shows_shortened_name_and_no_private_data(client, petition, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        response = client.get(status_url(petition))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Nguyễn V. A." in body and petition.tracking_code in body and "Đã tiếp nhận" in body
    assert_private(body)


def test_unknown_and_hidden_codes_answer_the_same(client, petition, make_petition):
    hidden = make_petition(is_public=False)
    unknown = "DT-00000-00000"
    a = client.get(status_url(hidden))
    b = client.get(reverse("petitions_public:status", args=[unknown]))
    c = client.get(reverse("petitions_public:status", args=["rác"]))
    assert a.status_code == b.status_code == c.status_code == 404
    def normalise(response, code):
        # The CSRF token is masked differently on every response.
        return re.sub(r'"X-CSRFToken": "[^"]+"', "", response.content.decode().replace(code, "CODE"))

    assert normalise(a, hidden.tracking_code) == normalise(b, unknown)
    assert [t.name for t in a.templates] == [t.name for t in b.templates]


def test_the_timeline_tells_the_whole_public_story(client, petition, leader, staff, agency_user, agency_org):
    services.conclusion_record(petition=petition, by=leader, outcome="assigned", agency=agency_org)
    assignment = petition.assignments.get()
    services.assignment_acknowledge(assignment=assignment, by=agency_user)
    new_date = assignment.due_on + dt.timedelta(days=15)
    services.assignment_extend(assignment=assignment, by=agency_user, new_date=new_date, reason="Chờ kinh phí huyện")
    first = services.response_submit(assignment=assignment, by=agency_user, text="BẢN NHÁP CHƯA DUYỆT")
    body = client.get(status_url(petition)).content.decode()
    assert agency_org.name in body and new_date.strftime("%d/%m/%Y") in body and "Chờ kinh phí huyện" in body
    assert "BẢN NHÁP CHƯA DUYỆT" not in body  # not public before the office's review
    services.response_review(response=first, by=staff, accept=False, comment="GHI CHÚ NỘI BỘ")
    second = services.response_submit(
        assignment=assignment, by=agency_user, text="Đã sửa xong tuyến đường ngày 10/12.",
        attachment=SimpleUploadedFile("tra-loi.pdf", b"%PDF-1.4 ok"),
    )
    services.response_review(response=second, by=staff, accept=True)
    body = client.get(status_url(petition)).content.decode()
    for shown in ["Chủ trì đã kết luận", "Đã giao cơ quan giải quyết", "Cơ quan đã tiếp nhận", "Gia hạn giải quyết",
                  "Đã trả lời bằng văn bản", "Đã giải quyết", "Đã sửa xong tuyến đường ngày 10/12."]:
        assert shown in body, shown
    for hidden in ["BẢN NHÁP CHƯA DUYỆT", "GHI CHÚ NỘI BỘ", "Đã gửi văn bản trả lời để xem xét"]:
        assert hidden not in body, hidden
    assert_private(body)
    event = petition.events.get(kind="answered")
    download = client.get(reverse("petitions_public:attachment", args=[petition.tracking_code, event.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 ok"


def test_attachment_of_an_unpublished_answer_is_not_served(client, assigned, agency_user):
    services.response_submit(assignment=assigned, by=agency_user, text="x", attachment=SimpleUploadedFile("a.pdf", b"secret"))
    for event in assigned.petition.events.all():
        url = reverse("petitions_public:attachment", args=[assigned.petition.tracking_code, event.pk])
        assert client.get(url).status_code == 404


def test_status_query_count_with_a_long_history(client, assigned, agency_user, django_assert_max_num_queries):
    services.assignment_acknowledge(assignment=assigned, by=agency_user)
    for i in range(5):
        services.assignment_extend(assignment=assigned, by=agency_user, new_date=assigned.due_on + dt.timedelta(days=i + 1), reason=f"Lý do {i}")
        assigned.refresh_from_db()
    url = status_url(assigned.petition)
    with django_assert_max_num_queries(3):
        assert client.get(url).status_code == 200


# --- feedback --------------------------------------------------------------------------------


def test_feedback_unsatisfied_reopens(client, petition, leader):
    services.conclusion_record(petition=petition, by=leader, outcome="answered", answer="Đã trả lời")
    body = client.get(status_url(petition)).content.decode()
    assert "Bạn có hài lòng với nội dung trả lời không?" in body
    response = client.post(reverse("petitions_public:feedback", args=[petition.tracking_code]), {"satisfied": "0", "comment": "Chưa rõ"})
    assert response.status_code == 302
    petition.refresh_from_db()
    assert petition.status == PetitionStatus.REOPENED and petition.feedback == "unsatisfied"


def test_feedback_before_resolution_is_refused(client, petition):
    response = client.post(reverse("petitions_public:feedback", args=[petition.tracking_code]), {"satisfied": "1"}, follow=True)
    assert "Chỉ có thể cho ý kiến sau khi kiến nghị đã được giải quyết." in response.content.decode()
    petition.refresh_from_db()
    assert petition.feedback == ""


def test_feedback_for_unknown_code_is_404(client, db):
    assert client.post(reverse("petitions_public:feedback", args=["DT-00000-00000"]), {"satisfied": "1"}).status_code == 404


# --- registration ----------------------------------------------------------------------------

VALID = {
    "petitioner_name": "Hoàng Thị Lan", "petitioner_address": "Xóm 5", "petitioner_phone": "0988 111 222",
    "petitioner_email": "", "content": "Đề nghị lắp đèn đường xóm 5", "consent": "on", "website": "",
}


def register_url(conference):
    return reverse("petitions_public:register", args=[conference.public_code])


def test_register_for_an_announced_conference(client, conference):
    assert client.get(register_url(conference)).status_code == 200
    response = client.post(register_url(conference), VALID)
    petition = Petition.objects.get()
    assert response.status_code == 302 and response.url == reverse("petitions_public:receipt", args=[petition.tracking_code])
    assert petition.source == "online" and petition.conference == conference
    receipt = client.get(response.url).content.decode()
    assert petition.tracking_code in receipt and "Hoàng Thị Lan" in receipt and "<svg" in receipt


def test_receipt_in_another_browser_is_only_the_status(client, conference):
    client.post(register_url(conference), VALID)
    petition = Petition.objects.get()
    from django.test import Client

    stranger = Client()
    response = stranger.get(reverse("petitions_public:receipt", args=[petition.tracking_code]))
    assert response.status_code == 302 and response.url == status_url(petition)


@pytest.mark.parametrize("status", ["held", "closed", "cancelled"])
def test_register_closed_after_the_announcement_period(client, org, status):
    conference = make_conference(org, status)
    if status == "cancelled":
        conference.announced_at = conference.created_at
        conference.save()
    response = client.get(register_url(conference))
    assert response.status_code == 200 and "Đã hết hạn đăng ký" in response.content.decode()
    client.post(register_url(conference), VALID)
    assert not Petition.objects.exists()


def test_register_404_for_unannounced_or_unknown(client, org):
    planned = make_conference(org, "scheduled")
    assert client.get(register_url(planned)).status_code == 404
    assert client.get(reverse("petitions_public:register", args=["khongco"])).status_code == 404


def test_register_honeypot(client, conference):
    response = client.post(register_url(conference), {**VALID, "website": "http://spam.example"})
    assert response.status_code == 400 and not Petition.objects.exists()


def test_register_requires_consent(client, conference):
    response = client.post(register_url(conference), {**VALID, "consent": ""})
    assert response.status_code == 400 and not Petition.objects.exists()
    assert "Đề nghị lắp đèn đường xóm 5" in response.content.decode()


# --- rate limits -----------------------------------------------------------------------------


def test_lookup_rate_limit_answers_429(client, settings, petition):
    settings.RATE_LIMITS = {"lookup": (5, 600)}
    for _ in range(5):
        assert client.get(status_url(petition)).status_code == 200
    response = client.get(status_url(petition))
    assert response.status_code == 429 and response["Retry-After"] == "600"
    assert "Quá nhiều yêu cầu" in response.content.decode()
    # Unknown codes count too, so guessing is throttled the same way.
    assert client.get(reverse("petitions_public:status", args=["DT-00000-00000"])).status_code == 429
    # Another client still has its budget.
    other = client.__class__(REMOTE_ADDR="10.0.0.2")
    assert other.get(status_url(petition)).status_code == 200


def test_registration_rate_limit_answers_429(client, settings, conference):
    settings.RATE_LIMITS = {"register": (3, 3600)}
    for i in range(3):
        client.post(register_url(conference), {**VALID, "content": f"Kiến nghị {i}"})
    assert Petition.objects.count() == 3
    response = client.post(register_url(conference), {**VALID, "content": "Lần thứ tư"})
    assert response.status_code == 429 and Petition.objects.count() == 3
    # Reading the form is not counted.
    assert client.get(register_url(conference)).status_code == 200


def test_default_limits_are_in_force(client, petition):
    from dialogue.ratelimit import DEFAULT_LIMITS

    limit = DEFAULT_LIMITS["lookup"][0]
    codes = [client.get(status_url(petition)).status_code for _ in range(limit + 1)]
    assert codes[:limit] == [200] * limit and codes[-1] == 429
