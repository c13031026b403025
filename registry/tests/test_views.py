"""The office's pages of the register: who sees what, and the list's query count."""

import pytest
from django.urls import reverse

from plans.tests.factories import PlanFactory

from .conftest import issue_plan

OFFICE = ("staff", "leader", "supervisor")


@pytest.mark.parametrize("role", OFFICE)
@pytest.mark.parametrize("name", ["registry:print", "registry:pdf"])
def test_the_issuers_office_reads_a_document(client, issued, role, name, request):
    client.force_login(request.getfixturevalue(role))
    response = client.get(reverse(name, args=[issued.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("role", ["outsider", "outsider_leader", "agency_user", "secretary"])
@pytest.mark.parametrize("name", ["registry:print", "registry:pdf"])
def test_others_get_404(client, issued, role, name, request):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse(name, args=[issued.pk])).status_code == 404


@pytest.mark.parametrize("name", ["registry:print", "registry:pdf", "registry:list"])
def test_anonymous_users_are_sent_to_log_in(client, issued, name):
    url = reverse(name, args=[issued.pk]) if name != "registry:list" else reverse(name)
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_print_page_frames_the_stored_pdf(client, issued, staff):
    client.force_login(staff)
    html = client.get(reverse("registry:print", args=[issued.pk])).content.decode()
    assert f'<iframe id="frozen-pdf" src="{reverse("registry:pdf", args=[issued.pk])}"' in html
    assert 'id="print-frozen"' in html and "contentWindow.print()" in html
    assert issued.sha256 in html and reverse("verify:detail", args=[issued.code]) in html


def test_the_register_lists_the_issuers_documents(client, org, other_org, leader, outsider_leader, staff, django_assert_num_queries):
    for _ in range(3):
        issue_plan(PlanFactory(issuer=org, year=2026), leader)
    issue_plan(PlanFactory(issuer=other_org, year=2026), outsider_leader)
    client.force_login(staff)
    url = reverse("registry:list") + "?year=2026"
    client.get(url)  # warm the session
    # session, user, memberships, organisations, years, the count for the pages, documents
    with django_assert_num_queries(7):
        response = client.get(url)
    html = response.content.decode()
    assert [d.number for d in response.context["documents"]] == [3, 2, 1]
    assert "Số: 03/KH-UBND" in html and "Số: 01/KH-UBND" in html
    assert other_org.name not in html


def test_the_register_query_count_does_not_grow_with_documents(client, org, leader, staff, django_assert_num_queries):
    client.force_login(staff)
    url = reverse("registry:list") + "?year=2026"
    issue_plan(PlanFactory(issuer=org, year=2026), leader)
    client.get(url)
    with django_assert_num_queries(7):
        client.get(url)
    for _ in range(4):
        issue_plan(PlanFactory(issuer=org, year=2026), leader)
    with django_assert_num_queries(7):
        assert len(client.get(url).context["documents"]) == 5


def test_the_register_filters_by_type_and_refuses_other_issuers(client, org, other_org, leader, staff, outsider_leader):
    issue_plan(PlanFactory(issuer=org, year=2026), leader)
    issue_plan(PlanFactory(issuer=other_org, year=2026), outsider_leader)
    client.force_login(staff)
    assert len(client.get(reverse("registry:list"), {"year": 2026, "doc_type": "TB"}).context["documents"]) == 0
    # Asking for another organisation's register shows one's own.
    response = client.get(reverse("registry:list"), {"year": 2026, "issuer": other_org.pk})
    assert response.context["issuer"] == org


@pytest.mark.parametrize("role", ["agency_user"])
def test_the_register_is_not_for_agencies(client, role, request, issued):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("registry:list")).status_code == 404


def test_admin_shows_the_register_read_only(client, issued, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@example.vn", "x")
    client.force_login(admin)
    change = reverse("admin:registry_outgoingdocument_change", args=[issued.pk])
    assert client.get(change).status_code == 200
    assert client.post(change, {"symbol": "Số: 99/KH-UBND"}).status_code == 403
    assert client.get(reverse("admin:registry_outgoingdocument_delete", args=[issued.pk])).status_code == 403
    assert client.get(reverse("admin:registry_outgoingdocument_add")).status_code == 403
    issued.refresh_from_db()
    assert issued.symbol == "Số: 01/KH-UBND"


def test_plan_page_links_to_its_print_and_verification_pages(client, plan, leader, staff):
    client.force_login(staff)
    assert 'id="verify-issued"' not in client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    issue_plan(plan, leader)
    document = plan.outgoing_document
    html = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert reverse("registry:print", args=[document.pk]) in html
    assert reverse("verify:detail", args=[document.code]) in html


def test_navigation_and_organisation_page_link_the_register(client, org, staff):
    client.force_login(staff)
    html = client.get(reverse("organization_detail", args=[org.code])).content.decode()
    assert f'{reverse("registry:list")}?issuer={org.pk}' in html
    assert html.count(f'href="{reverse("registry:list")}"') == 1  # the navigation bar
