"""The rendered status page, kept in the cache for visitors without cookies.

Most look-ups come from citizens who are not logged in and have no session or
messages, for whom the page depends only on the petition. It is cached under a
key that carries the petition's `updated_at`, which every change a citizen can
see moves forward (services.touch_public), so a change is visible at once and
nothing needs deleting. The per-visitor CSRF token is rendered as a
placeholder and put in per response. Visitors with a session or a pending
message get the page rendered for them.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.translation import get_language

# Alphanumeric, so HTML escaping leaves it as it is wherever the token is printed.
CSRF_PLACEHOLDER = "csrfPlaceholder7f3c9a1e5b"
# Names of the organisation, field and conference are read with the petition but
# do not move its `updated_at`; a renamed one shows within this time.
TIMEOUT = 600


def cacheable(request) -> bool:
    cookies = request.COOKIES
    return request.method == "GET" and settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


def page_key(petition) -> str:
    return f"petitions:status:{petition.pk}:{petition.updated_at.timestamp():.6f}:{get_language()}"


def cached_page(request, petition) -> HttpResponse | None:
    """The cached page for this visitor, or None when it must be rendered."""
    if not cacheable(request):
        return None
    html = cache.get(page_key(petition))
    return None if html is None else _response(request, html)


def render_and_keep(request, petition, template: str, context: dict) -> HttpResponse:
    html = render_to_string(template, {**context, "csrf_token": CSRF_PLACEHOLDER}, request)
    cache.set(page_key(petition), html, TIMEOUT)
    return _response(request, html)


def _response(request, html: str) -> HttpResponse:
    return HttpResponse(html.replace(CSRF_PLACEHOLDER, get_token(request)))
