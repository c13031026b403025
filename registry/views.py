"""The office's pages of the register: the list (sổ văn bản đi), a document's
print view, and its stored PDF; the public verification pages are in public_views."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.core.paginator import Paginator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET

from dialogue import clock
from dialogue.access import OFFICE_READERS, get_for_user, organization_ids, scope
from dialogue.forms import BootstrapMixin
from dialogue.models import Organization
from dialogue.responses import pdf_response

from .models import DocType, OutgoingDocument
from .services import verification_url

# The register is the office's: the Front's supervisors read it, agencies do not.
READER_ROLES = OFFICE_READERS
PAGE_SIZE = 50


def get_document(request, pk: int) -> OutgoingDocument:
    return get_for_user(
        OutgoingDocument.objects.select_related("issuer", "replaces", "replaced_by"), request.user,
        roles=READER_ROLES, pk=pk,
    )


def stored_pdf_response(document: OutgoingDocument, *, inline: bool = False, filename: str = "") -> HttpResponse:
    """The stored bytes as they are: never rendered again, always the same name."""
    return pdf_response(document.read_pdf(), filename=filename or document.filename, inline=inline)


def preparing_response(request, document: OutgoingDocument, back_url: str = ""):
    """The page shown while a large batch's PDF is being rendered: it reloads itself."""
    response = render(
        request, "registry/preparing.html", {"document": document, "back_url": back_url}, status=202
    )
    response["Refresh"] = "5"
    response["Cache-Control"] = "no-store"
    return response


def document_pdf_response(
    request, source, *, filename: str, inline: bool = False, render: Callable[[], bytes] | None = None
) -> HttpResponse:
    """A plan's, notice's, batch's or minutes' PDF for the apps' own views: the stored
    copy once issued (or the page saying it is being prepared), else the draft that
    `render` makes now. A source that is only ever issued passes no `render`."""
    document = getattr(source, "outgoing_document", None)
    if document is not None:
        if not document.is_frozen:
            return preparing_response(request, document)
        return stored_pdf_response(document, inline=inline, filename=filename)
    if render is None:
        raise Http404
    return pdf_response(render(), filename=filename, inline=inline)


class RegisterFilter(BootstrapMixin, forms.Form):
    issuer = forms.TypedChoiceField(label=_("Issuing organisation"), coerce=int, required=False)
    year = forms.TypedChoiceField(label=_("Register year"), coerce=int, required=False)
    doc_type = forms.ChoiceField(label=_("Document type"), required=False)

    def __init__(self, *args, organizations, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuer"].choices = [(o.pk, o.name) for o in organizations]
        self.fields["year"].choices = [(y, str(y)) for y in years]
        self.fields["doc_type"].choices = [("", _("All document types")), *DocType.choices]


def register_selection(user, params):
    """The register the query asks for: (form, issuer, year, document type, documents); 404 without any."""
    ids = organization_ids(user, READER_ROLES)
    if not ids:
        raise Http404
    organizations = list(Organization.objects.filter(pk__in=ids).order_by("name"))
    this_year = clock.today().year
    years = sorted(
        set(scope(OutgoingDocument.objects.all(), user, READER_ROLES).values_list("year", flat=True))
        | {this_year},
        reverse=True,
    )
    issuer, year, doc_type = organizations[0], this_year, ""
    bound = RegisterFilter(params or None, organizations=organizations, years=years)
    if bound.is_valid():
        wanted = bound.cleaned_data.get("issuer")
        issuer = next((o for o in organizations if o.pk == wanted), issuer)
        year = bound.cleaned_data.get("year") or year
        doc_type = bound.cleaned_data.get("doc_type") or ""
    # The selector shows what the page lists: unbound, a select shows its first
    # choice (the newest year) while the page lists this year's documents.
    form = RegisterFilter(
        initial={"issuer": issuer.pk, "year": year, "doc_type": doc_type}, organizations=organizations, years=years
    ) if bound.is_valid() or not params else bound
    documents = OutgoingDocument.objects.filter(issuer=issuer, year=year).select_related("replaces", "replaced_by")
    if doc_type:
        documents = documents.filter(doc_type=doc_type)
    return form, issuer, year, doc_type, documents.order_by("doc_type", "-number")


@login_required
@require_GET
def register_list(request):
    """The register of one issuer for one year: every document issued, newest first, 50 a page."""
    form, issuer, year, doc_type, documents = register_selection(request.user, request.GET)
    page = Paginator(documents, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "registry/register_list.html",
        {
            "form": form,
            "issuer": issuer,
            "year": year,
            "doc_type": doc_type,
            "page": page,
            "documents": page.object_list,
            "query": query.urlencode(),
        },
    )


@login_required
@require_GET
def register_export(request):
    """The register as filtered, as an Excel file (registry.exports)."""
    from dialogue.exports import export_response

    register_selection(request.user, request.GET)  # 404 for someone without a register
    return export_response(request, "registry.list")


@login_required
@require_GET
def document_print(request, pk: int):
    """The stored PDF in the page, with a button that prints exactly those bytes."""
    document = get_document(request, pk)
    if not document.is_frozen:
        return preparing_response(request, document)
    return render(
        request, "registry/print.html", {"document": document, "verify_url": verification_url(document.code)}
    )


@xframe_options_sameorigin  # the print view shows it in a frame of the same site
@login_required
@require_GET
def document_pdf(request, pk: int):
    document = get_document(request, pk)
    if not document.is_frozen:
        return preparing_response(request, document)
    return stored_pdf_response(document, inline=request.GET.get("tai") != "1")
