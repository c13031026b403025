"""Text reaches every view composed (NFC).

Some keyboards, phones and copy-paste from PDFs send Vietnamese decomposed (NFD):
"Hòa" as H-o-a + U+0300. Stored as typed, it looks the same on screen but is not
equal to the composed word in a query, a unique check or a duplicate search. One
middleware normalises the query string, the form fields and a JSON body before
any form, formset, htmx fragment or API view sees them; a base form class would
miss the views that read request.POST or request.GET directly and every form not
derived from it. Imports normalise their cells themselves (they come in a file).

Passwords are left exactly as typed: the stored hash is of the typed bytes.
"""

from __future__ import annotations

from django.http import QueryDict

from .text import nfc

# Field names whose values are never changed.
_VERBATIM = ("password", "csrfmiddlewaretoken")


def _verbatim(name: str) -> bool:
    return any(word in name.lower() for word in _VERBATIM)


def _normalized(query: QueryDict) -> QueryDict | None:
    """A normalised copy of the QueryDict, or None when nothing changes (the common,
    all-composed case costs no copy)."""
    changed = False
    lists = []
    for key, values in query.lists():
        new_key = nfc(key)
        new_values = values if _verbatim(key) else [nfc(v) for v in values]
        changed = changed or new_key != key or new_values != values
        lists.append((new_key, new_values))
    if not changed:
        return None
    copy = QueryDict(mutable=True, encoding=query.encoding)
    for key, values in lists:
        copy.setlist(key, values)
    copy._mutable = False
    return copy


class NormalizeTextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        self.normalize(request)
        return self.get_response(request)

    @staticmethod
    def normalize(request) -> None:
        get = _normalized(request.GET)
        if get is not None:
            request.GET = get
        if request.method not in ("POST", "PUT", "PATCH"):
            return
        content_type = request.content_type or ""
        if content_type == "application/json":
            body = request.body
            if not body.isascii():
                text = body.decode(request.encoding or "utf-8", errors="surrogateescape")
                request._body = nfc(text).encode(request.encoding or "utf-8", errors="surrogateescape")
            return
        if content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            post = _normalized(request.POST)
            if post is not None:
                request.POST = post
