"""The public portal: announced conferences, no log-in, no personal data.

Each page is one or two queries and the fields it reads are listed, so nothing
but the title, time, venue, audience and content can leak into a template.
"""

from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from dialogue.models import Organization

from . import ical, selectors, services
from .models import Conference, ConferenceStatus

PUBLIC_FIELDS = (
    "title", "starts_at", "ends_at", "venue", "audience", "content", "status", "cancel_reason",
    "public_code", "announced_at", "updated_at", "revision", "organization__name", "organization__code",
)


def _organization(code):
    return get_object_or_404(Organization.objects.only("name", "code"), code=code, is_active=True)


def _conference(public_code):
    try:
        return (
            Conference.objects.public()
            .select_related("organization")
            .only(*PUBLIC_FIELDS)
            .get(public_code=public_code)
        )
    except Conference.DoesNotExist as exc:
        raise Http404 from exc


def _split(conferences):
    now = timezone.now()
    upcoming = sorted((c for c in conferences if c.starts_at >= now), key=lambda c: c.starts_at)
    past = [c for c in conferences if c.starts_at < now]
    return upcoming, past


@require_GET
@cache_control(public=True, max_age=300)
def index(request):
    """The organisations that have announced a conference: where a citizen starts."""
    announced = Conference.objects.public().filter(organization=OuterRef("pk"))
    organizations = (
        Organization.objects.filter(is_active=True)
        .filter(Exists(announced))
        .only("name", "code")
        .order_by("name")
    )
    return render(request, "conferences/public/index.html", {"organizations": organizations})


@require_GET
@cache_control(public=True, max_age=300)
def organization_conferences(request, code):
    organization = _organization(code)
    conferences = list(selectors.public_conferences(organization))
    upcoming, past = _split(conferences)
    return render(
        request,
        "conferences/public/list.html",
        {"organization": organization, "upcoming": upcoming, "past": past},
    )


@require_GET
@cache_control(public=True, max_age=300)
def conference_page(request, public_code):
    conference = _conference(public_code)
    # Questions are registered online until the start; then they are raised in the hall.
    registration_open = conference.status == ConferenceStatus.ANNOUNCED and not services.has_started(conference)
    return render(
        request, "conferences/public/detail.html", {"conference": conference, "registration_open": registration_open}
    )


def _ics(body: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_GET
@cache_control(public=True, max_age=900)
def organization_ics(request, code):
    organization = _organization(code)
    conferences = selectors.public_conferences(organization)
    return _ics(ical.calendar(conferences, name=f"Hội nghị đối thoại · {organization.name}"), f"{organization.code}.ics")


@require_GET
@cache_control(public=True, max_age=900)
def conference_ics(request, public_code):
    conference = _conference(public_code)
    return _ics(ical.calendar([conference], name=conference.title), f"hoi-nghi-{conference.public_code}.ics")
