import io
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from conferences import invitations
from conferences.models import ConferenceGroup, ConferenceStatus as S, InvitationBatch, Invitee
from conferences.services import ConferenceError

from .factories import conference_in_state

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def conference(org, staff):
    c = conference_in_state(org, S.ANNOUNCED, by=staff, days=20, venue="Hội trường UBND xã")
    ConferenceGroup.objects.create(conference=c, text="Trưởng các thôn, tổ dân phố", order=0)
    ConferenceGroup.objects.create(conference=c, text="Hội Cựu chiến binh xã", order=1)
    ConferenceGroup.objects.create(conference=c, text="Hội Nông dân xã", order=2)
    return c


def workbook(rows, headers=("STT", "Họ và tên", "Chức vụ/Đơn vị", "Thôn/xóm", "Điện thoại", "Email", "Nhóm")):
    book = Workbook()
    sheet = book.active
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("khach-moi.xlsx", out.getvalue(), content_type=XLSX)


def good_rows(n):
    groups = ["Truong cac thon", "Hội cựu chiến binh", "hoi nong dan"]
    return [
        (i, f"Nguyễn Văn Khách {i}", "Hội viên", f"Thôn {i % 12 + 1}", f"09{i:08d}", f"khach{i}@example.vn", groups[i % 3])
        for i in range(1, n + 1)
    ]


# Sheet row = list index + 2 (row 1 is the header).
BAD = {
    12: ("", "Hội viên", "Thôn 1", "0912345678", "", ""),
    40: ("Trần Thị Bé", "Hội viên", "Thôn 2", "0912 34", "", ""),
    77: ("Lê Văn Cù", "Hội viên", "Thôn 3", "", "le-at-example", ""),
    150: ("Phạm Đức", "x" * 300, "Thôn 3", "", "", ""),
    222: ("Hoàng Văn Em", "Hội viên", "Thôn 4", "", "", "Đoàn Thanh niên"),
    333: ("Nguyễn Văn Khách 5", "Hội viên", "Thôn 6", "0900000005", "", ""),  # same as sheet row 6
}


def rows_with_bad(n=500):
    rows = good_rows(n)
    for sheet_row, values in BAD.items():
        if sheet_row - 2 >= n:
            continue
        rows[sheet_row - 2] = (sheet_row - 1, *values)
    return rows


def test_500_rows_with_bad_ones_import_nothing_and_report_exactly_those_rows(conference, staff):
    started = time.monotonic()
    report = invitations.invitees_import(conference=conference, by=staff, upload=workbook(rows_with_bad()))
    elapsed = time.monotonic() - started
    assert elapsed < 5, elapsed
    assert not report.saved and report.created == 0
    assert Invitee.objects.filter(conference=conference).count() == 0
    assert [p.row for p in report.problems] == sorted(BAD)
    assert report.total == 500 and report.valid == 500 - len(BAD)
    texts = {p.row: p.text for p in report.problems}
    assert texts[12] == "Dòng 12: Họ và tên để trống"
    assert texts[40] == "Dòng 40: Số điện thoại không hợp lệ (0912 34)"
    assert "Email không hợp lệ (le-at-example)" in texts[77]
    assert "Chức vụ/Đơn vị dài quá 255 ký tự" in texts[150]
    assert "Đoàn Thanh niên" in texts[222]
    assert texts[333] == "Dòng 333: Trùng người ở dòng 6"


def test_valid_only_imports_the_others(conference, staff):
    started = time.monotonic()
    report = invitations.invitees_import(
        conference=conference, by=staff, upload=workbook(rows_with_bad()), valid_only=True
    )
    assert time.monotonic() - started < 5
    assert report.saved and report.created == 500 - len(BAD)
    assert conference.invitees.count() == 494
    assert [p.row for p in report.problems] == sorted(BAD)
    first = conference.invitees.get(full_name="Nguyễn Văn Khách 1")
    assert first.group.text == "Hội Cựu chiến binh xã" and first.phone == "0900000001"
    assert conference.invitees.filter(group__text="Trưởng các thôn, tổ dân phố").count() > 100


def test_all_good_rows_import_and_a_second_import_refuses_everyone(conference, staff):
    report = invitations.invitees_import(conference=conference, by=staff, upload=workbook(good_rows(20)))
    assert report.ok and report.saved and report.created == 20
    again = invitations.invitees_import(conference=conference, by=staff, upload=workbook(good_rows(20)))
    assert not again.saved and len(again.problems) == 20
    assert again.problems[0].text == "Dòng 2: Đã có trong danh sách khách mời"
    assert conference.invitees.count() == 20


def test_phone_forms(conference, staff):
    rows = [
        (1, "A Một", "", "Thôn 1", "+84 912 345 678", "", ""),
        (2, "B Hai", "", "Thôn 1", "0912.345.679", "", ""),
        (3, "C Ba", "", "Thôn 1", 912345670, "", ""),  # typed as a number: Excel dropped the 0
        (4, "D Bốn", "", "Thôn 1", "091234567", "", ""),
        (5, "E Năm", "", "Thôn 1", "+1 202 555 0100", "", ""),
    ]
    report = invitations.invitees_import(conference=conference, by=staff, upload=workbook(rows), valid_only=True)
    assert [p.row for p in report.problems] == [5, 6]
    assert sorted(conference.invitees.values_list("phone", flat=True)) == ["0912345670", "0912345678", "0912345679"]


def test_missing_columns_and_non_workbooks_are_refused(conference, staff):
    with pytest.raises(ConferenceError) as caught:
        invitations.invitees_import(
            conference=conference, by=staff, upload=workbook([("x", "y")], headers=("Tên gọi khác", "Cột B"))
        )
    assert caught.value.field == "file" and "Không tìm thấy dòng tiêu đề" in caught.value.message
    assert "“Cột B”" in caught.value.message  # the column it could not match is named
    with pytest.raises(ConferenceError):
        invitations.invitees_import(
            conference=conference, by=staff, upload=SimpleUploadedFile("a.xlsx", b"not a workbook")
        )
    assert not conference.invitees.exists()


def test_a_title_row_merged_across_the_top_above_the_header(conference, staff):
    book = Workbook()
    sheet = book.active
    sheet.append(["DANH SÁCH KHÁCH MỜI DỰ HỘI NGHỊ ĐỐI THOẠI"])
    sheet.merge_cells("A1:E1")
    sheet.append(["STT", "Họ và tên", "Chức vụ/Đơn vị", "Thôn/xóm", "Điện thoại"])
    sheet.append([1, "Nguyễn Văn An", "Trưởng thôn", "Thôn 1", "0912345678"])
    out = io.BytesIO()
    book.save(out)
    report = invitations.invitees_import(conference=conference, by=staff, upload=SimpleUploadedFile("k.xlsx", out.getvalue()))
    assert report.saved and report.created == 1
    assert conference.invitees.get().full_name == "Nguyễn Văn An"


def test_a_landline_of_11_digits_is_accepted(conference, staff):
    rows = [
        (1, "Ông Cố Định", "Trưởng thôn", "Thôn 1", "0238 3123 456", "", ""),
        (2, "Bà Số Nhập", "Hội viên", "Thôn 2", 2383123457, "", ""),  # typed as a number, without its 0
    ]
    report = invitations.invitees_import(conference=conference, by=staff, upload=workbook(rows))
    assert report.saved and not report.problems
    assert sorted(conference.invitees.values_list("phone", flat=True)) == ["02383123456", "02383123457"]


def test_a_formula_without_value_is_said_so(conference, staff):
    rows = [(1, "=CONCATENATE(\"Lê \",\"Văn\")", "Hội viên", "Thôn 1", "", "", "")]
    report = invitations.invitees_import(conference=conference, by=staff, upload=workbook(rows))
    assert not report.saved
    assert report.problems[0].text == (
        "Dòng 2: Họ và tên: ô chứa công thức không có giá trị "
        "(hãy mở tệp bằng Excel rồi lưu lại)"
    )


def test_template_workbook_round_trips(conference, staff):
    data = invitations.template_workbook()
    headers = [c.value for c in load_workbook(io.BytesIO(data)).active[1]]
    assert headers[:4] == ["STT", "Họ và tên", "Chức vụ/Đơn vị", "Thôn/xóm"]
    report = invitations.invitees_import(
        conference=conference, by=staff, upload=SimpleUploadedFile("m.xlsx", data)
    )
    assert report.saved and report.created == 1


def test_add_edit_remove_checks(conference, staff, supervisor):
    person = invitations.invitee_add(conference=conference, by=staff, full_name=" Đỗ  Văn  Giang ", hamlet="Xóm 2",
                                     phone="0987 654 321")
    assert person.full_name == "Đỗ Văn Giang" and person.phone == "0987654321"
    with pytest.raises(ConferenceError) as exc:
        invitations.invitee_add(conference=conference, by=staff, full_name="đỗ văn giang", phone="0987654321")
    assert exc.value.field == "full_name"
    with pytest.raises(ConferenceError) as exc:
        invitations.invitee_add(conference=conference, by=staff, full_name="X", phone="123")
    assert exc.value.field == "phone" and "123" in exc.value.message
    with pytest.raises(ConferenceError):
        invitations.invitee_add(conference=conference, by=supervisor, full_name="Y")
    invitations.invitee_update(invitee=person, by=staff, full_name="Đỗ Văn Giang", hamlet="Xóm 3", phone="0987654321")
    person.refresh_from_db()
    assert person.hamlet == "Xóm 3"
    invitations.invitee_remove(invitee=person, by=staff)
    assert not conference.invitees.exists()


def test_held_conference_list_is_frozen(org, staff):
    held = conference_in_state(org, S.HELD, by=staff)
    with pytest.raises(ConferenceError):
        invitations.invitee_add(conference=held, by=staff, full_name="Muộn")


def test_issue_needs_people_and_a_date(org, staff, conference, leader):
    with pytest.raises(ConferenceError):
        invitations.invitation_batch_issue(conference=conference, by=leader)
    planned = conference_in_state(org, S.PLANNED, by=staff)
    Invitee.objects.create(conference=planned, full_name="A")
    with pytest.raises(ConferenceError):
        invitations.invitation_batch_issue(conference=planned, by=leader)


def test_no_invitations_after_the_conference_or_when_cancelled(org, staff, leader):
    for status in (S.HELD, S.CANCELLED):
        c = conference_in_state(org, status, by=staff, venue="Hội trường")
        Invitee.objects.create(conference=c, full_name="A")
        with pytest.raises(ConferenceError):
            invitations.invitation_batch_issue(conference=c, by=leader)
        assert not InvitationBatch.objects.filter(conference=c).exists()


def test_cells_typed_decomposed_are_stored_composed_and_matched_however_spelled(conference, staff):
    """A list pasted from a PDF or a Mac arrives decomposed (NFD) and with the old
    tone placement: names are stored composed, the group is found, and the same person
    already on the list ("Hòa" typed "Hoà") is recognised."""
    import unicodedata

    def nfd(text):
        return unicodedata.normalize("NFD", text)

    Invitee.objects.create(conference=conference, full_name="Phạm Văn Hòa", position="Trưởng thôn", hamlet="Thôn 2")
    rows = [
        (1, nfd("Lê Thị Thủy"), nfd("Hội viên"), nfd("Xóm Hòa Bình"), "", "", nfd("Hội Nông dân")),
        (2, nfd("Phạm Văn Hoà"), "Trưởng thôn", "Thôn 2", "", "", ""),
    ]
    report = invitations.invitees_import(conference=conference, by=staff, upload=workbook(rows), valid_only=True)
    assert report.created == 1 and report.refused == 1
    person = Invitee.objects.get(full_name="Lê Thị Thủy")
    assert person.hamlet == "Xóm Hòa Bình" and person.group.text == "Hội Nông dân xã"
