"""The public front door (the site root for a visitor) and the archive of published answers.

The front door shows, for each organisation with something public, its next
announced conferences (the announcement, "register a question" while
registration is open, the calendar file), and beside them the two look-ups a
citizen comes with: a petition by its code, a document by its verification code.
Staff log in from the link in the navigation bar and at the bottom of the page.

The archive lists an organisation's answered petitions, newest first, a page at
a time: shortened names, no contact details, the answer as published and the
chair's conclusion with its notice; searchable, and filtered by conference, field
and agency. Both read only public data (home.front_selectors).
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.functional import cached_property
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from dialogue.ratelimit import rate_limited
from petitions.forms import LookupForm
from registry.public_views import CodeForm

from . import front_selectors as selectors
from .front_forms import ArchiveForm


@require_GET
def front_door(request):
    return render(
        request,
        "home/front_door.html",
        {
            "organizations": selectors.front_door(),
            "lookup_form": LookupForm(auto_id="lookup_%s"),
            "verify_form": CodeForm(auto_id="verify_%s"),
        },
    )


class CountedPaginator(Paginator):
    """A Paginator given the number of rows (counted once and cached: selectors.archive_count)."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self._known_count = count

    @cached_property
    def count(self):
        return self._known_count


@rate_limited("archive")
@require_GET
@cache_control(public=True, max_age=60)
def archive(request, code):
    choices = selectors.archive_choices(code)
    if choices is None:
        raise Http404
    form = ArchiveForm(request.GET or None, choices=choices)
    if form.is_bound and not form.is_valid() and any(form.has_error(name) for name in ArchiveForm.CHOICE_FIELDS):
        # Perhaps a conference announced since the choices were kept: read them again before refusing.
        choices = selectors.archive_choices(code, fresh=True) or choices
        form = ArchiveForm(request.GET, choices=choices)
    bound_invalid = form.is_bound and not form.is_valid()
    filters = form.filters() if form.is_bound else selectors.Filters()
    organization_id = choices.organization_id
    paginator = CountedPaginator(
        selectors.archive_queryset(organization_id, filters)
        .select_related("field", "conference", "group")
        .only(*selectors.PAGE_COLUMNS),
        selectors.PAGE_SIZE,
        count=selectors.archive_count(organization_id, filters),
    )
    page = paginator.get_page(request.GET.get("page"))
    conference = next((c for c in choices.conferences if c[0] == filters.conference_id), None)
    return render(
        request,
        "home/front_archive.html",
        {
            "choices": choices,
            "form": form,
            "page": page,
            "entries": selectors.archive_entries(list(page.object_list), is_party=choices.is_party),
            "query": form.query() if form.is_bound else "",
            "filtered": any((filters.conference_id, filters.field_id, filters.agency_id, filters.q)),
            "conference": conference,
            "releases": selectors.recent_releases(organization_id, filters.conference_id),
        },
        status=400 if bound_invalid else 200,
    )
