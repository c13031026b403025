"""Forms of the plan editor: the header, one form per kind of row, and the new-plan choices.

Every row form knows its plan so it can check [[code]] tokens against the
plan's deadline rules and name the unknown one next to the field.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dialogue.access import organization_ids
from dialogue.forms import BootstrapMixin as CoreBootstrapMixin
from dialogue.glyphs import PrintableTextMixin
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
    Status,
)
from .services import WRITER_ROLES, unknown_token_message, used_tokens


class BootstrapMixin(CoreBootstrapMixin):
    """The core's Bootstrap styling, with a grid column per field and short text areas.

    `cols` maps a field name to its grid column; otherwise the widget decides.
    """

    cols: dict[str, str] = {}
    describe_errors = True  # templates/plans/_fields.html prints "<id>-error"

    def layout(self):
        """(bound field, column class) pairs for templates/plans/_fields.html."""
        result = []
        for bound in self.visible_fields():
            widget = bound.field.widget
            if bound.name in self.cols:
                col = self.cols[bound.name]
            elif isinstance(widget, forms.Textarea):
                col = "col-12"
            elif isinstance(widget, forms.CheckboxInput):
                col = "col-auto align-self-end"
            elif isinstance(widget, forms.Select):
                col = "col-sm-6 col-xl-4"
            elif isinstance(widget, forms.NumberInput):
                col = "col-6 col-sm-4 col-xl-3"
            else:
                col = "col-sm"
            result.append((bound, col))
        return result

    def _style_widgets(self):
        for field in self.fields.values():
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs.setdefault("rows", 2)
        super()._style_widgets()


class PlanFormBase(PrintableTextMixin, BootstrapMixin, forms.ModelForm):
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
    cols = {
        "document_name": "col-md-4",
        "symbol": "col-6 col-md-4",
        "place": "col-6 col-md-4",
        "header_parent": "col-md-6",
        "header_issuer": "col-md-6",
        "sign_authority": "col-md-5",
        "sign_on_behalf_of": "col-md-7",
        "sign_deputy_authority": "col-md-5",
        "sign_deputy_of": "col-md-7",
        "sign_position": "col-md-6",
        "signer_name": "col-md-6",
        "archive_line": "col-md-6",
    }

    class Meta:
        model = Plan
        fields = [
            "document_name",
            "symbol",
            "place",
            "subject",
            "header_parent",
            "header_issuer",
            "preamble",
            "closing",
            "sign_authority",
            "sign_on_behalf_of",
            "sign_deputy_authority",
            "sign_deputy_of",
            "sign_position",
            "signer_name",
            "archive_line",
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

    cols = {
        "heading": "col-12",
        "kind": "col-sm-5",
        "heading_style": "col-sm-5",
        "numbered": "col-auto align-self-end",
        # Shown by CSS only while the kind is "responsibility of an office".
        "organization": "col-12 only-responsibility",
    }

    class Meta:
        model = PlanPart
        fields = ["heading", "kind", "heading_style", "numbered", "organization"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        # The offices a plan binds: the issuer's own departments and agencies, or the issuer itself.
        field.queryset = Organization.objects.filter(Q(parent_id=self.plan.issuer_id) | Q(pk=self.plan.issuer_id))
        cached = getattr(self.plan, "_office_choices", None)
        if cached is None:
            cached = [("", field.empty_label)] + [(o.pk, o.name) for o in field.queryset.order_by("name")]
            self.plan._office_choices = cached
        field.choices = cached


class ItemForm(PlanFormBase):
    token_fields = ("text",)

    cols = {"style": "col-6", "kind": "col-6"}

    class Meta:
        model = PlanItem
        fields = ["style", "kind", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}


class PersonForm(PlanFormBase):
    cols = {"role": "col-sm-4", "description": "col-sm-8"}

    class Meta:
        model = PlanPerson
        fields = ["role", "description"]


class SessionForm(PlanFormBase):
    cols = {"window": "col-sm-7", "planned_date": "col-sm-5", "venue": "col-sm-8", "expected_attendance": "col-sm-4"}

    class Meta:
        model = Session
        fields = ["window", "planned_date", "venue", "expected_attendance", "audience", "wording"]
        widgets = {
            "planned_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "audience": forms.Textarea(attrs={"rows": 1}),
            "wording": forms.Textarea(attrs={"rows": 1}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The browser"s date picker always sends ISO dates, whatever the locale.
        self.fields["planned_date"].input_formats = ["%Y-%m-%d", "%d/%m/%Y"]


class AttendeeGroupForm(PlanFormBase):
    token_fields = ("text",)

    cols = {"category": "col-sm-4", "session": "col-sm-4", "style": "col-sm-4", "expected_count": "col-6 col-sm-4"}

    class Meta:
        model = AttendeeGroup
        fields = ["category", "session", "style", "text", "expected_count"]
        widgets = {"text": forms.Textarea(attrs={"rows": 1})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["session"]
        field.queryset = Session.objects.filter(plan=self.plan)
        field.empty_label = _("(every session)")
        # The editor shows one of these forms per group: list the sessions once per request
        # (from the prefetched plan when there is one) instead of one query per select.
        cached = getattr(self.plan, "_session_choices", None)
        if cached is None:
            cached = [("", field.empty_label)] + [(s.pk, str(s)) for s in self.plan.sessions.all()]
            self.plan._session_choices = cached
        field.choices = cached


class AgendaItemForm(PlanFormBase):
    token_fields = ("text",)

    cols = {"style": "col-sm-4", "presenter": "col-sm-5", "minutes": "col-sm-3"}

    class Meta:
        model = AgendaItem
        fields = ["text", "style", "presenter", "minutes"]
        widgets = {"text": forms.Textarea(attrs={"rows": 1})}


class RecipientForm(PlanFormBase):
    cols = {"text": "col-sm-8", "note": "col-sm-4"}

    class Meta:
        model = Recipient
        fields = ["text", "note"]


class DeadlineRuleForm(PlanFormBase):
    BEFORE, AFTER = "before", "after"

    days = forms.IntegerField(label=_("number of days"), min_value=0, max_value=365)
    direction = forms.ChoiceField(
        label=_("before or after"), choices=[(AFTER, _("after")), (BEFORE, _("before"))], initial=AFTER
    )

    cols = {"code": "col-sm-4", "name": "col-sm-8", "anchor": "col-sm-5", "days": "col-5 col-sm-3", "direction": "col-7 col-sm-4", "day_type": "col-sm-5", "responsible_text": "col-sm-7"}

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
    cols = {"issuer": "col-12", "template": "col-12", "year": "col-6 col-sm-4"}
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
    cols = {"source": "col-12", "year": "col-6 col-sm-4"}
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

        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All"))] + list(Status.choices)
        self._style_widgets()

