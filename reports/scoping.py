"""Who may read which organisation's results, and the choice a page's query
makes: one function for the pages, the lists behind the numbers and the Excel
builders (which run again in a background task with the same user and query)."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404, QueryDict

from dialogue import clock
from dialogue.access import organization_ids, report_organization_ids, REPORT_READERS
from dialogue.models import Organization

from .forms import ResultsForm
from .lists import Selection
from .periods import Period


def readable_organizations(user) -> list[Organization]:
    """The user's own organisations first, then those beneath them, by name; only
    bodies that hold conferences or have results to show."""
    ids = report_organization_ids(user)
    own = organization_ids(user, REPORT_READERS)
    rows = list(Organization.objects.filter(pk__in=ids).exclude(kind__in=(Organization.Kind.DEPARTMENT,
                                                                      Organization.Kind.FRONT,
                                                                      Organization.Kind.OUTSIDE)))
    if not rows:
        rows = list(Organization.objects.filter(pk__in=own))
    return sorted(rows, key=lambda o: (o.pk not in own, o.name))


@dataclass
class Choice:
    form: ResultsForm
    organization: Organization
    period: Period
    with_units: bool

    def query(self, **extra) -> dict[str, str]:
        params = {"organization": str(self.organization.pk), **self.period.query()}
        if not self.with_units:
            params["own"] = "on"
        params.update({k: str(v) for k, v in extra.items() if v is not None})
        return params


def choose(user, params: QueryDict) -> Choice:
    """The organisation and period the query names; 404 for an organisation the user may not read."""
    organizations = readable_organizations(user)
    if not organizations:
        raise Http404
    raw = params.get("organization")
    if raw and (not raw.isdigit() or int(raw) not in {o.pk for o in organizations}):
        raise Http404
    form = ResultsForm(params or None, organizations=organizations, today=clock.today())
    return Choice(form=form, organization=form.chosen_organization(), period=form.chosen_period(),
                  with_units=form.with_units())


def selection(params: QueryDict) -> Selection | None:
    def number(name):
        raw = params.get(name, "")
        return int(raw) if raw.isdigit() else None

    chosen = Selection(figure=params.get("figure", "petitions"), unit=number("unit"), field=number("field"),
                       source=params.get("source") or None)
    return chosen if chosen.valid else None
