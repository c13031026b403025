"""The petitions the day's page shows and records.

Petitions are an app above conferences: the secretary's page records them, but
conferences cannot import them. The petitions app gives its functions here when
it starts (PetitionsConfig.ready), as the register's renderers are given.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class DayPetitions:
    # The fields (lĩnh vực) a petition may be filed under, for the organisation.
    fields: Callable[[int], list]
    # The petitions captured at the conference, per speech number.
    by_speech: Callable[[object], dict[int, list]]
    # Records a petition raised at the conference; keyword arguments: conference, by,
    # speech_number, petitioner_name, petitioner_address, content, field.
    capture: Callable[..., object]
    # The petition model, for the form's once-only key.
    model: type
    # The petitions registered before the conference (online, or on the paper slip) and not
    # yet called to speak, in registration order: the speakers list offers them first.
    registrants: Callable[[object], list]
    # Calls one of them to speak: adds the speech and ties the petition to it; keyword
    # arguments: conference, by, petition_id, key. Returns the speech.
    call_registrant: Callable[..., object]


_provided: DayPetitions | None = None


def provide(petitions: DayPetitions) -> None:
    global _provided
    _provided = petitions


def day_petitions() -> DayPetitions:
    if _provided is None:
        raise ImproperlyConfigured("the petitions app is not installed")
    return _provided
