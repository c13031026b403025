from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from dialogue.admin import FrozenWhenIssued, register_with_history

from .models import (
    AnswerPolicy,
    AnswerRelease,
    Assignment,
    CitizenMessage,
    Conclusion,
    ConclusionNotice,
    Field,
    Petition,
    PetitionEvent,
    PetitionGroup,
    Response,
)


@admin.register(Field)
class FieldAdmin(SimpleHistoryAdmin):
    list_display = ("name", "organization", "order", "is_active")
    list_filter = ("is_active",)
    list_editable = ("order", "is_active")
    search_fields = ("name",)


class EventInline(admin.TabularInline):
    model = PetitionEvent
    extra = 0
    can_delete = False
    readonly_fields = ("kind", "at", "by", "public", "agency_name", "date", "text")


@admin.register(Petition)
class PetitionAdmin(SimpleHistoryAdmin):
    list_display = ("tracking_code", "organization", "status", "source", "field", "created_at")
    list_filter = ("status", "source", "organization")
    search_fields = ("tracking_code", "petitioner_name")
    readonly_fields = ("tracking_code", "status", "group")
    inlines = [EventInline]

    def has_delete_permission(self, request, obj=None):
        # A petition is a public record with a code given to a citizen: never deleted.
        return False


@admin.register(Assignment)
class AssignmentAdmin(SimpleHistoryAdmin):
    list_display = ("petition", "agency", "status", "due_on", "extended_to")
    list_filter = ("status",)


admin.site.register(Conclusion, SimpleHistoryAdmin)
admin.site.register(Response, SimpleHistoryAdmin)
@admin.register(ConclusionNotice)
class ConclusionNoticeAdmin(FrozenWhenIssued, SimpleHistoryAdmin):
    list_display = ("__str__", "conference", "status")
    list_filter = ("status",)

    @staticmethod
    def frozen_when(notice) -> bool:
        return notice.status == ConclusionNotice.Status.ISSUED

    def has_add_permission(self, request):
        # A notice is drafted from a conference's conclusions and issued through the register.
        return False


register_with_history(PetitionGroup)
register_with_history(AnswerPolicy)


@admin.register(AnswerRelease)
class AnswerReleaseAdmin(SimpleHistoryAdmin):
    list_display = ("conference", "released_at", "answers", "released_by")

    def has_add_permission(self, request, obj=None):
        # Only petitions.publication.release_answers publishes answers and writes the row.
        return False

    def has_change_permission(self, request, obj=None):
        # A release is what the office published: a record, not something to edit afterwards.
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CitizenMessage)
class CitizenMessageAdmin(admin.ModelAdmin):
    """The e-mails to citizens: what went, when, and what failed (read only)."""

    list_display = ("petition", "kind", "created_at", "emailed_at", "attempts", "last_error")
    list_filter = ("kind",)
    search_fields = ("petition__tracking_code",)
    list_select_related = ("petition",)
    readonly_fields = ("petition", "kind", "event", "subject", "body", "created_at", "emailed_at", "attempts", "last_error")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
