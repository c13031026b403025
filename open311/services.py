"""What the GeoReport API does: issue a key to a city app, and register a citizen's
question sent by one.

A question sent through the API goes through the public web form's own checks
(petitions.forms.PublicRegistrationForm: plain text, printable characters,
lengths, a Vietnamese phone number through dialogue.phones, an e-mail address,
a field of the organisation, consent, and the e-mail the optional news need) and the web form's own service
(petitions.services.petition_register_online: an announced conference that has
not started, the same question of the same person given back rather than made
twice). Only how the values arrive differs: GeoReport's parameter names.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dialogue.models import Organization
from petitions import services as petitions
from petitions.forms import PublicRegistrationForm
from petitions.models import Petition

from .errors import ApiError
from .models import ApiClient
from .selectors import OTHER_SERVICE, open_conference

# The web form's fields as GeoReport names them, for the messages.
PARAMETERS = {
    "petitioner_name": "first_name, last_name",
    "petitioner_address": "address_string",
    "petitioner_phone": "phone",
    "petitioner_email": "email",
    "field": "service_code",
    "content": "description",
    "consent": "attribute[consent]",
    "email_updates": "attribute[updates]",
    "conference": "attribute[conference]",
}
# Consent is given with attribute[consent]=yes (the service definition's one value), and
# news of each step by e-mail asked for with attribute[updates]=yes (optional).
CONSENT_VALUE = "yes"


@transaction.atomic
def api_client_create(*, name: str, organizations: Iterable[Organization]) -> tuple[ApiClient, str]:
    """A new application's key; the key is returned here only (its hash is stored)."""
    client = ApiClient(name=name)
    key = client.set_new_key()
    client.save()
    client.organizations.set(organizations)
    return client, key


def full_name(first_name: str, last_name: str) -> str:
    """GeoReport's two name parameters as Vietnamese write a name: the family and
    middle names (last_name) first, then the given name (first_name), as the
    project keeps users' names (dialogue.text.person_name)."""
    return " ".join(part for part in (last_name.strip(), first_name.strip()) if part)


def _messages(errors: list[ValidationError]) -> list[str]:
    """A field's messages with what was typed left out: a message that quotes the
    value (an invalid phone number) quotes "…", so no answer repeats a citizen's details."""
    out = []
    for error in errors:
        for one in error.error_list:
            params = {**(one.params or {}), "value": "…"} if one.params else None
            out.append(str(one.message % params if params else one.message))
    return out


def _described(field: str, messages: list[str]) -> list[str]:
    where = PARAMETERS.get(field, field)
    return [f"{where}: {message}" if field != "__all__" else message for message in messages]


def request_create(*, client: ApiClient, organization: Organization, params) -> Petition:
    """Register the question `params` (GeoReport's POST parameters) for the
    conference it names, as the public web form does. Raises ApiError (400) with
    the form's messages under GeoReport's names."""
    if not client.organizations.filter(pk=organization.pk).exists():
        raise ApiError(403, _("This API key may not send questions to %(jurisdiction)s.")
                       % {"jurisdiction": organization.code})
    conference_code = (params.get("attribute[conference]") or "").strip()
    if not conference_code:
        raise ApiError(400, _("%(parameter)s: choose one of the conferences the service definition lists.")
                       % {"parameter": PARAMETERS["conference"]})
    conference = open_conference(organization, conference_code)
    if conference is None:
        raise ApiError(400, _("%(parameter)s: no conference of this organisation has this code.")
                       % {"parameter": PARAMETERS["conference"]})
    service_code = (params.get("service_code") or "").strip()
    if not service_code:
        raise ApiError(400, _("service_code: choose one of the services of this organisation."))
    data = {
        "petitioner_name": full_name(params.get("first_name") or "", params.get("last_name") or ""),
        "petitioner_address": params.get("address_string") or "",
        "petitioner_phone": params.get("phone") or "",
        "petitioner_email": params.get("email") or "",
        "field": "" if service_code == OTHER_SERVICE else service_code,
        "content": params.get("description") or "",
        "consent": "on" if (params.get("attribute[consent]") or "").strip().lower() == CONSENT_VALUE else "",
        "email_updates": "on" if (params.get("attribute[updates]") or "").strip().lower() == CONSENT_VALUE else "",
    }
    form = PublicRegistrationForm(data, conference=conference)
    if not form.is_valid():
        raise ApiError(400, [
            line for field, errors in form.errors.as_data().items() for line in _described(field, _messages(errors))
        ])
    try:
        return petitions.petition_register_online(conference=conference, **form.petition_values())
    except petitions.PetitionError as error:
        raise ApiError(400, _described(error.field or "__all__", [str(error)])) from None
