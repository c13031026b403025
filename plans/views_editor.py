"""The plan editor as a document: one page that reads like the printed plan, saved as one outline.

The page embeds the plan's outline (plans.services.plan_outline) and the
words and choices the script needs; static/js/plan-editor.js draws the page
from it and sends the whole outline back to `plan_outline_save` (one JSON
POST per save, debounced while typing). The service validates and stores it
in one transaction and refuses a save based on an older version.
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from deadlines.rules import Anchor, DayType
from dialogue.letterhead import Authority

from . import services
from .models import (
    GroupCategory,
    HeadingStyle,
    ItemKind,
    PartKind,
    PersonRole,
    Plan,
    RecipientNote,
    Status,
    Style,
)
from .selectors import get_plan
from .services import OutlineConflict, OutlineInvalid, PlanError


def _choices(choices) -> list[list[str]]:
    return [[value, str(label)] for value, label in choices]


def _words() -> dict[str, str]:
    """Every word the script shows, translated here so the catalogue holds them all."""
    return {
        "saving": _("Saving…"),
        "saved_at": _("Saved at %(time)s"),
        "unsaved": _("Unsaved changes"),
        "retry": _("Not saved yet — will try again"),
        "invalid": _("Not saved: correct the places marked in red."),
        "conflict": _("The plan was changed elsewhere (another tab or user) since this page was loaded."),
        "keep_mine": _("Keep my version"),
        "take_theirs": _("Load the saved version"),
        "restored": _("Restored what had not been saved in this browser."),
        "draft_conflict": _("This browser kept unsaved changes made before the plan was changed elsewhere."),
        "refused": _("This plan can no longer be changed here."),
        "section": _("Section heading"),
        "part": _("Part heading"),
        "item": _("Line"),
        "basis": _("Legal basis"),
        "preamble": _("Opening paragraph"),
        "closing": _("Closing paragraph"),
        "chair": _("Chair"),
        "secretary": _("Secretary"),
        "group": _("Attendee group"),
        "step": _("Agenda step"),
        "recipient": _("Recipient"),
        "label": _("Label printed before the list"),
        "presenter": _("presenter"),
        "minutes": _("planned minutes"),
        "expected": _("expected number"),
        "session": _("session"),
        "every_session": _("(every session)"),
        "note": _("note"),
        "add_session": _("Add a session"),
        "add_rule": _("Add a deadline rule"),
        "remove": _("Remove"),
        "remove_session": _("Remove this session"),
        "remove_rule": _("Remove this deadline rule"),
        "window": _("time as written"),
        "planned_date": _("planned date"),
        "venue": _("venue"),
        "audience": _("audience"),
        "attendance": _("expected attendance"),
        "wording": _("wording"),
        "code": _("code"),
        "name": _("name"),
        "anchor": _("counted from"),
        "days": _("number of days"),
        "direction": _("before or after"),
        "before": _("before"),
        "after": _("after"),
        "day_type": _("day type"),
        "responsible": _("responsible"),
        "no_list": _("Lists not printed in the text yet"),
        "list_hint": _("Choose “Line kind” on a line of the text to print one of these lists there."),
        "clear_part": _("Clear this part"),
        "clear_section": _("Clear this section"),
        "confirm_part": _("Remove every line of this part?"),
        "confirm_section": _("Remove every part and line of this section?"),
        "empty_heading": _("(no heading)"),
        "not_numbered": _("not numbered"),
        "no_office": _("(no office)"),
        "office": _("responsible organisation"),
        "sessions_title": _("Sessions"),
        "rules_title": _("Deadline rules"),
        "numbered": _("numbered"),
        "header_parent": _("governing body line"),
        "header_issuer": _("issuer lines"),
        "symbol": _("symbol abbreviation"),
        "place": _("place"),
        "document_name": _("document name"),
        "subject": _("subject line"),
        "archive_line": _("archive line"),
        "sign_authority": _("signing authority"),
        "sign_on_behalf_of": _("on behalf of"),
        "sign_deputy_authority": _("second authority"),
        "sign_deputy_of": _("second authority for"),
        "sign_position": _("signer's position"),
        "signer_name": _("signer"),
    }


def _choices_context(plan: Plan) -> dict:
    return {
        "style": _choices(Style.choices),
        "item_kind": _choices(ItemKind.choices),
        "part_kind": _choices(PartKind.choices),
        "heading_style": _choices(HeadingStyle.choices),
        "authority": _choices(Authority.choices),
        "note": _choices(RecipientNote.choices),
        "anchor": _choices(Anchor.choices),
        "day_type": _choices(DayType.choices),
        "category": _choices(GroupCategory.choices),
        "role": _choices(PersonRole.choices),
        "offices": [[o.pk, o.name] for o in services.office_choices(plan)],
    }


@login_required
@require_GET
def plan_edit(request, pk: int):
    plan = get_plan(request, pk, write=True)
    if not services.can_edit(plan, request.user):
        messages.info(request, _("This plan is “%(status)s” and cannot be edited.") % {"status": plan.get_status_display()})
        return redirect("plans:detail", pk=plan.pk)
    last_return = plan.transitions.filter(to_status=Status.RETURNED).select_related("by").last()
    editor = {
        "outline": services.plan_outline(plan),
        "choices": _choices_context(plan),
        "words": _words(),
        "year": plan.year,
        "party": plan.is_party,
    }
    return render(request, "plans/edit.html", {
        "plan": plan,
        "last_return": last_return if plan.status == Status.RETURNED else None,
        "editor": editor,
    })


@login_required
@require_POST
def plan_outline_save(request, pk: int):
    """Store the outline the editor sends; answer JSON: the new version, or the errors per node."""
    plan = get_plan(request, pk, write=True)
    try:
        outline = json.loads(request.body.decode("utf-8"))
        if not isinstance(outline, dict):
            raise ValueError
    except (UnicodeDecodeError, ValueError):
        return JsonResponse({"message": _("The editor sent a malformed plan; reload the page.")}, status=400)
    try:
        result = services.plan_save_outline(plan=plan, outline=outline, by=request.user)
    except OutlineInvalid as error:
        return JsonResponse({"message": str(error), "errors": error.errors}, status=400)
    except OutlineConflict as error:
        return JsonResponse({"message": str(error), "conflict": True, "version": services.plan_outline(plan)["version"]}, status=409)
    except PlanError as error:
        return JsonResponse({"message": str(error)}, status=403)
    saved_at = timezone.localtime().strftime("%H:%M")
    return JsonResponse({**result, "saved_at": saved_at})
