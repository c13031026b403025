"""The office's page for publishing a conference's answers (petitions.publication):
how they are published, how many accepted answers are held, the release button
with one confirmation naming that number, and the releases made so far.

Readers of the organisation (the office, the leader, the Front's supervisor) see
the page; only the office and the leader choose and release. Anyone else,
agencies and secretaries included, gets 404.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from conferences.models import Conference
from dialogue.access import get_for_user
from dialogue.idempotency import idempotent

from . import publication
from .forms import BootstrapMixin, _text
from .services import READER_ROLES, PetitionError


class PolicyForm(BootstrapMixin, forms.Form):
    hold = forms.TypedChoiceField(
        label=gettext_lazy("How are accepted answers published?"),
        choices=[
            ("0", gettext_lazy("Publish each answer as soon as it is accepted")),
            ("1", gettext_lazy("Hold accepted answers and publish them together, with the conference's results")),
        ],
        coerce=lambda v: v == "1", widget=forms.RadioSelect,
    )


class ReleaseForm(BootstrapMixin, forms.Form):
    expected = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    summary = _text(
        gettext_lazy("Summary of the conference's results (optional)"), 5000, required=False, rows=4,
        help_text=gettext_lazy("Printed above the answers on the public page, beside the counts."),
    )


def _conference(request, pk, roles=READER_ROLES) -> Conference:
    return get_for_user(Conference.objects.select_related("organization"), request.user, roles=roles, pk=pk)


def _page(request, conference, *, policy_form=None, release_form=None, status=200):
    policy = publication.policy_of(conference)
    held = publication.held_responses(conference).count()
    can_publish = publication.can_publish(request.user, conference)
    hold = bool(policy and policy.hold)
    return render(
        request,
        "petitions/publication.html",
        {
            "conference": conference,
            "policy": policy,
            "hold": hold,
            "held": held,
            "can_publish": can_publish,
            "policy_form": policy_form or PolicyForm(initial={"hold": "1" if hold else "0"}),
            "release_form": release_form or ReleaseForm(initial={"expected": held}),
            "releases": list(publication.releases_of(conference)),
            "results": publication.results_of(conference),
        },
        status=status,
    )


@login_required
@require_GET
def answer_publication(request, conference_pk):
    return _page(request, _conference(request, conference_pk))


@login_required
@require_POST
def answer_policy(request, conference_pk):
    conference = _conference(request, conference_pk, publication.PUBLISHER_ROLES)
    form = PolicyForm(request.POST)
    if not form.is_valid():
        return _page(request, conference, policy_form=form, status=400)
    try:
        policy = publication.set_answer_policy(conference=conference, by=request.user, hold=form.cleaned_data["hold"])
    except PetitionError as error:
        form.add_error("hold", str(error))
        return _page(request, conference, policy_form=form, status=400)
    if policy.hold:
        messages.success(request, _("Accepted answers of this conference are now held until you publish them together."))
    else:
        messages.success(request, _("Each answer of this conference is now published as soon as it is accepted."))
    return redirect("petitions:answer_publication", conference_pk=conference.pk)


@login_required
@require_POST
@idempotent
def answer_release(request, conference_pk):
    conference = _conference(request, conference_pk, publication.PUBLISHER_ROLES)
    form = ReleaseForm(request.POST)
    if not form.is_valid():
        return _page(request, conference, release_form=form, status=400)
    try:
        release = publication.release_answers(
            conference=conference, by=request.user, summary=form.cleaned_data["summary"],
            expected=form.cleaned_data["expected"],
        )
    except PetitionError as error:
        # Shown again with the number now waiting, so a second confirmation confirms that one.
        data = request.POST.copy()
        data["expected"] = str(publication.held_responses(conference).count())
        form = ReleaseForm(data)
        form.is_valid()
        form.add_error(None, str(error))
        return _page(request, conference, release_form=form, status=400)
    messages.success(request, _("%(count)s answers were published together.") % {"count": release.answers})
    return redirect("petitions:answer_publication", conference_pk=conference.pk)
