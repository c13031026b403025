"""The list behind a number of the deadlines dashboard as an Excel file
(dialogue.exports): the same form, the same rows in the same order."""

from types import SimpleNamespace

from django.utils.translation import gettext as _

from dialogue import clock
from dialogue.exports import Column, Export, Sheet, filename_for, register_export
from dialogue.workdays import working_days_between

from . import dashboard
from .models import Deadline


def _days(d: Deadline, today):
    """Working days left (positive) or late (negative) of an open deadline; late by, of one closed late."""
    if d.state == Deadline.State.OPEN:
        return working_days_between(today, d.due_on) if d.due_on >= today else -working_days_between(d.due_on, today)
    if d.state == Deadline.State.LATE and d.closed_on:
        return -working_days_between(d.due_on, d.closed_on)
    return None


def dashboard_list(user, params) -> Export:
    from .views_dashboard import ListForm, _form

    form, _organizations = _form(ListForm, SimpleNamespace(user=user, GET=params))
    today = clock.today()
    period, organization = form.chosen_period(), form.chosen_organization()
    data = form.cleaned_data if form.is_valid() else {}
    bucket = data.get("bucket") or dashboard.OVERDUE
    qs = dashboard.bucket_list(
        dashboard.deadlines_for(user, organization=organization),
        bucket=bucket, today=today, period=period, owner=data.get("owner"), responsible=data.get("responsible"),
    )
    label = dict(form.fields["bucket"].choices)[bucket]

    def rows():
        for chunk_start in range(0, count, 2000):
            chunk = list(qs[chunk_start:chunk_start + 2000])
            dashboard.describe(chunk, user=user, today=today)
            yield from chunk

    count = qs.count()
    columns = [
        Column(_("Kind of deadline"), lambda d: d.get_kind_display()),
        Column(_("What it is about"), lambda d: d.subject_text, width=60),
        Column(_("Organisation"), lambda d: d.organization.name),
        Column(_("Responsible"), lambda d: d.responsible.name),
        Column(_("Due on"), lambda d: d.due_on, "date"),
        Column(_("Working days left (+) or late (-)"), lambda d: _days(d, today), "int"),
        Column(_("State of the deadline"), lambda d: d.get_state_display()),
        Column(_("Closed on"), lambda d: d.closed_on, "date"),
    ]
    title = f"{label} · {period.label}"
    return Export(filename=filename_for(f"thoi-han-{bucket}"), sheets=[Sheet(str(label), columns, rows())],
                  rows=count, title=title)


register_export("deadlines.list", dashboard_list)
