"""The citizen's pages (no log-in): look a petition up by its code, see its
timeline and published answer, say whether it satisfied them, and register a
question for an announced conference.

The status page reads the petition's public columns and its public events:
two queries, or one small one when the page is in the cache (page_cache.py);
the names of its organisation, field and conference come from a per-process
memory of a minute. The petitioner's phone, address, e-mail and the content are never
read here; the name is printed shortened. An unknown code and the code of a
petition that may not be looked up answer with the same page and status.
Look-ups, registrations and feedback are rate-limited per client.
"""

from __future__ import annotations

import functools
import time

from django.conf import settings
from django.contrib import messages
from django.db import connection
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from conferences.models import Conference
from dialogue.codes import normalize_code
from dialogue.idempotency import idempotent
from dialogue.models import Organization
from dialogue.qr import qr_svg
from dialogue.ratelimit import rate_limited
from dialogue.text import short_name

from . import citizen, page_cache, services
from .forms import FeedbackForm, LookupForm, PublicRegistrationForm
from .models import EventKind, Field, Petition, PetitionEvent, PetitionStatus
from .services import PetitionError

# The only Petition columns a public page reads.
PUBLIC_FIELDS = (
    "id", "tracking_code", "status", "petitioner_name", "received_on", "created_at", "source", "feedback",
    "field__name", "conference__title", "organization__name",
)
SESSION_KEY = "petitions_registered"


def status_url(request, code: str) -> str:
    path = reverse("petitions_public:status", args=[code])
    return f"{settings.SITE_URL}{path}" if settings.SITE_URL else request.build_absolute_uri(path)


@functools.cache
def _public_sql() -> tuple[str, str]:
    # Written out rather than built by the ORM: the status page is the busiest
    # page of the site, and compiling a three-join select_related().only() per
    # request cost more than the database took to answer it (bench/public.py).
    # The columns are PUBLIC_FIELDS; contact details and content are never read.
    p, f = Petition._meta.db_table, Field._meta.db_table
    c, o, e = Conference._meta.db_table, Organization._meta.db_table, PetitionEvent._meta.db_table
    petition = (
        "SELECT p.id, p.tracking_code, p.status, p.petitioner_name, p.received_on, p.created_at, p.source,"
        " p.feedback, p.field_id, p.conference_id, p.organization_id,"
        " f.name AS field_name, c.title AS conference_title, o.name AS organization_name"
        f" FROM {p} p INNER JOIN {o} o ON o.id = p.organization_id"
        f" LEFT JOIN {f} f ON f.id = p.field_id LEFT JOIN {c} c ON c.id = p.conference_id"
        " WHERE p.tracking_code = %s AND p.is_public"
    )
    events = (
        f"SELECT id, petition_id, kind, at, agency_name, date, text, response_id FROM {e}"
        " WHERE petition_id = %s AND public ORDER BY at, id"
    )
    return petition, events


def public_petition(code: str | None) -> Petition | None:
    """The petition a code may show, with only its public columns loaded and its
    field, conference and organisation carrying just their names."""
    code = normalize_code(code)
    if code is None:
        return None
    found = list(Petition.objects.raw(_public_sql()[0], [code]))
    if not found:
        return None
    petition = found[0]
    db, p = petition._state.db, petition
    p.organization = Organization.from_db(db, ["id", "name"], [p.organization_id, p.organization_name])
    p.field = Field.from_db(db, ["id", "name"], [p.field_id, p.field_name]) if p.field_id else None
    p.conference = Conference.from_db(db, ["id", "title"], [p.conference_id, p.conference_title]) if p.conference_id else None
    return petition


@functools.cache
def _row_converters(vendor: str) -> tuple:
    """What turns each of page_cache.ROW_FIELDS from the driver's value into the model's, as the ORM does."""
    table = Petition._meta.db_table
    converters = []
    for name in page_cache.ROW_FIELDS:
        field = Petition._meta.get_field(name.removesuffix("_id"))
        column = field.get_col(table)
        converters.append(
            (field.attname, column, connection.ops.get_db_converters(column) + field.get_db_converters(connection))
        )
    return tuple(converters)


def petition_from_row(found: page_cache.Version) -> Petition:
    """The petition page_cache.version read, as public_petition would return it, without reading it again."""
    values = {}
    for (attname, column, converters), value in zip(_row_converters(connection.vendor), found.row, strict=True):
        for converter in converters:
            value = converter(value, column, connection)
        values[attname] = value
    values["id"] = found.pk
    # from_db takes the values in the model's field order.
    names_in_order = [f.attname for f in Petition._meta.concrete_fields if f.attname in values]
    petition = Petition.from_db(connection.alias, names_in_order, [values[name] for name in names_in_order])
    organization, field, conference = names(petition.organization_id, petition.field_id, petition.conference_id)
    db = petition._state.db
    petition.organization = Organization.from_db(db, ["id", "name"], [petition.organization_id, organization])
    petition.field = Field.from_db(db, ["id", "name"], [petition.field_id, field]) if petition.field_id else None
    petition.conference = (
        Conference.from_db(db, ["id", "title"], [petition.conference_id, conference]) if petition.conference_id else None
    )
    return petition


# Names of organisations, fields and conferences by (kind, id), with when they were read.
# A renamed one shows on first look-ups within NAMES_SECONDS (cached pages: page_cache.TIMEOUT).
NAMES_SECONDS = 60
NAMES_MAX = 5000
_names: dict[tuple[str, int], tuple[str, float]] = {}


def names(organization_id: int, field_id: int | None, conference_id: int | None) -> tuple[str, str, str]:
    """The organisation's name, the field's and the conference's title ("" for none): at most one query."""
    now = time.monotonic()
    wanted = [("o", organization_id), ("f", field_id), ("c", conference_id)]
    missing = [(kind, pk) for kind, pk in wanted if pk is not None and _names.get((kind, pk), ("", 0.0))[1] <= now]
    if missing:
        tables = {
            "o": (Organization._meta.db_table, "name"),
            "f": (Field._meta.db_table, "name"),
            "c": (Conference._meta.db_table, "title"),
        }
        sql = " UNION ALL ".join(
            f"SELECT '{kind}', id, {tables[kind][1]} FROM {tables[kind][0]} WHERE id = %s" for kind, _pk in missing
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [pk for _kind, pk in missing])
            rows = cursor.fetchall()
        if len(_names) > NAMES_MAX:
            _names.clear()
        for kind, pk, name in rows:
            _names[(kind, pk)] = (name, now + NAMES_SECONDS)
    return tuple(_names.get((kind, pk), ("", 0.0))[0] if pk is not None else "" for kind, pk in wanted)


def public_events(petition_id: int) -> list[PetitionEvent]:
    """The petition's public events, oldest first."""
    return list(PetitionEvent.objects.raw(_public_sql()[1], [petition_id]))


def _not_found(request, code=""):
    return render(request, "petitions/public/not_found.html", {"form": LookupForm(initial={"code": code})}, status=404)


@never_cache
@rate_limited("lookup")
@require_http_methods(["GET"])
def lookup(request):
    form = LookupForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return redirect("petitions_public:status", code=form.cleaned_data["code"])
    return render(request, "petitions/public/lookup.html", {"form": form}, status=400 if form.is_bound else 200)


@never_cache
@rate_limited("lookup")
@require_http_methods(["GET"])
def status(request, code):
    found = None
    if page_cache.cacheable(request):
        normalized = normalize_code(code)
        found = page_cache.version(normalized) if normalized else None
        if found is None:
            return _not_found(request, code)
        page = page_cache.cached_page(request, found)
        if page is not None:
            return page
        petition = petition_from_row(found)
    else:
        petition = public_petition(code)
    if petition is None:
        return _not_found(request, code)
    context = _status_context(petition, public_events(petition.pk))
    if found is not None:
        return page_cache.render_and_keep(request, found, "petitions/public/status.html", context)
    return render(request, "petitions/public/status.html", context)


# Labels by value, once: get_kind_display() rebuilds the choices dict on every call.
EVENT_LABELS = dict(EventKind.choices)


def _status_context(petition, events, feedback_form=None) -> dict:
    for event in events:
        event.label = EVENT_LABELS.get(event.kind, event.kind)
    answers = [e for e in events if e.kind in (EventKind.ANSWERED, EventKind.ANSWERED_AT_CONFERENCE)]
    extension = next((e for e in reversed(events) if e.kind == "extended"), None)
    assigned = next((e for e in reversed(events) if e.kind == "assigned"), None)
    can_feedback = petition.status == PetitionStatus.RESOLVED and not petition.feedback
    return {
        "petition": petition,
        "name": short_name(petition.petitioner_name),
        "events": events,
        "answers": answers,
        "due_on": extension.date if extension else (assigned.date if assigned else None),
        "agency": assigned.agency_name if assigned else "",
        "feedback_form": (feedback_form or FeedbackForm()) if can_feedback else None,
    }


@never_cache
@rate_limited("feedback")
@require_POST
@idempotent
def feedback(request, code):
    petition = public_petition(code)
    if petition is None:
        return _not_found(request, code)
    form = FeedbackForm(request.POST)
    if form.is_valid():
        try:
            services.petition_feedback(petition=petition, **form.cleaned_data)
        except PetitionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Thank you: your feedback was recorded."))
        return redirect("petitions_public:status", code=petition.tracking_code)
    events = public_events(petition.pk)
    return render(request, "petitions/public/status.html", _status_context(petition, events, form), status=400)


@rate_limited("lookup")
@require_http_methods(["GET"])
def attachment(request, code, event_id):
    """The attachment of a published answer, through the petition's code."""
    petition = public_petition(code)
    if petition is None:
        raise Http404
    event = (
        PetitionEvent.objects.select_related("response")
        .filter(pk=event_id, petition=petition, public=True, response__published_at__isnull=False)
        .first()
    )
    if event is None or not event.response.attachment:
        raise Http404
    file = event.response.attachment
    return FileResponse(file.open("rb"), as_attachment=True, filename=file.name.rsplit("/", 1)[-1])


def _open_conference(public_code) -> Conference:
    conference = (
        Conference.objects.select_related("organization")
        .filter(public_code=public_code, announced_at__isnull=False)
        .first()
    )
    if conference is None:
        raise Http404
    return conference


@never_cache
@rate_limited("register", methods=("POST",))
@require_http_methods(["GET", "POST"])
@idempotent
def register(request, public_code):
    conference = _open_conference(public_code)
    closed = services.registration_closed_reason(conference)
    if closed:
        return render(request, "petitions/public/register_closed.html", {"conference": conference, "reason": closed})
    form = PublicRegistrationForm(request.POST or None, conference=conference)
    if request.method == "POST" and form.is_valid():
        try:
            petition = services.petition_register_online(conference=conference, **form.petition_values())
        except PetitionError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            registered = request.session.get(SESSION_KEY, [])[-19:]
            request.session[SESSION_KEY] = [*registered, petition.tracking_code]
            return redirect("petitions_public:receipt", code=petition.tracking_code)
    return render(
        request, "petitions/public/register.html", {"conference": conference, "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


@never_cache
@require_http_methods(["GET"])
def receipt(request, code):
    """Right after registering, in the same browser: the full receipt to print.
    Anyone else with the code gets the status page."""
    code = normalize_code(code)
    if code is None or code not in request.session.get(SESSION_KEY, []):
        return redirect("petitions_public:status", code=code or "x")
    petition = Petition.objects.select_related("conference", "field", "organization").filter(tracking_code=code).first()
    if petition is None:
        raise Http404
    url = status_url(request, petition.tracking_code)
    return render(
        request, "petitions/public/receipt.html",
        {"petition": petition, "status_url": url, "qr": qr_svg(url), "full": False},
    )


@never_cache
# The signed link is the authority, not a session: a mail programme's "unsubscribe"
# button POSTs to it without a form (RFC 8058 one-click), so there is no CSRF token.
@csrf_exempt
@rate_limited("lookup")
@require_http_methods(["GET", "POST"])
def unsubscribe(request, code, token):
    """The link in every e-mail to the citizen: the page asks, a POST stops the
    e-mails about this petition. It shows the code and nothing else of the petition."""
    code = normalize_code(code)
    if code is None or not citizen.token_valid(code, token):
        raise Http404
    petition = Petition.objects.filter(tracking_code=code).only("pk", "tracking_code", "email_updates").first()
    if petition is None:
        raise Http404
    stopped = False
    if request.method == "POST":
        stopped = citizen.updates_stop(petition=petition)
        petition.email_updates = False
    return render(
        request, "petitions/public/unsubscribe.html",
        {"code": code, "active": petition.email_updates, "stopped": stopped},
    )
