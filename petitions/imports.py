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
from openpyxl import Workbook, load_workbook

from dialogue.text import nfc

from . import services, text
from .forms import PHONE, plain_text
from .models import CONTENT_MAX_LENGTH, Source
from .selectors import fields_for

MAX_ROWS = 2000
MAX_BYTES = 5 * 1024 * 1024

# Column headings as people write them (compared accent- and case-insensitively).
COLUMNS = {
    "petitioner_name": ["họ và tên", "họ tên", "người kiến nghị", "tên"],
    "petitioner_address": ["địa chỉ", "thôn, xóm", "thôn xóm", "xóm", "thôn", "nơi ở"],
    "petitioner_phone": ["điện thoại", "số điện thoại", "sđt"],
    "petitioner_email": ["email", "e-mail", "thư điện tử"],
    "field": ["lĩnh vực"],
    "content": ["nội dung", "nội dung kiến nghị", "ý kiến, kiến nghị", "kiến nghị"],
}
TEMPLATE_HEADINGS = ["STT", "Họ và tên", "Thôn, xóm", "Điện thoại", "Lĩnh vực", "Nội dung kiến nghị"]
REQUIRED = ("petitioner_name", "content")


class ImportFileError(Exception):
    """The file as a whole cannot be read; str() is the Vietnamese message."""


@dataclass
class RowResult:
    number: int
    values: dict
    errors: list[str] = field(default_factory=list)
    code: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors


class FrontRowForm(forms.Form):
    petitioner_name = forms.CharField(max_length=120, validators=[plain_text])
    petitioner_address = forms.CharField(max_length=255, required=False, validators=[plain_text])
    petitioner_phone = forms.RegexField(PHONE, max_length=20, required=False)
    petitioner_email = forms.EmailField(max_length=254, required=False)
    content = forms.CharField(max_length=CONTENT_MAX_LENGTH, validators=[plain_text])


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    # Cell text as typed, composed (NFC): a name pasted decomposed is stored like a typed one.
    return nfc(str(value)).strip()


def _header_map(row) -> dict[str, int]:
    wanted = {text.fold(alias): key for key, aliases in COLUMNS.items() for alias in aliases}
    found: dict[str, int] = {}
    for index, heading in enumerate(row):
        key = wanted.get(text.fold(_cell(heading)))
        if key and key not in found:
            found[key] = index
    return found


def read_rows(upload) -> list[RowResult]:
    """The rows of the first sheet under its heading row, with per-row errors."""
    if upload.size > MAX_BYTES:
        raise ImportFileError(_("The file is larger than 5 MB."))
    try:
        workbook = load_workbook(io.BytesIO(upload.read()), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any unreadable file gets the same message
        raise ImportFileError(_("This is not an Excel (.xlsx) file that can be read.")) from exc
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header, header_number = None, 0
    for header_number, row in enumerate(rows, start=1):
        mapping = _header_map(row)
        if all(k in mapping for k in REQUIRED):
            header = mapping
            break
        if header_number >= 10:
            break
    if header is None:
        raise ImportFileError(
            _("No heading row with the columns \"Họ và tên\" and \"Nội dung\" was found in the first 10 rows.")
        )
    results = []
    for number, row in enumerate(rows, start=header_number + 1):
        values = {key: _cell(row[i]) if i < len(row) else "" for key, i in header.items()}
        if not any(values.values()):
            continue
        if len(results) >= MAX_ROWS:
            raise ImportFileError(_("The list has more than %(n)s rows; split it into several files.") % {"n": MAX_ROWS})
        results.append(RowResult(number=number, values=values))
    workbook.close()
    if not results:
        raise ImportFileError(_("The list has no rows under its heading."))
    return results


LABELS = {
    "petitioner_name": "Họ và tên",
    "petitioner_address": "Thôn, xóm",
    "petitioner_phone": "Điện thoại",
    "petitioner_email": "Email",
    "field": "Lĩnh vực",
    "content": "Nội dung",
}


def validate(rows: list[RowResult], organization) -> None:
    fields_by_key = {text.fold(f.name): f for f in fields_for([organization.pk])}
    for row in rows:
        form = FrontRowForm({k: v for k, v in row.values.items() if k != "field"})
        if not form.is_valid():
            for name, errors in form.errors.items():
                row.errors.extend(f"{LABELS.get(name, name)}: {e}" for e in errors)
            continue
        cleaned = dict(form.cleaned_data)
        field_name = row.values.get("field", "")
        cleaned["field"] = None
        if field_name:
            cleaned["field"] = fields_by_key.get(text.fold(field_name))
            if cleaned["field"] is None:
                row.errors.append(_("Field: \"%(name)s\" is not in the list of fields.") % {"name": field_name})
                continue
        row.values = cleaned


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
