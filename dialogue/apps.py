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
