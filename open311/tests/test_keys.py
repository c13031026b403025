"""API keys are issued by the administrator, from the command line or the admin,
shown once, stored as a hash, and turned off or replaced there."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from open311.models import ApiClient

pytestmark = pytest.mark.django_db


def test_the_command_prints_the_key_once(org, other_org):
    out, err = io.StringIO(), io.StringIO()
    call_command("create_api_key", "--name", "Ứng dụng Vĩnh Thử số", "--organization", org.code,
                 "--organization", other_org.code, stdout=out, stderr=err)
    key = out.getvalue().strip()
    client = ApiClient.objects.get()
    assert ApiClient.by_key(key) == client and client.name == "Ứng dụng Vĩnh Thử số"
    assert set(client.organizations.all()) == {org, other_org}
    assert key.startswith("dtk_") and len(key) > 40 and key not in err.getvalue()
    assert "only now" in err.getvalue()


def test_the_command_refuses_an_unknown_organisation(org):
    with pytest.raises(CommandError, match="khong-co"):
        call_command("create_api_key", "--name", "X", "--organization", org.code, "--organization", "khong-co",
                     stdout=io.StringIO(), stderr=io.StringIO())
    assert not ApiClient.objects.exists()


def test_the_admin_adds_a_client_and_shows_its_key_once(admin_client, org):
    response = admin_client.post(
        reverse("admin:open311_apiclient_add"),
        {"name": "Ứng dụng phản ánh", "organizations": [org.pk], "is_active": "on"},
    )
    assert response.status_code == 200
    client = ApiClient.objects.get()
    key = response.context["key"]
    assert ApiClient.by_key(key) == client and key in response.content.decode()
    assert "không được hiển thị lại" in response.content.decode()
    page = admin_client.get(reverse("admin:open311_apiclient_change", args=[client.pk])).content.decode()
    assert key not in page and client.key_start in page
    assert client.history.earliest().history_type == "+"


def test_the_admin_replaces_a_key(admin_client, api_client_and_key):
    client, old = api_client_and_key
    response = admin_client.post(
        reverse("admin:open311_apiclient_changelist"), {"action": "replace_key", "_selected_action": [client.pk]}
    )
    new = response.context["key"]
    assert new != old and ApiClient.by_key(new) == client and ApiClient.by_key(old) is None


def test_the_admin_turns_a_key_off_and_never_deletes_it(admin_client, api_client_and_key, org, other_org):
    client, key = api_client_and_key
    admin_client.post(
        reverse("admin:open311_apiclient_change", args=[client.pk]),
        {"name": client.name, "organizations": [org.pk, other_org.pk]},  # "active" unticked
    )
    assert ApiClient.by_key(key) is None and ApiClient.objects.filter(pk=client.pk, is_active=False).exists()
    # The history keeps what changed, the organisations it may post to included.
    latest = client.history.latest()
    assert not latest.is_active and {o.organization_id for o in latest.organizations.all()} == {org.pk, other_org.pk}
    assert admin_client.get(reverse("admin:open311_apiclient_delete", args=[client.pk])).status_code == 403
