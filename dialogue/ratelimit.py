"""A per-client request budget for the public pages, kept in Django's cache
(Redis in production, so every web process shares one count).

A fixed window per client and scope: the first request creates the counter
with the window as its expiry, the next ones increment it; above the limit the
view answers 429 with Retry-After. Only the client's address is stored, hashed.
"""

import functools
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import JsonResponse
from django.shortcuts import render

from .clientip import client_ip

# (requests, seconds) per client; settings may override, e.g. RATE_LIMITS = {"lookup": (60, 600)}.
DEFAULT_LIMITS = {
    # A look-up is two requests (the form, then the status page it redirects to).
    "lookup": (60, 600),
    "register": (10, 3600),
    "feedback": (10, 3600),
    "api": (60, 600),
    # Requests created through the GeoReport API with one key, from every address together.
    "api_client": (300, 3600),
    # The archive of published answers: a citizen reads and searches a few dozen pages.
    "archive": (300, 600),
    # Password reset e-mails asked for by one client.
    "password_reset": (5, 3600),
}


def limits(scope: str) -> tuple[int, int]:
    configured = getattr(settings, "RATE_LIMITS", {}) or {}
    return configured.get(scope, DEFAULT_LIMITS[scope])


def client_id(request) -> str:
    addr = client_ip(request) or "unknown"
    return hashlib.sha256(addr.encode()).hexdigest()[:24]


def over_limit(request, scope: str, *, client: str | None = None) -> bool:
    """Count this request; True when the client has used up its budget. `client`
    names whom to count other than by address (an API key: its calls from anywhere)."""
    limit, window = limits(scope)
    key = f"rl:{scope}:{client or client_id(request)}"
    if cache.add(key, 1, timeout=window):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        return False
    return count > limit


def rate_limited(scope: str, methods=("GET", "POST"), json: bool = False):
    """Decorate a view: over the budget it answers 429 (a page, or for the API an
    Open311-style error list) and never runs the view."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method in methods and over_limit(request, scope):
                if json:
                    response = JsonResponse(
                        [{"code": 429, "description": "Quá nhiều yêu cầu, vui lòng thử lại sau."}],
                        status=429, safe=False, json_dumps_params={"ensure_ascii": False},
                    )
                else:
                    response = render(request, "rate_limited.html", status=429)
                response["Retry-After"] = str(limits(scope)[1])
                return response
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
