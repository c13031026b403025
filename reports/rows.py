"""The lines of the figures table, written once for the page, the printed
BÁO CÁO, its Word copy and the Excel files: each figure's label, how it is
shown, and whether it opens a list of petitions or of conferences."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from petitions.models import Source

from .figures import Figures


@dataclass(frozen=True)
class FigureRow:
    key: str
    label: str
    sub: bool = False  # an "of which" line, indented under the one above
    kind: str = "count"  # count, percent, days
    opens: str = ""  # "petitions" or "conferences": the list behind the number

    def value(self, figures: Figures):
        return getattr(figures, self.key)

    def shown(self, figures: Figures) -> str:
        return shown(self.value(figures), self.kind)


def shown(value, kind: str = "count") -> str:
    if value is None:
        return "—"
    if kind == "percent":
        return f"{value}%"
    if kind == "days" and isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    return f"{value:,}".replace(",", ".")


def change(current, previous) -> str:
    """"+3", "-2", "0"; "—" when either is missing."""
    if current is None or previous is None:
        return "—"
    difference = current - previous
    if isinstance(difference, float):
        text = f"{abs(difference):g}".replace(".", ",")
    else:
        text = f"{abs(difference):,}".replace(",", ".")
    return f"+{text}" if difference > 0 else (f"-{text}" if difference < 0 else "0")


FIGURE_ROWS = (
    FigureRow("conferences", _("Conferences held"), opens="conferences"),
    FigureRow("periodic", _("of which periodic"), sub=True, opens="conferences"),
    FigureRow("extra", _("of which ad hoc"), sub=True, opens="conferences"),
    FigureRow("participants", _("People taking part"), opens="conferences"),
    FigureRow("participants_named", _("checked in by name"), sub=True, opens="conferences"),
    FigureRow("participants_counted", _("counted at the door"), sub=True, opens="conferences"),
    FigureRow("petitions", _("Opinions and petitions received"), opens="petitions"),
    FigureRow("answered", _("Answered at the conference"), opens="petitions"),
    FigureRow("answered_share", _("share answered at the conference"), sub=True, kind="percent"),
    FigureRow("assigned", _("Assigned to an agency"), opens="petitions"),
    FigureRow("on_time", _("resolved on time"), sub=True, opens="petitions"),
    FigureRow("late", _("resolved late"), sub=True, opens="petitions"),
    FigureRow("open", _("still open"), sub=True, opens="petitions"),
    FigureRow("extended", _("deadline extended"), sub=True, opens="petitions"),
    FigureRow("referred", _("Referred to a higher level"), opens="petitions"),
    FigureRow("awaiting", _("Awaiting the chair's conclusion"), opens="petitions"),
    FigureRow("satisfied", _("Citizens satisfied with the answer"), opens="petitions"),
    FigureRow("unsatisfied", _("Citizens not satisfied"), opens="petitions"),
    FigureRow("median_days", _("Time to answer, median (working days)"), kind="days"),
    FigureRow("p90_days", _("Time to answer, 90th percentile (working days)"), kind="days"),
)
ROWS_BY_KEY = {row.key: row for row in FIGURE_ROWS}

# The figures whose list is of conferences, and of petitions (reports.figures gives each one's test).
SOURCE_LABELS = dict(Source.choices)

# The short columns of the per-unit table.
UNIT_COLUMNS = ("conferences", "participants", "petitions", "answered", "assigned", "on_time", "late", "open")
