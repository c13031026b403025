from django.contrib import admin
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import ApiClient


def _show_key(request, client: ApiClient, key: str):
    """The one page that ever shows the key (a message would keep it in the session)."""
    back = reverse("admin:open311_apiclient_change", args=[client.pk])
    return TemplateResponse(request, "open311/admin_key_issued.html", {"client": client, "key": key, "back": back,
                                                                        "title": client.name})


@admin.register(ApiClient)
class ApiClientAdmin(SimpleHistoryAdmin):
    list_display = ("name", "key_start", "is_active", "created_at", "last_used_at")
    list_filter = ("is_active",)
    search_fields = ("name", "key_start")
    filter_horizontal = ("organizations",)
    readonly_fields = ("key_start", "created_at", "last_used_at")
    actions = ["replace_key"]

    def save_model(self, request, obj, form, change):
        if not change:
            request._issued_key = obj.set_new_key()
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        return _show_key(request, obj, request._issued_key)

    def has_delete_permission(self, request, obj=None):
        # Untick "active" instead: the history keeps which application held which key.
        return False

    @admin.action(description=_("Replace the key (the old one stops working)"))
    def replace_key(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Choose one API client at a time."), level="error")
            return None
        client = queryset.get()
        key = client.set_new_key()
        client.save(update_fields=["key_hash", "key_start"])
        return _show_key(request, client, key)
