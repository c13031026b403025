"""The API as a city app sees it: the `open311` client library from PyPI
against the running site, in JSON and in XML (the library parses XML with
xmltodict, so these also check the spec's element names).

The library's package is also named `open311`, so it is loaded under another
name (library.py). It reads services, service definitions and requests; it does not send
requests (its README says so), so a POST is made with `requests`, the library's
own HTTP client, from the library's settings (address, jurisdiction, api_key)."""

import datetime as dt

import pytest
import requests
import xmltodict
from django.utils import timezone

from petitions.models import Petition

from .library import GeoReport


@pytest.fixture
def city(live_server, org, monkeypatch):
    """A GeoReport client of the site's API for the commune, as a city app configures one."""
    monkeypatch.setenv("NO_PROXY", "*")

    def make(output_format="json", api_key=None):
        return GeoReport(
            f"{live_server.url}/tra-cuu/api/v2", jurisdiction=org.code, api_key=api_key, output_format=output_format
        )

    return make


def post_service_request(client: GeoReport, **params):
    """POST requests.{format} as the spec describes it, with the client's settings."""
    response = requests.post(
        f"{client.root_address}/requests.{client.output_format}",
        data={"api_key": client.api_key, "jurisdiction_id": client.jurisdiction, **params}, timeout=30,
    )
    response.raise_for_status()
    if client.output_format == "json":
        return response.json()[0]
    return xmltodict.parse(response.content)["service_requests"]["request"]


@pytest.mark.parametrize("output_format", ["json", "xml"])
def test_services_and_their_definition(city, road_field, conference, output_format):
    client = city(output_format)
    services = client.get_service_list()
    by_code = {s["service_code"]: s for s in services}
    assert by_code[str(road_field.pk)]["service_name"] == "Giao thông nông thôn"
    assert by_code["other"]["service_name"] == "Lĩnh vực khác hoặc chưa rõ lĩnh vực"
    assert {str(s["metadata"]).lower() for s in services} == {"true"}
    definition = client.get_service_definition(str(road_field.pk))
    assert definition["service_code"] == str(road_field.pk)
    attributes = definition["attributes"]
    if output_format == "xml":
        attributes = attributes["attribute"]
    conference_attribute, consent, updates = attributes
    assert conference_attribute["code"] == "conference" and consent["code"] == "consent"
    assert updates["code"] == "updates" and str(updates["required"]).lower() == "false"
    values = conference_attribute["values"]
    value = values["value"] if output_format == "xml" else values[0]
    assert value["key"] == conference.public_code and value["name"].startswith(conference.title)


@pytest.mark.parametrize("output_format", ["json", "xml"])
def test_search_and_get(city, petition, road_field, output_format):
    client = city(output_format)
    today = timezone.localdate()
    found = client.get_service_requests(
        service_code=str(road_field.pk), status="open",
        start_date=f"{today - dt.timedelta(days=1)}T00:00:00+07:00",
        end_date=f"{today + dt.timedelta(days=1)}T00:00:00Z",
    )
    if output_format == "xml":  # xmltodict gives one element as a dict, several as a list
        found = [found] if isinstance(found, dict) else found
    assert [r["service_request_id"] for r in found] == [petition.tracking_code]
    one = client.get_service_request(petition.tracking_code)
    assert one["service_request_id"] == petition.tracking_code and one["status"] == "open"
    assert one["service_name"] == "Giao thông nông thôn"
    if output_format == "json":
        assert client.get_service_requests(status="closed") == []
        by_code = client.get_service_requests(service_request_id=petition.tracking_code)
        assert [r["service_request_id"] for r in by_code] == [petition.tracking_code]


@pytest.mark.parametrize("output_format", ["json", "xml"])
def test_post_a_question_then_follow_it(city, api_key, question, output_format):
    client = city(output_format, api_key=api_key)
    params = {k: v for k, v in question.items() if k not in ("api_key", "jurisdiction_id")}
    created = post_service_request(client, **params)
    code = created["service_request_id"]
    petition = Petition.objects.get(tracking_code=code)
    assert petition.source == "online" and petition.petitioner_name == "Hoàng Thị Lan"
    assert petition.petitioner_phone == "0987654321" and petition.content == "Đề nghị lắp đèn đường xóm 5"
    assert f"/tra-cuu/{code}/" in created["service_notice"]
    followed = client.get_service_request(code)
    assert followed["status"] == "open" and followed["service_name"] == "Giao thông nông thôn"


def test_errors_reach_the_library_as_http_errors(city, api_key, question):
    with pytest.raises(requests.HTTPError) as refused:
        post_service_request(city(api_key="dtk_not-a-key"), description="x")
    assert refused.value.response.status_code == 403
    assert refused.value.response.json()[0]["description"].startswith("api_key:")
    wrong_place = city()
    wrong_place.jurisdiction = "khong-co"
    with pytest.raises(requests.HTTPError) as unknown:
        wrong_place.get_service_list()
    assert unknown.value.response.status_code == 404
