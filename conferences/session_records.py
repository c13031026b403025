"""What the secretary records on the day, and the minutes drafted from it.

Every function is one transaction that checks who may act and the
conference's state, and raises ConferenceError otherwise. Actions that create
something take the page's `key` (a UUID the form carries): a retry with the same
key after a dropped connection returns what the first try recorded.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.db import IntegrityError, transaction
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from dialogue import clock
from dialogue.access import has_role
from dialogue.errors import DomainError
from dialogue.letterhead import document_number, time_phrase
from dialogue.models import Role
from dialogue.text import person_name
from dialogue.updates import UNSET, given, model_update
from dialogue.wording import event_phrase, lower_first
from registry.issuing import IssueFacts, issue_document
from registry.services import DocType, register_next

from .day_petitions import day_petitions
from .minutes_documents import build_minutes_document, render_minutes_pdf
from .models import (
    Attendance,
    Conference,
)
from .models import ConferenceStatus as S
from .models import DoorCount, Minutes, MinutesStatus, PersonRole, SessionAction, Speech
from .services import ConferenceError, can_manage, has_started, not_started_message

# The speakers list and attendance are kept from the announcement (a rehearsal,
# the door opening early) until the conference is marked held and after.
RECORDING_OPEN = (S.ANNOUNCED, S.HELD)
MINUTES_OPEN = (S.ANNOUNCED, S.HELD, S.CONCLUDED)
SPEECH_EDIT_FIELDS = ("speaker_name", "unit", "topic", "answered_by", "answer_summary")
MINUTES_FIELDS = ("opening", "chairs", "secretaries", "attendance", "content", "conclusions", "ended_at")
DOOR_COUNT_LIMIT = 1000


# ---------------------------------------------------------------- permissions


def can_record(user, conference: Conference) -> bool:
    """The conference's secretaries, and the organisation's staff and leaders."""
    return can_manage(user, conference)


def can_approve_minutes(user, conference: Conference) -> bool:
    """A chair named with a user account, or a leader of the organisation."""
    if not getattr(user, "is_authenticated", False):
        return False
    if has_role(user, conference.organization_id, Role.LEADER):
        return True
    return any(p.role == PersonRole.CHAIR and p.user_id == user.pk for p in conference.people.all())


def closed_reason(conference: Conference, *, minutes: bool = False) -> str | None:
    """Why the day's records (or, with `minutes`, the minutes) cannot be changed in the
    conference's state, in the words the page shows and the services refuse with; None when open."""
    if conference.status in (MINUTES_OPEN if minutes else RECORDING_OPEN):
        return None
    if conference.status == S.CANCELLED:
        return _("The conference was cancelled: nothing is recorded for it.")
    if conference.status in (S.CONCLUDED, S.CLOSED):
        if minutes:
            return _("The conference has ended and its file is closed: the minutes can no longer be changed.")
        return _(
            "The conclusion notice has been issued and the conference has ended: "
            "attendance and speeches can no longer be changed."
        )
    if minutes:
        return _("Minutes are kept once the conference is announced.")
    return _("Attendance and speeches are recorded once the conference is announced.")


def _require_record(user, conference: Conference) -> None:
    if not can_record(user, conference):
        raise ConferenceError(_("Only the conference's secretaries, the office and the leaders record the day."))
    reason = closed_reason(conference)
    if reason:
        raise ConferenceError(reason)


def _parse_key(key) -> uuid.UUID | None:
    if key in (None, ""):
        return None
    if isinstance(key, uuid.UUID):
        return key
    try:
        return uuid.UUID(str(key))
    except ValueError:
        return None


def _once(conference: Conference, key, kind: str, model, create):
    """Run `create()` once per key; a repeated key returns the first result."""
    key = _parse_key(key)
    if key is None:
        return create()
    done = SessionAction.objects.filter(key=key).first()
    if done is not None:
        if done.conference_id != conference.pk or done.kind != kind:
            raise ConferenceError(_("This form was already used for something else; reload the page."))
        return model.objects.filter(pk=done.object_id).first()
    try:
        with transaction.atomic():
            result = create()
            SessionAction.objects.create(key=key, conference=conference, kind=kind, object_id=result.pk)
    except IntegrityError:
        # The same key arrived twice at once: the other request recorded it.
        done = SessionAction.objects.get(key=key)
        return model.objects.filter(pk=done.object_id).first()
    return result


# ---------------------------------------------------------------- attendance


def attendance_total(conference: Conference) -> dict:
    by_name = Attendance.objects.filter(conference=conference).count()
    at_door = DoorCount.objects.filter(conference=conference).aggregate(n=Sum("count"))["n"] or 0
    return {"by_name": by_name, "at_door": at_door, "total": max(by_name + at_door, 0)}


@transaction.atomic
def attendance_check_in(*, conference: Conference, by, name: str, unit: str = "", key=None) -> Attendance:
    _require_record(by, conference)
    name = " ".join((name or "").split())
    unit = " ".join((unit or "").split())
    if not name:
        raise ConferenceError(_("Write the attendee's name."), field="name")
    return _once(
        conference, key, "attendance", Attendance,
        lambda: Attendance.objects.create(conference=conference, name=name[:255], unit=unit[:255], by=by),
    )


@transaction.atomic
def attendance_remove(*, attendance: Attendance, by) -> None:
    """Undo a check-in entered by mistake."""
    _require_record(by, attendance.conference)
    attendance.delete()


@transaction.atomic
def door_count_add(*, conference: Conference, by, count: int, key=None) -> DoorCount:
    _require_record(by, conference)
    try:
        count = int(count)
    except (TypeError, ValueError):
        raise ConferenceError(_("Enter a whole number of people."), field="count") from None
    if count == 0 or abs(count) > DOOR_COUNT_LIMIT:
        raise ConferenceError(_("Enter a number of people between 1 and 1000 (negative to correct)."), field="count")
    if count < 0 and attendance_total(conference)["at_door"] + count < 0:
        raise ConferenceError(_("The correction is more than was counted at the door."), field="count")
    return _once(
        conference, key, "door", DoorCount, lambda: DoorCount.objects.create(conference=conference, count=count, by=by)
    )


# ---------------------------------------------------------------- speakers list


def _clean(values: dict, limit_fields=("speaker_name", "unit", "answered_by")) -> dict:
    out = {}
    for name, value in values.items():
        value = (value or "").strip()
        if name in limit_fields:
            value = " ".join(value.split())[:255]
        out[name] = value
    return out


@transaction.atomic
def speech_add(*, conference: Conference, by, speaker_name: str, unit: str = "", topic: str = "", key=None) -> Speech:
    _require_record(by, conference)
    values = _clean({"speaker_name": speaker_name, "unit": unit, "topic": topic})
    if not values["speaker_name"]:
        raise ConferenceError(_("Write the speaker's name."), field="speaker_name")

    def create():
        # Lock the conference so two secretaries adding at once get different numbers.
        Conference.objects.select_for_update().filter(pk=conference.pk).first()
        top = Speech.objects.filter(conference=conference).aggregate(n=Max("number"), o=Max("order"))
        return Speech.objects.create(
            conference=conference, number=(top["n"] or 0) + 1, order=(top["o"] or 0) + 1, created_by=by, **values
        )

    return _once(conference, key, "speech", Speech, create)


def _lock_speech(speech: Speech) -> Speech:
    return Speech.objects.select_for_update().select_related("conference").get(pk=speech.pk)


@transaction.atomic
def speech_start(*, speech: Speech, by) -> Speech:
    """The speaker takes the floor; whoever was still speaking is stopped. Starting twice changes nothing."""
    speech = _lock_speech(speech)
    _require_record(by, speech.conference)
    if speech.started_at is not None:
        return speech
    now = timezone.now()
    Speech.objects.filter(conference_id=speech.conference_id, started_at__isnull=False, ended_at__isnull=True).exclude(
        pk=speech.pk
    ).update(ended_at=now)
    speech.started_at = now
    speech.ended_at = None
    speech.save(update_fields=["started_at", "ended_at"])
    return speech


@transaction.atomic
def speech_stop(*, speech: Speech, by) -> Speech:
    speech = _lock_speech(speech)
    _require_record(by, speech.conference)
    if speech.started_at is None:
        raise ConferenceError(_("This speech has not started."))
    if speech.ended_at is None:
        speech.ended_at = timezone.now()
        speech.save(update_fields=["ended_at"])
    return speech


@transaction.atomic
def speech_edit(
    *, speech: Speech, by, speaker_name: str = UNSET, unit: str = UNSET, topic: str = UNSET,
    answered_by: str = UNSET, answer_summary: str = UNSET,
) -> Speech:
    """Correct the speaker, hamlet or topic; record who answered and what."""
    values = given(speaker_name=speaker_name, unit=unit, topic=topic, answered_by=answered_by,
                   answer_summary=answer_summary)
    speech = _lock_speech(speech)
    _require_record(by, speech.conference)
    values = _clean(values)
    if "speaker_name" in values and not values["speaker_name"]:
        raise ConferenceError(_("Write the speaker's name."), field="speaker_name")
    speech, _changed = model_update(instance=speech, fields=SPEECH_EDIT_FIELDS, data=values)
    return speech


@transaction.atomic
def speech_reorder(*, conference: Conference, by, ids: list[int]) -> None:
    """The order the speakers are called; ids not of this conference are ignored."""
    _require_record(by, conference)
    speeches = {s.pk: s for s in Speech.objects.select_for_update().filter(conference=conference)}
    seen = []
    for raw in ids:
        try:
            pk = int(raw)
        except (TypeError, ValueError):
            continue
        if pk in speeches and pk not in seen:
            seen.append(pk)
    # Speeches the page did not send keep their relative place at the end.
    rest = [s.pk for s in sorted(speeches.values(), key=lambda s: (s.order, s.number)) if s.pk not in seen]
    for order, pk in enumerate(seen + rest, start=1):
        if speeches[pk].order != order:
            Speech.objects.filter(pk=pk).update(order=order)


@transaction.atomic
def speech_capture_petition(*, speech: Speech, by, content: str, field=None, petitioner_name: str = "", key=None):
    """A petition raised in this speech, in one step: the speaker is the petitioner."""
    petitions = day_petitions()
    speech = _lock_speech(speech)
    conference = speech.conference
    _require_record(by, conference)
    petitioner = " ".join((petitioner_name or speech.speaker_name).split())
    address = speech.unit

    def create():
        try:
            return petitions.capture(
                conference=conference, by=by, speech_number=speech.number,
                petitioner_name=petitioner, petitioner_address=address, content=content, field=field,
            )
        except DomainError as exc:
            raise ConferenceError(str(exc.message), field=exc.field) from exc

    return _once(conference, key, "petition", petitions.model, create)


# ---------------------------------------------------------------- minutes


def _people_text(conference: Conference, role: str) -> str:
    rows = []
    for p in conference.people.all():
        if p.role != role:
            continue
        name = person_name(p.user) if p.user_id else p.name
        rows.append(" – ".join(x for x in [name, p.position] if x))
    return "\n".join(rows)


def draft_texts(conference: Conference) -> dict:
    """The minutes' text as the records have it: who came, how many, who spoke about what, who answered."""
    totals = attendance_total(conference)
    opening = ""
    if conference.starts_at:
        opening = f"Vào hồi {time_phrase(conference.starts_at)}, tại {conference.venue or '…'}"
        opening += f", {conference.organization.name} tổ chức hội nghị tiếp xúc, đối thoại"
        if conference.audience.strip():
            opening += f" với {conference.audience.strip().rstrip('.')}"
        opening += "."
    lines = []
    groups = [g for g in conference.groups.all()]
    if groups:
        lines.append("Thành phần mời: " + "; ".join(g.text.strip().rstrip(";.") for g in groups) + ".")
    lines.append(
        f"Tổng số người tham dự: {totals['total']} người "
        f"(điểm danh theo tên: {totals['by_name']}; đếm tại cửa: {totals['at_door']})."
    )
    attendees = list(Attendance.objects.filter(conference=conference))
    if attendees:
        names = [f"{a.name} ({a.unit})" if a.unit else a.name for a in attendees]
        lines.append("Đại biểu điểm danh theo tên: " + ", ".join(names) + ".")
    content = []
    petitions = day_petitions().by_speech(conference)
    for i, s in enumerate(Speech.objects.filter(conference=conference), start=1):
        who = s.speaker_name + (f" ({s.unit})" if s.unit else "")
        text = f"{i}. Ông/bà {who} phát biểu"
        if s.topic:
            text += f" về: {s.topic.rstrip('.')}"
        text += "."
        if s.answered_by:
            text += f" Trả lời: {s.answered_by}"
            text += f" – {s.answer_summary.rstrip('.')}." if s.answer_summary else "."
        captured = petitions.get(s.number, [])
        if captured:
            text += " Kiến nghị ghi nhận: " + ", ".join(p.tracking_code for p in captured) + "."
        content.append(text)
    ended = Speech.objects.filter(conference=conference, ended_at__isnull=False).aggregate(m=Max("ended_at"))["m"]
    return {
        "opening": opening,
        "chairs": _people_text(conference, PersonRole.CHAIR),
        "secretaries": _people_text(conference, PersonRole.SECRETARY),
        "attendance": "\n".join(lines),
        "content": "\n".join(content),
        "conclusions": "",
        # The planned end only once it has passed: minutes never say the conference ended in the future.
        "ended_at": ended or (conference.ends_at if conference.ends_at and conference.ends_at <= timezone.now() else None),
    }


def _require_minutes(user, conference: Conference) -> None:
    if not can_record(user, conference):
        raise ConferenceError(_("Only the conference's secretaries, the office and the leaders keep the minutes."))
    reason = closed_reason(conference, minutes=True)
    if reason:
        raise ConferenceError(reason)


def _lock_minutes(conference: Conference) -> Minutes | None:
    return Minutes.objects.select_for_update().filter(conference=conference).first()


@transaction.atomic
def minutes_draft(*, conference: Conference, by) -> Minutes:
    """Draft (or re-draft) the minutes from the records; approved minutes stay as they are."""
    _require_minutes(by, conference)
    minutes = _lock_minutes(conference)
    if minutes is not None and minutes.is_approved:
        raise ConferenceError(_("The minutes are approved and can no longer be changed."))
    texts = draft_texts(conference)
    if minutes is None:
        return Minutes.objects.create(conference=conference, drafted_by=by, **texts)
    # What the secretary already wrote as conclusions is kept.
    texts["conclusions"] = minutes.conclusions
    for name, value in texts.items():
        setattr(minutes, name, value)
    minutes.drafted_by = by
    minutes.save()
    return minutes


@transaction.atomic
def minutes_edit(
    *, conference: Conference, by, opening: str = UNSET, chairs: str = UNSET, secretaries: str = UNSET,
    attendance: str = UNSET, content: str = UNSET, conclusions: str = UNSET, ended_at: dt.datetime | None = UNSET,
) -> Minutes:
    values = given(opening=opening, chairs=chairs, secretaries=secretaries, attendance=attendance, content=content,
                   conclusions=conclusions, ended_at=ended_at)
    _require_minutes(by, conference)
    minutes = _lock_minutes(conference)
    if minutes is None:
        raise ConferenceError(_("Draft the minutes first."))
    if minutes.is_approved:
        raise ConferenceError(_("The minutes are approved and can no longer be changed."))
    ended_at = values.get("ended_at", minutes.ended_at)
    if ended_at and conference.starts_at and ended_at <= conference.starts_at:
        raise ConferenceError(_("The conference must end after it started."), field="ended_at")
    if ended_at and ended_at > timezone.now():
        raise ConferenceError(
            _("The end time is in the future: write it once the conference has ended."), field="ended_at"
        )
    values = {name: value.strip() if isinstance(value, str) else value for name, value in values.items()}
    minutes, _changed = model_update(instance=minutes, fields=MINUTES_FIELDS, data=values)
    return minutes


@transaction.atomic
def minutes_approve(*, conference: Conference, by) -> Minutes:
    if not can_approve_minutes(by, conference):
        raise ConferenceError(_("Only the chair or a leader approves the minutes."))
    reason = closed_reason(conference, minutes=True)
    if reason:
        raise ConferenceError(reason)
    # Minutes record what happened: none before the start, none approved before the written end.
    if not has_started(conference):
        raise ConferenceError(not_started_message(conference))
    minutes = _lock_minutes(conference)
    if minutes is None:
        raise ConferenceError(_("Draft the minutes first."))
    if minutes.is_approved:
        return minutes
    if minutes.ended_at and minutes.ended_at > timezone.now():
        raise ConferenceError(_("The end time is in the future: write it once the conference has ended."))
    missing = [
        label for label, value in (
            (_("the opening"), minutes.opening), (_("the proceedings"), minutes.content),
            (_("the chair's conclusions"), minutes.conclusions),
        ) if not value.strip()
    ]
    if minutes.ended_at is None:
        missing.append(_("the time it ended"))
    if missing:
        raise ConferenceError(_("Complete the minutes before approving: %(missing)s.") % {"missing": ", ".join(missing)})
    minutes.status = MinutesStatus.APPROVED
    minutes.approved_by = by
    minutes.approved_at = timezone.now()
    minutes.save()
    # Approved minutes are issued: numbered in the register's BB series and frozen.
    issued_on = clock.date_of(minutes.approved_at)
    number = register_next(issuer=conference.organization, year=issued_on.year, doc_type=DocType.MINUTES)
    _file_in_register(minutes, number=number, issued_on=issued_on, by=by)
    return minutes


def _file_in_register(minutes: Minutes, *, number: int, issued_on: dt.date, by) -> None:
    """The approved minutes in the register, numbered in the BB series, signed and frozen."""
    conference = minutes.conference
    organization = conference.organization
    symbol = document_number(number, DocType.MINUTES, organization.abbreviation, party=organization.is_party)
    doc = build_minutes_document(minutes, symbol=symbol)
    facts = IssueFacts(
        issuer=organization, doc_type=DocType.MINUTES, number=number, symbol=symbol,
        subject=f"Biên bản {lower_first(event_phrase(conference.title))}", issued_on=issued_on,
        signer_name=doc.chair_name, signer_position="Chủ trì hội nghị",
    )
    issue_document(
        facts=facts, source=minutes, by=by,
        render=lambda verification: render_minutes_pdf(minutes, verification=verification),
    )
