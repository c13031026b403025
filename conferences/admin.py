from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from dialogue.admin import register_with_history

from .models import (
    Attendance,
    Conference,
    ConferenceAgendaItem,
    ConferenceGroup,
    ConferencePerson,
    ConferenceTransition,
    DoorCount,
    InvitationBatch,
    InvitationDelegation,
    Invitee,
    Minutes,
    MinutesStatus,
    Speech,
)


class PersonInline(admin.TabularInline):
    model = ConferencePerson
    extra = 0
    raw_id_fields = ["user"]


class GroupInline(admin.TabularInline):
    model = ConferenceGroup
    extra = 0


class AgendaInline(admin.TabularInline):
    model = ConferenceAgendaItem
    extra = 0


class TransitionInline(admin.TabularInline):
    model = ConferenceTransition
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "by", "at", "comment"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Conference)
class ConferenceAdmin(SimpleHistoryAdmin):
    list_display = ["title", "organization", "status", "starts_at", "venue"]
    list_filter = ["status", "organization"]
    search_fields = ["title", "venue", "public_code"]
    raw_id_fields = ["plan", "session", "created_by"]
    # The state moves only through the services, which write the history rows.
    readonly_fields = ["status", "public_code", "announced_at", "held_at", "concluded_at", "closed_at", "cancelled_at"]
    inlines = [PersonInline, GroupInline, AgendaInline, TransitionInline]


register_with_history(
    ConferencePerson, ConferenceGroup, ConferenceAgendaItem, Attendance, DoorCount, Speech, Invitee, InvitationDelegation
)
# Approved minutes and every invitation batch are in the register, signed: read-only.
register_with_history(Minutes, frozen_when=lambda minutes: minutes.status == MinutesStatus.APPROVED, addable=False)
# Batches and minutes are made by the services only (a leader or delegate, a register number, a signed PDF).
register_with_history(InvitationBatch, frozen_when=lambda batch: batch.pk is not None, addable=False)
