"""Staff pages: thin views that parse, call a service and render.

Every view reaches a conference through selectors.conference_detail, so a
conference of another organisation (or, for a secretary, someone else's
conference) is a 404; a refused write is a 404 too, as in dialogue.access.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dialogue import clock
from dialogue.access import organization_ids
from dialogue.idempotency import idempotent
from dialogue.models import Organization

from . import selectors, services
from .forms import (
    AgendaFormSet,
    AnnounceForm,
    CancelForm,
    CommentForm,
    ConferenceForm,
    ExtraConferenceForm,
    GroupFormSet,
    PersonFormSet,
    ScheduleForm,
)
from .models import ConferenceStatus
from .services import ConferenceError, ShortNoticeError

PAGE_SIZE = 50


def _managed(request, pk):
    conference = selectors.conference_detail(request.user, pk)
    if not services.can_manage(request.user, conference):
        raise Http404
    return conference


def _error(form, exc: ConferenceError):
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, exc.message)


@login_required
def conference_list(request):
    conferences = selectors.conference_list(request.user)
    status = request.GET.get("status", "")
    if status in ConferenceStatus.values:
        conferences = conferences.filter(status=status)
    creatable_orgs = organization_ids(request.user, services.MANAGER_ROLES)
    plans = list(selectors.plans_ready_for_conferences(request.user)) if creatable_orgs else []
    page = Paginator(conferences, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "conferences/conference_list.html",
        {
            "page": page,
            "conferences": page.object_list,
            "plans": plans,
            "can_create": bool(creatable_orgs),
            "statuses": ConferenceStatus.choices,
            "status": status,
            "query": f"status={status}" if status in ConferenceStatus.values else "",
        },
    )


@login_required
@require_POST
@idempotent
def conference_create_from_plan(request):
    if not request.POST.get("plan"):
        messages.error(request, _("Choose a plan."))
        return redirect("conferences:list")
    try:
        plan = selectors.plans_ready_for_conferences(request.user).get(pk=request.POST.get("plan"))
    except (ValueError, TypeError, selectors.Plan.DoesNotExist) as exc:
        raise Http404 from exc
    try:
        created = services.conferences_create_from_plan(plan=plan, by=request.user)
    except ConferenceError as exc:
        messages.error(request, exc.message)
        return redirect("conferences:list")
    if created:
        messages.success(request, _("%(count)d conference(s) created from the plan.") % {"count": len(created)})
        if len(created) == 1:
            return redirect("conferences:detail", created[0].pk)
    else:
        messages.info(request, _("Every session of this plan already has its conference."))
    return redirect("conferences:list")


@login_required
@require_http_methods(["GET", "POST"])
@idempotent
def conference_create_extra(request):
    org_ids = organization_ids(request.user, services.MANAGER_ROLES)
    if not org_ids:
        raise Http404
    org_qs = Organization.objects.filter(pk__in=org_ids).order_by("name")
    form = ExtraConferenceForm(
        request.POST or None, organizations=org_qs, plans=selectors.plans_ready_for_conferences(request.user)
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        organization = data.pop("organization")
        try:
            conference = services.conference_create_extra(organization=organization, by=request.user, **data)
        except ConferenceError as exc:
            _error(form, exc)
        else:
            messages.success(request, _("Extra conference created."))
            return redirect("conferences:detail", conference.pk)
    return render(request, "conferences/conference_form.html", {"form": form, "conference": None})


@login_required
@require_GET
def conference_detail(request, pk):
    conference = selectors.conference_detail(request.user, pk)
    can_manage = services.can_manage(request.user, conference)
    people = list(conference.people.all())
    return render(
        request,
        "conferences/conference_detail.html",
        {
            "conference": conference,
            "chairs": [p for p in people if p.role == "chair"],
            "secretaries": [p for p in people if p.role == "secretary"],
            "can_manage": can_manage,
            "can_edit_people": can_manage and services.can_edit_people(request.user, conference),
            "S": ConferenceStatus,
            "agenda_minutes": sum(item.minutes or 0 for item in conference.agenda.all()),
            "short_notice": services.short_notice_check(conference)
            if can_manage and conference.status == ConferenceStatus.SCHEDULED
            else None,
            "rule": services.announce_rule(conference) if can_manage and conference.status == ConferenceStatus.SCHEDULED else None,
            "day_has_come": bool(conference.starts_at) and conference.local_start.date() <= clock.today(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def conference_edit(request, pk):
    conference = _managed(request, pk)
    form = ConferenceForm(request.POST or None, instance=conference)
    if request.method == "POST" and form.is_valid():
        try:
            services.conference_update(
                conference=conference, by=request.user, **{f: form.cleaned_data[f] for f in ConferenceForm.Meta.fields}
            )
        except ConferenceError as exc:
            _error(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("conferences:detail", conference.pk)
    return render(request, "conferences/conference_form.html", {"form": form, "conference": conference})


@login_required
@require_http_methods(["GET", "POST"])
@idempotent
def conference_schedule(request, pk):
    conference = _managed(request, pk)
    initial = {"venue": conference.venue}
    if conference.starts_at:
        local = conference.local_start
        initial.update(date=local.date(), start_time=local.time())
    form = ScheduleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.conference_schedule(
                conference=conference,
                starts_at=form.cleaned_data["starts_at"],
                ends_at=form.cleaned_data["ends_at"],
                venue=form.cleaned_data["venue"],
                by=request.user,
            )
        except ConferenceError as exc:
            _error(form, exc)
        else:
            messages.success(request, _("Date, time and venue fixed."))
            return redirect("conferences:detail", conference.pk)
    return render(request, "conferences/conference_schedule.html", {"form": form, "conference": conference})


@login_required
@require_POST
@idempotent
def conference_announce(request, pk):
    """Announce; on short notice, show the rule broken and ask again."""
    conference = _managed(request, pk)
    form = AnnounceForm(request.POST)
    form.is_valid()
    acknowledged = bool(form.cleaned_data.get("acknowledge_short_notice")) and request.POST.get("confirm") == "1"
    try:
        services.conference_announce(conference=conference, by=request.user, acknowledge_short_notice=acknowledged)
    except ShortNoticeError as exc:
        if request.POST.get("confirm") == "1" and not acknowledged:
            form.add_error("acknowledge_short_notice", _("Tick the box to announce despite the rule."))
        return render(
            request,
            "conferences/conference_announce_confirm.html",
            {"conference": conference, "warning": exc, "form": form},
        )
    except ConferenceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The conference is announced on the public portal."))
    return redirect("conferences:detail", conference.pk)


TRANSITIONS = {
    "held": (services.conference_mark_held, gettext_lazy("Marked as held.")),
    "conclude": (services.conference_conclude, gettext_lazy("Conclusion notice recorded.")),
    "close": (services.conference_close, gettext_lazy("Conference closed.")),
}


@login_required
@require_POST
@idempotent
def conference_transition(request, pk, action):
    if action not in TRANSITIONS:
        raise Http404
    conference = _managed(request, pk)
    service, done = TRANSITIONS[action]
    form = CommentForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    try:
        service(conference=conference, by=request.user, comment=comment)
    except ConferenceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, str(done))
    return redirect("conferences:detail", conference.pk)


@login_required
@require_http_methods(["GET", "POST"])
@idempotent
def conference_cancel(request, pk):
    conference = _managed(request, pk)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.conference_cancel(conference=conference, by=request.user, reason=form.cleaned_data["reason"])
        except ConferenceError as exc:
            _error(form, exc)
        else:
            messages.success(request, _("Conference cancelled."))
            return redirect("conferences:detail", conference.pk)
    return render(request, "conferences/conference_cancel.html", {"form": form, "conference": conference})


ROWS = {
    # kind: (formset class, page title)
    "agenda": (AgendaFormSet, gettext_lazy("Edit the agenda")),
    "groups": (GroupFormSet, gettext_lazy("Edit the invited groups")),
    "people": (PersonFormSet, gettext_lazy("Edit the chairs and secretaries")),
}


@login_required
@require_http_methods(["GET", "POST"])
def conference_rows(request, pk, kind):
    if kind not in ROWS:
        raise Http404
    conference = _managed(request, pk)
    if kind == "people" and not services.can_edit_people(request.user, conference):
        raise Http404
    formset_class, title = ROWS[kind]
    kwargs = {}
    if kind == "people":
        kwargs["form_kwargs"] = {"users": services.organization_users(conference.organization_id)}
    formset = formset_class(request.POST or None, instance=conference, prefix=kind, **kwargs)
    if not conference.is_editable:
        messages.error(request, _("A conference that has been held can no longer be edited."))
        return redirect("conferences:detail", conference.pk)
    if request.method == "POST" and formset.is_valid():
        try:
            services.conference_save_rows(conference=conference, by=request.user, formset=formset, kind=kind)
        except ConferenceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("conferences:detail", conference.pk)
    return render(
        request,
        "conferences/conference_rows.html",
        {"formset": formset, "conference": conference, "kind": kind, "title": title},
    )
