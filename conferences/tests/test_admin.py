from django.urls import reverse

from conferences.models import ConferenceStatus as S
from dialogue.testing.factories import UserFactory

from .factories import conference_in_state


def test_admin_pages_open(client, org, staff):
    conference = conference_in_state(org, S.ANNOUNCED, by=staff)
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    assert client.get(reverse("admin:conferences_conference_changelist")).status_code == 200
    response = client.get(reverse("admin:conferences_conference_change", args=[conference.pk]))
    assert response.status_code == 200 and conference.public_code in response.content.decode()
    assert client.get(reverse("admin:conferences_conference_history", args=[conference.pk])).status_code == 200
