"""The printed KẾ HOẠCH as PDF: build_document -> templates/documents/plan.html -> render_pdf."""

from __future__ import annotations

from django.template.loader import render_to_string

from dialogue.documents import DRAFT_CSS, STATIC_BASE_URL, document_stylesheets, render_pdf

from .documents import build_document, prefetch_plan, printable_sections
from .models import Plan

BASE_URL = STATIC_BASE_URL


def _ensure_prefetched(plan: Plan) -> Plan:
    """The plan with everything build_document reads; a plan fetched with prefetch_plan is used as it is."""
    if "sections" in getattr(plan, "_prefetched_objects_cache", {}):
        return plan
    return prefetch_plan(Plan.objects.filter(pk=plan.pk)).get()


def plan_html(plan: Plan, *, external_styles: bool = False) -> str:
    """The plan's printable HTML; standalone (it links its stylesheet) unless the
    caller passes the parsed stylesheets to the renderer itself."""
    return _plan_html(build_document(_ensure_prefetched(plan)), external_styles=external_styles)


def _plan_html(doc, *, external_styles: bool, verification=None) -> str:
    sections = printable_sections(doc)
    return render_to_string(
        "documents/plan.html",
        {
            "doc": doc,
            "sections": sections,
            "static_base": STATIC_BASE_URL,
            "external_styles": external_styles,
            "draft_css": DRAFT_CSS,
            "verification": verification,
        },
    )


def render_plan_pdf(plan: Plan, *, verification=None) -> bytes:
    """The PDF; an issued plan being frozen passes its register entry's verification block."""
    doc = build_document(_ensure_prefetched(plan))
    html = _plan_html(doc, external_styles=True, verification=verification)
    return render_pdf(html, base_url=BASE_URL, stylesheets=document_stylesheets(draft=doc.is_draft))
