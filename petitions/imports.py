"""The Fatherland Front's compiled list (.xlsx) of petitions collected before a
conference, read row by row.

Each row is checked with the same rules as the public form; the report says,
for every row, what was created (its tracking code) or what is wrong with it.
By default the import is all or nothing, so a list with one bad row can be
fixed and uploaded again without creating duplicates.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook

from dialogue import clock, spreadsheets
from dialogue.glyphs import PrintableTextMixin
from dialogue.phones import PhoneField
from dialogue.text import fold, plain_text

from . import services
from .models import CONTENT_MAX_LENGTH, Petition, Source
from .selectors import fields_for

MAX_ROWS = 2000
MAX_BYTES = spreadsheets.MAX_FILE_BYTES

# Column headings as people write them (compared accent- and case-insensitively;
# a heading may go on: "Điện thoại (di động)").
COLUMNS = [
    spreadsheets.Column("petitioner_name", "Họ và tên", ("họ và tên", "họ tên", "người kiến nghị", "tên")),
    spreadsheets.Column(
        "petitioner_address", "Thôn, xóm", ("địa chỉ", "thôn, xóm", "thôn xóm", "xóm", "thôn", "nơi ở")
    ),
    spreadsheets.Column("petitioner_phone", "Điện thoại", ("điện thoại", "số điện thoại", "sđt"), spreadsheets.PHONE),
    spreadsheets.Column("petitioner_email", "Email", ("email", "e-mail", "thư điện tử")),
    spreadsheets.Column("field", "Lĩnh vực", ("lĩnh vực",)),
    spreadsheets.Column("content", "Nội dung", ("nội dung", "nội dung kiến nghị", "ý kiến, kiến nghị", "kiến nghị")),
    spreadsheets.Column("received_on", "Ngày nhận", ("ngày nhận", "ngày tiếp nhận"), spreadsheets.DATE),
]
TEMPLATE_HEADINGS = ["STT", "Họ và tên", "Thôn, xóm", "Điện thoại", "Lĩnh vực", "Nội dung kiến nghị"]
REQUIRED = [("petitioner_name",), ("content",)]


class ImportFileError(Exception):
    """The file as a whole cannot be read; str() is the Vietnamese message."""


@dataclass
class RowResult:
    number: int
    values: dict
    errors: list[str] = field(default_factory=list)
    code: str = ""
    problems: dict[str, str] = field(default_factory=dict)  # cells the reader could not read, by key

    @property
    def ok(self) -> bool:
        return not self.errors


class ImportRows(list):
    """The rows read, and the headers of the columns no field took (shown on the report)."""

    ignored: list[str] = []


class FrontRowForm(PrintableTextMixin, forms.Form):
    # A row becomes a petition like one typed in the form: what prints must be printable.
    unprinted_fields = ("petitioner_email",)
    petitioner_name = forms.CharField(max_length=120, validators=[plain_text])
    petitioner_address = forms.CharField(max_length=255, required=False, validators=[plain_text])
    petitioner_phone = PhoneField(required=False)
    petitioner_email = forms.EmailField(max_length=254, required=False)
    content = forms.CharField(max_length=CONTENT_MAX_LENGTH, validators=[plain_text])
    received_on = forms.DateField(required=False)

    def clean_received_on(self):
        day = self.cleaned_data.get("received_on")
        if day and day > clock.today():
            raise ValidationError(_("The date received cannot be in the future."))
        return day


def read_rows(upload) -> list[RowResult]:
    """The rows of the first sheet under its heading row (found in the first rows), or ImportFileError."""
    try:
        table = spreadsheets.read_table(upload, COLUMNS, required=REQUIRED, max_rows=MAX_ROWS)
    except spreadsheets.SpreadsheetError as error:
        raise ImportFileError(error.message) from None
    if not table.rows:
        raise ImportFileError(_("The list has no rows under its heading."))
    rows = ImportRows(RowResult(number=row.number, values=row.values, problems=row.problems) for row in table.rows)
    rows.ignored = table.ignored
    return rows


LABELS = {
    "petitioner_name": "Họ và tên",
    "petitioner_address": "Thôn, xóm",
    "petitioner_phone": "Điện thoại",
    "petitioner_email": "Email",
    "field": "Lĩnh vực",
    "content": "Nội dung",
    "received_on": "Ngày nhận",
}


def validate(rows: list[RowResult], organization) -> None:
    fields_by_key = {fold(f.name): f for f in fields_for([organization.pk])}
    for row in rows:
        # A cell the reader could not read is said so ("công thức không có giá trị"),
        # not reported again as empty ("bắt buộc").
        row.errors.extend(f"{LABELS.get(key, key)}: {problem}" for key, problem in row.problems.items())
        form = FrontRowForm({k: v for k, v in row.values.items() if k != "field"})
        if not form.is_valid():
            for name, errors in form.errors.items():
                if name not in row.problems:
                    row.errors.extend(f"{LABELS.get(name, name)}: {e}" for e in errors)
        if row.errors:
            continue
        cleaned = dict(form.cleaned_data)
        field_name = row.values.get("field", "")
        cleaned["field"] = None
        if field_name:
            cleaned["field"] = fields_by_key.get(fold(field_name))
            if cleaned["field"] is None:
                row.errors.append(_("Field: \"%(name)s\" is not in the list of fields.") % {"name": field_name})
                continue
        row.values = cleaned
    _refuse_rows_imported_before(rows, organization)


def _refuse_rows_imported_before(rows: list[RowResult], organization) -> None:
    """The same list uploaded again (last week's file, a second person at the office) must not
    make every petition twice: a row whose petitioner and content, however typed, are already
    a petition of the Front's list is refused naming that petition's code."""

    # As Petition.save keys them (the name key is cut at 120 characters).
    keys = {(fold(r.values["petitioner_name"])[:120], fold(r.values["content"])): r for r in rows if r.ok}
    if not keys:
        return
    existing = Petition.objects.filter(
        organization=organization, source=Source.FRONT, name_key__in={name for name, _ in keys}
    ).values_list("name_key", "content_key", "tracking_code")
    for name_key, content_key, code in existing:
        row = keys.get((name_key, content_key))
        if row is not None:
            row.errors.append(_("Already imported as %(code)s.") % {"code": code})


@transaction.atomic
def import_front_list(*, organization, by, rows: list[RowResult], conference=None, skip_invalid: bool = False) -> int:
    """Create the petitions of the valid rows (all rows must be valid unless
    skip_invalid); returns how many were created."""
    if not services.can_record(by, organization.pk):
        raise services.PetitionError(_("You are not allowed to do this."))
    validate(rows, organization)
    if not skip_invalid and any(not r.ok for r in rows):
        return 0
    created = 0
    for row in rows:
        if not row.ok:
            continue
        petition = services.petition_record(
            organization=organization, by=by, source=Source.FRONT, conference=conference, **row.values
        )
        row.code = petition.tracking_code
        created += 1
    return created


def template_workbook() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Kiến nghị"
    sheet.append(TEMPLATE_HEADINGS)
    sheet.append([1, "Nguyễn Văn A", "Xóm Hòa Bình", "0912345678", "Giao thông", "Đề nghị sửa chữa đường liên xóm."])
    for column, width in zip("ABCDEF", (6, 24, 18, 14, 16, 60), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def check_upload(upload) -> None:
    name = (upload.name or "").lower()
    if not name.endswith(".xlsx"):
        raise ValidationError(_("Choose an Excel file ending in .xlsx."))
