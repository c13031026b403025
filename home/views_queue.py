from django.shortcuts import render

from dialogue.access import organization_ids
from dialogue.models import Membership


def queue(request):
    memberships = (
        Membership.objects.filter(user=request.user)
        .select_related("organization", "organization__parent")
        .order_by("organization__name", "role")
    )
    return render(request, "dialogue/home.html", {"memberships": memberships, "org_count": len(organization_ids(request.user))})
