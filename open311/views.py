"""The GeoReport v2 endpoints (https://wiki.open311.org/GeoReport_v2/), under
/tra-cuu/api/v2/, each in JSON and XML by its extension:

- GET services.{fmt}?jurisdiction_id=…: the organisation's fields;
- GET services/{code}.{fmt}?jurisdiction_id=…: a service's attributes (the open
  conferences, the consent);
- GET requests.{fmt}: public petitions by code, service, status and dates, a page at a time;
- GET requests/{code}.{fmt}: one public petition;
- POST requests.{fmt} with api_key: a citizen's question for an open conference.

Every answer is built from public columns (open311.selectors); every call
counts in the client's "api" budget (dialogue.ratelimit), a POST also in the web
form's "register" budget of its address and in its key's "api_client" budget.
Errors are the spec's list of {code, description}, in the format asked for.
"""

from __future__ import annotations

import functools
import hashlib
import uuid

from django.http import HttpResponse
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from dialogue import idempotency
from dialogue.ratelimit import limits, over_limit
from petitions.public_views import status_url

from . import formats, payloads, query, selectors, services
from .errors import ApiError
from .models import ApiClient

ALLOWED_HEADERS = "Content-Type, Idempotency-Key"


def _cors(response: HttpResponse, methods: tuple[str, ...]) -> HttpResponse:
    # Public data and an API key that is not a cookie: any site's script may call.
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = "Link, Retry-After"
    if response.status_code == 204:
        response["Access-Control-Allow-Methods"] = ", ".join(methods)
        response["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
        response["Access-Control-Max-Age"] = "86400"
    return response


def _throttle(request, scope: str, *, client: str | None = None) -> None:
    if over_limit(request, scope, client=client):
        raise ApiError(429, _("Too many requests: try again later."), {"Retry-After": str(limits(scope)[1])})


def endpoint(*methods: str):
    """An API view: CORS, the "api" rate limit, the allowed methods, and a refusal
    (ApiError) answered as the spec's error list in the format of the URL."""
    methods = methods or ("GET",)

    def decorator(view):
        @never_cache
        @csrf_exempt  # no cookie authenticates a call: a POST carries its api_key
        @functools.wraps(view)
        def wrapper(request, *args, format, **kwargs):
            if request.method == "OPTIONS":
                response = HttpResponse(status=204)
                response["Allow"] = ", ".join((*methods, "OPTIONS"))
                return _cors(response, methods)
            try:
                if request.method not in methods:
                    raise ApiError(405, _("This address answers %(methods)s.") % {"methods": ", ".join(methods)},
                                   {"Allow": ", ".join(methods)})
                _throttle(request, "api")
                response = view(request, *args, format=format, **kwargs)
            except ApiError as error:
                response = formats.errors(format, error.status, error.descriptions, error.headers)
            return _cors(response, methods)

        return wrapper

    return decorator


def _param(request, name: str) -> str:
    """A parameter: a POST's in its body (or, as some clients send it, in the query string)."""
    value = request.POST.get(name) if request.method == "POST" else None
    return (value or request.GET.get(name) or "").strip()


def _jurisdiction(request, *, required: bool):
    code = _param(request, "jurisdiction_id")
    if not code:
        if required:
            raise ApiError(400, _("jurisdiction_id: the code of the organisation, e.g. ubnd-vinh-lam."))
        return None
    organization = selectors.jurisdiction(code)
    if organization is None:
        raise ApiError(404, _("jurisdiction_id: no organisation has this code."))
    return organization


# ------------------------------------------------------------------- services


@endpoint("GET")
def services_list(request, format):
    organization = _jurisdiction(request, required=True)
    return formats.render(payloads.services(organization, selectors.services_of(organization)), format, root="services")


@endpoint("GET")
def service_definition(request, service_code, format):
    organization = _jurisdiction(request, required=True)
    found = selectors.service_of(organization, service_code)
    if found is None:
        raise ApiError(404, _("service_code: this organisation has no such service."))
    code = found if found == selectors.OTHER_SERVICE else str(found.pk)
    payload = payloads.definition(code, selectors.open_conferences(organization))
    return formats.render(payload, format, root="service_definition")


# ------------------------------------------------------------------- requests


def _next_page(request, search) -> str:
    params = request.GET.copy()
    params["page"] = str(search.offset // search.limit + 2)
    params["page_size"] = str(search.limit)
    return f'<{request.build_absolute_uri(request.path)}?{params.urlencode()}>; rel="next"'


def _search(request, format):
    organization = _jurisdiction(request, required=False)
    search = query.search(request.GET, organization.pk if organization else None)
    rows, events, more = selectors.public_requests(search)
    if search.codes and not rows:
        # An unknown code and one that may not be looked up answer the same.
        raise ApiError(404, _("No petition has this code."))
    headers = {"Link": _next_page(request, search)} if more else {}
    return formats.render(
        [payloads.request(row, events.get(row["id"], [])) for row in rows], format, root="service_requests",
        headers=headers,
    )


def _authenticated(request) -> ApiClient:
    raw = _param(request, "api_key")
    if not raw:
        raise ApiError(403, _("api_key: a key is needed to send a question; the administrator issues them."))
    client = ApiClient.by_key(raw)
    if client is None:
        raise ApiError(403, _("api_key: this key is not valid or no longer active."))
    return client


def _idempotency_key(request, client: ApiClient) -> uuid.UUID:
    """The client's Idempotency-Key, or one made from what was sent: the same
    question sent again (a retry on a bad connection) is then the same request."""
    header = request.headers.get(idempotency.HEADER)
    if header is not None:
        try:
            return uuid.UUID(header.strip())
        except ValueError:
            raise ApiError(400, _("Idempotency-Key: a UUID, e.g. 5f1c3a52-3c1e-4a8e-9d2b-1f0c8e7d6a41.")) from None
    sent = sorted((name, value) for name, values in request.POST.lists() if name != "api_key" for value in values)
    digest = hashlib.sha256(repr((client.pk, request.path.rsplit(".", 1)[0], sent)).encode()).digest()
    return uuid.UUID(bytes=digest[:16], version=5)


def _created(request, code: str, format: str, *, replayed: bool = False) -> HttpResponse:
    notice = _("Registered. Follow the question with its code on the public page: %(url)s") % {
        "url": status_url(request, code)
    }
    headers = {"Idempotent-Replayed": "true"} if replayed else {}
    return formats.render(payloads.created(code, notice), format, root="service_requests", status=201, headers=headers)


def _code_of(location: str) -> str | None:
    try:
        match = resolve(location)
    except Resolver404:
        return None
    return match.kwargs.get("code") if match.view_name == "open311:request" else None


def _create(request, format):
    client = _authenticated(request)
    organization = _jurisdiction(request, required=True)
    # The web form's budget for the address, and one for the key from every address.
    _throttle(request, "register")
    _throttle(request, "api_client", client=f"key:{client.pk}")
    key = _idempotency_key(request, client)
    # Keys are the client's own: the same key from another client is another request.
    scope = f"{request.path.rsplit('.', 1)[0]}#client-{client.pk}"
    state, location = idempotency.claim(key, user_id=None, path=scope)
    if state == "done" and _code_of(location):
        return _created(request, _code_of(location), format, replayed=True)
    if state == "busy":
        raise ApiError(409, _("The same request is still being processed: send it again in a moment."),
                       {"Retry-After": "5"})
    try:
        petition = services.request_create(client=client, organization=organization, params=request.POST)
    except BaseException:
        if state == "run":
            idempotency.release(key)
        raise
    if state == "run":
        idempotency.record(key, reverse("open311:request", kwargs={"code": petition.tracking_code, "format": "json"}))
    ApiClient.objects.filter(pk=client.pk).update(last_used_at=timezone.now())
    return _created(request, petition.tracking_code, format)


def _creates_once(view):
    """Marks the view whose POST creates once per request (_create claims the key), as
    @idempotent marks the pages' forms: dialogue/tests/test_idempotency.py lists both."""
    view.idempotent = True
    return view


@_creates_once
@endpoint("GET", "POST")
def requests(request, format):
    if request.method == "POST":
        return _create(request, format)
    return _search(request, format)


@endpoint("GET")
def request_detail(request, code, format):
    organization = _jurisdiction(request, required=False)
    search = query.Search(
        start=timezone.now(), end=timezone.now(), codes=(code,),
        organization_id=organization.pk if organization else None, limit=1,
    )
    rows, events, _more = selectors.public_requests(search)
    if not rows:
        raise ApiError(404, _("No petition has this code."))
    return formats.render([payloads.request(rows[0], events.get(rows[0]["id"], []))], format, root="service_requests")
