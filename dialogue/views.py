from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import signing, storage
from .access import OFFICE_READERS, get_for_user, has_role
from .celery import app
from .forms import CertificateUploadForm, SignatureAssetsForm
from .models import Organization, Role, SignatureAssets


@never_cache
def healthz(request):
    """Checks the database, the broker and file storage; 503 if any is down."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as exc:  # noqa: BLE001 - any failure is reported, not raised
        checks["database"] = f"error: {exc.__class__.__name__}"
    try:

        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        checks["broker"] = "ok"
    except Exception as exc:  # noqa: BLE001
        checks["broker"] = f"error: {exc.__class__.__name__}"
    try:
        storage.check()
        checks["storage"] = "ok"
    except Exception as exc:  # noqa: BLE001
        checks["storage"] = f"error: {exc.__class__.__name__}"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse({"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503)


@login_required
@require_GET
def organization_detail(request, code):
    organization = get_for_user(Organization.objects.select_related("parent"), request.user, code=code)
    members = organization.memberships.select_related("user").order_by("role", "user__last_name", "user__first_name")
    children = organization.children.filter(is_active=True).order_by("name")
    return render(
        request,
        "dialogue/organization_detail.html",
        {
            "organization": organization,
            "members": members,
            "children": children,
            "can_manage_signing": has_role(request.user, organization.pk, Role.ADMIN),
            # The register is the office's (registry.views.register_selection): an agency's officer has none.
            "can_read_register": has_role(request.user, organization.pk, *OFFICE_READERS),
        },
    )


def _managed_organization(user, code):
    """The organisation, for its own administrators only; 404 for everyone else."""
    return get_for_user(Organization.objects.all(), user, roles=[Role.ADMIN], code=code)


@login_required
def organization_signing(request, code):
    """An organisation administrator's page: certificates for digital signatures, seal and signature images."""
    organization = _managed_organization(request.user, code)
    assets = SignatureAssets.objects.filter(organization=organization).first() or SignatureAssets(
        organization=organization
    )
    upload_form = CertificateUploadForm(prefix="cert")
    assets_form = SignatureAssetsForm(instance=assets, prefix="img")
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "certificate":
                upload_form = CertificateUploadForm(request.POST, request.FILES, prefix="cert")
                if upload_form.is_valid():
                    data = upload_form.cleaned_data
                    signing.upload_certificate(
                        organization=organization,
                        data=data["content"],
                        password=data.get("password") or "",
                        by=request.user,
                        activate=data.get("activate", False),
                        filename=data["pkcs12"].name,
                    )
                    messages.success(request, _("The certificate was registered."))
                    return redirect("organization_signing", code=organization.code)
            elif action == "images":
                assets_form = SignatureAssetsForm(request.POST, request.FILES, instance=assets, prefix="img")
                if assets_form.is_valid():
                    signing.save_signature_assets(form=assets_form, by=request.user)
                    messages.success(request, _("The signature and seal images were saved."))
                    return redirect("organization_signing", code=organization.code)
            elif action in {"activate", "deactivate"}:
                certificate = get_object_or_404(organization.signing_certificates, pk=request.POST.get("certificate"))
                service = signing.activate_certificate if action == "activate" else signing.deactivate_certificate
                service(certificate=certificate, by=request.user)
                messages.success(request, _("The certificate used for signing was changed."))
                return redirect("organization_signing", code=organization.code)
        except signing.SigningError as exc:
            messages.error(request, str(exc))
    certificates = organization.signing_certificates.select_related("uploaded_by").order_by("-uploaded_at")
    return render(
        request,
        "dialogue/organization_signing.html",
        {
            "organization": organization,
            "certificates": certificates,
            "assets": assets,
            "upload_form": upload_form,
            "assets_form": assets_form,
            "now": timezone.now(),
        },
    )


@login_required
def organization_signing_image(request, code, kind):
    """The stored seal or signature image, shown to the organisation's administrators only."""
    organization = _managed_organization(request.user, code)
    assets = get_object_or_404(SignatureAssets, organization=organization)
    field = {"seal": assets.seal_image, "signature": assets.signature_image}.get(kind)
    if not field:
        raise Http404
    response = FileResponse(field.open("rb"), content_type="image/png")
    response["Cache-Control"] = "private, no-store"
    return response


def _export_job(request, key):
    """One of the user's own background exports; anyone else's is a 404."""
    from .models import ExportJob

    return get_object_or_404(ExportJob, key=key, user=request.user)


@login_required
@require_GET
def export_job(request, key):
    """Where a long list's Excel file is handed over: it reloads itself until the file is ready."""
    job = _export_job(request, key)
    response = render(request, "dialogue/export_job.html", {"job": job})
    if job.status in (job.Status.QUEUED, job.Status.RUNNING):
        response["Refresh"] = "5"
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def export_download(request, key):
    from .exports import XLSX_MIME

    job = _export_job(request, key)
    if not job.is_done:
        raise Http404
    response = FileResponse(job.file.open("rb"), as_attachment=True, filename=job.filename, content_type=XLSX_MIME)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
