from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = _("Plans")

    def ready(self) -> None:
        from . import signals  # noqa: F401 - connects the rule-change receiver (models must be loaded first)
