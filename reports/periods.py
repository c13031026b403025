"""The period a report covers: a year, six months, a quarter, or any dates;
its label as the report prints it, and the period before it to compare with."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


class PeriodKind(models.TextChoices):
    YEAR = "year", _("Year")
    HALF = "half", _("Six months")
    QUARTER = "quarter", _("Quarter")
    DATES = "dates", _("Dates")


def _last_day(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


@dataclass(frozen=True)
class Period:
    kind: str
    start: dt.date
    end: dt.date

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(PeriodKind.YEAR, dt.date(year, 1, 1), dt.date(year, 12, 31))

    @classmethod
    def half(cls, year: int, half: int) -> Period:
        first = 1 if half == 1 else 7
        return cls(PeriodKind.HALF, dt.date(year, first, 1), _last_day(year, first + 5))

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        first = 3 * quarter - 2
        return cls(PeriodKind.QUARTER, dt.date(year, first, 1), _last_day(year, first + 2))

    @classmethod
    def dates(cls, start: dt.date, end: dt.date) -> Period:
        return cls(PeriodKind.DATES, start, end)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def number(self) -> int | None:
        """The half (1, 2) or quarter (1–4) within the year."""
        if self.kind == PeriodKind.HALF:
            return 1 if self.start.month <= 6 else 2
        if self.kind == PeriodKind.QUARTER:
            return (self.start.month - 1) // 3 + 1
        return None

    @property
    def label(self) -> str:
        """As the report prints it: "năm 2026", "6 tháng đầu năm 2026", "quý II năm 2026"."""
        year = self.start.year
        if self.kind == PeriodKind.YEAR:
            return f"năm {year}"
        if self.kind == PeriodKind.HALF:
            return f"6 tháng {'đầu' if self.number == 1 else 'cuối'} năm {year}"
        if self.kind == PeriodKind.QUARTER:
            return f"quý {ROMAN[self.number]} năm {year}"
        return f"từ ngày {self.start:%d/%m/%Y} đến ngày {self.end:%d/%m/%Y}"

    def previous(self) -> Period:
        """The period just before, of the same kind and length."""
        year = self.start.year
        if self.kind == PeriodKind.YEAR:
            return Period.year(year - 1)
        if self.kind == PeriodKind.HALF:
            return Period.half(year, 1) if self.number == 2 else Period.half(year - 1, 2)
        if self.kind == PeriodKind.QUARTER:
            return Period.quarter(year, self.number - 1) if self.number > 1 else Period.quarter(year - 1, 4)
        end = self.start - dt.timedelta(days=1)
        return Period.dates(end - dt.timedelta(days=self.days - 1), end)

    def query(self) -> dict[str, str]:
        """The page's parameters that give this period back (reports.forms.ResultsForm)."""
        if self.kind == PeriodKind.DATES:
            return {"period": self.kind, "start": f"{self.start:%d/%m/%Y}", "end": f"{self.end:%d/%m/%Y}"}
        params = {"period": self.kind, "year": str(self.start.year)}
        if self.kind == PeriodKind.HALF:
            params["half"] = str(self.number)
        elif self.kind == PeriodKind.QUARTER:
            params["quarter"] = str(self.number)
        return params
