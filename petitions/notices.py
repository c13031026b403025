"""What people do to a THÔNG BÁO kết luận: prepare it from a conference's
approved conclusions, edit its wording, submit it, approve and issue it, and
send it to the agencies and the Fatherland Front.

    draft ──submit──▶ submitted ──approve──▶ approved ──issue──▶ issued
      ▲                  │                      │
      └──────return──────┴──────────────────────┘
    (a leader may approve a draft directly)

Every function is keyword-only and runs in one transaction; a refused step
raises PetitionError (a Vietnamese message, next to `field` if given). Issuing
numbers the notice in the issuer's TB series of the year under a lock of the
issuer's row, marks the conference concluded, and tells the agencies and the
Front through the outbox (e-mailed once the transaction has committed).
"""

from __future__ import annotations

import re

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from conferences.models import ConferenceStatus
from conferences.services import ConferenceError, conference_conclude, has_started
from deadlines import services as deadline_hooks
from deadlines.rules import RuleCode, rule_for
from dialogue import clock
from dialogue.access import LEADERS, has_role
from dialogue.letterhead import Authority, signature_block_lines
from dialogue.models import Organization
from dialogue.text import person_name
from dialogue.updates import UNSET, given, model_update
from dialogue.wording import event_phrase
from registry.issuing import IssueFacts, issue_document
from registry.services import DocType, register_next

from . import notify
from .models import (
    OPEN_ASSIGNMENT,
    Assignment,
    ConclusionNotice,
    EventKind,
    NoticeTransition,
    PetitionEvent,
)
from .notice_documents import render_notice_pdf
from .selectors import notice_agencies, notice_petitions
from .services import DRAFTER_ROLES, READER_ROLES, PetitionError, notice_draft, record_events

Status = ConclusionNotice.Status

# Who writes the notice's wording; who reads it (the Front supervises, read-only);
# who approves and issues it (the chair's side: the organisation's leader).
EDITOR_ROLES = DRAFTER_ROLES
NOTICE_READER_ROLES = READER_ROLES
LEADER_ROLES = LEADERS

EDITABLE = (Status.DRAFT,)


# The fields notice_update accepts, with their length limits (the model's).
TEXT_FIELDS = ("subject", "opening_text", "general_conclusions", "closing", "recipients")
LINE_FIELDS = {
    "archive_line": 128,
    "sign_on_behalf_of": 128,
    "sign_deputy_of": 128,
    "sign_position": 128,
    "signer_name": 128,
    "place": 128,
}
TEXT_MAX_LENGTH = 20000

LEVEL_WORD = {
    Organization.Level.COMMUNE: "xã",
    Organization.Level.DISTRICT: "huyện",
    Organization.Level.PROVINCE: "tỉnh",
}


# --- permissions (also used by the pages to show or hide actions) -------------------------


def organization_id(notice: ConclusionNotice) -> int:
    return notice.conference.organization_id


def can_edit(user, notice: ConclusionNotice) -> bool:
    return has_role(user, organization_id(notice), *EDITOR_ROLES)


def can_lead(user, notice: ConclusionNotice) -> bool:
    return has_role(user, organization_id(notice), *LEADER_ROLES)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PetitionError(_("You are not allowed to do this."))


def _lock(notice: ConclusionNotice) -> ConclusionNotice:
    fresh = (
        ConclusionNotice.objects.select_for_update(of=("self",))
        .select_related("conference", "conference__organization")
        .get(pk=notice.pk)
    )
    for field in fresh._meta.concrete_fields:
        setattr(notice, field.attname, getattr(fresh, field.attname))
    notice.conference = fresh.conference
    return notice


def _move(notice: ConclusionNotice, to: str, by, comment: str = "") -> ConclusionNotice:
    from_status = notice.status
    notice.status = to
    notice.save()
    NoticeTransition.objects.create(notice=notice, from_status=from_status, to_status=to, by=by, comment=comment)
    return notice


# --- the defaults a new draft starts from --------------------------------------------------


def _date(day) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


_COMRADE = re.compile(r"^\s*đồng chí\s+", re.IGNORECASE)


def chair_phrase(conference) -> str:
    """"đồng chí Chủ tịch UBND xã" from the conference's chairs; "chủ trì hội nghị" without any."""
    positions = []
    for person in conference.people.all():
        if person.role != "chair":
            continue
        text = _COMRADE.sub("", person.position or "").strip().rstrip(".")
        if not text and person.user_id:
            text = person.display_name
        if text:
            positions.append(text)
    if not positions:
        return "chủ trì hội nghị"
    return "đồng chí " + " và đồng chí ".join(positions)


def default_subject(conference) -> str:
    day = conference.day
    when = f" ngày {_date(day)}" if day else ""
    return f"Kết luận của {chair_phrase(conference)} tại Hội nghị tiếp xúc, đối thoại với Nhân dân{when}"


def default_opening(conference) -> str:
    organization = conference.organization
    day = conference.day
    parts = []
    if day:
        parts.append(f"Ngày {_date(day)}")
    if conference.venue:
        parts.append(f"tại {conference.venue}")
    lead = ", ".join(parts)
    # "tổ chức" + the event, whatever the title starts with ("Tổ chức hội nghị …" would say it twice).
    title = event_phrase(conference.title)
    first = f"{lead}, {organization.name} tổ chức {title}." if lead else f"{organization.name} tổ chức {title}."
    second = (
        f"Sau khi nghe ý kiến, kiến nghị của Nhân dân và ý kiến giải trình của các cơ quan, đơn vị liên quan, "
        f"{chair_phrase(conference)} kết luận như sau:"
    )
    return f"{first[0].upper()}{first[1:]}\n{second}"


def default_closing(conference) -> str:
    return (
        "Đề nghị các cơ quan, đơn vị được giao nhiệm vụ khẩn trương xem xét, giải quyết và trả lời bằng văn bản "
        "cho người có kiến nghị đúng thời hạn; đồng thời báo cáo kết quả về Văn phòng để tổng hợp. "
        "Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam giám sát việc thực hiện./."
    )


def front_organizations(organization: Organization):
    return Organization.objects.filter(parent=organization, kind=Organization.Kind.FRONT, is_active=True)


def default_recipients(organization: Organization) -> str:
    fronts = [front.name for front in front_organizations(organization)]
    if fronts:
        return "\n".join(fronts)
    level = LEVEL_WORD.get(organization.level, "")
    return " ".join(filter(None, ["Ủy ban MTTQ Việt Nam", level, organization.place_name]))


def default_signature(conference) -> dict:
    """The plan's signature block if the conference has a plan, else the usual one for the issuer."""
    organization = conference.organization
    plan = conference.plan
    if plan is not None and (plan.sign_position or plan.sign_on_behalf_of):
        values = {
            "sign_authority": plan.sign_authority,
            "sign_on_behalf_of": plan.sign_on_behalf_of,
            "sign_deputy_authority": plan.sign_deputy_authority,
            "sign_deputy_of": plan.sign_deputy_of,
            "sign_position": plan.sign_position,
            "signer_name": plan.signer_name,
        }
    elif organization.is_party:
        values = {"sign_authority": "TM", "sign_on_behalf_of": "BAN THƯỜNG VỤ", "sign_position": "BÍ THƯ"}
    elif organization.kind == Organization.Kind.PEOPLES_COUNCIL:
        values = {"sign_authority": "TM", "sign_on_behalf_of": "THƯỜNG TRỰC HĐND", "sign_position": "CHỦ TỊCH"}
    else:
        values = {"sign_authority": "TM", "sign_on_behalf_of": "ỦY BAN NHÂN DÂN", "sign_position": "CHỦ TỊCH"}
    if not values.get("signer_name"):
        chair = next((p for p in conference.people.all() if p.role == "chair" and p.user_id), None)
        if chair is not None:
            # Vietnamese order: family and middle names, then the given name.
            user = chair.user
            values["signer_name"] = person_name(user)
    return values


def _fill_defaults(notice: ConclusionNotice) -> None:
    conference = notice.conference
    organization = conference.organization
    if not notice.subject:
        notice.subject = default_subject(conference)
    if not notice.opening_text:
        notice.opening_text = default_opening(conference)
    if not notice.closing:
        notice.closing = default_closing(conference)
    if not notice.recipients:
        notice.recipients = default_recipients(organization)
    if not notice.symbol:
        notice.symbol = organization.abbreviation
    if not notice.place:
        notice.place = organization.place_name
    if not (notice.sign_position or notice.sign_on_behalf_of or notice.signer_name):
        for key, value in default_signature(conference).items():
            setattr(notice, key, value or "")


def notice_due_on(conference):
    """The last day to issue the notice: the plan's "notice" rule (e.g. 10 working
    days, 05 days) counted from the conference day, else the law's."""
    day = conference.day
    if day is None:
        return None
    return rule_for(conference.plan, RuleCode.NOTICE).due_from(day)


# --- the steps -----------------------------------------------------------------------------


@transaction.atomic
def notice_prepare(*, conference, by) -> ConclusionNotice:
    """Open the conference's draft notice (creating it if needed), gather the
    approved conclusions not yet in a notice, and fill the wording a new draft
    starts from."""
    _require(has_role(by, conference.organization_id, *EDITOR_ROLES))
    if conference.status in (ConferenceStatus.PLANNED, ConferenceStatus.SCHEDULED, ConferenceStatus.CANCELLED):
        raise PetitionError(_("A conclusion notice is prepared once the conference has taken place."))
    if conference.status == ConferenceStatus.ANNOUNCED and not has_started(conference):
        # Announced and not yet marked held is fine once it has begun; before the start it has not taken place.
        local = timezone.localtime(conference.starts_at)
        raise PetitionError(
            _("The conference has not taken place yet (it starts at %(time)s on %(date)s): "
              "the conclusion notice is prepared after it.") % {"time": f"{local:%H:%M}", "date": f"{local:%d/%m/%Y}"}
        )
    if ConclusionNotice.objects.filter(conference=conference, status__in=(Status.SUBMITTED, Status.APPROVED)).exists():
        # A second draft beside one awaiting the leader would split the conclusions between two notices.
        raise PetitionError(_("A notice of this conference is awaiting approval or issue; finish it first."))
    created = not ConclusionNotice.objects.filter(conference=conference, status=Status.DRAFT).exists()
    notice = notice_draft(conference=conference, by=by)
    notice = _lock(notice)
    _fill_defaults(notice)
    notice.save()
    if created:
        NoticeTransition.objects.create(notice=notice, from_status="", to_status=Status.DRAFT, by=by)
    return notice


def _clean_text(value, field: str, max_length: int) -> str:
    # Windows line ends and trailing spaces would print as empty paragraphs.
    value = "\n".join(line.rstrip() for line in str(value or "").replace("\r\n", "\n").split("\n")).strip()
    if len(value) > max_length:
        raise PetitionError(
            _("Keep this under %(limit)s characters.") % {"limit": max_length}, field=field
        )
    return value


@transaction.atomic
def notice_update(
    *, notice: ConclusionNotice, by, subject: str = UNSET, opening_text: str = UNSET,
    general_conclusions: str = UNSET, closing: str = UNSET, recipients: str = UNSET, archive_line: str = UNSET,
    sign_on_behalf_of: str = UNSET, sign_deputy_of: str = UNSET, sign_position: str = UNSET, signer_name: str = UNSET,
    place: str = UNSET, sign_authority: str = UNSET, sign_deputy_authority: str = UNSET,
) -> ConclusionNotice:
    """Change the wording: subject, opening, the chair's general conclusions,
    closing, recipients and the signature block. Only a draft is edited."""
    values = given(
        subject=subject, opening_text=opening_text, general_conclusions=general_conclusions, closing=closing,
        recipients=recipients, archive_line=archive_line, sign_on_behalf_of=sign_on_behalf_of,
        sign_deputy_of=sign_deputy_of, sign_position=sign_position, signer_name=signer_name, place=place,
        sign_authority=sign_authority, sign_deputy_authority=sign_deputy_authority,
    )
    notice = _lock(notice)
    _require(can_edit(by, notice))
    if notice.status not in EDITABLE:
        raise PetitionError(_("Only a draft notice can be changed; ask the leader to return it."))
    cleaned = {}
    for key, value in values.items():
        if key in TEXT_FIELDS:
            cleaned[key] = _clean_text(value, key, TEXT_MAX_LENGTH)
        elif key in LINE_FIELDS:
            cleaned[key] = " ".join(str(value or "").split())
            if len(cleaned[key]) > LINE_FIELDS[key]:
                raise PetitionError(
                    _("Keep this under %(limit)s characters.") % {"limit": LINE_FIELDS[key]}, field=key
                )
        else:
            if (value or "") not in Authority.values:
                raise PetitionError(_("Choose from the list."), field=key)
            cleaned[key] = value or ""
    if "subject" in cleaned and not cleaned["subject"]:
        raise PetitionError(_("Write the subject line under THÔNG BÁO."), field="subject")
    if "opening_text" in cleaned and not cleaned["opening_text"]:
        raise PetitionError(_("Write the opening paragraph of the notice."), field="opening_text")
    if "sign_position" in cleaned and not cleaned["sign_position"]:
        raise PetitionError(_("Write the signer's position, e.g. CHỦ TỊCH."), field="sign_position")
    if "signer_name" in cleaned and not cleaned["signer_name"]:
        raise PetitionError(_("Write the name of the person who signs."), field="signer_name")
    if cleaned.get("sign_deputy_authority") and not cleaned.get("sign_deputy_of", notice.sign_deputy_of):
        raise PetitionError(_("Say for whom the second authority signs, e.g. CHỦ TỊCH."), field="sign_deputy_of")
    notice, _changed = model_update(instance=notice, fields=cleaned, data=cleaned)
    return notice


def _check_complete(notice: ConclusionNotice) -> None:
    missing = []
    if not notice.subject.strip():
        missing.append(str(_("the subject line")))
    if not notice.opening_text.strip():
        missing.append(str(_("the opening paragraph")))
    if not notice.sign_position.strip() or not notice.signer_name.strip():
        missing.append(str(_("the signer's position and name")))
    if missing:
        raise PetitionError(_("Complete the notice first: %(missing)s.") % {"missing": ", ".join(missing)})
    if not notice.conclusions.exists() and not notice.general_conclusions.strip():
        raise PetitionError(_("The notice has neither conclusions on petitions nor general conclusions."))


@transaction.atomic
def notice_submit(*, notice: ConclusionNotice, by, comment: str = "") -> ConclusionNotice:
    """Staff send the draft to the leader for approval."""
    notice = _lock(notice)
    _require(can_edit(by, notice))
    if notice.status != Status.DRAFT:
        raise PetitionError(_("Only a draft notice can be submitted."))
    _check_complete(notice)
    return _move(notice, Status.SUBMITTED, by, (comment or "").strip())


@transaction.atomic
def notice_return(*, notice: ConclusionNotice, by, comment: str) -> ConclusionNotice:
    """The leader sends the notice back to the office with what to change."""
    notice = _lock(notice)
    _require(can_lead(by, notice))
    if notice.status not in (Status.SUBMITTED, Status.APPROVED):
        raise PetitionError(_("Only a submitted or approved notice can be returned."))
    comment = (comment or "").strip()
    if not comment:
        raise PetitionError(_("Say what should be changed."), field="comment")
    notice.approved_by, notice.approved_at = None, None
    return _move(notice, Status.DRAFT, by, comment)


@transaction.atomic
def notice_approve(*, notice: ConclusionNotice, by) -> ConclusionNotice:
    """The leader approves the wording (a draft of their own needs no submitting)."""
    notice = _lock(notice)
    _require(can_lead(by, notice))
    if notice.status not in (Status.DRAFT, Status.SUBMITTED):
        raise PetitionError(_("Only a draft or submitted notice can be approved."))
    _check_complete(notice)
    notice.approved_by, notice.approved_at = by, timezone.now()
    return _move(notice, Status.APPROVED, by)


@transaction.atomic
def notice_issue(*, notice: ConclusionNotice, by) -> ConclusionNotice:
    """Number and date the approved notice, mark the conference concluded, record
    "concluded" on every petition it covers, and queue its sending."""
    organization_pk = (
        ConclusionNotice.objects.filter(pk=notice.pk).values_list("conference__organization_id", flat=True).get()
    )
    _require(has_role(by, organization_pk, *LEADER_ROLES))
    issuer = Organization.objects.get(pk=organization_pk)
    notice = _lock(notice)
    if notice.status != Status.APPROVED:
        raise PetitionError(_("Only an approved notice can be issued."))
    _check_complete(notice)
    now = timezone.now()
    issued_on = clock.date_of(now)
    # The register's TB series of the issuer and year, locked until this commits:
    # two leaders issuing at once get consecutive numbers, never the same one.
    before = ConclusionNotice.objects.filter(issuer=issuer, year=issued_on.year).aggregate(m=Max("number"))["m"] or 0
    number = register_next(issuer=issuer, year=issued_on.year, doc_type=DocType.NOTICE, after=before)
    notice.issuer, notice.year, notice.number = issuer, issued_on.year, number
    notice.issued_on, notice.issued_by, notice.issued_at = issued_on, by, now
    notice.symbol = notice.symbol or issuer.abbreviation
    notice.place = notice.place or issuer.place_name
    _move(notice, Status.ISSUED, by, notice.symbol_display(issuer.is_party))

    conference = notice.conference
    if conference.status == ConferenceStatus.HELD:
        try:
            conference_conclude(conference=conference, by=by, comment=notice.symbol_display(issuer.is_party))
        except ConferenceError as error:
            raise PetitionError(error.message) from error

    petitions = notice_petitions(notice)
    have = set(
        PetitionEvent.objects.filter(petition__in=petitions, kind=EventKind.CONCLUDED).values_list("petition_id", flat=True)
    )
    record_events([p for p in petitions if p.pk not in have], EventKind.CONCLUDED, by=by, public=True)

    # Last, so a refusal above leaves no stored file behind the rolled-back issue.
    _file_in_register(notice, issuer, by)

    open_assignments = Assignment.objects.filter(petition__in=petitions, status__in=OPEN_ASSIGNMENT).select_related(
        "petition"
    )
    deadline_hooks.on_notice_issued(notice=notice, assignments=open_assignments, by=by)
    notice_notify(notice, by)
    return notice


# --- sending -------------------------------------------------------------------------------


def _file_in_register(notice: ConclusionNotice, issuer: Organization, by) -> None:
    """The issued notice in the register, its PDF signed and frozen."""
    facts = IssueFacts(
        issuer=issuer, doc_type=DocType.NOTICE, number=notice.number, symbol=notice.symbol_display(issuer.is_party),
        subject=notice.subject, issued_on=notice.issued_on, signer_name=notice.signer_name,
        signer_position=", ".join(signature_block_lines(notice, party=issuer.is_party)),
    )
    issue_document(
        facts=facts, source=notice, by=by, render=lambda verification: render_notice_pdf(notice, verification=verification)
    )


def notice_notify(notice: ConclusionNotice, by=None) -> int:
    """Tell each assigned agency and the Front of the issued notice, its PDF attached,
    through the outbox (petitions.notify): once per notice and person, however often
    this runs; the e-mails go after the commit and are retried until sent."""
    if notice.status != Status.ISSUED:
        return 0
    organization = notice.conference.organization
    told = notify.notice_issued(
        notice=notice, agencies=notice_agencies(notice), fronts=front_organizations(organization), by=by,
    )
    ConclusionNotice.objects.filter(pk=notice.pk, sent_at__isnull=True).update(sent_at=timezone.now())
    return told
