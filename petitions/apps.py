from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PetitionsConfig(AppConfig):
    name = "petitions"
    verbose_name = _("Petitions")

    def ready(self) -> None:
        # Imported here: services and selectors need the models loaded.
        from conferences.day_petitions import DayPetitions, provide

        from .day import call_registrant, registrants
        from .models import Petition
        from .selectors import field_choices, speech_petitions
        from .services import petition_capture_at_conference

        provide(DayPetitions(
            fields=field_choices, by_speech=speech_petitions, capture=petition_capture_at_conference, model=Petition,
            registrants=registrants, call_registrant=call_registrant,
        ))
