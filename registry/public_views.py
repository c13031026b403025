"""The public verification pages (/xac-minh/): no log-in, rate-limited, one query a page.

They show what is printed on the document anyway (issuer, number, date,
subject, signer) and its hash; nothing of the office's own data.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django import forms
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from dialogue import signing
from dialogue.forms import BootstrapMixin
from dialogue.ratelimit import rate_limited
from dialogue.text import short_name

from .models import DocType, OutgoingDocument
from .services import holder_token, normalize_document_code, sha256_hex, verification_url
from .views import preparing_response, stored_pdf_response

# An issued document of a few pages is well under 1 MB; a batch of hundreds of invitations a few MB.
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class CodeForm(BootstrapMixin, forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=64,
        widget=forms.TextInput(attrs={
            "autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false",
            "placeholder": "7K3M9-QX2HB",
        }),
    )

    def clean_code(self):
        code = normalize_document_code(self.cleaned_data["code"])
        if code is None:
            raise forms.ValidationError(_("A verification code has ten letters and digits, e.g. 7K3M9-QX2HB."))
        return code


class UploadForm(BootstrapMixin, forms.Form):
    pdf = forms.FileField(
        label=_("PDF file to check"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
        error_messages={"required": _("Choose the PDF file you want to check."),
                        "empty": _("The file you chose is empty.")},
    )

    def clean_pdf(self):
        upload = self.cleaned_data["pdf"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is too large (%(size)s MB); the limit is %(limit)s MB.")
                % {"size": round(upload.size / 1024 / 1024, 1), "limit": MAX_UPLOAD_BYTES // 1024 // 1024}
            )
        data = upload.read()
        # PDF readers accept the header anywhere in the first kilobyte.
        if b"%PDF-" not in data[:1024]:
            raise forms.ValidationError(_("This file is not a PDF. Choose the PDF file of the document."))
        return data


@dataclass
class UploadResult:
    matches: bool
    sha256: str
    reasons: list[str] = field(default_factory=list)
    signature: str = ""


def _signature_text(check: signing.SignatureCheck | None) -> str:
    if check is None:
        return str(_("The digital signature could not be read."))
    if not check.signed:
        return str(_("The file carries no digital signature."))
    if not check.intact:
        return str(_("The digital signature is broken: the file was changed after it was signed."))
    return str(_("The digital signature is valid (signed by %(signer)s).") % {"signer": check.signer or "?"})


def check_upload(document: OutgoingDocument, data: bytes) -> UploadResult:
    """Is `data` the document in the register? Same bytes is the only yes; otherwise say why not."""
    digest = sha256_hex(data)
    if digest == document.sha256:
        return UploadResult(matches=True, sha256=digest)
    try:
        check = signing.check_pdf(data)
    except Exception:  # a damaged or hostile file must give an answer, not an error page
        check = None
    reasons = [str(_("Its content differs from the registered document (the SHA-256 is different)."))]
    if check is not None and check.signed and check.intact and not (check.genuine and check.organization_id == document.issuer_id):
        reasons.append(str(_("It is signed, but not by the issuer of this document.")))
    elif check is not None and check.genuine:
        reasons.append(str(_("It is signed by the issuer, but it is another document or another version.")))
    return UploadResult(matches=False, sha256=digest, reasons=reasons, signature=_signature_text(check))


def _document(code: str) -> OutgoingDocument:
    canonical = normalize_document_code(code)
    if canonical is None:
        raise Http404
    try:
        return OutgoingDocument.objects.select_related("issuer", "replaced_by").get(code=canonical)
    except OutgoingDocument.DoesNotExist as exc:
        raise Http404 from exc


@rate_limited("lookup")
@require_http_methods(["GET"])
def verify_start(request):
    form = CodeForm(request.GET or None)
    if request.GET and form.is_valid():
        return redirect("verify:detail", form.cleaned_data["code"])
    return render(request, "registry/verify_start.html", {"form": form})


@rate_limited("lookup")
@require_http_methods(["GET", "POST"])
def verify_detail(request, code: str):
    try:
        document = _document(code)
    except Http404:
        return render(request, "registry/verify_not_found.html", {"form": CodeForm()}, status=404)
    if document.code != code:
        return redirect("verify:detail", document.code)
    result = None
    form = UploadForm()
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid() and document.is_frozen:
            result = check_upload(document, form.cleaned_data["pdf"])
            form = UploadForm()
    replaced_by = getattr(document, "replaced_by", None)
    return render(
        request,
        "registry/verify_detail.html",
        {
            "document": document,
            "replaced_by": replaced_by,
            "url": verification_url(document.code),
            "form": form,
            "result": result,
            "max_mb": MAX_UPLOAD_BYTES // 1024 // 1024,
        },
        status=200,
    )


@rate_limited("lookup")
@require_http_methods(["GET"])
def verify_pdf(request, code: str):
    document = _document(code)
    if not document.file_is_public:
        # Its pages carry citizens' names: the facts and the upload check are public, the file is not.
        raise Http404
    if not document.is_frozen:
        return preparing_response(request, document)
    return stored_pdf_response(document)


@rate_limited("lookup")
@require_http_methods(["GET"])
def verify_holder(request, code: str, token: str):
    """One invitation of a batch, for whoever holds it: the document's facts and that its
    addressee is on the batch, by a shortened name; never the other invitees."""
    document = _document(code)
    batch = document.invitation_batch if document.doc_type == DocType.INVITATION else None
    holder = None
    if batch is not None:
        for invitee in batch.invitees.only("id", "full_name"):
            if constant_time_compare(holder_token(document.code, invitee.pk), token.upper()):
                holder = invitee
                break
    if holder is None:
        raise Http404
    return render(
        request,
        "registry/verify_holder.html",
        {"document": document, "holder_name": short_name(holder.full_name), "url": verification_url(document.code)},
    )
