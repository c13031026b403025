"""The one Excel writer: headers, real dates, numbers, a frozen and filtered
header row, fitting widths, and a text that would be a formula kept as text;
long lists go to a background job the user alone downloads."""

import datetime as dt
import io

import pytest
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from dialogue.exports import Column, Export, Sheet, register_export, write_workbook
from dialogue.models import ExportJob
from dialogue.testing.spreadsheets import soffice, xlsx_to_csv_rows

pytestmark = pytest.mark.django_db

ROWS = [
    {"text": "=1+1", "day": dt.date(2026, 3, 5), "n": 7},
    {"text": "+84 912 345 678", "day": None, "n": None},
    {"text": "-Tự ý lấn chiếm", "day": dt.date(2026, 1, 2), "n": -3},
    {"text": "@SUM(A1:A9)", "day": dt.date(2025, 12, 31), "n": 0},
    {"text": "Đường liên thôn\nbị xuống cấp", "day": dt.date(2026, 2, 28), "n": 12},
]
COLUMNS = [
    Column("Nội dung", lambda r: r["text"]),
    Column("Ngày nhận", lambda r: r["day"], "date"),
    Column("Số", lambda r: r["n"], "int"),
    Column("Lúc", lambda r: timezone.make_aware(dt.datetime(2026, 3, 5, 14, 30)), "datetime"),
]


def written(tmp_path, rows=ROWS) -> bytes:
    path = tmp_path / "a.xlsx"
    assert write_workbook([Sheet("Danh sách", COLUMNS, iter(rows))], str(path)) == len(rows)
    return path.read_bytes()


def test_cells_keep_their_types_and_formulas_stay_text(tmp_path):
    book = load_workbook(io.BytesIO(written(tmp_path)))
    sheet = book["Danh sách"]
    header = [c.value for c in sheet[1]]
    assert header == ["Nội dung", "Ngày nhận", "Số", "Lúc"] and all(c.font.b for c in sheet[1])
    first = sheet[2]
    assert first[0].value == "=1+1" and first[0].data_type == "s" and first[0].quotePrefix
    assert first[1].value == dt.datetime(2026, 3, 5) and first[1].number_format == "DD/MM/YYYY"
    assert first[2].value == 7 and first[2].data_type == "n"
    # Vietnam's time, not UTC.
    assert first[3].value == dt.datetime(2026, 3, 5, 14, 30)
    for row, start in zip(sheet.iter_rows(min_row=2), ("=", "+", "-", "@")):
        assert row[0].value.startswith(start) and row[0].data_type == "s" and row[0].quotePrefix
    plain = sheet[6][0]
    assert plain.value == "Đường liên thôn\nbị xuống cấp" and not plain.quotePrefix
    assert sheet[3][1].value is None
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:D1"
    assert 6 <= sheet.column_dimensions["A"].width <= 60
    assert sheet.column_dimensions["B"].width >= len("Ngày nhận")


@pytest.mark.skipif(not soffice(), reason="LibreOffice is not installed")
def test_libreoffice_reads_the_formula_as_text(tmp_path):
    rows = xlsx_to_csv_rows(written(tmp_path))
    assert rows[0] == ["Nội dung", "Ngày nhận", "Số", "Lúc"]
    assert rows[1][0] == "=1+1" and rows[1][2] == "7"
    assert rows[1][1] == "05/03/2026"
    assert [r[0] for r in rows[2:5]] == ["+84 912 345 678", "-Tự ý lấn chiếm", "@SUM(A1:A9)"]


def test_a_control_character_does_not_break_the_file(tmp_path):
    data = written(tmp_path, [{"text": "a\x00b\x07c", "day": None, "n": 1}])
    assert load_workbook(io.BytesIO(data)).active["A2"].value == "abc"


def _numbers(user, params) -> Export:
    count = int(params.get("n", "3"))
    rows = [{"text": f"dòng {i}", "day": dt.date(2026, 1, 1), "n": i} for i in range(count)]
    return Export(filename="so.xlsx", sheets=[Sheet("Số", COLUMNS, rows)], rows=count, title="Danh sách số")


register_export("test.numbers", _numbers)


def test_a_long_list_is_built_in_the_background_for_its_user_only(client, staff, outsider, settings, rf):
    from dialogue.exports import export_response
    from dialogue.tasks import build_export

    settings.EXPORT_SYNC_MAX_ROWS = 10
    request = rf.get("/x/", {"n": "25"})
    request.user = staff
    response = export_response(request, "test.numbers")
    assert response.status_code == 302
    job = ExportJob.objects.get()
    assert response["Location"] == reverse("export_job", args=[job.key])
    assert (job.status, job.expected_rows, QueryDict(job.params)["n"]) == ("queued", 25, "25")
    client.force_login(staff)
    waiting = client.get(response["Location"])
    assert waiting.status_code == 200 and waiting["Refresh"] == "5"
    assert client.get(reverse("export_download", args=[job.key])).status_code == 404
    build_export(str(job.key))
    job.refresh_from_db()
    assert (job.status, job.rows) == ("done", 25)
    ready = client.get(response["Location"]).content.decode()
    assert reverse("export_download", args=[job.key]) in ready
    download = client.get(reverse("export_download", args=[job.key]))
    assert download.status_code == 200 and download["Content-Disposition"].startswith('attachment; filename="so.xlsx"')
    book = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    assert book.active.max_row == 26
    # Twice is once.
    build_export(str(job.key))
    client.force_login(outsider)
    assert client.get(reverse("export_job", args=[job.key])).status_code == 404
    assert client.get(reverse("export_download", args=[job.key])).status_code == 404


def test_a_short_list_comes_at_once(staff, rf):
    from dialogue.exports import export_response

    request = rf.get("/x/", {"n": "4"})
    request.user = staff
    response = export_response(request, "test.numbers")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.max_row == 5
    assert not ExportJob.objects.exists()


def test_old_exports_are_pruned(staff):
    from dialogue.tasks import prune_exports

    old = ExportJob.objects.create(user=staff, kind="x", title="x", filename="x.xlsx")
    ExportJob.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=8))
    recent = ExportJob.objects.create(user=staff, kind="x", title="y", filename="y.xlsx")
    assert prune_exports() == 1
    assert list(ExportJob.objects.all()) == [recent]
