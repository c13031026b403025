from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from dialogue.admin import FrozenWhenIssued

from .models import Report


@admin.register(Report)
class ReportAdmin(FrozenWhenIssued, SimpleHistoryAdmin):
    """Reports are drafted, approved and issued in the application; an issued one is read-only here."""

    list_display = ("organization", "period_kind", "period_start", "period_end", "status", "number", "issued_on")
    list_filter = ("status", "period_kind")
    search_fields = ("organization__name", "subject")
    readonly_fields = ("figures", "figures_at", "number", "year", "issued_on", "approved_by", "approved_at",
                       "issued_by", "issued_at", "created_by")

    @staticmethod
    def frozen_when(report) -> bool:
        return report.status == Report.Status.ISSUED

    def has_add_permission(self, request):
        # A report is drafted from its period's figures in the application.
        return False
