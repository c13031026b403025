from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GeoReportConfig(AppConfig):
    name = "open311"
    verbose_name = _("GeoReport API")
