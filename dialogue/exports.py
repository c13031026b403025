"""The one way a list leaves the site as an Excel file.

Each app says what its list prints as `Column`s over its rows (a queryset read
with `.iterator()`, never a list in memory) and hands the `Sheet`s to
`export_response`; this module writes them, always the same way:

- openpyxl's write-only mode: every row goes straight to the file being built
  (openpyxl writes strings inline, so nothing grows with the number of rows),
  so 100,000 petitions take the memory of a few hundred (bench/exports.py);
- Vietnamese headers in bold, the header row frozen and filtered, column
  widths that fit the header and the first rows;
- dates as real dates (dd/mm/yyyy), numbers as numbers;
- a text that begins with = + - @ (or a tab or a carriage return) is stored as
  text with Excel's own "typed with a leading apostrophe" flag, so opening the
  file never runs a formula a citizen typed into a petition ("=1+1" reads
  back as "=1+1").

A list longer than EXPORT_SYNC_MAX_ROWS is built by a Celery task
(`dialogue.build_export`) into an ExportJob the user downloads from a page
that says when it is ready. The task re-runs the same builder with the same
user and query, found by name: each app's `exports` module registers its
builders (`register_export`) and is imported on first use, the way Django's
admin finds each app's `admin` module, so this core module names no app.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import FileResponse, QueryDict
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules
from django.utils.text import slugify

from . import clock

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# The first characters that make Excel or LibreOffice read a cell as a formula
# (OWASP "CSV injection"); a tab or carriage return first also, in some readers.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

DATE_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"

# Column widths (in characters) measured on the header and the first rows.
MEASURED_ROWS = 200
MIN_WIDTH, MAX_WIDTH = 6, 60
# An Excel cell holds at most 32,767 characters.
CELL_LIMIT = 32_767


@dataclass(frozen=True)
class Column:
    """One column: its header as printed and how a row gives its value.

    `kind` says what the value is: "text", "int", "number", "date" (a date or
    None) or "datetime" (an aware datetime, written in Vietnam's time)."""

    header: str
    value: Callable[[Any], Any]
    kind: str = "text"
    width: int | None = None


@dataclass
class Sheet:
    title: str
    columns: Sequence[Column]
    rows: Iterable[Any]


@dataclass
class Export:
    """What a builder returns: the file's name, its sheets and how many rows they hold."""

    filename: str
    sheets: list[Sheet]
    rows: int
    title: str = ""


# --- writing ------------------------------------------------------------------------------------


def neutralise(text: str) -> bool:
    """Whether a text would be read as a formula and must be stored flagged as text."""
    return text.startswith(FORMULA_STARTS)


# Characters XML 1.0 cannot carry (a pasted control character) would break the file.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _clean_text(value) -> str:
    text = str(value)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    text = _CONTROL.sub("", text)
    return text[:CELL_LIMIT]


def _local(value: dt.datetime) -> dt.datetime:
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(tzinfo=None)


def _shown(value, kind: str) -> str:
    """The text a cell shows, for measuring its width."""
    if value is None:
        return ""
    if kind == "date" and isinstance(value, dt.date):
        return "00/00/0000"
    if kind == "datetime" and isinstance(value, dt.datetime):
        return "00/00/0000 00:00"
    return str(value)


def _width(texts: Iterable[str]) -> int:
    widest = 0
    for text in texts:
        for line in text.splitlines() or [""]:
            widest = max(widest, len(line))
    return max(MIN_WIDTH, min(MAX_WIDTH, widest + 2))


class _Writer:
    """Turns values into openpyxl write-only cells, with the few styles reused."""

    def __init__(self, book, sheet):
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Alignment, Font

        self.Cell = WriteOnlyCell
        self.sheet = sheet
        self.bold = Font(bold=True)
        self.wrap = Alignment(vertical="top", wrap_text=True)

    def header(self, text: str):
        cell = self.Cell(self.sheet, value=_clean_text(text))
        cell.font = self.bold
        cell.alignment = self.wrap
        return cell

    def value(self, value, kind: str):
        if value is None or value == "":
            return None
        if kind == "datetime" and isinstance(value, dt.datetime):
            cell = self.Cell(self.sheet, value=_local(value))
            cell.number_format = DATETIME_FORMAT
            return cell
        if kind in ("date", "datetime") and isinstance(value, dt.date):
            if isinstance(value, dt.datetime):
                value = _local(value).date()
            cell = self.Cell(self.sheet, value=value)
            cell.number_format = DATE_FORMAT
            return cell
        if kind in ("int", "number") and isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
            return value
        text = _clean_text(value)
        if neutralise(text):
            cell = self.Cell(self.sheet, value=text)
            # Stored as text, with the flag Excel sets for "'=1+1": shown and kept as typed, never computed.
            cell.data_type = "s"
            cell.quotePrefix = True
            return cell
        return text


def write_workbook(sheets: Sequence[Sheet], path: str) -> int:
    """Write the sheets as an .xlsx at `path`; the number of data rows written."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    written = 0
    for sheet in sheets:
        ws = book.create_sheet(title=_sheet_title(sheet.title))
        writer = _Writer(book, ws)
        columns = list(sheet.columns)
        rows = iter(sheet.rows)
        # The first rows are held back to measure the columns: widths must be set before any row is written.
        first = []
        for row in rows:
            first.append([column.value(row) for column in columns])
            if len(first) >= MEASURED_ROWS:
                break
        for index, column in enumerate(columns, start=1):
            width = column.width or _width([column.header, *(_shown(values[index - 1], column.kind) for values in first)])
            ws.column_dimensions[get_column_letter(index)].width = width
        ws.freeze_panes = "A2"
        if columns:
            ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}1"
        ws.append([writer.header(column.header) for column in columns])
        for values in first:
            ws.append([writer.value(v, c.kind) for v, c in zip(values, columns)])
            written += 1
        for row in rows:
            ws.append([writer.value(column.value(row), column.kind) for column in columns])
            written += 1
    if not sheets:
        book.create_sheet(title="Sheet1")
    book.save(path)
    return written


def _sheet_title(title: str) -> str:
    # Excel's limits: 31 characters, none of []:*?/\
    cleaned = "".join(c for c in title if c not in "[]:*?/\\").strip() or "Sheet1"
    return cleaned[:31]


def filename_for(title: str, day: dt.date | None = None) -> str:
    """"danh-sach-kien-nghi-2026-03-05.xlsx" from a Vietnamese title."""
    from .text import unaccent

    day = day or clock.today()
    stem = slugify(unaccent(title)) or "danh-sach"
    return f"{stem}-{day:%Y-%m-%d}.xlsx"


def xlsx_file_response(path: str, filename: str) -> FileResponse:
    """The file at `path` as a download; the file is removed once it has been sent."""
    handle = open(path, "rb")  # noqa: SIM115 - closed by FileResponse
    os.unlink(path)  # the open handle keeps the bytes until the response is done
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=XLSX_MIME)
    # Lists name citizens and are per user: never kept by a shared cache.
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def build_file(export: Export) -> str:
    """Write an export to a temporary file; its path (the caller removes it)."""
    handle, path = tempfile.mkstemp(prefix="xuat-", suffix=".xlsx")
    os.close(handle)
    try:
        write_workbook(export.sheets, path)
    except BaseException:
        os.unlink(path)
        raise
    return path


# --- builders by name, for the background task ---------------------------------------------------

Builder = Callable[[Any, QueryDict], Export]
_builders: dict[str, Builder] = {}
_discovered = False


def register_export(name: str, builder: Builder) -> Builder:
    """Called by each app's `exports` module for every list it exports."""
    _builders[name] = builder
    return builder


def builder_for(name: str) -> Builder:
    global _discovered
    if name not in _builders and not _discovered:
        autodiscover_modules("exports")
        _discovered = True
    return _builders[name]


def sync_limit() -> int:
    return getattr(settings, "EXPORT_SYNC_MAX_ROWS", 10_000)


def export_response(request, name: str, *, params: QueryDict | None = None):
    """The list `name` as the user filtered it: the file at once, or, when it is long,
    a background job and the page that hands it over when ready."""
    from .models import ExportJob

    params = request.GET if params is None else params
    export = builder_for(name)(request.user, params)
    if export.rows > sync_limit():
        job = ExportJob.objects.create(
            user=request.user, kind=name, params=params.urlencode(), filename=export.filename,
            title=export.title or export.filename, expected_rows=export.rows,
        )
        from .tasks import build_export  # the task module imports this one

        key = str(job.key)
        transaction.on_commit(lambda: build_export.delay(key), robust=True)
        return redirect("export_job", key=job.key)
    path = build_file(export)
    return xlsx_file_response(path, export.filename)


def run_job(job) -> None:
    """Build a job's file with its user's rights and query; record the outcome on the row."""
    from django.core.files import File

    from .models import ExportJob

    claimed = ExportJob.objects.filter(pk=job.pk, status=ExportJob.Status.QUEUED).update(
        status=ExportJob.Status.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return
    job.refresh_from_db()
    path = None
    try:
        export = builder_for(job.kind)(job.user, QueryDict(job.params))
        path = build_file(export)
        with open(path, "rb") as handle:
            job.file.save(f"{job.key}.xlsx", File(handle), save=False)
        job.rows = export.rows
        job.status = ExportJob.Status.DONE
        job.finished_at = timezone.now()
        job.save(update_fields=["file", "rows", "status", "finished_at"])
    except Exception as error:
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportJob.Status.FAILED, finished_at=timezone.now(), error=repr(error)[:1000]
        )
        raise
    finally:
        if path and os.path.exists(path):
            os.unlink(path)


__all__ = [
    "Column",
    "Export",
    "Sheet",
    "export_response",
    "filename_for",
    "register_export",
    "write_workbook",
]
