"""iCalendar (RFC 5545) feeds of announced conferences, written by hand:
the format is small and a dependency would add more than it saves.

Only what the public page shows goes in: title, time, venue, audience,
content and the link back. Never the people or the invitees.
"""

import datetime as dt
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from .models import Conference, ConferenceStatus

PRODID = "-//Doi thoai//Hoi nghi tiep xuc doi thoai//VI"


def escape_text(value: str) -> str:
    """TEXT escaping (RFC 5545 §3.3.11): backslash, semicolon, comma, newline."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str, limit: int = 75) -> str:
    """Fold a content line at `limit` octets (§3.1) without splitting a UTF-8 character."""
    encoded = line.encode("utf-8")
    if len(encoded) <= limit:
        return line
    parts = []
    current = ""
    size = 0
    width = limit
    for char in line:
        n = len(char.encode("utf-8"))
        if size + n > width:
            parts.append(current)
            current, size = "", 0
            width = limit - 1  # continuation lines start with a space
        current += char
        size += n
    parts.append(current)
    return "\r\n ".join(parts)


def _utc(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def public_url(conference: Conference) -> str:
    return settings.SITE_URL + reverse("conferences_public:detail", args=[conference.public_code])


def uid(conference: Conference) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"conference-{conference.public_code}@{host}"


def _end(conference: Conference) -> dt.datetime | None:
    return conference.ends_at


def event_lines(conference: Conference, stamp: dt.datetime) -> list[str]:
    url = public_url(conference)
    description = []
    if conference.audience:
        description.append(f"Đối tượng: {conference.audience.strip()}")
    if conference.content:
        description.append(f"Nội dung: {conference.content.strip()}")
    description.append(url)
    lines = [
        "BEGIN:VEVENT",
        f"UID:{uid(conference)}",
        f"DTSTAMP:{_utc(stamp)}",
        f"DTSTART:{_utc(conference.starts_at)}",
    ]
    end = _end(conference)
    if end is not None:
        lines.append(f"DTEND:{_utc(end)}")
    lines += [
        f"SEQUENCE:{conference.revision}",
        f"LAST-MODIFIED:{_utc(conference.updated_at)}",
        f"SUMMARY:{escape_text(conference.title)}",
    ]
    if conference.venue:
        lines.append(f"LOCATION:{escape_text(conference.venue)}")
    lines += [
        f"DESCRIPTION:{escape_text(chr(10).join(description))}",
        f"URL:{url}",
        "STATUS:" + ("CANCELLED" if conference.status == ConferenceStatus.CANCELLED else "CONFIRMED"),
        "TRANSP:OPAQUE",
        "END:VEVENT",
    ]
    return lines


def calendar(conferences, *, name: str) -> str:
    """The whole VCALENDAR; `conferences` must already be the public ones."""
    stamp = timezone.now().replace(microsecond=0)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
        f"X-WR-TIMEZONE:{settings.TIME_ZONE}",
    ]
    for conference in conferences:
        if conference.announced_at is None or conference.starts_at is None:
            continue  # never in a feed before it is announced
        lines += event_lines(conference, stamp)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
