"""The time limits of the work, counted one way everywhere.

A plan may set its own limit for each piece of work (plans.DeadlineRule, matched
by code); where it names none, the law's default below applies. Every date the
system gives (the conference services' announce check, the notice's last day,
an assignment's dates, the deadline engine's rows) and every printed "10 ngày"
comes from here, so a rule cannot be counted two ways.

This module reads a plan's rules through the plan it is given (its
`deadline_rules` relation) and never imports the plans app: the deadlines
service sits below the domain apps.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol

from django.db import models
from django.utils.translation import gettext_lazy as _

from dialogue import workdays


class RuleCode(models.TextChoices):
    """The pieces of work the system watches; a plan's rule with this code overrides the law's."""

    ANNOUNCE = "announce", _("Announce the conference")
    OPINIONS = "opinions", _("Report the people's opinions before the conference")
    NOTICE = "notice", _("Issue the conclusion notice")
    ACKNOWLEDGE = "acknowledge", _("Acknowledge the assigned petition")
    RESOLVE = "resolve", _("Resolve the petition and report")
    ANSWER = "answer", _("Answer the petition in writing")


class Anchor(models.TextChoices):
    CONFERENCE = "conference", _("the conference date")
    NOTICE = "notice", _("the conclusion notice")
    ASSIGNMENT = "assignment", _("the assignment of a petition")
    RECEIPT = "receipt", _("the receipt of a petition")


class DayType(models.TextChoices):
    CALENDAR = "calendar", _("days")
    WORKING = "working", _("working days")


def count(day: dt.date, offset: int, day_type: str) -> dt.date:
    """`offset` days after `day` (before it when negative), in calendar or working days."""
    if day_type == DayType.WORKING:
        return workdays.add_working_days(day, offset)
    return workdays.add_calendar_days(day, offset)


def phrase(offset_days: int, day_type: str) -> str:
    """"10 ngày", "20 ngày làm việc": how a limit prints in a document."""
    unit = "ngày làm việc" if day_type == DayType.WORKING else "ngày"
    return f"{abs(offset_days):02d} {unit}"


@dataclass(frozen=True)
class TimeRule:
    code: str
    name: str
    anchor: str
    offset_days: int
    day_type: str = DayType.CALENDAR
    # True when the plan sets it; a deadline row records the code only then.
    from_plan: bool = False
    responsible_org_id: int | None = None

    @property
    def days(self) -> int:
        return abs(self.offset_days)

    @property
    def printed(self) -> str:
        return phrase(self.offset_days, self.day_type)

    @property
    def plan_code(self) -> str:
        """The code a deadline row keeps: the plan's rule, or empty for the law's default."""
        return self.code if self.from_plan else ""

    def due_from(self, day: dt.date) -> dt.date:
        """The last day, counted from the day of its anchor. Work due before its
        event (announcing, the opinions report) counts back whatever sign the
        plan typed; everything else counts forward."""
        if self.code in BEFORE_EVENT:
            return count(day, -self.days, self.day_type)
        if self.code in LAW:
            return count(day, self.days, self.day_type)
        return count(day, self.offset_days, self.day_type)


BEFORE_EVENT = (RuleCode.ANNOUNCE, RuleCode.OPINIONS)

# The law's limits, used where a plan names none (each as the code had it before
# it was gathered here; the seed plans, shared/seeds, quote the same figures):
#  announce: Luật Tổ chức chính quyền địa phương 2025, Điều 43, at least 7 days before
#            (seed 002: "chậm nhất 07 ngày");
#  opinions: reported 10 days before (seed 000: "trước 10 ngày tổ chức tiếp xúc, đối thoại");
#  notice: Điều 43, results made public within 10 days of the conference;
#  acknowledge: a written reply on receipt within 5 days (seed 004: "chậm nhất 05 ngày sau
#               khi có thông báo kết luận");
#  resolve: 20 working days, as the templates carry it;
#  answer: 30 days at most (seed 002: "không quá 30 ngày").
LAW: dict[str, TimeRule] = {
    rule.code: rule
    for rule in (
        TimeRule(RuleCode.ANNOUNCE, "Thông báo nội dung, thời gian, địa điểm hội nghị", Anchor.CONFERENCE, -7),
        TimeRule(RuleCode.OPINIONS, "Tổng hợp, báo cáo ý kiến, kiến nghị của Nhân dân trước hội nghị",
                 Anchor.CONFERENCE, -10),
        TimeRule(RuleCode.NOTICE, "Thông báo kết luận hội nghị", Anchor.CONFERENCE, 10),
        TimeRule(RuleCode.ACKNOWLEDGE, "Trả lời bằng văn bản về việc tiếp nhận, dự kiến thời gian giải quyết",
                 Anchor.NOTICE, 5),
        TimeRule(RuleCode.RESOLVE, "Giải quyết, báo cáo kết quả giải quyết kiến nghị", Anchor.NOTICE, 20,
                 DayType.WORKING),
        TimeRule(RuleCode.ANSWER, "Trả lời kiến nghị", Anchor.NOTICE, 30),
    )
}


class HasRules(Protocol):
    """A plan: what this module needs of it."""

    deadline_rules: models.Manager


def _as_rule(row) -> TimeRule:
    return TimeRule(
        code=row.code, name=row.name, anchor=row.anchor, offset_days=row.offset_days, day_type=row.day_type,
        from_plan=True, responsible_org_id=row.responsible_org_id,
    )


def plan_rules(plan: HasRules | None) -> dict[str, TimeRule]:
    """The plan's own rules by code (one query, none when the plan's rules are prefetched)."""
    if plan is None:
        return {}
    return {row.code: _as_rule(row) for row in plan.deadline_rules.all()}


def rule_for(plan: HasRules | None, code: str, *, rules: dict[str, TimeRule] | None = None) -> TimeRule:
    """The plan's rule for `code`, else the law's. `rules` saves the query when the caller has them."""
    rules = plan_rules(plan) if rules is None else rules
    return rules.get(code) or LAW[code]


def law_phrases() -> dict[str, str]:
    """The law's limits as printed, for a [[code]] token a plan does not define."""
    return {code: rule.printed for code, rule in LAW.items()}


def assignment_dates(
    plan: HasRules | None, start: dt.date, *, rules: dict[str, TimeRule] | None = None
) -> tuple[dt.date, dt.date]:
    """(acknowledge by, resolve by) for work assigned on `start`.

    Resolve by: the plan's "resolve" (e.g. 20 working days) capped by its
    "answer" (e.g. 30 days at most); with neither, the law's answer limit. The
    acknowledgement is never later than that.
    """
    rules = plan_rules(plan) if rules is None else rules
    own = [rules[code].due_from(start) for code in (RuleCode.RESOLVE, RuleCode.ANSWER) if code in rules]
    due = min(own) if own else LAW[RuleCode.ANSWER].due_from(start)
    acknowledge = rule_for(plan, RuleCode.ACKNOWLEDGE, rules=rules).due_from(start)
    return min(acknowledge, due), due
