"""XML by the spec's element names, the same data as JSON; errors as the spec's
list of {code, description} in the format asked for, with the right status."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def url(name, format, **kwargs):
    return reverse(f"open311:{name}", kwargs={"format": format, **kwargs})


def xml(response) -> ET.Element:
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    assert response.content.startswith(b'<?xml version="1.0" encoding="utf-8"?>\n')
    return ET.fromstring(response.content)


def children(element) -> list[str]:
    return [child.tag for child in element]


def test_services_xml(client, org, road_field):
    root = xml(client.get(url("services", "xml"), {"jurisdiction_id": org.code}))
    assert root.tag == "services" and set(children(root)) == {"service"}
    road = next(s for s in root if s.findtext("service_code") == str(road_field.pk))
    assert children(road) == ["service_code", "service_name", "description", "metadata", "type", "keywords", "group"]
    assert road.findtext("service_name") == "Giao thông nông thôn"
    assert road.findtext("metadata") == "true" and road.findtext("type") == "realtime"
    assert road.findtext("description") == (
        "Câu hỏi, kiến nghị về lĩnh vực Giao thông nông thôn gửi hội nghị tiếp xúc, đối thoại"
        " của Ủy ban nhân dân xã Vĩnh Thử."
    )
    assert root[-1].findtext("service_code") == "other"
    # The same services, in the same order, as JSON.
    as_json = client.get(url("services", "json"), {"jurisdiction_id": org.code}).json()
    assert [s["service_code"] for s in as_json] == [s.findtext("service_code") for s in root]


def test_services_are_the_organisations_active_fields(client, org, other_org, road_field):
    from petitions.models import Field

    Field.objects.create(organization=other_org, name="Thủy lợi xã khác")
    Field.objects.create(organization=org, name="Lĩnh vực đã bỏ", is_active=False)
    names = [s["service_name"] for s in client.get(url("services", "json"), {"jurisdiction_id": org.code}).json()]
    assert "Giao thông nông thôn" in names and "Đất đai" in names  # its own and the shared list
    assert "Thủy lợi xã khác" not in names and "Lĩnh vực đã bỏ" not in names


def test_service_definition_xml(client, org, road_field, conference):
    from petitions.tests.factories import make_conference

    make_conference(org, "held", title="Hội nghị đã họp")
    make_conference(org, "scheduled", title="Hội nghị chưa thông báo", announced_at=None)
    root = xml(client.get(url("service", "xml", service_code=road_field.pk), {"jurisdiction_id": org.code}))
    assert root.tag == "service_definition" and children(root) == ["service_code", "attributes"]
    conference_attribute, consent, updates = root.find("attributes")
    assert conference_attribute.tag == consent.tag == updates.tag == "attribute"
    assert updates.findtext("code") == "updates" and updates.findtext("required") == "false"
    assert children(conference_attribute) == [
        "variable", "code", "datatype", "required", "datatype_description", "order", "description", "values",
    ]
    assert conference_attribute.findtext("datatype") == "singlevaluelist"
    assert conference_attribute.findtext("required") == "true" and conference_attribute.findtext("order") == "1"
    # Only the conference open for questions: announced and not started.
    [value] = conference_attribute.find("values")
    assert value.tag == "value" and value.findtext("key") == conference.public_code
    assert value.findtext("name").startswith("Hội nghị đối thoại thôn Hòa Bình · ")
    assert consent.findtext("code") == "consent" and consent.find("values/value").findtext("key") == "yes"
    assert consent.findtext("description").startswith("Tôi đồng ý để Văn phòng")


def test_requests_xml(client, petition, road_field):
    root = xml(client.get(url("requests", "xml")))
    assert root.tag == "service_requests"
    [request] = root
    assert request.tag == "request"
    assert children(request) == [
        "service_request_id", "status", "status_notes", "service_name", "service_code", "agency_responsible",
        "requested_datetime", "updated_datetime", "expected_datetime",
    ]
    assert request.findtext("service_request_id") == petition.tracking_code
    assert request.findtext("agency_responsible") == "" and request.findtext("service_code") == str(road_field.pk)
    one = xml(client.get(url("request", "xml", code=petition.tracking_code)))
    assert ET.tostring(one) == ET.tostring(root)


def test_an_empty_search_is_an_empty_list(client, org):
    assert client.get(url("requests", "json"), {"jurisdiction_id": org.code}).json() == []
    root = xml(client.get(url("requests", "xml"), {"jurisdiction_id": org.code}))
    assert root.tag == "service_requests" and len(root) == 0


@pytest.mark.parametrize(
    ("name", "kwargs", "params", "status", "starts"),
    [
        ("services", {}, {}, 400, "jurisdiction_id:"),
        ("services", {}, {"jurisdiction_id": "khong-co"}, 404, "jurisdiction_id:"),
        ("service", {"service_code": "999999"}, {"jurisdiction_id": "vinh-thu"}, 404, "service_code:"),
        ("service", {"service_code": "abc"}, {"jurisdiction_id": "vinh-thu"}, 404, "service_code:"),
        ("requests", {}, {"status": "pending"}, 400, "status:"),
        ("requests", {}, {"start_date": "hôm qua"}, 400, "start_date:"),
        ("requests", {}, {"start_date": "2026-13-01T00:00:00Z"}, 400, "start_date:"),
        ("requests", {}, {"start_date": "2026-01-01", "end_date": "2026-06-01"}, 400, "start_date, end_date:"),
        ("requests", {}, {"start_date": "2026-06-01", "end_date": "2026-05-01"}, 400, "end_date:"),
        ("requests", {}, {"page_size": "101"}, 400, "page_size:"),
        ("requests", {}, {"page": "0"}, 400, "page:"),
        ("requests", {}, {"service_code": "1;DROP"}, 400, "service_code:"),
        ("request", {"code": "DT-00000-00000"}, {}, 404, "Không tìm thấy"),
    ],
)
@pytest.mark.parametrize("format", ["json", "xml"])
def test_errors_in_the_format_asked_for(client, org, name, kwargs, params, status, starts, format):
    response = client.get(url(name, format, **kwargs), params)
    assert response.status_code == status
    if format == "json":
        [error] = response.json()
        code, description = error["code"], error["description"]
    else:
        root = xml(response)
        assert root.tag == "errors" and children(root) == ["error"] and children(root[0]) == ["code", "description"]
        code, description = int(root[0].findtext("code")), root[0].findtext("description")
    assert code == status and description.startswith(starts)


def test_a_refused_post_lists_every_problem(client, question):
    response = client.post(url("requests", "xml"), {**question, "description": "", "email": "khong-phai-email"})
    assert response.status_code == 400
    root = xml(response)
    descriptions = sorted(e.findtext("description") for e in root)
    assert [d.split(":")[0] for d in descriptions] == ["description", "email"]
    assert {e.findtext("code") for e in root} == {"400"}


def test_methods_and_cross_origin(client, org):
    services = client.get(url("services", "json"), {"jurisdiction_id": org.code})
    assert services["Access-Control-Allow-Origin"] == "*" and "no-store" in services["Cache-Control"]
    refused = client.post(url("services", "xml"), {"jurisdiction_id": org.code})
    assert refused.status_code == 405 and refused["Allow"] == "GET"
    assert xml(refused)[0].findtext("code") == "405"
    preflight = client.options(url("requests", "json"))
    assert preflight.status_code == 204 and preflight["Access-Control-Allow-Origin"] == "*"
    assert "POST" in preflight["Access-Control-Allow-Methods"]
    assert "Idempotency-Key" in preflight["Access-Control-Allow-Headers"]


def test_unknown_format_is_not_an_endpoint(client):
    assert client.get("/tra-cuu/api/v2/services.csv").status_code == 404
