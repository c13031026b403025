"""The Fatherland Front's .xlsx list: a row-by-row report, all or nothing by default."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from petitions.models import Field, Petition

HEAD = ["STT", "Họ và tên", "Thôn, xóm", "Điện thoại", "Lĩnh vực", "Nội dung kiến nghị"]


def xlsx(rows, *, title_rows=()):
    wb = Workbook()
    ws = wb.active
    for r in title_rows:
        ws.append(r)
    ws.append(HEAD)
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile("mttq.xlsx", buf.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@pytest.fixture
def giao_thong(db):
    return Field.objects.get_or_create(organization=None, name="Giao thông")[0]


GOOD = [
    [1, "Nguyễn Văn Một", "Xóm 1", 912345678, "giao thong", "Đường xóm 1 hỏng"],
    [2, "Trần Thị Hai", "Xóm 2", "0987 654 321", "", "Thiếu nước sạch"],
]


def post(client, org, upload, **extra):
    return client.post(reverse("petitions:front_import"), {"organization": org.pk, "file": upload, **extra})


def test_imports_every_row_with_a_code(client, staff, org, conference, giao_thong):
    client.force_login(staff)
    response = post(client, org, xlsx(GOOD, title_rows=[["DANH SÁCH Ý KIẾN, KIẾN NGHỊ CỬ TRI"], []]), conference=conference.pk)
    assert response.status_code == 200
    petitions = list(Petition.objects.order_by("id"))
    assert [p.petitioner_name for p in petitions] == ["Nguyễn Văn Một", "Trần Thị Hai"]
    assert all(p.source == "front" and p.conference == conference for p in petitions)
    assert petitions[0].field == giao_thong and petitions[0].petitioner_phone == "0912345678"  # typed as a number: its 0 restored
    body = response.content.decode()
    assert all(p.tracking_code in body for p in petitions)
    assert "Số kiến nghị đã tạo: 2." in body


def test_one_bad_row_imports_nothing_and_says_which(client, staff, org, giao_thong):
    client.force_login(staff)
    rows = [*GOOD, [3, "", "Xóm 3", "", "", "Không có tên"], [4, "Lê Bốn", "", "", "Vũ trụ", "Lĩnh vực lạ"],
            [5, "<b>Năm</b>", "", "", "", "x"]]
    response = post(client, org, xlsx(rows))
    assert response.status_code == 400 and not Petition.objects.exists()
    body = response.content.decode()
    assert "Chưa nhập kiến nghị nào: số dòng lỗi: 3." in body
    assert "Họ và tên: Trường này là bắt buộc." in body
    assert "Lĩnh vực: &quot;Vũ trụ&quot; không có trong danh mục lĩnh vực." in body
    assert "không chấp nhận mã HTML" in body


def test_skip_invalid_imports_the_good_rows(client, staff, org, giao_thong):
    client.force_login(staff)
    response = post(client, org, xlsx([*GOOD, [3, "", "", "", "", "Không tên"]]), skip_invalid="on")
    assert response.status_code == 200 and Petition.objects.count() == 2
    assert "Số dòng lỗi đã bỏ qua: 1." in response.content.decode()


@pytest.mark.parametrize(
    "upload,message",
    [
        (SimpleUploadedFile("a.xlsx", b"not a zip"), "Đây không phải tệp Excel (.xlsx) đọc được."),
        (SimpleUploadedFile("a.csv", b"a,b"), "Hãy chọn tệp Excel có đuôi .xlsx."),
    ],
)
def test_unreadable_files(client, staff, org, upload, message):
    client.force_login(staff)
    response = post(client, org, upload)
    assert response.status_code == 400 and message in response.content.decode()


def test_missing_heading(client, staff, org):
    wb = Workbook()
    wb.active.append(["A", "B"])
    buf = io.BytesIO()
    wb.save(buf)
    client.force_login(staff)
    response = post(client, org, SimpleUploadedFile("a.xlsx", buf.getvalue()))
    assert "Không tìm thấy dòng tiêu đề" in response.content.decode() and not Petition.objects.exists()


@pytest.mark.parametrize("who", ["supervisor", "agency_user"])
def test_import_404_for_readers_and_agencies(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("petitions:front_import")).status_code == 404
    assert client.get(reverse("petitions:front_import_template")).status_code == 404


def test_outsider_cannot_import_into_another_organisation(client, outsider, org, giao_thong):
    client.force_login(outsider)
    response = post(client, org, xlsx(GOOD))
    assert response.status_code == 400 and not Petition.objects.exists()


def test_template_round_trips(client, staff, org, giao_thong):
    client.force_login(staff)
    response = client.get(reverse("petitions:front_import_template"))
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in ws[1]] == HEAD
    post(client, org, SimpleUploadedFile("mau.xlsx", response.content))
    assert Petition.objects.get().petitioner_name == "Nguyễn Văn A"


def book_upload(book):
    buf = io.BytesIO()
    book.save(buf)
    return SimpleUploadedFile("mttq.xlsx", buf.getvalue())


def test_a_header_in_two_merged_rows(client, staff, org, giao_thong):
    book = Workbook()
    ws = book.active
    ws.append(["STT", "Người kiến nghị", None, "Lĩnh vực", "Nội dung kiến nghị"])
    ws.append([None, "Họ và tên", "Địa chỉ"])
    ws.merge_cells("B1:C1")
    for column in "ADE":
        ws.merge_cells(f"{column}1:{column}2")
    ws.append([1, "Nguyễn Văn Một", "Xóm 1", "Giao thông", "Đường xóm 1 hỏng"])
    client.force_login(staff)
    response = post(client, org, book_upload(book))
    assert response.status_code == 200
    petition = Petition.objects.get()  # the second header row was not read as a petition
    assert (petition.petitioner_name, petition.petitioner_address) == ("Nguyễn Văn Một", "Xóm 1")


def test_a_two_row_header_that_cannot_be_mapped_names_the_column(client, staff, org):
    book = Workbook()
    ws = book.active
    ws.append(["STT", "Thông tin người gửi", None, "Ý kiến"])
    ws.append([None, "Họ đệm", "Tên"])
    ws.merge_cells("B1:C1")
    ws.append([1, "Nguyễn Văn", "Một", "Đường hỏng"])
    client.force_login(staff)
    response = post(client, org, book_upload(book))
    body = response.content.decode()
    assert response.status_code == 400 and not Petition.objects.exists()
    assert "Không tìm thấy dòng tiêu đề" in body and "“Ý kiến”" in body


def test_formula_without_value_date_serial_and_landline(client, staff, org, giao_thong):
    book = Workbook()
    ws = book.active
    ws.append(["STT", "Họ và tên", "Điện thoại", "Nội dung kiến nghị", "Ngày nhận"])
    ws.append([1, "Lê Văn Ba", "0238 3123 456", "Đường hỏng", 46023])
    ws.append([2, "=B2", "", "Thiếu nước", dt.date(2026, 1, 5)])
    client.force_login(staff)
    response = post(client, org, book_upload(book))
    body = response.content.decode()
    assert response.status_code == 400 and not Petition.objects.exists()
    assert "Họ và tên: ô chứa công thức không có giá trị" in body
    assert "Trường này là bắt buộc" not in body
    response = post(client, org, book_upload(book), skip_invalid="on")
    petition = Petition.objects.get()
    assert petition.petitioner_phone == "02383123456" and petition.received_on == dt.date(2026, 1, 1)


def test_too_many_rows_blank_ones_included_is_said_next_to_the_field(client, staff, org):
    book = Workbook()
    ws = book.active
    ws.append(HEAD)
    ws.append(GOOD[1])
    ws["H2003"] = "ghi chú lạc"  # 2002 rows under the header, 2000 blank for the import
    client.force_login(staff)
    response = post(client, org, book_upload(book))
    body = response.content.decode()
    assert response.status_code == 400 and not Petition.objects.exists()
    assert "Danh sách có hơn 2000 dòng dưới dòng tiêu đề" in body
    assert 'id="error_1_id_file"' in body  # next to the upload field


def test_a_received_date_in_the_future_or_a_birth_date_column(client, staff, org):
    book = Workbook()
    ws = book.active
    ws.append(["Họ và tên", "Ngày sinh", "Nội dung", "Ngày nhận"])
    ws.append(["Lê Văn Ba", dt.date(1970, 5, 1), "Đường hỏng", dt.date.today() + dt.timedelta(days=40)])
    client.force_login(staff)
    response = post(client, org, book_upload(book))
    body = response.content.decode()
    assert response.status_code == 400 and not Petition.objects.exists()
    assert "Ngày nhận: Ngày nhận không thể sau ngày hôm nay." in body
    assert "Các cột không được nhập: Ngày sinh." in body  # not taken for the date received


def test_a_row_with_characters_the_documents_cannot_print_is_refused_with_the_reason(client, staff, org):
    book = Workbook()
    ws = book.active
    ws.append(["STT", "Họ và tên", "Nội dung kiến nghị"])
    ws.append([1, "Lê Văn Ba", "Đường hỏng quá 😡"])
    client.force_login(staff)
    response = post(client, org, book_upload(book))
    body = response.content.decode()
    assert response.status_code == 400 and not Petition.objects.exists()
    assert "U+1F621" in body


def test_the_same_list_uploaded_again_creates_nothing_twice(client, staff, org, giao_thong):
    client.force_login(staff)
    assert post(client, org, xlsx(GOOD)).status_code == 200
    first = set(Petition.objects.values_list("tracking_code", flat=True))
    assert len(first) == 2
    # Again, with the second row typed in another case and spacing, and one new row.
    again = [GOOD[0], [2, "trần  thị hai", "Xóm 2", "", "", "Thiếu nước  sạch"], [3, "Lê Văn Ba", "", "", "", "Đèn đường hỏng"]]
    response = post(client, org, xlsx(again))
    body = response.content.decode()
    assert response.status_code == 400 and Petition.objects.count() == 2
    assert all(f"Đã nhập trước đây, mã {code}" in body for code in first)
    post(client, org, xlsx(again), skip_invalid="on")
    assert Petition.objects.count() == 3 and Petition.objects.filter(petitioner_name="Lê Văn Ba").exists()
