from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from dialogue.admin import FrozenWhenIssued, register_with_history

from .models import (
    AgendaItem,
    AttendeeGroup,
    DeadlineRule,
    ImportParagraph,
    LegalBasis,
    Plan,
    PlanItem,
    PlanPart,
    PlanPerson,
    PlanSection,
    PlanImport,
    PlanTransition,
    Recipient,
    Session,
)


def plan_of(obj) -> Plan:
    """The plan a record of the plan belongs to (a part through its section, an item through its part)."""
    if isinstance(obj, Plan):
        return obj
    if isinstance(obj, PlanItem):
        return obj.part.section.plan
    if isinstance(obj, PlanPart):
        return obj.section.plan
    return obj.plan


def plan_issued(obj) -> bool:
    return plan_of(obj).is_issued


class FrozenWithPlan(FrozenWhenIssued):
    frozen_when = staticmethod(plan_issued)


class OrderedInline(FrozenWithPlan, admin.TabularInline):
    extra = 0


class LegalBasisInline(OrderedInline):
    model = LegalBasis


class SectionInline(OrderedInline):
    model = PlanSection
    show_change_link = True


class PersonInline(OrderedInline):
    model = PlanPerson
    raw_id_fields = ["user"]


class SessionInline(OrderedInline):
    model = Session


class AttendeeGroupInline(OrderedInline):
    model = AttendeeGroup


class AgendaInline(OrderedInline):
    model = AgendaItem


class DeadlineRuleInline(OrderedInline):
    model = DeadlineRule
    raw_id_fields = ["responsible_org"]


class RecipientInline(OrderedInline):
    model = Recipient
    raw_id_fields = ["organization"]


class TransitionInline(admin.TabularInline):
    model = PlanTransition
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "by", "at", "comment"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Plan)
class PlanAdmin(FrozenWithPlan, SimpleHistoryAdmin):
    list_display = ["__str__", "issuer", "year", "status", "version", "is_template"]
    list_filter = ["status", "is_template", "template_kind", "year"]
    search_fields = ["subject", "template_name", "issuer__name"]
    raw_id_fields = ["issuer", "signer", "replaces", "copied_from", "created_by"]
    # State changes go through the services, which check roles and record transitions.
    readonly_fields = ["status", "number", "created_at", "updated_at"]
    inlines = [
        LegalBasisInline,
        SectionInline,
        PersonInline,
        SessionInline,
        AttendeeGroupInline,
        AgendaInline,
        DeadlineRuleInline,
        RecipientInline,
        TransitionInline,
    ]


class ItemInline(OrderedInline):
    model = PlanItem


class PartInline(OrderedInline):
    model = PlanPart
    show_change_link = True
    raw_id_fields = ["organization"]


@admin.register(PlanSection)
class PlanSectionAdmin(FrozenWithPlan, SimpleHistoryAdmin):
    list_display = ["heading", "plan", "order"]
    raw_id_fields = ["plan"]
    inlines = [PartInline]


@admin.register(PlanPart)
class PlanPartAdmin(FrozenWithPlan, SimpleHistoryAdmin):
    list_display = ["heading", "kind", "section", "order"]
    raw_id_fields = ["section", "organization"]
    inlines = [ItemInline]


register_with_history(
    LegalBasis, PlanItem, PlanPerson, Session, AttendeeGroup, AgendaItem, DeadlineRule, Recipient, frozen_when=plan_issued
)


@admin.register(PlanImport)
class PlanImportAdmin(SimpleHistoryAdmin):
    list_display = ["file_name", "plan", "issuer_differs", "issuer_confirmed_at", "created_at"]
    raw_id_fields = ["plan", "issuer_confirmed_by"]


@admin.register(ImportParagraph)
class ImportParagraphAdmin(SimpleHistoryAdmin):
    list_display = ["plan", "order", "became", "forced", "target"]
    list_filter = ["became"]
    raw_id_fields = ["plan"]
