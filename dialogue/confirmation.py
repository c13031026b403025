"""One confirmation before an action that issues, signs, publishes or cannot be undone.

Two forms, both written on the server:

- a confirmation step: the action's view answers a POST without the flag with
  `confirmation_page(...)`, which names what will happen and the number it takes
  (a document's number, or how many items), and sends the same fields again with
  `confirmed=1`. Only that second POST acts, so a form sent without the page (an
  old tab, a script) acts on nothing. Issuing a document and the bulk decisions
  go this way;
- `data-confirm` on a single action's form or button (static/js/behaviours.js),
  its text rendered by the page's template with the object it names.

What each action asks:

| action | how | text names |
|---|---|---|
| plan issue | plans/views_issue.py (its own page) | the number, date and signer |
| conclusion notice issue | step | the number, signing, the agencies it is sent to |
| invitations issue | step | the number, how many invitations, signing |
| minutes approve | step | the BB number, signing |
| bulk assign / approve / return conclusions, bulk acknowledge | step | how many, the agency or the comment |
| conclusion approve (one), a leader's conclusion | data-confirm | the petition, public at once |
| answer accept, transfer, acknowledge, extend, answer sent | data-confirm | the petition, what the citizen sees |
| announce, held, conclude, close, cancel a conference | data-confirm | the conference, what cannot be changed after |
| a citizen's question or feedback, the Front's list | data-confirm | what cannot be changed after |
| a deadline done, a plan issued elsewhere | data-confirm | what cannot be changed after |
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from .idempotency import FIELD as KEY_FIELD

FLAG = "confirmed"
# The number an issue's confirmation named, sent back with the confirmed POST.
NUMBER = "expected_number"
_NOT_REPOSTED = {"csrfmiddlewaretoken", KEY_FIELD, FLAG}


def is_confirmed(request) -> bool:
    """The POST came from the confirmation page (or says it did, as a form there does)."""
    return request.method == "POST" and request.POST.get(FLAG) == "1"


def number_moved(request, upcoming: int) -> bool:
    """A confirmed POST naming a number the issue would no longer take (another
    document of the series was issued meanwhile): ask again with the new one. A
    confirmed POST naming none (a client without the page) takes the next number."""
    named = request.POST.get(NUMBER)
    return is_confirmed(request) and named is not None and named != str(upcoming)


def moved_warning(printed: str) -> str:
    return _(
        "Another document of the series took the number you were shown; issuing now takes %(number)s. "
        "Check and confirm again."
    ) % {"number": number_only(printed)}


def number_only(printed: str) -> str:
    """'05/TB-UBND' out of 'Số: 05/TB-UBND' (or '05-TB/ĐU' out of 'Số 05-TB/ĐU'), for a question."""
    return re.sub(r"^Số:?\s*", "", printed or "")


@dataclass
class Confirmation:
    """What the page says: the question (naming the number), its consequence, and what it applies to."""

    question: str
    consequence: str
    button: str
    back_url: str
    items: Sequence[str] = ()
    facts: Sequence[tuple[str, str]] = ()
    warning: str = ""
    danger: bool = True
    # Fields the confirmed POST carries beside the ones sent (the number the page named).
    extra: dict[str, str] = field(default_factory=dict)


def confirmation_page(request, confirmation: Confirmation, *, status: int = 200) -> HttpResponse:
    """The page that asks once; its form posts the same fields to the same address with the flag."""
    skip = _NOT_REPOSTED | set(confirmation.extra)
    fields = [(name, value) for name in request.POST if name not in skip for value in request.POST.getlist(name)]
    fields += [(name, str(value)) for name, value in confirmation.extra.items()]
    return render(
        request, "dialogue/confirm.html",
        {"confirmation": confirmation, "fields": fields, "action": request.path, "flag": FLAG},
        status=status,
    )
