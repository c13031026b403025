"""GeoReport v2's two formats: the same data as JSON or as XML.

XML is the spec's required format: the root and item elements are the spec's
(`services`/`service`, `service_definition`, `service_requests`/`request`,
`errors`/`error`), lists inside an item are wrapped in their plural element
(`attributes`/`attribute`, `values`/`value`), true and false are written as
such and a missing value is an empty element. Everything is UTF-8 and the XML
starts with its declaration, as the spec asks.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from django.http import HttpResponse

FORMATS = ("json", "xml")
CONTENT_TYPES = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}
# The element of each item of a list, by the list's element.
ITEMS = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
    "attributes": "attribute",
    "values": "value",
}


class FormatConverter:
    """`<fmt:format>` in the URLs: the extension that chooses the format."""

    regex = "json|xml"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _fill(element: ET.Element, value) -> None:
    if isinstance(value, dict):
        for name, inner in value.items():
            _fill(ET.SubElement(element, name), inner)
    elif isinstance(value, list):
        item = ITEMS[element.tag]
        for inner in value:
            _fill(ET.SubElement(element, item), inner)
    else:
        element.text = _text(value)


def to_xml(root: str, payload) -> bytes:
    element = ET.Element(root)
    _fill(element, payload)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(element, encoding="utf-8", xml_declaration=False)


def to_json(payload) -> bytes:
    return json.dumps(payload, ensure_ascii=False).encode()


def render(payload, format: str, *, root: str, status: int = 200, headers: dict | None = None) -> HttpResponse:
    body = to_xml(root, payload) if format == "xml" else to_json(payload)
    response = HttpResponse(body, status=status, content_type=CONTENT_TYPES[format])
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def errors(format: str, status: int, descriptions: list[str], headers: dict | None = None) -> HttpResponse:
    """The spec's error answer: a list of {code, description}, the code being the HTTP status."""
    payload = [{"code": status, "description": str(description)} for description in descriptions]
    return render(payload, format, root="errors", status=status, headers=headers)
