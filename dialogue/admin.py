from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import CalendarOverride, Membership, Organization

admin.site.site_header = _("Dialogue administration")
admin.site.site_title = _("Dialogue")
admin.site.index_title = _("Administration")


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organization)
class OrganizationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "kind", "level", "parent", "document_format", "is_active"]
    list_filter = ["kind", "level", "document_format", "is_active"]
    search_fields = ["name", "code", "header_name"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]
    prepopulated_fields = {"code": ["name"]}
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "organization", "role", "position"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "organization__name"]
    list_select_related = ["user", "organization"]
    autocomplete_fields = ["user", "organization"]


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(SimpleHistoryAdmin):
    list_display = ["date", "kind", "note"]
    list_filter = ["kind"]
    date_hierarchy = "date"


def register_with_history(*models) -> None:
    """Register records edited in the application's own pages so administrators
    can read their change history; foreign keys as ids keep the pages light."""
    for model in models:
        foreign_keys = [f.name for f in model._meta.fields if f.is_relation and f.many_to_one]
        admin.site.register(model, type(f"{model.__name__}Admin", (SimpleHistoryAdmin,), {"raw_id_fields": foreign_keys}))
