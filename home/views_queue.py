"""The signed-in home page: the user's queue (home.queue), then their organisations."""

from django.shortcuts import render

from dialogue import clock
from dialogue.models import Membership

from .queue import queue_for


def queue(request):
    memberships = list(
        Membership.objects.filter(user=request.user)
        .select_related("organization", "organization__parent")
        .order_by("organization__name", "role")
    )
    return render(
        request,
        "home/queue.html",
        {"memberships": memberships, "sections": queue_for(request.user, memberships), "today": clock.today()},
    )
