"""The rendered status page, kept in the cache for visitors without cookies.

Most look-ups come from citizens who are not logged in and have no session or
messages, for whom the page depends only on the petition. It is cached under a
key that carries the petition's `updated_at`, which every change a citizen can
see moves forward (services.touch_public), so a change is visible at once and
nothing needs deleting. A look-up reads the petition's row by the code's index
(its public columns only, no joins): a repeat look-up needs nothing more; a
first one reads the public events too, and the organisation's, field's and
conference's names when this process has not read them in the last minute
(two queries, three at most). The per-visitor CSRF token (only the feedback form
has one) is rendered as a placeholder and put in per response. Visitors with
a session or a pending message get the page rendered for them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.translation import get_language

from .models import Petition

# Alphanumeric, so HTML escaping leaves it as it is wherever the token is printed.
CSRF_PLACEHOLDER = "csrfPlaceholder7f3c9a1e5b"
# Names of the organisation, field and conference are read with the petition but
# do not move its `updated_at`; a renamed one shows within this time.
TIMEOUT = 600


def cacheable(request) -> bool:
    cookies = request.COOKIES
    return request.method == "GET" and settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


_NOT_DIGITS = str.maketrans("", "", " :-+.T")


# The petition's own columns a public page shows, after id and updated_at: read
# with the version, so a first look-up does not read the row again. Never the
# petitioner's contact details or the petition's content.
ROW_FIELDS = (
    "tracking_code", "status", "petitioner_name", "received_on", "created_at", "source", "feedback",
    "field_id", "conference_id", "organization_id",
)


@dataclass(frozen=True)
class Version:
    """Which petition a code shows, the state of its public page, and its public columns."""

    pk: int
    updated_at: str
    row: tuple = ()  # ROW_FIELDS as the driver returned them (public_views.petition_from_row)


def version(code: str) -> Version | None:
    """The petition the (normalised) code may show, its version and public columns; one indexed read, no joins."""
    columns = ", ".join(ROW_FIELDS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, updated_at, {columns} FROM {Petition._meta.db_table} WHERE tracking_code = %s AND is_public",
            [code],
        )
        row = cursor.fetchone()
    # The driver's own value, not converted (it only has to change when the page does),
    # in digits only so the key suits every cache backend.
    return None if row is None else Version(pk=row[0], updated_at=str(row[1]).translate(_NOT_DIGITS), row=row[2:])


def page_key(found: Version) -> str:
    return f"petitions:status:{found.pk}:{found.updated_at}:{get_language()}"


def cached_page(request, found: Version) -> HttpResponse | None:
    """The cached page for this visitor, or None when it must be rendered."""
    html = cache.get(page_key(found))
    return None if html is None else _response(request, html)


def render_and_keep(request, found: Version, template: str, context: dict) -> HttpResponse:
    html = render_to_string(template, {**context, "csrf_token": CSRF_PLACEHOLDER}, request)
    cache.set(page_key(found), html, TIMEOUT)
    return _response(request, html)


def _response(request, html: str) -> HttpResponse:
    # A token (and its cookie) only when the page has a form to post: making one costs more than the rest of a hit.
    if CSRF_PLACEHOLDER in html:
        html = html.replace(CSRF_PLACEHOLDER, get_token(request))
    return HttpResponse(html)
