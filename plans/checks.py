"""What the leader is told before issuing a plan: the mistakes real plans were
issued with — no signer's name, a number or date the plan already carries, a
year gone by, "[[" placeholders or last year's year left from a copy, a
session without a place. Each check names the fields it is about, so the
leader can find them; none of them stops the issue, the leader decides.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db.models import Max
from django.utils.translation import gettext as _

from dialogue import clock
from registry.models import DocType, OutgoingDocument
from registry.numbering import upcoming_number

from .documents import ROMAN
from .models import RULE_TOKEN, Plan


@dataclass(frozen=True)
class TextField:
    """One stored text of a plan: where it is (as the user sees it), the row and the attribute holding it."""

    label: str
    obj: object
    attr: str

    @property
    def text(self) -> str:
        return getattr(self.obj, self.attr) or ""


@dataclass
class Check:
    code: str  # signer, number, date, year, placeholder, source_year, session_place
    message: str
    fields: list[str] = field(default_factory=list)
    # For "source_year": the replacement the page offers as one action.
    replace_year: tuple[int, int] | None = None


def _section_label(index: int) -> str:

    return ROMAN[index] if index < len(ROMAN) else str(index + 1)


def text_fields(plan: Plan, *, legal_bases: bool = True) -> Iterator[TextField]:
    """Every text of the plan that prints, in the order it prints, each with a label naming it.

    Read through the plan's relations, so a plan fetched with documents.prefetch_plan
    (as the plan page has it) costs no further query."""
    yield TextField(_("Subject line"), plan, "subject")
    if legal_bases:
        for n, basis in enumerate(plan.legal_bases.all(), start=1):
            yield TextField(_("Legal basis %(n)s") % {"n": n}, basis, "text")
    yield TextField(_("Preamble"), plan, "preamble")
    for s_index, section in enumerate(plan.sections.all()):
        roman = _section_label(s_index)
        yield TextField(_("Heading of section %(section)s") % {"section": roman}, section, "heading")
        for p_index, part in enumerate(section.parts.all(), start=1):
            where = {"section": roman, "part": p_index}
            yield TextField(_("Section %(section)s, part %(part)s: heading") % where, part, "heading")
            for i_index, item in enumerate(part.items.all(), start=1):
                yield TextField(_("Section %(section)s, part %(part)s, line %(line)s") % {**where, "line": i_index},
                                item, "text")
    for n, session in enumerate(plan.sessions.all(), start=1):
        yield TextField(_("Session %(n)s: time") % {"n": n}, session, "window")
        yield TextField(_("Session %(n)s: wording") % {"n": n}, session, "wording")
        yield TextField(_("Session %(n)s: audience") % {"n": n}, session, "audience")
    for n, group in enumerate(plan.attendee_groups.all(), start=1):
        yield TextField(_("Attendee group %(n)s") % {"n": n}, group, "text")
    for n, step in enumerate(plan.agenda.all(), start=1):
        yield TextField(_("Agenda step %(n)s") % {"n": n}, step, "text")
    yield TextField(_("Closing"), plan, "closing")


def year_pattern(year: int) -> re.Pattern:
    # A year as a number of its own: 2024 in "năm 2024" or "6/2024", not in "120245".
    return re.compile(rf"(?<!\d){int(year)}(?!\d)")


def fields_naming_year(plan: Plan, year: int) -> list[TextField]:
    """The plan's own texts that name the year; the legal bases are left out, as they
    cite laws and resolutions by the year they were passed."""
    pattern = year_pattern(year)
    return [f for f in text_fields(plan, legal_bases=False) if pattern.search(f.text)]


def next_number(plan: Plan) -> int:
    """The number issuing would take now: the register's next in the issuer's KH series
    for the year of issue (today, in Vietnam), beyond any number a plan issued that year
    already carries. Read without a lock, so it may have moved by the time the leader
    confirms; plan_issue re-checks."""

    year = clock.today().year
    before = (
        Plan.objects.filter(issuer_id=plan.issuer_id, issued_on__year=year).exclude(pk=plan.pk)
        .aggregate(m=Max("number"))["m"] or 0
    )
    return upcoming_number(issuer=plan.issuer_id, year=year, doc_type=DocType.PLAN, after=before)


def number_holder(plan: Plan, number: int, year: int | None = None):
    """Another plan or a register entry of the issuer's KH series that already has this number, or None."""

    year = year or plan.year
    other = Plan.objects.filter(issuer_id=plan.issuer_id, year=year, number=number).exclude(pk=plan.pk).first()
    if other is not None:
        return other
    return (
        OutgoingDocument.objects.filter(issuer_id=plan.issuer_id, year=year, doc_type=DocType.PLAN, number=number)
        .exclude(plan_id=plan.pk)
        .first()
    )


def issue_checks(plan: Plan, *, today=None) -> list[Check]:
    """What the leader should look at before issuing this plan; empty when nothing is amiss."""

    today = today or clock.today()
    checks: list[Check] = []
    signer_label = _("Signer's name")
    if not plan.signer_name.strip():
        checks.append(Check("signer", _("The signer's name is empty: the signature block would print no name."),
                            [signer_label]))

    upcoming = next_number(plan)
    if plan.number:
        holder = number_holder(plan, plan.number)
        if holder is None and plan.number < upcoming:
            holder = _("an earlier document of the register")
        if holder is not None:
            message = _("The plan carries number %(number)02d, already taken by %(holder)s. Issuing gives it "
                        "the next number, %(next)02d.")
        else:
            message = _("The plan carries number %(number)02d. Issuing gives it the register's next number, "
                        "%(next)02d; if it was issued outside the system, record it so instead.")
        checks.append(Check("number", message % {"number": plan.number, "holder": holder, "next": upcoming},
                            [_("Number")]))
    if plan.issued_on and plan.issued_on != today:
        checks.append(Check(
            "date",
            _("The plan is dated %(date)s. Issuing dates it today, %(today)s.")
            % {"date": plan.issued_on.strftime("%d/%m/%Y"), "today": today.strftime("%d/%m/%Y")},
            [_("Date issued")],
        ))

    if plan.year < today.year:
        checks.append(Check(
            "year",
            _("The plan is for %(year)s, before this year (%(this)s). If it was issued then, record it as issued "
              "outside the system; otherwise correct its year.") % {"year": plan.year, "this": today.year},
            [_("Year")],
        ))

    rules = {rule.code: rule.printed for rule in plan.deadline_rules.all()}
    placeholders = []
    for text_field in text_fields(plan):
        # Known deadline codes print as their phrase; anything else in [[ ]] would print as typed.
        printed = RULE_TOKEN.sub(lambda m: rules.get(m.group(1), m.group(0)), text_field.text)
        if "[[" in printed:
            placeholders.append(text_field.label)
    if placeholders:
        checks.append(Check("placeholder", _("Placeholders “[[…]]” would print as they are in:"), placeholders))

    # Copied from last year's plan, or made from a template written for another year:
    # the texts may still name that year.
    source = plan.copied_from
    if source is not None and source.year != plan.year:
        stale = fields_naming_year(plan, source.year)
        if stale:
            message = (
                _("The plan was made from a template written for %(old)s; these fields still name %(old)s:")
                if source.is_template
                else _("The plan was copied from the plan of %(old)s; these fields still name %(old)s:")
            )
            checks.append(Check(
                "source_year",
                message % {"old": source.year},
                [f.label for f in stale],
                replace_year=(source.year, plan.year),
            ))

    sessions = [
        _("Session %(n)s (%(window)s)") % {"n": n, "window": session.window}
        for n, session in enumerate(plan.sessions.all(), start=1)
        if not session.venue.strip() and not session.wording.strip()
    ]
    if sessions:
        checks.append(Check("session_place", _("No place is given for:"), sessions))
    return checks
