"""The petitions lists as Excel files: the office's list as filtered (the same
query string as the page), and the published answers (petitions.exports)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.views.decorators.http import require_GET

from dialogue.access import organization_ids
from dialogue.exports import export_response

from .services import READER_ROLES


@login_required
@require_GET
def petition_list_export(request):
    if not organization_ids(request.user, READER_ROLES):
        raise Http404
    return export_response(request, "petitions.list")


@login_required
@require_GET
def published_answers_export(request):
    if not organization_ids(request.user, READER_ROLES):
        raise Http404
    return export_response(request, "petitions.answers")
