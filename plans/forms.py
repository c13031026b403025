"""Forms of the plan editor: the header, one form per kind of row, and the new-plan choices.

Every row form knows its plan so it can check [[code]] tokens against the
plan's deadline rules and name the unknown one next to the field.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from dialogue.access import organization_ids
from dialogue.models import Organization

from .models import (
    RULE_TOKEN,
    AgendaItem,
    AttendeeGroup,
    DeadlineRule,
    LegalBasis,
    Plan,
    PlanItem,
    PlanPart,
    PlanPerson,
    PlanSection,
    Recipient,
    Session,
)
from .services import WRITER_ROLES, unknown_token_message, used_tokens


class BootstrapMixin:
    """Bootstrap classes on every widget, and is-invalid on fields with errors."""

    def _style_widgets(self):
        for name, field in self.fields.items():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            if isinstance(widget, forms.Textarea):
                widget.attrs.setdefault("rows", 2)
            if self.is_bound and name in self.errors:
                css += " is-invalid"
            widget.attrs["class"] = css

    def full_clean(self):
        super().full_clean()
        self._style_widgets()


class PlanFormBase(BootstrapMixin, forms.ModelForm):
    # Fields whose text may carry [[code]] tokens.
    token_fields: tuple[str, ...] = ()

    def __init__(self, *args, plan: Plan, **kwargs):
        self.plan = plan
        super().__init__(*args, **kwargs)
        self._style_widgets()

    def known_codes(self) -> set[str]:
        return set(DeadlineRule.objects.filter(plan=self.plan).values_list("code", flat=True))

    def clean(self):
        cleaned = super().clean()
        wanted = [name for name in self.token_fields if cleaned.get(name)]
        if wanted:
            known = self.known_codes()
            for name in wanted:
                missing = sorted(set(RULE_TOKEN.findall(cleaned[name])) - known)
                if missing:
                    self.add_error(name, unknown_token_message(missing))
        return cleaned


class PlanHeaderForm(PlanFormBase):
    token_fields = ("preamble", "closing")

    class Meta:
        model = Plan
        fields = [
            "document_name",
            "subject",
            "header_parent",
            "header_issuer",
            "symbol",
            "place",
            "preamble",
            "closing",
            "archive_line",
            "sign_authority",
            "sign_on_behalf_of",
            "sign_deputy_authority",
            "sign_deputy_of",
            "sign_position",
            "signer_name",
        ]
        widgets = {
            "subject": forms.Textarea(attrs={"rows": 2}),
            "header_issuer": forms.Textarea(attrs={"rows": 2}),
            "preamble": forms.Textarea(attrs={"rows": 3}),
            "closing": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, plan=kwargs["instance"], **kwargs)


class LegalBasisForm(PlanFormBase):
    token_fields = ("text",)

    class Meta:
        model = LegalBasis
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}


class SectionForm(PlanFormBase):
    class Meta:
        model = PlanSection
        fields = ["heading"]


class PartForm(PlanFormBase):
    token_fields = ("heading",)

    class Meta:
        model = PlanPart
        fields = ["kind", "heading", "heading_style", "numbered"]


class ItemForm(PlanFormBase):
    token_fields = ("text",)

    class Meta:
        model = PlanItem
        fields = ["kind", "style", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}


class PersonForm(PlanFormBase):
    class Meta:
        model = PlanPerson
        fields = ["role", "description"]


class SessionForm(PlanFormBase):
    class Meta:
        model = Session
        fields = ["window", "planned_date", "venue", "audience", "expected_attendance", "wording"]
        widgets = {
            "planned_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "audience": forms.Textarea(attrs={"rows": 1}),
            "wording": forms.Textarea(attrs={"rows": 1}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The browser's date picker always sends ISO dates, whatever the locale.
        self.fields["planned_date"].input_formats = ["%Y-%m-%d", "%d/%m/%Y"]


class AttendeeGroupForm(PlanFormBase):
    token_fields = ("text",)

    class Meta:
        model = AttendeeGroup
        fields = ["category", "session", "style", "text", "expected_count"]
        widgets = {"text": forms.Textarea(attrs={"rows": 1})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = Session.objects.filter(plan=self.plan)
        self.fields["session"].empty_label = _("(every session)")


class AgendaItemForm(PlanFormBase):
    token_fields = ("text",)

    class Meta:
        model = AgendaItem
        fields = ["style", "text", "presenter", "minutes"]
        widgets = {"text": forms.Textarea(attrs={"rows": 1})}


class RecipientForm(PlanFormBase):
    class Meta:
        model = Recipient
        fields = ["text", "note"]


class DeadlineRuleForm(PlanFormBase):
    BEFORE, AFTER = "before", "after"

    days = forms.IntegerField(label=_("number of days"), min_value=0, max_value=365)
    direction = forms.ChoiceField(
        label=_("before or after"), choices=[(AFTER, _("after")), (BEFORE, _("before"))], initial=AFTER
    )

    class Meta:
        model = DeadlineRule
        fields = ["code", "name", "anchor", "days", "direction", "day_type", "responsible_text"]
        help_texts = {"code": _("Lower-case letters, digits and _; written as [[code]] in the text.")}
        error_messages = {
            "code": {"invalid": _("Use only lower-case letters without accents, digits and _, e.g. tra_loi.")}
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["days"] = abs(self.instance.offset_days)
            self.initial["direction"] = self.BEFORE if self.instance.offset_days < 0 else self.AFTER
        # Fields built before the class-level ones are styled by __init__ of the base.
        self._style_widgets()

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if not RULE_TOKEN.fullmatch(f"[[{code}]]"):
            raise forms.ValidationError(_("Use only lower-case letters without accents, digits and _, e.g. tra_loi."))
        others = DeadlineRule.objects.filter(plan=self.plan, code=code).exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(_("Another deadline rule already has the code %(code)s.") % {"code": code})
        if self.instance.pk and self.instance.code != code and self.instance.code in used_tokens(self.plan):
            raise forms.ValidationError(
                _("[[%(code)s]] is used in the plan's text; change the text before renaming the code.")
                % {"code": self.instance.code}
            )
        return code

    def clean(self):
        cleaned = super().clean()
        days = cleaned.get("days")
        if days is not None:
            self.instance.offset_days = -days if cleaned.get("direction") == self.BEFORE else days
        return cleaned


@dataclass(frozen=True)
class Collection:
    """One kind of row list on the editor page."""

    key: str
    model: type
    form: type
    title: str
    add_label: str
    parent: str = "plan"  # the field that links a row to its container: plan, section or part
    plan_path: str = "plan"  # the lookup from a row to its plan
    child: str | None = None  # the key of the nested collection each row holds


COLLECTIONS = {
    c.key: c
    for c in [
        Collection("bases", LegalBasis, LegalBasisForm, _("Legal bases"), _("Add a legal basis")),
        Collection("sections", PlanSection, SectionForm, _("Sections"), _("Add a section"), child="parts"),
        Collection(
            "parts", PlanPart, PartForm, _("Parts"), _("Add a part"),
            parent="section", plan_path="section__plan", child="items",
        ),
        Collection(
            "items", PlanItem, ItemForm, _("Lines"), _("Add a line"), parent="part", plan_path="part__section__plan"
        ),
        Collection("people", PlanPerson, PersonForm, _("Chairs and secretaries"), _("Add a person")),
        Collection("sessions", Session, SessionForm, _("Sessions"), _("Add a session")),
        Collection("groups", AttendeeGroup, AttendeeGroupForm, _("Attendee groups"), _("Add a group")),
        Collection("agenda", AgendaItem, AgendaItemForm, _("Agenda"), _("Add a step")),
        Collection("rules", DeadlineRule, DeadlineRuleForm, _("Deadline rules"), _("Add a deadline rule")),
        Collection("recipients", Recipient, RecipientForm, _("Recipients"), _("Add a recipient")),
    ]
}

# The collections shown at the top level of the editor, in page order.
TOP_LEVEL = ["bases", "sections", "people", "sessions", "groups", "agenda", "rules", "recipients"]


# --- new plan --------------------------------------------------------------------------------


def _writer_orgs(user):
    return Organization.objects.filter(pk__in=organization_ids(user, WRITER_ROLES)).order_by("name")


class YearField(forms.IntegerField):
    def __init__(self, **kwargs):
        super().__init__(label=_("year"), min_value=2000, max_value=2100, **kwargs)


class FromTemplateForm(BootstrapMixin, forms.Form):
    issuer = forms.ModelChoiceField(label=_("issuer"), queryset=Organization.objects.none())
    template = forms.ModelChoiceField(label=_("template"), queryset=Plan.objects.none())
    year = YearField()

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuer"].queryset = _writer_orgs(user)
        self.fields["template"].queryset = Plan.objects.templates().order_by("template_kind", "template_name")
        self.fields["template"].label_from_instance = lambda t: (
            f"{t.get_template_kind_display()} · {t}" if t.template_kind else str(t)
        )
        self._style_widgets()


class CopyPlanForm(BootstrapMixin, forms.Form):
    source = forms.ModelChoiceField(label=_("plan to copy"), queryset=Plan.objects.none())
    year = YearField()

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = (
            Plan.objects.documents()
            .filter(issuer__in=organization_ids(user, WRITER_ROLES))
            .select_related("issuer")
            .order_by("-year", "issuer__name")
        )
        self.fields["source"].label_from_instance = lambda p: f"{p.year} · {p.issuer} · {p.subject_one_line[:80]}"
        self._style_widgets()


class ReturnForm(BootstrapMixin, forms.Form):
    comment = forms.CharField(label=_("What should be changed"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style_widgets()


class PlanFilterForm(BootstrapMixin, forms.Form):
    status = forms.ChoiceField(label=_("status"), required=False)
    year = forms.IntegerField(label=_("year"), required=False, min_value=2000, max_value=2100)

    def __init__(self, *args, **kwargs):
        from .models import Status

        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All"))] + list(Status.choices)
        self._style_widgets()

