"""The petitions list as an Excel file: the page's rows in the page's order, as
filtered, read back through LibreOffice; a formula typed by a citizen stays
text; no contact details; the published answers."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dialogue.testing.spreadsheets import soffice, xlsx_to_csv_rows
from petitions import services

pytestmark = pytest.mark.django_db


def page_codes(client, **params) -> list[str]:
    response = client.get(reverse("petitions:list"), params)
    return [p.tracking_code for p in response.context["petitions"]]


def xlsx(client, name="petitions:export", **params) -> bytes:
    response = client.get(reverse(name), params)
    assert response.status_code == 200, response
    return b"".join(response.streaming_content)


@pytest.fixture
def listed(make_petition, assigned, org):
    make_petition(content="=1+1", received_on=assigned.petition.received_on)
    make_petition(content="@SUM(A1:A2) đề nghị", status="resolved")
    return assigned


@pytest.mark.skipif(not soffice(), reason="LibreOffice is not installed")
def test_libreoffice_opens_the_export_with_the_page_s_rows(client, staff, listed):
    client.force_login(staff)
    rows = xlsx_to_csv_rows(xlsx(client))
    header, body = rows[0], rows[1:]
    assert header[:3] == ["Mã", "Tổ chức", "Ngày tiếp nhận"]
    assert [r[0] for r in body] == page_codes(client)
    contents = [r[-1] for r in body]
    assert "=1+1" in contents and "@SUM(A1:A2) đề nghị" in contents
    assigned_row = next(r for r in body if r[0] == listed.petition.tracking_code)
    assert listed.agency.name in assigned_row
    # Filtered the same way as the page.
    rows = xlsx_to_csv_rows(xlsx(client, status="resolved"))
    assert [r[0] for r in rows[1:]] == page_codes(client, status="resolved") != []


def test_the_export_carries_no_contact_details(client, staff, listed):
    client.force_login(staff)
    book = load_workbook(io.BytesIO(xlsx(client)))
    text = " ".join(str(c.value) for row in book.active.iter_rows() for c in row if c.value is not None)
    assert "0912 345 678" not in text and "an@example.vn" not in text and "Xóm Hòa Bình, thôn 3" not in text
    assert "Nguyễn Văn An" not in text
    deadline = next(row for row in book.active.iter_rows(min_row=2) if row[0].value == listed.petition.tracking_code)
    assert deadline[9].is_date and isinstance(deadline[10].value, int)


def test_outsiders_and_agencies_get_nothing(client, outsider, agency_user, listed):
    for user in (outsider, agency_user):
        client.force_login(user)
        if user is outsider:
            book = load_workbook(io.BytesIO(xlsx(client)))
            assert book.active.max_row == 1
        else:
            assert client.get(reverse("petitions:export")).status_code == 404


def test_the_published_answers(client, staff, answered, leader):
    services.response_review(response=answered, by=staff, accept=True)
    client.force_login(staff)
    book = load_workbook(io.BytesIO(xlsx(client, "petitions:answers_export")))
    rows = list(book.active.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 1 and rows[0][0] == answered.assignment.petition.tracking_code
    assert "Đã lập dự toán" in rows[0][-1]


def test_the_list_costs_the_same_queries_for_more_rows(client, staff, make_petition, django_assert_max_num_queries):
    client.force_login(staff)
    for _ in range(30):
        make_petition()
    with django_assert_max_num_queries(12):
        xlsx(client)
