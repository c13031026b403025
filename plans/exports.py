"""The plans list as an Excel file (dialogue.exports), as the page filters it."""

from django.utils.translation import gettext as _

from dialogue.exports import Column, Export, Sheet, filename_for, register_export

from .forms import PlanFilterForm
from .models import Status
from .selectors import plan_list_for_user


def plan_list(user, params) -> Export:
    form = PlanFilterForm(params or None)
    status = year = None
    if form.is_bound and form.is_valid():
        status = form.cleaned_data["status"] or None
        year = form.cleaned_data["year"]
    rows = plan_list_for_user(user, status=status, year=year)
    statuses = dict(Status.choices)
    columns = [
        Column(_("Year"), lambda p: p.year, "int"),
        Column(_("Number"), lambda p: p.symbol_display() if p.number else ""),
        Column(_("Subject"), lambda p: p.subject_one_line, width=70),
        Column(_("Issuer"), lambda p: p.issuer.name if p.issuer_id else ""),
        Column(_("Status"), lambda p: str(statuses.get(p.status, p.status))),
        Column(_("Date issued"), lambda p: p.issued_on, "date"),
    ]
    title = _("Plans")
    return Export(filename=filename_for("danh-sach-ke-hoach"), sheets=[Sheet(title, columns, rows.iterator(chunk_size=500))],
                  rows=rows.count(), title=title)


register_export("plans.list", plan_list)
