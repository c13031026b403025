"""The report page's Excel files: the list behind a number has the page's rows
(read back through LibreOffice), the figures workbook every table of the page,
and an issued report's file its frozen figures."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dialogue.testing.spreadsheets import soffice, xlsx_to_csv_rows

pytestmark = pytest.mark.django_db
YEAR = {"period": "year", "year": "2025"}


def book(response):
    assert response.status_code == 200, response
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


@pytest.mark.skipif(not soffice(), reason="LibreOffice is not installed")
def test_the_list_behind_a_number_has_the_page_s_rows(client, year):
    client.force_login(year.district_leader)
    params = {"organization": year.district.pk, "figure": "petitions", **YEAR}
    page = client.get(reverse("reports:list"), params)
    codes = [line.petition.tracking_code for line in page.context["lines"]]
    response = client.get(reverse("reports:list_export"), params)
    rows = xlsx_to_csv_rows(b"".join(response.streaming_content))
    assert [r[0] for r in rows[1:]] == codes and len(codes) == 12
    text = " ".join(" ".join(r) for r in rows)
    assert "0912345678" not in text and "Nguyễn Văn An" not in text and "Bến Đò" not in text


def test_the_late_list_says_how_late(client, year):
    client.force_login(year.district_leader)
    sheet = book(client.get(reverse("reports:list_export"), {"organization": year.district.pk, "figure": "late", **YEAR})).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 1 and rows[0][0] == year.petitions["p4"].tracking_code
    assert rows[0][9] == -5  # due Friday 14/03, resolved Friday 21/03: five working days late


def test_the_figures_workbook(client, year):
    client.force_login(year.district_leader)
    workbook = book(client.get(reverse("reports:results_export"), {"organization": year.district.pk, **YEAR}))
    assert workbook.sheetnames == ["Số liệu", "Theo nguồn", "Theo lĩnh vực", "Theo đơn vị", "Đang giải quyết", "Hội nghị"]
    figures = {row[0]: row[1:] for row in workbook["Số liệu"].iter_rows(min_row=2, values_only=True)}
    assert figures["Số hội nghị đã tổ chức"][:2] == (5, 1)
    assert figures["Số ý kiến, kiến nghị tiếp nhận"][:2] == (12, 2)
    units = list(workbook["Theo đơn vị"].iter_rows(min_row=2, values_only=True))
    assert [u[0] for u in units] == ["Ủy ban nhân dân huyện Thử", "Ủy ban nhân dân xã An", "Ủy ban nhân dân xã Bình"]


def test_a_commune_gets_no_file_of_its_sibling(client, year):
    client.force_login(year.a_staff)
    assert client.get(reverse("reports:results_export"), {"organization": year.commune_b.pk}).status_code == 404
