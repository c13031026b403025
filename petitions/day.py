"""The conference's registrants on the secretary's day page (conferences.day_petitions).

Citizens who registered a question before the conference (online, or on the
speaker registration slip that comes with the invitation) wait on the speakers
list in the order they registered, marked "đăng ký trước". One click calls one to
speak: a speech is added with their name and question, and the petition
is tied to that speech, so the chair's answer and the minutes follow it.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from conferences import session_records
from conferences.models import Speech
from conferences.services import ConferenceError

from . import services
from .models import REGISTERED_IN_ADVANCE, Petition
from .services import PetitionError

# A speech's topic is a line on the speakers list; the whole question stays on the petition.
TOPIC_LENGTH = 200


def registrants(conference) -> list[Petition]:
    """Registered before the conference and not yet called, first registered first: one query."""
    return list(
        Petition.objects.filter(
            conference=conference, source__in=REGISTERED_IN_ADVANCE, speech_number__isnull=True
        ).order_by("received_on", "created_at", "pk")
    )


@transaction.atomic
def call_registrant(*, conference, by, petition_id, key=None) -> Speech:
    """Add the registrant's speech to the list and tie their petition to it. Calling one
    already called returns their speech; the day's checks (who records, whether the
    conference's records are open) are those of adding a speech."""
    petition = (
        Petition.objects.select_for_update()
        .filter(pk=petition_id, conference=conference, source__in=REGISTERED_IN_ADVANCE)
        .first()
    )
    if petition is None:
        raise ConferenceError(_("This registration is not on this conference's list."))
    if petition.speech_number is not None:
        speech = Speech.objects.filter(conference=conference, number=petition.speech_number).first()
        if speech is not None:
            return speech
    # Not the petitioner's address: the speakers list and the minutes are read by more people than
    # the petition's contact details are (petitions.services.can_see_contact).
    speech = session_records.speech_add(
        conference=conference, by=by, speaker_name=petition.petitioner_name,
        topic=Truncator(" ".join(petition.content.split())).chars(TOPIC_LENGTH), key=key,
    )
    try:
        services.petition_update(petition=petition, by=by, speech_number=speech.number)
    except PetitionError as error:
        raise ConferenceError(str(error.message)) from error
    return speech
