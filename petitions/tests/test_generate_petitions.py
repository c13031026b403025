"""manage.py generate_petitions: realistic rows the public pages can show."""

from django.core.management import call_command
from django.urls import reverse

from dialogue.codes import normalize_code
from petitions.models import Petition, PetitionEvent


def test_generates_petitions_with_public_timelines(client, db):
    call_command("generate_petitions", count=40, batch=15, seed=7, verbosity=0)
    petitions = list(Petition.objects.all())
    assert len(petitions) == 40
    assert len({p.tracking_code for p in petitions}) == 40
    assert all(normalize_code(p.tracking_code) == p.tracking_code for p in petitions)
    assert all(p.name_key and p.content_key for p in petitions)
    # Every petition starts with its public "registered" event; resolved ones end resolved.
    for p in petitions:
        kinds = list(PetitionEvent.objects.filter(petition=p).order_by("at", "id").values_list("kind", flat=True))
        assert kinds[0] == "registered"
        if p.status == "resolved":
            assert kinds[-1] == "resolved"
    shown = next(p for p in petitions if p.is_public and p.status == "resolved")
    response = client.get(reverse("petitions_public:status", args=[shown.tracking_code]))
    assert response.status_code == 200
    assert shown.petitioner_phone not in response.content.decode()
