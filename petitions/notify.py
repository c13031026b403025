"""Who hears of each step of a petition or a notice, and what they read.

The petition and notice services call these functions after their work, inside
their transaction, with what happened; the deadline outbox writes one row per
user, once per event key, and delivers by e-mail or in the digest
(deadlines.outbox). The one who took the step is never told of it.

    conclusion drafted by staff ─▶ the organisation's leaders, to approve it
    assignment made             ─▶ the agency, at once (not when the notice is issued)
    deadline extended           ─▶ the office
    answer submitted            ─▶ the office, to review it
    answer returned             ─▶ the agency
    citizen not satisfied       ─▶ the office
    notice issued               ─▶ each assigned agency and the Fatherland Front, its PDF attached

Messages name the petition by its code and never carry the citizen's contact details.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from deadlines.outbox import notify, recipients
from dialogue.access import LEADERS
from dialogue.models import Role
from dialogue.text import person_name

from .models import Assignment, Conclusion, ConclusionNotice, EventKind, Petition, Response

# Who acts for an agency (an administrator of it does not answer petitions).
AGENCY_RECIPIENTS = (Role.AGENCY, Role.STAFF, Role.LEADER)
# Who runs the office's side: reviews answers, hears of extensions and of unsatisfied citizens.
OFFICE_RECIPIENTS = (Role.STAFF, Role.LEADER)


def _date(day) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


def _petition_url(petition: Petition) -> str:
    return reverse("petitions:detail", args=[petition.pk])


def _assignment_url(assignment: Assignment) -> str:
    return reverse("petitions:assignment", args=[assignment.pk])


def conclusion_pending(*, conclusion: Conclusion, petition: Petition, by) -> int:
    """Staff drafted a conclusion: the leaders approve it. Told once per round of
    concluding (the first, again after a leader returned the draft, again after the
    citizen reopened the petition): a draft that replaces one still waiting waits
    in the same place and is not told again."""
    values = {"code": petition.tracking_code, "by": person_name(by)}
    rounds = (
        petition.conclusions.filter(approved_at__isnull=False).count()
        + petition.events.filter(kind=EventKind.CONCLUSION_RETURNED).count()
    )
    return notify(
        "conclusion_pending", recipients([petition.organization_id], LEADERS, exclude=by),
        key=f"petition:{petition.pk}:conclusion:{rounds + 1}",
        subject=_("Conclusion awaiting your approval: petition %(code)s") % values,
        body=_("%(by)s drafted the conclusion on petition %(code)s; it takes effect once you approve it.") % values,
        url=_petition_url(petition),
    )


def assignment_made(*, assignment: Assignment, by) -> int:
    """A petition was given to an agency: it hears at once, with the date to answer by."""
    petition = assignment.petition
    values = {
        "code": petition.tracking_code, "agency": assignment.agency.name, "date": _date(assignment.due_on),
        "organization": petition.organization.name,
    }
    body = _("%(organization)s assigned petition %(code)s to %(agency)s, to be answered by %(date)s.") % values
    conclusion = assignment.conclusion
    if conclusion is not None and conclusion.direction:
        body += "\n\n" + _("The chair's direction:") + "\n" + conclusion.direction
    return notify(
        "assignment_made", recipients([assignment.agency_id], AGENCY_RECIPIENTS, exclude=by),
        key=f"assignment:{assignment.pk}", subject=_("Petition %(code)s assigned to you, due %(date)s") % values,
        body=body, url=_assignment_url(assignment),
    )


def extension_requested(*, assignment: Assignment, by) -> int:
    """The agency moved its deadline: the office hears the new date and the reason."""
    petition = assignment.petition
    values = {
        "code": petition.tracking_code, "agency": assignment.agency.name, "date": _date(assignment.extended_to),
        "reason": assignment.extension_reason,
    }
    return notify(
        "extension_requested", recipients([petition.organization_id], OFFICE_RECIPIENTS, exclude=by),
        key=f"assignment:{assignment.pk}:extended:{assignment.extended_to:%Y-%m-%d}",
        subject=_("Petition %(code)s: %(agency)s extended its deadline to %(date)s") % values,
        body=_("%(agency)s extended the deadline of petition %(code)s to %(date)s. Reason: %(reason)s") % values,
        url=_petition_url(petition),
    )


def answer_submitted(*, response: Response, assignment: Assignment, by) -> int:
    """The agency's answer waits for the office's review."""
    petition = assignment.petition
    values = {"code": petition.tracking_code, "agency": assignment.agency.name}
    return notify(
        "answer_submitted", recipients([petition.organization_id], OFFICE_RECIPIENTS, exclude=by),
        key=f"response:{response.pk}", subject=_("Answer to review: petition %(code)s") % values,
        body=_("%(agency)s submitted its answer to petition %(code)s for your review.") % values,
        url=_petition_url(petition),
    )


def answer_returned(*, response: Response, assignment: Assignment, by) -> int:
    """The office sent the answer back: the agency hears what to change."""
    values = {"code": assignment.petition.tracking_code, "by": person_name(by)}
    return notify(
        "answer_returned", recipients([assignment.agency_id], AGENCY_RECIPIENTS, exclude=by),
        key=f"response:{response.pk}:returned", subject=_("Answer returned: petition %(code)s") % values,
        body=_("%(by)s returned the answer to petition %(code)s with what to change:") % values
        + "\n\n" + response.review_comment,
        url=_assignment_url(assignment),
    )


def citizen_unsatisfied(*, petition: Petition) -> int:
    """The citizen said the answer did not satisfy them: the office takes the petition up again."""
    values = {"code": petition.tracking_code}
    body = _("The citizen is not satisfied with the answer to petition %(code)s; it is reopened.") % values
    if petition.feedback_comment:
        body += "\n\n" + petition.feedback_comment
    return notify(
        "citizen_unsatisfied", recipients([petition.organization_id], OFFICE_RECIPIENTS),
        key=f"petition:{petition.pk}:unsatisfied", subject=_("Citizen not satisfied: petition %(code)s") % values,
        body=body, url=_petition_url(petition),
    )


def notice_issued(*, notice: ConclusionNotice, agencies, fronts, by) -> int:
    """The issued notice to each assigned agency (their officers, to their inbox) and
    to the Fatherland Front (the organisation's supervisors, to the notice's page;
    the Front body's members, to its public verification page), its PDF attached."""
    # Here, not at the top: petitions.services imports this module, and the documents' selectors import services.
    from .notice_documents import notice_filename

    organization = notice.conference.organization
    document = getattr(notice, "outgoing_document", None)
    number = notice.symbol_display(organization.is_party)
    values = {"organization": organization.name, "number": number, "date": _date(notice.issued_on)}
    body = "\n\n".join([
        _("%(organization)s issued the conclusion notice %(number)s of %(date)s:") % values,
        " ".join(notice.subject.split()) + ".",
        _("The agencies given work answer in writing by the dates the notice sets; "
          "the Fatherland Front supervises the answers."),
        _("The notice (PDF) is attached to this e-mail."),
    ])
    attachment = document.pdf.name if document is not None and document.pdf else ""
    officers = set(recipients(agencies, (Role.AGENCY,), exclude=by))
    supervisors = set(recipients([organization.pk], (Role.SUPERVISOR,), exclude=by)) - officers
    others = set(recipients([*agencies, *fronts], Role.values, exclude=by)) - officers - supervisors
    links = {
        "officers": (officers, reverse("petitions:inbox")),
        "supervisors": (supervisors, reverse("petitions:notice_detail", args=[notice.pk])),
        "others": (others, reverse("verify:detail", args=[document.code]) if document is not None else ""),
    }
    told = 0
    for users, url in links.values():
        told += notify(
            "notice_issued", users, key=f"notice:{notice.pk}",
            subject=_("Conclusion notice issued: %(number)s") % values, body=body, url=url,
            attachment=attachment, attachment_name=notice_filename(notice) if attachment else "",
        )
    return told
