"""The secretary's page on the day (attendance, speakers list, petitions from
speeches) and the minutes. Thin views: parse, call conferences.session_records,
render. Actions answer htmx with the live part of the page; without htmx they
redirect back. A conference the user may not see is a 404; readers (supervisors)
see the page without its forms, and their posts are 404 too."""

import uuid

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dialogue.confirmation import (
    NUMBER, Confirmation, confirmation_page, is_confirmed, moved_warning, number_moved, number_only,
)
from dialogue.glyphs import PrintableTextMixin
from dialogue.idempotency import idempotent
from registry.views import document_pdf_response

from . import selectors
from . import session_records as records
from .day_petitions import day_petitions
from .issue_numbers import minutes_upcoming
from .minutes_documents import render_minutes_pdf
from .models import Attendance, Minutes, Speech
from .services import ConferenceError


def _conference(request, pk, *, write=False):
    conference = selectors.conference_detail(request.user, pk)
    if write and not records.can_record(request.user, conference):
        raise Http404
    return conference


def _fields(conference):
    return day_petitions().fields(conference.organization_id)


def _day_context(request, conference, error=None):
    """`error`: (form, speech pk or None, message, what was posted) of the action that failed."""
    form, speech_pk, message, posted = error or ("", None, "", {})
    speeches = list(Speech.objects.filter(conference=conference))
    petitions = day_petitions().by_speech(conference)
    for s in speeches:
        s.petitions = petitions.get(s.number, [])
        s.registered_in_advance = any(p.registered_in_advance for p in s.petitions)
    return {
        "registrants": day_petitions().registrants(conference),
        "conference": conference,
        "can_record": records.can_record(request.user, conference),
        "is_open": conference.status in records.RECORDING_OPEN,
        "closed_reason": records.closed_reason(conference),
        "totals": records.attendance_total(conference),
        "attendances": list(Attendance.objects.filter(conference=conference).order_by("-at", "-id")),
        "speeches": speeches,
        "fields": _fields(conference),
        "error_form": form,
        "error_speech": speech_pk,
        "error_message": message,
        "checkin_values": posted if form == "checkin" else {},
        "speech_values": posted if form == "speech" else {},
        "new_key": uuid.uuid4,
        "door_steps": (1, 5, 10),
    }


@login_required
@require_GET
def day(request, pk):
    conference = _conference(request, pk)
    return render(request, "conferences/day/page.html", _day_context(request, conference))


def _answer(request, conference, exc: ConferenceError | None = None, form: str = "", speech=None):
    """The live part for htmx (with the error next to the form that failed), else back to the page."""
    error = (form, speech.pk if speech else None, exc.message, request.POST) if exc is not None else None
    if request.headers.get("HX-Request"):
        response = render(request, "conferences/day/_live.html", _day_context(request, conference, error))
        if exc is not None:
            # Answered 200 so htmx swaps the message in; the header tells the script to keep what was typed.
            response["HX-Trigger"] = "day-error"
        return response
    if exc is not None:
        messages.error(request, exc.message)
    return redirect("conferences:day", conference.pk)


def _run(request, conference, form, action, speech=None):
    try:
        action()
    except ConferenceError as exc:
        return _answer(request, conference, exc, form, speech)
    return _answer(request, conference)


@login_required
@require_POST
def check_in(request, pk):
    conference = _conference(request, pk, write=True)
    return _run(request, conference, "checkin", lambda: records.attendance_check_in(
        conference=conference, by=request.user, name=request.POST.get("name", ""),
        unit=request.POST.get("unit", ""), key=request.POST.get("key"),
    ))


@login_required
@require_POST
def check_in_remove(request, pk, attendance_id):
    conference = _conference(request, pk, write=True)
    attendance = get_object_or_404(Attendance, pk=attendance_id, conference=conference)
    return _run(request, conference, "checkin", lambda: records.attendance_remove(attendance=attendance, by=request.user))


@login_required
@require_POST
def door(request, pk):
    conference = _conference(request, pk, write=True)
    return _run(request, conference, "door", lambda: records.door_count_add(
        conference=conference, by=request.user, count=request.POST.get("count"), key=request.POST.get("key"),
    ))


@login_required
@require_POST
def speech_add(request, pk):
    conference = _conference(request, pk, write=True)
    return _run(request, conference, "speech", lambda: records.speech_add(
        conference=conference, by=request.user, speaker_name=request.POST.get("speaker_name", ""),
        unit=request.POST.get("unit", ""), topic=request.POST.get("topic", ""), key=request.POST.get("key"),
    ))


@login_required
@require_POST
def speech_reorder(request, pk):
    conference = _conference(request, pk, write=True)
    return _run(request, conference, "order", lambda: records.speech_reorder(
        conference=conference, by=request.user, ids=request.POST.getlist("speech"),
    ))


@login_required
@require_POST
def registrant_call(request, pk, petition_id):
    """One click: the citizen who registered before the conference is called to speak."""
    conference = _conference(request, pk, write=True)
    return _run(request, conference, "registrant", lambda: day_petitions().call_registrant(
        conference=conference, by=request.user, petition_id=petition_id, key=request.POST.get("key"),
    ))


SPEECH_ACTIONS = {"start", "stop", "edit", "petition"}


@login_required
@require_POST
def speech_action(request, pk, speech_id, action):
    if action not in SPEECH_ACTIONS:
        raise Http404
    conference = _conference(request, pk, write=True)
    speech = get_object_or_404(Speech, pk=speech_id, conference=conference)
    form = "speech-row"
    if action == "start":
        return _run(request, conference, form, lambda: records.speech_start(speech=speech, by=request.user), speech)
    if action == "stop":
        return _run(request, conference, form, lambda: records.speech_stop(speech=speech, by=request.user), speech)
    if action == "edit":
        values = {f: request.POST[f] for f in records.SPEECH_EDIT_FIELDS if f in request.POST}
        return _run(
            request, conference, form, lambda: records.speech_edit(speech=speech, by=request.user, **values), speech
        )
    field = None
    if request.POST.get("field"):
        field = next((f for f in _fields(conference) if str(f.pk) == request.POST["field"]), None)
        if field is None:
            error = ConferenceError(_("Choose a field from the list."), field="field")
            return _answer(request, conference, error, form, speech)
    return _run(request, conference, form, lambda: records.speech_capture_petition(
        speech=speech, by=request.user, content=request.POST.get("content", ""), field=field,
        key=request.POST.get("key"),
    ), speech)


# ---------------------------------------------------------------- minutes


class MinutesForm(PrintableTextMixin, forms.ModelForm):
    ended_at = forms.DateTimeField(
        label=gettext_lazy("Ended at"), required=False, input_formats=["%H:%M %d/%m/%Y", "%d/%m/%Y %H:%M"],
        widget=forms.DateTimeInput(format="%H:%M %d/%m/%Y", attrs={"placeholder": "hh:mm dd/mm/yyyy"}),
    )

    class Meta:
        model = Minutes
        fields = list(records.MINUTES_FIELDS)
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in records.MINUTES_FIELDS if name != "ended_at"}
        widgets["content"] = forms.Textarea(attrs={"rows": 10})
        widgets["attendance"] = forms.Textarea(attrs={"rows": 5})
        widgets["conclusions"] = forms.Textarea(attrs={"rows": 6})


@login_required
@require_http_methods(["GET", "POST"])
def minutes(request, pk):
    conference = _conference(request, pk)
    minutes = Minutes.objects.filter(conference=conference).select_related("approved_by", "drafted_by").first()
    can_record = records.can_record(request.user, conference)
    editable = bool(minutes) and not minutes.is_approved and can_record
    form = MinutesForm(request.POST or None, instance=minutes) if editable else None
    if request.method == "POST":
        if not editable:
            raise Http404
        if form.is_valid():
            try:
                records.minutes_edit(
                    conference=conference, by=request.user, **{f: form.cleaned_data[f] for f in records.MINUTES_FIELDS}
                )
            except ConferenceError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, _("The minutes are saved."))
                return redirect("conferences:minutes", conference.pk)
    if form is not None and minutes is not None and request.method == "GET" and minutes.ended_at:
        form.initial["ended_at"] = timezone.localtime(minutes.ended_at)
    return render(request, "conferences/day/minutes.html", {
        "conference": conference,
        "minutes": minutes,
        "form": form,
        "can_record": can_record,
        "can_approve": records.can_approve_minutes(request.user, conference),
        "is_open": conference.status in records.MINUTES_OPEN,
        "closed_reason": records.closed_reason(conference, minutes=True),
    })


@login_required
@require_POST
@idempotent
def minutes_draft(request, pk):
    conference = _conference(request, pk, write=True)
    try:
        records.minutes_draft(conference=conference, by=request.user)
    except ConferenceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The minutes are drafted from the records; check and complete them."))
    return redirect("conferences:minutes", conference.pk)


@login_required
@require_POST
@idempotent
def minutes_approve(request, pk):
    conference = _conference(request, pk)
    if not records.can_approve_minutes(request.user, conference):
        raise Http404
    minutes = Minutes.objects.filter(conference=conference).first()
    if minutes is not None and not minutes.is_approved:
        # Approving issues the minutes: asked once, naming the BB number it takes.
        number, printed = minutes_upcoming(conference)
        moved = number_moved(request, number)
        if moved or not is_confirmed(request):
            return confirmation_page(request, Confirmation(
                question=_("Approve the minutes as number %(number)s?") % {"number": number_only(printed)},
                consequence=_(
                    "Approved minutes are issued: numbered in the register, signed digitally and frozen. "
                    "They cannot be changed afterwards."
                ),
                button=_("Approve and sign as %(number)s") % {"number": number_only(printed)},
                back_url=reverse("conferences:minutes", args=[conference.pk]),
                facts=[(_("Number and symbol"), printed), (_("Conference"), conference.title)],
                warning=moved_warning(printed) if moved else "", extra={NUMBER: str(number)},
            ), status=409 if moved else 200)
    try:
        records.minutes_approve(conference=conference, by=request.user)
    except ConferenceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The minutes are approved."))
    return redirect("conferences:minutes", conference.pk)


@login_required
@require_GET
def minutes_pdf(request, pk):
    conference = _conference(request, pk)
    minutes = get_object_or_404(
        Minutes.objects.select_related("conference__organization", "approved_by"), conference=conference
    )
    name = f"bien-ban-hoi-nghi-{conference.pk}{'' if minutes.is_approved else '-du-thao'}.pdf"

    return document_pdf_response(request, minutes, inline=True, filename=name, render=lambda: render_minutes_pdf(minutes))
