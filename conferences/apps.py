from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConferencesConfig(AppConfig):
    name = "conferences"
    verbose_name = _("Conferences")

    def ready(self):
        # Imported here: these modules need the models loaded.
        from dialogue.access import register_secretary_conferences
        from registry.issuing import register_renderer
        from registry.models import DocType

        from .invitations import render_registered_batch
        from .selectors import secretary_conference_ids

        register_secretary_conferences(secretary_conference_ids)
        register_renderer(DocType.INVITATION, render_registered_batch)
