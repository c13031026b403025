from django.contrib import admin, messages
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from .models import Deadline, DeadlineChange, Notification, NotificationPreference
from .tasks import scan


class DeadlineChangeInline(admin.TabularInline):
    model = DeadlineChange
    extra = 0
    readonly_fields = ["old_due_on", "new_due_on", "reason", "by", "at"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Deadline)
class DeadlineAdmin(admin.ModelAdmin):
    list_display = ["kind", "due_on", "remind_on", "state", "responsible", "organization", "reminded_at", "escalated_at"]
    list_filter = ["state", "kind"]
    date_hierarchy = "due_on"
    search_fields = ["responsible__name", "organization__name", "conference__title", "assignment__petition__tracking_code"]
    list_select_related = ["responsible", "organization"]
    raw_id_fields = ["conference", "notice", "assignment", "organization", "responsible", "closed_by"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [DeadlineChangeInline]
    change_list_template = "deadlines/admin_change_list.html"
    actions = ["scan_now"]

    def get_urls(self):
        return [
            path("quet-ngay/", self.admin_site.admin_view(require_POST(self.scan_now_view)), name="deadlines_scan_now"),
            *super().get_urls(),
        ]

    def _queue_scan(self, request):

        scan.delay()
        self.message_user(request, _("A deadline scan is queued; its reminders appear within a minute."), messages.SUCCESS)

    def scan_now_view(self, request):
        if not self.has_change_permission(request):
            return redirect("admin:index")
        self._queue_scan(request)
        return redirect("admin:deadlines_deadline_changelist")

    @admin.action(description=_("Scan deadlines now"))
    def scan_now(self, request, queryset):
        self._queue_scan(request)


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["kind", "user", "title", "deadline", "due_on", "created_at", "read_at", "emailed_at", "attempts"]
    list_filter = ["kind", "digest"]
    search_fields = ["user__username", "user__email", "event", "title"]
    list_select_related = ["user", "deadline"]
    raw_id_fields = ["user", "deadline"]
    readonly_fields = ["created_at", "last_error", "event"]


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "delivery", "last_digest_on"]
    list_filter = ["delivery"]
    raw_id_fields = ["user"]
