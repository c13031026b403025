"""The Open311-style status API."""

import datetime as dt

from django.urls import reverse

from petitions import services


def api(client, code):
    return client.get(reverse("petitions_public:api_status", args=[code]))


def test_registered_petition(client, petition, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        response = api(client, petition.tracking_code)
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    [body] = response.json()
    assert body["service_request_id"] == petition.tracking_code
    assert body["status"] == "open" and body["agency_responsible"] is None and body["expected_datetime"] is None
    assert body["requested_datetime"].endswith("+07:00")
    assert set(body) == {
        "service_request_id", "status", "status_notes", "service_name", "agency_responsible",
        "requested_datetime", "updated_datetime", "expected_datetime",
    }
    text = response.content.decode()
    for secret in ("0912", "an@example.vn", "Nguyễn", "Xóm", "tuyến đường"):
        assert secret not in text


def test_assigned_and_extended(client, assigned, agency_user, agency_org):
    new_date = assigned.due_on + dt.timedelta(days=7)
    services.assignment_extend(assignment=assigned, by=agency_user, new_date=new_date, reason="Chờ đo đạc")
    [body] = api(client, assigned.petition.tracking_code).json()
    assert body["agency_responsible"] == agency_org.name
    assert body["expected_datetime"].startswith(new_date.isoformat())
    assert "Chờ đo đạc" in body["status_notes"] and "Đã giao cơ quan giải quyết" in body["status_notes"]


def test_resolved_is_closed(client, petition, leader):
    services.conclusion_record(petition=petition, by=leader, outcome="answered", answer="x")
    [body] = api(client, petition.tracking_code).json()
    assert body["status"] == "closed" and body["expected_datetime"] is None


def test_unknown_and_hidden_answer_the_same_404(client, make_petition):
    hidden = make_petition(is_public=False)
    a, b = api(client, hidden.tracking_code), api(client, "DT-00000-00000")
    assert a.status_code == b.status_code == 404
    assert a.json() == b.json() == [{"code": 404, "description": "Không tìm thấy kiến nghị với mã này."}]


def test_api_rate_limit(client, settings, petition):
    settings.RATE_LIMITS = {"api": (2, 60)}
    responses = [api(client, petition.tracking_code) for _ in range(3)]
    assert [r.status_code for r in responses] == [200, 200, 429]
    assert responses[-1].json()[0]["code"] == 429 and responses[-1]["Retry-After"] == "60"


def test_query_form_for_one_code(client, petition):
    url = reverse("petitions_public:api_query")
    [body] = client.get(url, {"service_request_id": petition.tracking_code}).json()
    assert body["service_request_id"] == petition.tracking_code
    assert client.get(url).status_code == 400
    assert client.get(url, {"service_request_id": f"{petition.tracking_code},DT-00000-00000"}).status_code == 400
    assert client.get(url, {"service_request_id": "DT-00000-00000"}).status_code == 404
