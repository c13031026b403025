"""One request by its code, GET requests/{code}.{fmt} and requests.{fmt}?service_request_id=…:
the petition's public columns and public events only, the same 404 for an unknown
code and a code that may not be looked up."""

import datetime as dt

import pytest
from django.urls import reverse

from petitions import services

pytestmark = pytest.mark.django_db

REQUEST_FIELDS = {
    "service_request_id", "status", "status_notes", "service_name", "service_code", "agency_responsible",
    "requested_datetime", "updated_datetime", "expected_datetime",
}


def api(client, code, **params):
    return client.get(reverse("open311:request", kwargs={"code": code, "format": "json"}), params)


def test_registered_petition(client, petition, road_field, django_assert_num_queries):
    with django_assert_num_queries(2):
        response = api(client, petition.tracking_code)
    assert response.status_code == 200 and response["Content-Type"] == "application/json; charset=utf-8"
    [body] = response.json()
    assert body["service_request_id"] == petition.tracking_code
    assert body["status"] == "open" and body["agency_responsible"] is None and body["expected_datetime"] is None
    assert body["service_name"] == "Giao thông nông thôn" and body["service_code"] == str(road_field.pk)
    assert body["requested_datetime"].endswith("+07:00")
    assert set(body) == REQUEST_FIELDS
    text = response.content.decode()
    for secret in ("0912", "an@example.vn", "Nguyễn", "Xóm", "tuyến đường"):
        assert secret not in text


def test_a_code_is_read_however_it_is_typed(client, petition):
    typed = petition.tracking_code.lower().replace("-", " ")
    [body] = api(client, typed).json()
    assert body["service_request_id"] == petition.tracking_code


def test_without_a_field_it_is_the_other_service(client, org, conference, staff):
    petition = services.petition_record(
        organization=org, by=staff, source="slip", conference=conference, petitioner_name="Lê Thị Mai",
        content="Đề nghị lắp đèn chiếu sáng ở ngã ba chợ",
    )
    [body] = api(client, petition.tracking_code).json()
    assert body["service_code"] == "other" and body["service_name"] == "Lĩnh vực khác hoặc chưa rõ lĩnh vực"


def test_assigned_and_extended(client, petition, leader, agency_org, agency_user):
    services.conclusion_record(petition=petition, by=leader, outcome="assigned", agency=agency_org)
    assignment = petition.assignments.get()
    new_date = assignment.due_on + dt.timedelta(days=7)
    services.assignment_extend(assignment=assignment, by=agency_user, new_date=new_date, reason="Chờ đo đạc")
    [body] = api(client, petition.tracking_code).json()
    assert body["agency_responsible"] == agency_org.name
    assert body["expected_datetime"] == f"{new_date.isoformat()}T23:59:59+07:00"
    assert "Gia hạn đến" in body["status_notes"] and "Chờ đo đạc" in body["status_notes"]
    assert "Đã giao cơ quan giải quyết" in body["status_notes"]


def test_resolved_is_closed(client, petition, leader):
    services.conclusion_record(petition=petition, by=leader, outcome="answered", answer="x")
    [body] = api(client, petition.tracking_code).json()
    assert body["status"] == "closed" and body["expected_datetime"] is None


def test_unknown_and_hidden_answer_the_same_404(client, org, conference, staff):
    hidden = services.petition_record(
        organization=org, by=staff, source="slip", conference=conference, petitioner_name="Trần Văn Nam",
        content="Kiến nghị nhạy cảm", is_public=False,
    )
    a, b = api(client, hidden.tracking_code), api(client, "DT-00000-00000")
    assert a.status_code == b.status_code == 404
    assert a.json() == b.json() == [{"code": 404, "description": "Không tìm thấy kiến nghị với mã này."}]


def test_another_jurisdiction_does_not_find_it(client, petition, org, other_org):
    assert api(client, petition.tracking_code, jurisdiction_id=org.code).status_code == 200
    assert api(client, petition.tracking_code, jurisdiction_id=other_org.code).status_code == 404
    unknown = api(client, petition.tracking_code, jurisdiction_id="khong-co")
    assert unknown.status_code == 404 and "jurisdiction_id" in unknown.json()[0]["description"]


def test_api_rate_limit(client, settings, petition):
    settings.RATE_LIMITS = {"api": (2, 60)}
    responses = [api(client, petition.tracking_code) for _ in range(3)]
    assert [r.status_code for r in responses] == [200, 200, 429]
    assert responses[-1].json()[0]["code"] == 429 and responses[-1]["Retry-After"] == "60"
    # Another client still has its budget.
    other = client.__class__(REMOTE_ADDR="10.0.0.2")
    assert api(other, petition.tracking_code).status_code == 200


def test_query_by_codes(client, petition, make_second):
    url = reverse("open311:requests", kwargs={"format": "json"})
    [body] = client.get(url, {"service_request_id": petition.tracking_code}).json()
    assert body["service_request_id"] == petition.tracking_code
    listed = f"{petition.tracking_code}, {make_second.tracking_code},DT-00000-00000"
    both = client.get(url, {"service_request_id": listed})
    assert {b["service_request_id"] for b in both.json()} == {petition.tracking_code, make_second.tracking_code}
    assert client.get(url, {"service_request_id": "DT-00000-00000"}).status_code == 404
    too_many = ",".join(["DT-00000-00000"] * 101)
    assert client.get(url, {"service_request_id": too_many}).status_code == 400


@pytest.fixture
def make_second(org, conference, staff):
    return services.petition_record(
        organization=org, by=staff, source="slip", conference=conference, petitioner_name="Lê Thị Mai",
        content="Đề nghị nạo vét kênh mương nội đồng",
    )
