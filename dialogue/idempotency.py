"""Actions that create or issue something happen once per form, however often the
form arrives.

A double click, a browser that retries a slow POST, a user pressing Back and
sending again, or two requests at the same moment all carry the same one-time key,
rendered into the form by `{% idempotency_key %}` (dialogue/templatetags/
idempotency.py) or sent as the `Idempotency-Key` header. A view decorated with
`@idempotent`:

1. inserts the key into SubmittedForm in its own short transaction: the unique
   constraint lets exactly one request win, on SQLite and on PostgreSQL alike
   (PostgreSQL makes a second insert wait for the first to commit);
2. the winner runs the view; when it answers with a redirect (its result), the
   address is stored on the row; when it refuses (a form error, a domain error
   shown on the page) the key is released, so the corrected form can be sent;
3. a loser waits for the winner's address and is redirected there with a message:
   one object, and every request shows the first result.

The services keep their own guards (row locks and state checks) for requests
without a key; the key is what turns "refused the second time" into "here is
what your first click did".
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from functools import wraps

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import SubmittedForm

FIELD = "idempotency_key"
HEADER = "Idempotency-Key"
# How long a repeated request waits for the first to finish: rendering and signing a
# large batch of invitations takes seconds; a browser gives up after about a minute.
WAIT_SECONDS = 45
POLL_SECONDS = 0.05
# A claim without a result this old belongs to a process that died mid-request
# (the result, if any, rolled back with it): the next request may take it over.
STALE_AFTER = dt.timedelta(minutes=10)
# Keys are kept this long, then pruned (dialogue.tasks.prune_submitted_forms).
KEEP = dt.timedelta(days=7)


def new_key() -> str:
    return str(uuid.uuid4())


def key_of(request) -> uuid.UUID | None:
    raw = request.POST.get(FIELD) or request.headers.get(HEADER) or ""
    try:
        return uuid.UUID(raw.strip())
    except ValueError:
        return None


def result_at(request, url: str) -> None:
    """For a view that answers its success with a page rather than a redirect (an
    import's report): where a repeated request is sent to see the result."""
    request._idempotent_result = str(url)


def _claim(key: uuid.UUID, *, user_id, path: str) -> SubmittedForm | None:
    """None when this request won the key; otherwise the row of the one that did."""
    try:
        with transaction.atomic():
            SubmittedForm.objects.create(key=key, user_id=user_id, path=path[:500])
        return None
    except IntegrityError:
        return SubmittedForm.objects.filter(key=key).first()


def _take_over(row: SubmittedForm) -> bool:
    """Claim a stale key (its first request died): one conditional update, so only one taker wins."""
    return bool(
        SubmittedForm.objects.filter(pk=row.pk, location="", created_at=row.created_at).update(
            created_at=timezone.now()
        )
    )


def _outcome(key: uuid.UUID, *, user_id, path: str, in_transaction: bool):
    """("run", None) to do the work; ("done", url) to show the first result;
    ("busy", None) when the first request is still at work after WAIT_SECONDS;
    ("foreign", None) when the key belongs to another user or form."""
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        row = _claim(key, user_id=user_id, path=path)
        if row is None:
            return "run", None
        if row.user_id != user_id or row.path != path[:500]:
            return "foreign", None
        if row.location:
            return "done", row.location
        if row.created_at < timezone.now() - STALE_AFTER and _take_over(row):
            return "run", None
        # Inside a transaction (a test) nobody else can finish meanwhile: do not wait.
        if in_transaction or time.monotonic() >= deadline:
            return "busy", None
        time.sleep(POLL_SECONDS)


def claim(key: uuid.UUID, *, user_id, path: str) -> tuple[str, str | None]:
    """For a caller that answers other than with a redirect (the GeoReport API): the
    outcome of `key` as `_outcome` gives it. After "run", the caller must `record`
    its result's address or `release` the key."""
    return _outcome(key, user_id=user_id, path=path, in_transaction=transaction.get_connection().in_atomic_block)


def record(key: uuid.UUID, location: str) -> None:
    SubmittedForm.objects.filter(key=key).update(location=location[:1000])


def release(key: uuid.UUID) -> None:
    """Nothing was done: the key is free for the corrected request."""
    SubmittedForm.objects.filter(key=key, location="").delete()


def idempotent(view):
    """Run a POST view once per key; see the module's docstring."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        key = key_of(request) if request.method == "POST" else None
        if key is None:
            return view(request, *args, **kwargs)
        user_id = request.user.pk if getattr(request, "user", None) and request.user.is_authenticated else None
        state, location = claim(key, user_id=user_id, path=request.path)
        if state == "done":
            messages.info(request, _("This form had already been sent; here is what it did."))
            return HttpResponseRedirect(location)
        if state == "busy":
            response = HttpResponse(
                _("This form is still being processed. Wait a moment, then reload the page."), status=409,
                content_type="text/plain; charset=utf-8",
            )
            response["Retry-After"] = "5"
            return response
        if state == "foreign":
            # A key copied from someone else's form: no result of theirs is shown,
            # and the services' own guards apply.
            return view(request, *args, **kwargs)
        try:
            response = view(request, *args, **kwargs)
        except BaseException:
            release(key)
            raise
        location = getattr(request, "_idempotent_result", "")
        if not location and 300 <= response.status_code < 400:
            location = response.get("Location", "")
        if location:
            record(key, location)
        else:
            # Refused or answered with the form again: nothing was done, the key is free.
            release(key)
        return response

    wrapped.idempotent = True
    return wrapped


def prune(now=None) -> int:
    """Forget keys older than KEEP; returns how many."""
    deleted, _ = SubmittedForm.objects.filter(created_at__lt=(now or timezone.now()) - KEEP).delete()
    return deleted
