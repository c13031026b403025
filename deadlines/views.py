"""The bell, the user's notifications (deadline reminders and what happened in
the work), their e-mail preference, and one deadline's page with its history and
the "done" action.

Notifications are the user's own (another user's is a 404); deadlines are
reached through deadlines.selectors.visible, so another organisation's is a 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dialogue import clock
from dialogue.idempotency import idempotent

from . import selectors, services
from .forms import PreferenceForm
from .models import Deadline, Notification, NotificationPreference

PAGE_SIZE = 50


@login_required
@require_GET
def bell(request):
    """The navbar's bell, fetched by htmx after the page loads so pages pay no query for it."""
    unread = Notification.objects.filter(user=request.user, read_at__isnull=True).count()
    return render(request, "deadlines/_bell.html", {"unread": unread})


@login_required
@require_GET
def notification_list(request):
    qs = Notification.objects.filter(user=request.user).select_related(
        "deadline__conference", "deadline__assignment__petition", "deadline__responsible"
    )
    if request.GET.get("chua-doc"):
        qs = qs.filter(read_at__isnull=True)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "deadlines/notifications.html",
        {"page": page, "notes": page.object_list, "unread_only": bool(request.GET.get("chua-doc")),
         "query": "chua-doc=1" if request.GET.get("chua-doc") else ""},
    )


@login_required
@require_POST
def notification_read(request, pk=None):
    """Mark one notification (or all of the user's) as read; with `next`, go on to
    what it is about (its deadline, or the page its event names)."""
    qs = Notification.objects.filter(user=request.user, read_at__isnull=True)
    note = None
    if pk is not None:
        note = get_object_or_404(Notification.objects.only("deadline_id", "url"), pk=pk, user=request.user)
        qs = qs.filter(pk=pk)
    qs.update(read_at=timezone.now())
    if note is not None and request.POST.get("next") in ("deadline", "go"):
        if note.deadline_id:
            return redirect("deadlines:detail", note.deadline_id)
        # Only a path on this site: the link was written by the app, but never lead elsewhere.
        if note.url and url_has_allowed_host_and_scheme(note.url, allowed_hosts=None) and note.url.startswith("/"):
            return redirect(note.url)
    return redirect("deadlines:notifications")


@login_required
def preferences(request):
    pref = NotificationPreference.objects.filter(user=request.user).first() or NotificationPreference(user=request.user)
    form = PreferenceForm(request.POST or None, instance=pref)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your choice of notification e-mails is saved."))
        return redirect("deadlines:preferences")
    return render(request, "deadlines/preferences.html", {"form": form})


def _deadline(request, pk) -> Deadline:
    try:
        return (
            selectors.visible(request.user)
            .select_related("organization", "responsible", "conference", "notice", "assignment__petition")
            .get(pk=pk)
        )
    except Deadline.DoesNotExist as exc:
        raise Http404 from exc


@login_required
@require_GET
def detail(request, pk):
    deadline = _deadline(request, pk)
    changes = deadline.changes.select_related("by").order_by("at", "id")
    return render(
        request, "deadlines/detail.html",
        {
            "deadline": deadline,
            "changes": changes,
            "today": clock.today(),
            "can_mark_done": deadline.is_open and deadline.kind in services.MANUAL_KINDS
            and services.can_mark_done(request.user, deadline),
        },
    )


@login_required
@require_POST
@idempotent
def mark_done(request, pk):
    deadline = _deadline(request, pk)
    if not services.can_mark_done(request.user, deadline):
        raise Http404
    try:
        services.deadline_mark_done(deadline=deadline, by=request.user)
    except services.DeadlineError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The deadline is marked as done."))
    return redirect("deadlines:detail", deadline.pk)
