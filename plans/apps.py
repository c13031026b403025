from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = _("Plans")

    def ready(self) -> None:
        from . import signals  # noqa: F401 - connects the rule-change receiver (models must be loaded first)
        from registry.issuing import register_word_renderer
        from registry.models import DocType

        from .documents import render_registered_plan_docx

        # An issued plan's Word copy is made beside its signed PDF, after the issue commits.
        register_word_renderer(DocType.PLAN, render_registered_plan_docx)
