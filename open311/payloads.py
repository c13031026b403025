"""The GeoReport v2 documents, built from what open311.selectors read (public
columns only), in the spec's field order."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from petitions.models import EventKind, PetitionStatus

from .selectors import CLOSED, OTHER_SERVICE

STATUS_LABELS = dict(PetitionStatus.choices)


def iso(value: dt.datetime | None) -> str | None:
    """W3C date and time with the offset, in Vietnam's time: 2026-11-20T08:00:00+07:00."""
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def _end_of_day(day: dt.date | None) -> str | None:
    if day is None:
        return None
    return iso(timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59, 59))))


def other_service_name() -> str:
    return _("Other, or not sure of the field")


def service(organization, code: str, name: str) -> dict:
    return {
        "service_code": code,
        "service_name": name,
        "description": _("Questions and petitions about %(field)s for the dialogue conferences of %(organization)s.")
        % {"field": name, "organization": organization.name},
        # Every service has attributes: the conference and the consent (the service definition).
        "metadata": True,
        "type": "realtime",
        "keywords": "",
        "group": _("Citizen dialogue"),
    }


def services(organization, fields) -> list[dict]:
    return [
        *(service(organization, str(f.pk), f.name) for f in fields),
        service(organization, OTHER_SERVICE, other_service_name()),
    ]


def definition(code: str, conferences) -> dict:
    """The attributes a question needs beside GeoReport's own parameters: the
    conference it is registered for, the citizen's consent and, if they want it, news by e-mail,
    as on the web form."""
    return {
        "service_code": code,
        "attributes": [
            {
                "variable": True,
                "code": "conference",
                "datatype": "singlevaluelist",
                "required": True,
                "datatype_description": None,
                "order": 1,
                "description": _("The conference the question is registered for (before it starts)."),
                "values": [{"key": c.public_code, "name": conference_name(c)} for c in conferences],
            },
            {
                "variable": True,
                "code": "consent",
                "datatype": "singlevaluelist",
                "required": True,
                "datatype_description": None,
                "order": 2,
                "description": _(
                    "I agree that the office and the assigned agency use my contact details to answer me."
                ),
                "values": [{"key": "yes", "name": _("I agree")}],
            },
            {
                "variable": True,
                "code": "updates",
                "datatype": "singlevaluelist",
                "required": False,
                "datatype_description": None,
                "order": 3,
                "description": _("Send me news of my petition by e-mail (the e-mail parameter is then needed)."),
                "values": [{"key": "yes", "name": _("Yes")}],
            },
        ],
    }


def conference_name(conference) -> str:
    if conference.starts_at is None:
        return conference.title
    return f"{conference.title} · {timezone.localtime(conference.starts_at):%H:%M %d/%m/%Y}"


def request(row: dict, events: list[dict]) -> dict:
    """A petition as a GeoReport service request: open or closed, its status and any
    extension in the notes, the agency answering and the date it must answer by."""
    agency = due = None
    notes = []
    for event in events:
        if event["kind"] in (EventKind.ASSIGNED, EventKind.REFERRED):
            agency, due = event["agency_name"] or None, event["date"]
        elif event["kind"] == EventKind.EXTENDED:
            due = event["date"]
            date = f"{event['date']:%d/%m/%Y}"
            notes = [_("Extended to %(date)s: %(reason)s") % {"date": date, "reason": event["text"]}]
    closed = row["status"] in CLOSED
    return {
        "service_request_id": row["tracking_code"],
        "status": "closed" if closed else "open",
        "status_notes": " ".join([str(STATUS_LABELS.get(row["status"], row["status"])), *notes]),
        "service_name": row["field__name"] or other_service_name(),
        "service_code": str(row["field_id"]) if row["field_id"] else OTHER_SERVICE,
        "agency_responsible": agency,
        "requested_datetime": iso(row["created_at"]),
        "updated_datetime": iso(events[-1]["at"] if events else row["created_at"]),
        "expected_datetime": None if closed else _end_of_day(due),
    }


def created(code: str, notice: str) -> list[dict]:
    return [{"service_request_id": code, "service_notice": notice, "account_id": None}]
