import pytest
from django.http import Http404
from django.urls import reverse

from dialogue.access import can_write, get_for_user, organization_ids, scope
from dialogue.models import Organization, Role
from dialogue.testing.factories import member

pytestmark = pytest.mark.django_db


def test_scope_limits_to_the_users_organisations(org, other_org, staff):
    visible = scope(Organization.objects.all(), staff)
    assert list(visible) == [org]


def test_anonymous_and_memberless_users_see_nothing(org, django_user_model):
    from django.contrib.auth.models import AnonymousUser

    assert not scope(Organization.objects.all(), AnonymousUser()).exists()
    nobody = django_user_model.objects.create_user("nobody", password="x")
    assert not scope(Organization.objects.all(), nobody).exists()


def test_get_for_user_is_404_for_another_commune(org, other_org, staff):
    assert get_for_user(Organization.objects.all(), staff, pk=org.pk) == org
    with pytest.raises(Http404):
        get_for_user(Organization.objects.all(), staff, pk=other_org.pk)


def test_supervisors_read_but_do_not_write(org, supervisor):
    assert organization_ids(supervisor) == {org.pk}
    assert not can_write(supervisor, org.pk)
    with pytest.raises(Http404):
        get_for_user(Organization.objects.all(), supervisor, write=True, pk=org.pk)


def test_roles_filter(org, other_org):
    user = member(org, Role.STAFF)
    from dialogue.models import Membership

    Membership.objects.create(user=user, organization=other_org, role=Role.SUPERVISOR)
    user = type(user).objects.get(pk=user.pk)  # drop the cached memberships
    assert organization_ids(user) == {org.pk, other_org.pk}
    assert organization_ids(user, roles=[Role.STAFF]) == {org.pk}


@pytest.mark.parametrize("role", [Role.STAFF, Role.LEADER, Role.SECRETARY, Role.SUPERVISOR, Role.AGENCY, Role.ADMIN])
def test_organisation_page_for_every_role(client, org, other_org, role):
    user = member(org, role)
    client.force_login(user)
    assert client.get(reverse("organization_detail", args=[org.code])).status_code == 200
    assert client.get(reverse("organization_detail", args=[other_org.code])).status_code == 404


def test_organisation_page_of_another_commune_is_404(client, org, outsider):
    client.force_login(outsider)
    response = client.get(reverse("organization_detail", args=[org.code]))
    assert response.status_code == 404
    assert org.name not in response.content.decode()


def test_organisation_page_needs_login(client, org):
    response = client.get(reverse("organization_detail", args=[org.code]))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_home_lists_only_own_memberships(client, org, other_org, staff, outsider, django_assert_max_num_queries):
    client.force_login(staff)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("home"))
    body = response.content.decode()
    assert org.name in body and other_org.name not in body


# --- roll-up: both ways ----------------------------------------------------------------------------


@pytest.fixture
def district_tree(db):
    from dialogue.testing.factories import OrganizationFactory

    district = OrganizationFactory(name="UBND huyện Thử", code="huyen-thu", level=Organization.Level.DISTRICT)
    first = OrganizationFactory(name="UBND xã Một", code="xa-mot", parent=district)
    second = OrganizationFactory(name="UBND xã Hai", code="xa-hai", parent=district)
    police = OrganizationFactory(name="Công an xã Một", code="ca-xa-mot", parent=first, kind=Organization.Kind.DEPARTMENT)
    elsewhere = OrganizationFactory(name="UBND xã Ngoài", code="xa-ngoai")
    return district, first, second, police, elsewhere


def test_a_district_leader_reads_every_unit_beneath(district_tree):
    from dialogue.access import beneath, report_organization_ids, rollup_ids, scope_results

    district, first, second, police, elsewhere = district_tree
    leader = member(district, Role.LEADER)
    assert beneath({district.pk}) == {first.pk, second.pk, police.pk}
    assert rollup_ids(leader) == {first.pk, second.pk, police.pk}
    assert report_organization_ids(leader) == {district.pk, first.pk, second.pk, police.pk}
    assert set(scope_results(Organization.objects.all(), leader)) == {district, first, second, police}
    # Reading is all: the roll-up gives no writing role beneath.
    assert not can_write(leader, first.pk)
    assert organization_ids(leader) == {district.pk}


def test_a_commune_never_sees_its_parent_or_its_sibling(district_tree):
    from dialogue.access import get_results_organization, report_organization_ids, rollup_ids

    district, first, second, police, elsewhere = district_tree
    staff = member(first, Role.STAFF)
    assert report_organization_ids(staff) == {first.pk, police.pk}
    for other in (district, second, elsewhere):
        with pytest.raises(Http404):
            get_results_organization(staff, pk=other.pk)
    # Supervisors, secretaries and agencies read no roll-up, even of a district.
    for role in (Role.SUPERVISOR, Role.SECRETARY, Role.AGENCY):
        assert rollup_ids(member(district, role)) == set()
