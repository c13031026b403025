"""What users do to a conference's invitees: add, edit, remove, import a
workbook, and issue a batch of printed invitations.

Every function checks `can_manage` and runs in one transaction. The import
checks every row first and saves nothing when any row is refused, unless the
user chose to import the valid rows only; the report names each refused row
and why ("Dòng 12: Số điện thoại không hợp lệ (0912 34)").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import partial

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from dialogue import clock, spreadsheets
from dialogue.access import has_role
from dialogue.models import Role
from dialogue.phones import normalize_phone
from dialogue.text import fold
from dialogue.updates import model_update
from registry.issuing import IssueFacts, issue_document
from registry.services import DocType, RegisterError, register_next

from .invitation_documents import build_invitation, render_invitations_pdf
from .models import Conference, ConferenceGroup, InvitationBatch, InvitationDelegation, Invitee
from .services import ConferenceError, can_manage

MAX_ROWS = 5000  # a commune's dialogue invites tens to hundreds; more is a wrong file
MAX_UPLOAD_BYTES = spreadsheets.MAX_FILE_BYTES

# Column headers, compared without accents, case or punctuation (see dialogue.spreadsheets).
COLUMNS = [
    spreadsheets.Column("full_name", "Họ và tên", ("họ và tên", "họ tên", "tên")),
    spreadsheets.Column("position", "Chức vụ/Đơn vị", ("chức vụ", "đơn vị", "chức danh")),
    spreadsheets.Column("hamlet", "Thôn/xóm", ("thôn", "xóm", "tổ dân phố", "địa chỉ")),
    spreadsheets.Column("phone", "Điện thoại", ("điện thoại", "số điện thoại", "sđt", "đt"), spreadsheets.PHONE),
    spreadsheets.Column("email", "Email", ("email", "e-mail", "thư điện tử")),
    spreadsheets.Column("group", "Nhóm", ("nhóm", "thành phần")),
    spreadsheets.Column("note", "Ghi chú", ("ghi chú",)),
]
REQUIRED = [("full_name",), ("position", "hamlet")]
TEMPLATE_HEADERS = ["STT", "Họ và tên", "Chức vụ/Đơn vị", "Thôn/xóm", "Điện thoại", "Email", "Nhóm", "Ghi chú"]

MAX_LENGTHS = {name: Invitee._meta.get_field(name).max_length for name in
               ("full_name", "position", "hamlet", "email", "note")}
COLUMN_LABELS = {column.key: column.label for column in COLUMNS}
FIELD_LABELS = {
    "full_name": "Họ và tên",
    "position": "Chức vụ/Đơn vị",
    "hamlet": "Thôn/xóm",
    "email": "Email",
    "note": "Ghi chú",
}


# ---------------------------------------------------------------- text helpers


def clean_name(value: str) -> str:
    return " ".join(str(value).split())


def duplicate_key(full_name: str, phone: str, position: str, hamlet: str) -> tuple:
    """Two entries are the same person when their names match and so does the phone,
    or, without a phone, the position and hamlet."""
    if phone:
        return (fold(full_name), phone)
    return (fold(full_name), fold(position), fold(hamlet))


# ---------------------------------------------------------------- one invitee


def _require(user, conference: Conference) -> None:
    if not can_manage(user, conference):
        raise ConferenceError(_("You may not change this conference."))
    if not conference.is_editable:
        raise ConferenceError(_("A conference that has been held can no longer be edited."))


def _check_values(conference: Conference, values: dict, *, exclude_pk=None) -> dict:
    """The values cleaned, or ConferenceError naming the field."""
    out = {
        "full_name": clean_name(values.get("full_name", "")),
        "position": " ".join(str(values.get("position", "") or "").split()),
        "hamlet": " ".join(str(values.get("hamlet", "") or "").split()),
        "email": str(values.get("email", "") or "").strip(),
        "note": str(values.get("note", "") or "").strip(),
        "phone": "",
        "group": values.get("group"),
    }
    if not out["full_name"]:
        raise ConferenceError(_("Enter the full name."), field="full_name")
    for name, limit in MAX_LENGTHS.items():
        if len(out[name]) > limit:
            raise ConferenceError(_("At most %(limit)d characters.") % {"limit": limit}, field=name)
    raw_phone = str(values.get("phone", "") or "").strip()
    if raw_phone:
        phone = normalize_phone(raw_phone)
        if phone is None:
            raise ConferenceError(_("Invalid phone number (%(value)s).") % {"value": raw_phone}, field="phone")
        out["phone"] = phone
    if out["email"]:
        try:
            validate_email(out["email"])
        except ValidationError:
            raise ConferenceError(_("Invalid email (%(value)s).") % {"value": out["email"]}, field="email") from None
    group = out["group"]
    if group is not None and group.conference_id != conference.pk:
        raise ConferenceError(_("Choose one of this conference's groups."), field="group")
    key = duplicate_key(out["full_name"], out["phone"], out["position"], out["hamlet"])
    others = conference.invitees.exclude(pk=exclude_pk) if exclude_pk else conference.invitees.all()
    for other in others.only("full_name", "phone", "position", "hamlet"):
        if duplicate_key(other.full_name, other.phone, other.position, other.hamlet) == key:
            raise ConferenceError(_("This person is already on the list."), field="full_name")
    return out


@transaction.atomic
def invitee_add(
    *, conference: Conference, by, full_name: str, position: str = "", hamlet: str = "", phone: str = "",
    email: str = "", note: str = "", group: ConferenceGroup | None = None,
) -> Invitee:
    _require(by, conference)
    values = dict(full_name=full_name, position=position, hamlet=hamlet, phone=phone, email=email, note=note,
                  group=group)
    data = _check_values(conference, values)
    order = (conference.invitees.aggregate(m=Max("order"))["m"] or 0) + 1
    return Invitee.objects.create(conference=conference, order=order, **data)


@transaction.atomic
def invitee_update(
    *, invitee: Invitee, by, full_name: str, position: str = "", hamlet: str = "", phone: str = "", email: str = "",
    note: str = "", group: ConferenceGroup | None = None,
) -> Invitee:
    """The invitee's whole card as the form shows it."""
    conference = invitee.conference
    _require(by, conference)
    values = dict(full_name=full_name, position=position, hamlet=hamlet, phone=phone, email=email, note=note,
                  group=group)
    data = _check_values(conference, values, exclude_pk=invitee.pk)
    invitee, _changed = model_update(instance=invitee, fields=data, data=data)
    return invitee


@transaction.atomic
def invitee_remove(*, invitee: Invitee, by) -> None:
    _require(by, invitee.conference)
    invitee.delete()


# ---------------------------------------------------------------- import


@dataclass
class RowProblem:
    row: int  # the worksheet's row number, as the user sees it in Excel
    messages: list[str]

    @property
    def text(self) -> str:
        return _("Row %(row)d: %(problems)s") % {"row": self.row, "problems": "; ".join(self.messages)}


@dataclass
class ImportReport:
    total: int = 0  # data rows read (blank rows skipped)
    valid: int = 0
    created: int = 0
    saved: bool = False
    problems: list[RowProblem] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)  # headers no field took, said so on the page

    @property
    def refused(self) -> int:
        return len(self.problems)

    @property
    def ok(self) -> bool:
        return not self.problems


def _match_group(text: str, groups: list[tuple[str, ConferenceGroup]]):
    """The group whose text starts with `text` (accent-insensitive); (group, None) or (None, message)."""
    wanted = fold(text)
    matches = [group for folded, group in groups if folded.startswith(wanted)]
    exact = [group for folded, group in groups if folded == wanted]
    if len(exact) == 1:
        return exact[0], None
    if len(matches) == 1:
        return matches[0], None
    if not matches:
        return None, _("No invited group of this conference matches the group (%(value)s)") % {"value": text}
    return None, _("More than one invited group matches the group (%(value)s)") % {"value": text}


def read_workbook(upload) -> spreadsheets.Table:
    """The rows of the first worksheet under its header, or ConferenceError on the file field."""
    try:
        return spreadsheets.read_table(upload, COLUMNS, required=REQUIRED, max_rows=MAX_ROWS)
    except spreadsheets.SpreadsheetError as error:
        raise ConferenceError(error.message, field="file") from None


def check_rows(conference: Conference, table: spreadsheets.Table) -> tuple[ImportReport, list[Invitee]]:
    """Every row checked against the rules, the others and the existing list; nothing saved."""
    report = ImportReport(ignored_columns=list(table.ignored))
    groups = [(fold(g.text), g) for g in conference.groups.all()]
    seen = {
        duplicate_key(i.full_name, i.phone, i.position, i.hamlet): None
        for i in conference.invitees.only("full_name", "phone", "position", "hamlet")
    }
    order = (conference.invitees.aggregate(m=Max("order"))["m"] or 0)
    valid: list[Invitee] = []
    for row in table.rows:
        number, values = row.number, row.values
        report.total += 1
        problems: list[str] = [
            f"{FIELD_LABELS.get(key, COLUMN_LABELS[key])}: {problem}" for key, problem in row.problems.items()
        ]
        name = clean_name(values.get("full_name", ""))
        if not name and "full_name" not in row.problems:
            problems.append(_("Full name is empty"))
        for key, limit in MAX_LENGTHS.items():
            text = values.get(key, "")
            if len(text) > limit:
                problems.append(
                    _("%(column)s is longer than %(limit)d characters") % {"column": FIELD_LABELS[key], "limit": limit}
                )
        raw_phone = values.get("phone", "")
        phone = ""
        if raw_phone:
            phone = normalize_phone(raw_phone) or ""
            if not phone:
                problems.append(_("Invalid phone number (%(value)s)") % {"value": raw_phone})
        email = values.get("email", "")
        if email:
            try:
                validate_email(email)
            except ValidationError:
                problems.append(_("Invalid email (%(value)s)") % {"value": email})
        group = None
        if values.get("group"):
            group, message = _match_group(values["group"], groups)
            if message:
                problems.append(message)
        position = " ".join(values.get("position", "").split())
        hamlet = " ".join(values.get("hamlet", "").split())
        if name and not problems:
            key = duplicate_key(name, phone, position, hamlet)
            if key in seen:
                first = seen[key]
                problems.append(
                    _("Same person as row %(row)d") % {"row": first} if first else _("Already on the invitee list")
                )
            else:
                seen[key] = number
        if problems:
            report.problems.append(RowProblem(row=number, messages=problems))
            continue
        order += 1
        valid.append(
            Invitee(
                conference=conference, group=group, order=order, full_name=name, position=position,
                hamlet=hamlet, phone=phone, email=email, note=values.get("note", ""),
            )
        )
    report.valid = len(valid)
    return report, valid


def invitees_import(*, conference: Conference, by, upload, valid_only: bool = False) -> ImportReport:
    """Import a workbook: all rows or none; with `valid_only`, the valid rows and a report of the others."""
    _require(by, conference)
    table = read_workbook(upload)
    if not table.rows:
        raise ConferenceError(_("The workbook has no rows under its header."), field="file")
    with transaction.atomic():
        # Locks the conference so two imports of the same file cannot both pass the duplicate check.
        Conference.objects.select_for_update().filter(pk=conference.pk).exists()
        report, valid = check_rows(conference, table)
        if (report.problems and not valid_only) or not valid:
            return report
        Invitee.objects.bulk_create(valid, batch_size=500)
        report.created = len(valid)
        report.saved = True
    return report


def template_workbook() -> bytes:
    """The .xlsx to fill in: the headers, an example row and the conference-independent hints."""
    from io import BytesIO

    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Khách mời"
    sheet.append(TEMPLATE_HEADERS)
    sheet.append([1, "Nguyễn Văn An", "Trưởng thôn", "Thôn Hòa Bình", "0912345678", "", "", ""])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for letter, width in zip("ABCDEFGH", (6, 28, 30, 20, 14, 26, 30, 20)):
        sheet.column_dimensions[letter].width = width
    # Phones as text, so Excel keeps the leading 0.
    for row in sheet.iter_rows(min_row=2, max_row=1000, min_col=5, max_col=5):
        for cell in row:
            cell.number_format = "@"
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


# ---------------------------------------------------------------- printed invitations


def invitees_for(conference: Conference, group: ConferenceGroup | None):
    qs = conference.invitees.select_related("group")
    return qs.filter(group=group) if group is not None else qs


def _same_batch(conference, group, invitees, *, issued_on, number) -> InvitationBatch | None:
    """The last batch when it is this very issue again (a double click, a retry, two
    requests at once): the same group, people, date and number, and neither the
    conference nor anyone on the list changed since, so it would print the same
    invitations. A new batch is issued only when something printed would differ."""
    last = conference.invitation_batches.filter(group=group).order_by("-created_at", "-id").first()
    if last is None or last.issued_on != issued_on or (number is not None and number != last.number):
        return None
    if conference.updated_at > last.created_at or any(i.updated_at > last.created_at for i in invitees):
        return None
    if set(last.invitees.values_list("pk", flat=True)) != {i.pk for i in invitees}:
        return None
    return last


def active_delegation(user, organization_id: int, day: dt.date) -> InvitationDelegation | None:
    if not getattr(user, "is_authenticated", False):
        return None
    for delegation in InvitationDelegation.objects.filter(organization_id=organization_id, user=user):
        if delegation.is_active(day):
            return delegation
    return None


def can_issue_invitations(user, conference: Conference, day: dt.date | None = None) -> bool:
    """A GIẤY MỜI carries the head's signature: a leader issues it, or whoever the head
    delegated in writing to sign for them (TL., TUQ.)."""
    if has_role(user, conference.organization_id, Role.LEADER):
        return True
    return active_delegation(user, conference.organization_id, day or clock.today()) is not None


@transaction.atomic
def invitation_batch_issue(
    *, conference: Conference, by, group: ConferenceGroup | None = None, number: int | None = None,
    issued_on: dt.date | None = None,
) -> InvitationBatch:
    """Fix the invitations of everyone on the list (or one group) as issued: no DỰ THẢO mark."""
    if not can_manage(by, conference):
        raise ConferenceError(_("You may not change this conference."))
    issued_on = issued_on or clock.today()
    delegation = None
    if not has_role(by, conference.organization_id, Role.LEADER):
        delegation = active_delegation(by, conference.organization_id, issued_on)
        if delegation is None:
            raise ConferenceError(_(
                "Invitations are signed by a leader, or by someone the head has delegated in writing to sign "
                "them (TL., TUQ.). Ask a leader to issue them."
            ))
    if conference.is_cancelled:
        raise ConferenceError(_("A cancelled conference sends no invitations."))
    if not conference.is_editable:
        raise ConferenceError(_("A conference that has been held can no longer be edited."))
    if not conference.starts_at or not conference.venue:
        raise ConferenceError(_("Fix the date, time and venue before issuing invitations."))
    if group is not None and group.conference_id != conference.pk:
        raise ConferenceError(_("Choose one of this conference's groups."), field="group")
    # Issues of one conference one at a time: a concurrent duplicate then sees the first batch.
    locked = Conference.objects.select_for_update().only("updated_at").get(pk=conference.pk)
    invitees = list(invitees_for(conference, group))
    if not invitees:
        raise ConferenceError(_("There is nobody to invite in this selection."))
    same = _same_batch(locked, group, invitees, issued_on=issued_on, number=number)
    if same is not None:
        same.already_issued = True
        return same
    # The register's GM series of the year, locked until this commits; a number
    # typed by the office (continuing a paper register) must lie beyond it.
    before = InvitationBatch.objects.filter(
        conference__organization_id=conference.organization_id, issued_on__year=issued_on.year
    ).aggregate(m=Max("number"))["m"] or 0
    try:
        number = register_next(
            issuer=conference.organization, year=issued_on.year, doc_type=DocType.INVITATION, after=before,
            number=number,
        )
    except RegisterError as error:
        raise ConferenceError(error.message, field="number") from error
    signature = {}
    if delegation is not None:
        signature = {
            "signature_lines": "\n".join(
                line.upper() for line in (f"{delegation.authority}. {delegation.on_behalf_of}", delegation.position)
            ),
            "signer_name": by.get_full_name() or by.get_username(),
        }
    batch = InvitationBatch.objects.create(
        conference=conference, group=group, number=number, issued_on=issued_on,
        count=len(invitees), created_by=by, **signature,
    )
    batch.invitees.set(invitees)
    _file_in_register(batch, by)
    return batch


# A batch this small is rendered in the issue itself (about 0.2 s a letter); a
# larger one (hundreds of letters, ~25 s) by the register's freeze task once the
# issue commits, and the batch page waits for it.
INLINE_BATCH_MAX = 20


def _file_in_register(batch: InvitationBatch, by) -> None:
    conference = batch.conference
    doc = build_invitation(conference, batch)
    facts = IssueFacts(
        issuer=conference.organization, doc_type=DocType.INVITATION, number=batch.number, symbol=doc.symbol,
        subject=f"Giấy mời {doc.subject[:1].lower()}{doc.subject[1:]} ({batch.count} giấy mời)",
        issued_on=batch.issued_on, signer_name=doc.signer_name, signer_position=", ".join(doc.signature_lines),
    )
    inline = batch.count <= INLINE_BATCH_MAX
    issue_document(facts=facts, source=batch, by=by, render=partial(render_batch, batch) if inline else None)


def render_batch(batch: InvitationBatch, verification) -> bytes:
    invitees = batch.invitees.order_by("order", "id")
    return render_invitations_pdf(batch.conference, invitees, batch=batch, verification=verification)


def render_registered_batch(document, verification) -> bytes:
    """The register's re-render of a batch it froze later (registry.issuing.register_renderer)."""
    batch = InvitationBatch.objects.select_related("conference__organization", "conference__plan").get(
        pk=document.invitation_batch_id
    )
    return render_batch(batch, verification)
