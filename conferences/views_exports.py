"""The conference lists as Excel files (conferences.exports)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, QueryDict
from django.views.decorators.http import require_GET

from dialogue.exports import export_response

from . import selectors, services


@login_required
@require_GET
def conference_list_export(request):
    return export_response(request, "conferences.list")


def _params(request, pk) -> QueryDict:
    params = request.GET.copy()
    params["conference"] = str(pk)
    return params


@login_required
@require_GET
def invitee_export(request, pk):
    conference = selectors.conference_detail(request.user, pk)
    if not services.can_manage(request.user, conference):
        raise Http404
    return export_response(request, "conferences.invitees", params=_params(request, pk))


@login_required
@require_GET
def attendance_export(request, pk):
    conference = selectors.conference_detail(request.user, pk)
    from . import session_records as records

    if not records.can_record(request.user, conference) and not services.can_manage(request.user, conference):
        raise Http404
    return export_response(request, "conferences.attendance", params=_params(request, pk))
