"""The report page's choice of organisation and period, and the report's text form."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from dialogue.forms import BootstrapMixin
from dialogue.glyphs import PrintableTextMixin
from dialogue.letterhead import Authority

from .models import Report
from .periods import Period, PeriodKind


class ResultsForm(BootstrapMixin, forms.Form):
    """Which organisation and which period. Unbound, it shows this year of the
    user's first organisation, with the units beneath."""

    organization = forms.TypedChoiceField(label=_("Organisation"), coerce=int, required=False, empty_value=None)
    period = forms.ChoiceField(label=_("Period"), choices=PeriodKind.choices, required=False)
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)
    half = forms.TypedChoiceField(
        label=_("Six months"), coerce=int, required=False, empty_value=None,
        choices=[("1", _("First six months")), ("2", _("Last six months"))],
    )
    quarter = forms.TypedChoiceField(
        label=_("Quarter"), coerce=int, required=False, empty_value=None,
        choices=[(str(q), _("Quarter %(q)s") % {"q": q}) for q in range(1, 5)],
    )
    start = forms.DateField(label=_("From"), required=False,
                            widget=forms.DateInput(attrs={"placeholder": _("dd/mm/yyyy")}))
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"placeholder": _("dd/mm/yyyy")}))
    own = forms.BooleanField(label=_("This organisation only, without the units beneath"), required=False)

    def __init__(self, *args, organizations, today: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.organizations = list(organizations)
        self.fields["organization"].choices = [(str(o.pk), o.name) for o in self.organizations]
        self.fields["year"].choices = [(str(y), str(y)) for y in range(today.year, today.year - 8, -1)]
        self.initial.setdefault("period", PeriodKind.YEAR)
        self.initial.setdefault("year", today.year)
        self.initial.setdefault("half", 1 if today.month <= 6 else 2)
        self.initial.setdefault("quarter", (today.month - 1) // 3 + 1)
        self._style_widgets()

    def clean(self):
        data = super().clean()
        kind = data.get("period") or PeriodKind.YEAR
        data["period"] = kind
        if kind == PeriodKind.DATES:
            start, end = data.get("start"), data.get("end")
            if not start:
                self.add_error("start", _("Give the first day, as dd/mm/yyyy."))
            if not end:
                self.add_error("end", _("Give the last day, as dd/mm/yyyy."))
            if start and end and end < start:
                self.add_error("end", _("The period ends before it starts."))
            if start and start > self.today:
                self.add_error("start", _("The period has not started yet."))
            if start and end and (end - start).days > 3660:
                self.add_error("end", _("Choose at most ten years."))
        else:
            data["year"] = data.get("year") or self.today.year
        return data

    def chosen_period(self) -> Period:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        kind = data.get("period") or PeriodKind.YEAR
        year = data.get("year") or self.today.year
        if kind == PeriodKind.HALF:
            return Period.half(year, data.get("half") or (1 if self.today.month <= 6 else 2))
        if kind == PeriodKind.QUARTER:
            return Period.quarter(year, data.get("quarter") or (self.today.month - 1) // 3 + 1)
        if kind == PeriodKind.DATES and data.get("start") and data.get("end"):
            return Period.dates(data["start"], data["end"])
        return Period.year(year)

    def chosen_organization(self):
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        wanted = data.get("organization")
        return next((o for o in self.organizations if o.pk == wanted), self.organizations[0])

    def with_units(self) -> bool:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return not data.get("own")


class ReportForm(PrintableTextMixin, forms.ModelForm):
    sign_authority = forms.ChoiceField(label=_("signing authority"), choices=Authority.choices, required=False)
    sign_deputy_authority = forms.ChoiceField(
        label=_("second authority"), choices=Authority.choices, required=False,
        help_text=_("For a deputy signing under the collective, e.g. KT. CHỦ TỊCH."),
    )

    class Meta:
        model = Report
        fields = [
            "subject", "results_text", "assessment", "difficulties", "proposals", "recipients", "archive_line",
            "sign_authority", "sign_on_behalf_of", "sign_deputy_authority", "sign_deputy_of", "sign_position",
            "signer_name",
        ]
        widgets = {
            "subject": forms.Textarea(attrs={"rows": 2}),
            "results_text": forms.Textarea(attrs={"rows": 10}),
            "assessment": forms.Textarea(attrs={"rows": 6}),
            "difficulties": forms.Textarea(attrs={"rows": 5}),
            "proposals": forms.Textarea(attrs={"rows": 5}),
            "recipients": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "subject": _("Subject line under BÁO CÁO"),
            "results_text": _("Results (written from the figures)"),
            "assessment": _("Assessment"),
            "difficulties": _("Difficulties and obstacles"),
            "proposals": _("Proposals"),
            "recipients": _("Recipients"),
        }
        help_texts = {
            "results_text": _("One paragraph per line. Counting the figures again writes this part anew."),
            "assessment": _("One paragraph per line: what went well and what did not."),
            "difficulties": _("One paragraph per line; leave empty to print no such part."),
            "proposals": _("One paragraph per line; leave empty to print no such part."),
            "recipients": _("One per line; the archive line is printed last."),
        }
