"""The leader's dashboard of deadlines and the list behind each of its numbers."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from dialogue import clock
from dialogue.access import report_organization_ids
from dialogue.forms import BootstrapMixin

from . import dashboard
from .dashboard import Period

PAGE_SIZE = 25


def _quarters():
    return [("", gettext("Whole year")), *((str(q), gettext("Quarter %(q)s") % {"q": q}) for q in range(1, 5))]


def _months():
    return [("", gettext("Every month")), *((str(m), gettext("Month %(m)s") % {"m": m}) for m in range(1, 13))]


def _today() -> dt.date:
    return clock.today()


class PeriodForm(BootstrapMixin, forms.Form):
    year = forms.TypedChoiceField(label=_("Year of the deadlines"), coerce=int, required=False)
    quarter = forms.TypedChoiceField(label=_("Quarter of the year"), choices=_quarters, coerce=int, required=False, empty_value=None)
    month = forms.TypedChoiceField(label=_("Month of the year"), choices=_months, coerce=int, required=False, empty_value=None)
    organization = forms.TypedChoiceField(label=_("Organisation"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, user, organizations, today: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        years = range(today.year + 1, today.year - 6, -1)
        self.fields["year"].choices = [(str(y), str(y)) for y in years]
        self.fields["year"].initial = today.year
        self.fields["organization"].choices = [("", _("All my organisations")), *((str(o.pk), o.name) for o in organizations)]
        self.today = today
        self._style_widgets()

    def clean_year(self):
        return self.cleaned_data.get("year") or self.today.year

    def clean(self):
        data = super().clean()
        quarter, month = data.get("quarter"), data.get("month")
        if quarter and month and (month - 1) // 3 + 1 != quarter:
            self.add_error("month", _("This month is not in the chosen quarter."))
        return data

    def chosen_period(self) -> Period:
        data = self.cleaned_data if self.is_valid() else {}
        year = data.get("year") or self.today.year
        return Period(year=year, quarter=data.get("quarter"), month=data.get("month"))

    def chosen_organization(self) -> int | None:
        return self.cleaned_data.get("organization") if self.is_valid() else None


class ListForm(PeriodForm):
    bucket = forms.ChoiceField(
        label=_("Which deadlines"),
        choices=[
            (dashboard.WEEK, _("Due this week")),
            (dashboard.OVERDUE, _("Overdue (open, past the date)")),
            (dashboard.MET, _("Met on time")),
            (dashboard.LATE, _("Closed late")),
        ],
        required=False,
    )
    owner = forms.IntegerField(required=False, widget=forms.HiddenInput)
    responsible = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def clean_bucket(self):
        return self.cleaned_data.get("bucket") or dashboard.OVERDUE


def _form(form_class, request):
    """The filter form; an organisation that is not one of the user's is a 404,
    as for any other organisation's data."""
    user = request.user
    if not dashboard.can_see_dashboard(user):
        raise Http404
    organizations = list(dashboard.organizations_for(user))
    raw = request.GET.get("organization")
    if raw and raw.isdigit() and int(raw) not in {o.pk for o in organizations}:
        raise Http404
    today = _today()
    data = None
    if request.GET:
        # The year shown in the select is the year counted, also when only another filter was sent.
        data = request.GET.copy()
        data.setdefault("year", str(today.year))
    return form_class(data, user=user, organizations=organizations, today=today), organizations


@login_required
@require_GET
def dashboard_view(request):
    form, organizations = _form(PeriodForm, request)
    today = _today()
    period, organization = form.chosen_period(), form.chosen_organization()
    qs = dashboard.deadlines_for(request.user, organization=organization)
    result = dashboard.summary(qs, today=today, period=period)
    dashboard.add_links(result, period=period, organization=organization)
    return render(
        request,
        "deadlines/dashboard.html",
        {
            "form": form,
            "several_organizations": len(organizations) > 1,
            "period": period,
            "today": today,
            "week_end": dashboard.week_end(today),
            "summary": result,
            "chart_responsible": dashboard.chart(result.by_responsible),
            "chart_organization": dashboard.chart(result.by_organization) if len(result.by_organization) > 1 else None,
            # The results page's readers (reports.scoping), not every office role: a secretary has none.
            "rolls_up": bool(report_organization_ids(request.user)),
        },
    )


@login_required
@require_GET
def dashboard_list(request):
    form, organizations = _form(ListForm, request)
    today = _today()
    period, organization = form.chosen_period(), form.chosen_organization()
    data = form.cleaned_data if form.is_valid() else {}
    bucket = data.get("bucket") or dashboard.OVERDUE
    owner, responsible = data.get("owner"), data.get("responsible")
    qs = dashboard.bucket_list(
        dashboard.deadlines_for(request.user, organization=organization),
        bucket=bucket, today=today, period=period, owner=owner, responsible=responsible,
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    dashboard.describe(page.object_list, user=request.user, today=today)
    query = request.GET.copy()
    query.pop("page", None)
    back = {**period.query(), **({"organization": organization} if organization else {})}
    return render(
        request,
        "deadlines/dashboard_list.html",
        {
            "form": form,
            "several_organizations": len(organizations) > 1,
            "bucket": bucket,
            "bucket_label": dict(form.fields["bucket"].choices)[bucket],
            "period": period,
            "today": today,
            "page": page,
            "deadlines": page.object_list,
            "query": query.urlencode(),
            "dashboard_query": urlencode(back),
            "narrowed_to": _narrowed_to(page.object_list, owner=owner, responsible=responsible),
        },
    )


def _narrowed_to(deadlines, *, owner, responsible) -> str | None:
    """The name of the organisation or agency the list is narrowed to, read off its rows."""
    if not deadlines:
        return None
    if responsible:
        return deadlines[0].responsible.name
    if owner:
        return deadlines[0].organization.name
    return None


@login_required
@require_GET
def dashboard_list_export(request):
    """The list behind a number, as filtered, as an Excel file (deadlines.exports)."""
    from dialogue.exports import export_response

    _form(ListForm, request)  # 404 for an organisation that is not the user's
    return export_response(request, "deadlines.list")
