from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConferencesConfig(AppConfig):
    name = "conferences"
    verbose_name = _("Conferences")

    def ready(self):
        from dialogue.access import register_secretary_conferences

        from .selectors import secretary_conference_ids

        register_secretary_conferences(secretary_conference_ids)
