"""The conference lists as Excel files (dialogue.exports): the conferences as
filtered, a conference's invitees (for the office: names and contacts are
personal data) and the people checked in at its door."""

from django.http import Http404
from django.utils.translation import gettext as _

from dialogue.exports import Column, Export, Sheet, filename_for, register_export

from . import selectors, services
from .models import Attendance, ConferenceStatus, DoorCount


def conference_rows(user, params):
    rows = selectors.conference_list(user)
    status = params.get("status", "")
    if status in ConferenceStatus.values:
        rows = rows.filter(status=status)
    return rows


def conference_list(user, params) -> Export:
    rows = conference_rows(user, params)
    statuses = dict(ConferenceStatus.choices)
    columns = [
        Column(_("Conference"), lambda c: c.title, width=60),
        Column(_("Organisation"), lambda c: c.organization.name),
        Column(_("Starts at"), lambda c: c.starts_at, "datetime"),
        Column(_("Time as the plan wrote it"), lambda c: c.window_text),
        Column(_("Venue"), lambda c: c.venue),
        Column(_("Kind"), lambda c: _("ad hoc") if c.is_extra else _("periodic")),
        Column(_("Status"), lambda c: str(statuses.get(c.status, c.status))),
    ]
    title = _("Conferences")
    return Export(filename=filename_for("danh-sach-hoi-nghi"), sheets=[Sheet(title, columns, rows.iterator(chunk_size=2000))],
                  rows=rows.count(), title=title)


def _conference(user, params, *, manage: bool):
    raw = params.get("conference", "")
    if not raw.isdigit():
        raise Http404
    conference = selectors.conference_detail(user, int(raw))
    if manage and not services.can_manage(user, conference):
        raise Http404
    return conference


def invitee_list(user, params) -> Export:
    from .invitations import invitees_for

    conference = _conference(user, params, manage=True)
    raw = params.get("group", "")
    group = conference.groups.filter(pk=int(raw)).first() if raw.isdigit() else None
    rows = invitees_for(conference, group).order_by("order", "pk")
    columns = [
        Column("TT", lambda p: p.order or None, "int"),
        Column(_("Full name"), lambda p: p.full_name),
        Column(_("Position or unit"), lambda p: p.position),
        Column(_("Hamlet or village"), lambda p: p.hamlet),
        Column(_("Phone"), lambda p: p.phone),
        Column(_("Email"), lambda p: p.email),
        Column(_("Invited group"), lambda p: p.group.text if p.group_id else "", width=40),
        Column(_("Note"), lambda p: p.note),
    ]
    title = f"{_('Invitees')} · {conference.title}"
    return Export(filename=filename_for(f"khach-moi-{conference.pk}"), sheets=[Sheet(_("Invitees"), columns, rows.iterator())],
                  rows=rows.count(), title=title)


def attendance_list(user, params) -> Export:
    conference = _conference(user, params, manage=False)
    rows = Attendance.objects.filter(conference=conference).order_by("at", "pk")
    door = sum(DoorCount.objects.filter(conference=conference).values_list("count", flat=True))
    columns = [
        Column(_("Full name"), lambda a: a.name),
        Column(_("Hamlet or unit"), lambda a: a.unit),
        Column(_("Checked in at"), lambda a: a.at, "datetime"),
    ]
    counted = [Column(_("Counted at the door"), lambda row: row, "int")]
    title = f"{_('Attendance')} · {conference.title}"
    return Export(
        filename=filename_for(f"diem-danh-{conference.pk}"),
        sheets=[Sheet(_("Checked in by name"), columns, rows.iterator()), Sheet(_("Counted at the door"), counted, [max(door, 0)])],
        rows=rows.count(), title=title,
    )


register_export("conferences.list", conference_list)
register_export("conferences.invitees", invitee_list)
register_export("conferences.attendance", attendance_list)
