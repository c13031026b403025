from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        # Imported here: the renderer needs the models loaded.
        from registry.issuing import register_renderer, register_word_renderer
        from registry.models import DocType

        from .documents import render_registered_report, render_registered_report_docx

        register_renderer(DocType.REPORT, render_registered_report)
        register_word_renderer(DocType.REPORT, render_registered_report_docx)
