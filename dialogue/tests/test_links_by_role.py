"""A link a page shows leads somewhere its reader may go: for every role, each link
below is either absent or answers 200 (an agency's officer saw the register, a
secretary the results page, and both got 404)."""

import re

import pytest
from django.urls import reverse

from dialogue.models import Organization, Role
from dialogue.testing.factories import OrganizationFactory, member

ROLES = [Role.STAFF, Role.LEADER, Role.SECRETARY, Role.SUPERVISOR, Role.ADMIN, Role.AGENCY]


def _links(html: str, prefix: str) -> list[str]:
    return [href.replace("&amp;", "&") for href in re.findall(r'href="([^"]+)"', html) if href.startswith(prefix)]


@pytest.fixture
def commune(db):
    return OrganizationFactory(kind=Organization.Kind.PEOPLES_COMMITTEE)


@pytest.mark.parametrize("role", ROLES)
def test_the_organisation_page_links_to_a_register_its_reader_may_open(client, commune, role):
    agency = OrganizationFactory(kind=Organization.Kind.DEPARTMENT, parent=commune)
    organization = agency if role == Role.AGENCY else commune
    client.force_login(member(organization, role))
    page = client.get(reverse("organization_detail", args=[organization.code]))
    assert page.status_code == 200
    links = _links(page.content.decode(), reverse("registry:list"))
    for href in links:
        assert client.get(href).status_code == 200, (role, href)
    assert bool(links) == (role != Role.AGENCY)


@pytest.mark.parametrize("role", [r for r in ROLES if r != Role.AGENCY])
def test_the_dashboard_links_to_a_results_page_its_reader_may_open(client, commune, role):
    client.force_login(member(commune, role))
    page = client.get(reverse("deadlines:dashboard"))
    if page.status_code != 200:
        return  # a role without the dashboard sees neither
    links = _links(page.content.decode(), reverse("reports:results"))
    for href in links:
        assert client.get(href).status_code == 200, (role, href)
    assert bool(links) == (role != Role.SECRETARY)
