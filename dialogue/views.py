from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from .access import get_for_user, organization_ids
from .models import Membership, Organization


@login_required
def home(request):
    memberships = (
        Membership.objects.filter(user=request.user)
        .select_related("organization", "organization__parent")
        .order_by("organization__name", "role")
    )
    return render(request, "dialogue/home.html", {"memberships": memberships, "org_count": len(organization_ids(request.user))})


@never_cache
def healthz(request):
    """Checks the database and the broker; 503 if either is down."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as exc:  # noqa: BLE001 - any failure is reported, not raised
        checks["database"] = f"error: {exc.__class__.__name__}"
    try:
        from .celery import app

        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        checks["broker"] = "ok"
    except Exception as exc:  # noqa: BLE001
        checks["broker"] = f"error: {exc.__class__.__name__}"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse({"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503)


@login_required
def organization_detail(request, code):
    organization = get_for_user(Organization.objects.select_related("parent"), request.user, code=code)
    members = organization.memberships.select_related("user").order_by("role", "user__last_name", "user__first_name")
    children = organization.children.filter(is_active=True).order_by("name")
    return render(
        request,
        "dialogue/organization_detail.html",
        {"organization": organization, "members": members, "children": children},
    )
