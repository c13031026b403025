from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DialogueConfig(AppConfig):
    name = "dialogue"
    verbose_name = _("Organisations and calendar")

    def ready(self):
        # Connects the signal that drops cached calendar overrides on edit.
        from . import workdays  # noqa: F401
        # Connects the per-account log-in failure counter to the auth signals.
        from . import login_guard, sessions  # noqa: F401

        # Vietnamese names are written family name first ("Trần Thị Hoa"); Django's
        # get_full_name() prints first_name first ("Hoa Trần Thị"). Every template,
        # form label and the admin call get_full_name(), so it is replaced here once
        # rather than at each of those places: one display of a person's name.
        from django.contrib.auth import get_user_model

        from .text import person_name

        get_user_model().get_full_name = person_name
