"""The one reader of the workbooks offices upload (dialogue.spreadsheets)."""

import datetime as dt
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from dialogue import spreadsheets as S
from dialogue.testing import xlsx_bombs

COLUMNS = [
    S.Column("name", "Họ và tên", ("họ và tên", "họ tên", "người kiến nghị")),
    S.Column("address", "Địa chỉ", ("địa chỉ", "thôn")),
    S.Column("phone", "Điện thoại", ("điện thoại", "sđt"), S.PHONE),
    S.Column("content", "Nội dung", ("nội dung",)),
    S.Column("day", "Ngày nhận", ("ngày nhận",), S.DATE),
]
REQUIRED = [("name",), ("content",)]


def upload(book: Workbook, name="a.xlsx") -> SimpleUploadedFile:
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile(name, out.getvalue())


def read(book, max_rows=100):
    return S.read_table(upload(book), COLUMNS, required=REQUIRED, max_rows=max_rows)


def test_a_title_merged_across_the_top_and_a_blank_row_above_the_header():
    book = Workbook()
    sheet = book.active
    sheet.append(["DANH SÁCH Ý KIẾN, KIẾN NGHỊ CỬ TRI"])
    sheet.merge_cells("A1:E1")
    sheet.append([])
    sheet.append(["STT", "Họ và tên", "Địa chỉ", "Điện thoại", "Nội dung"])
    sheet.append([1, "Nguyễn Văn Một", "Xóm 1", "0912 345 678", "Đường hỏng"])
    table = read(book)
    assert table.header_rows == (3,)
    assert [(r.number, r.values["name"], r.values["content"]) for r in table.rows] == [(4, "Nguyễn Văn Một", "Đường hỏng")]


def two_row_header(sub=("Họ và tên", "Địa chỉ", "Năm sinh")):
    book = Workbook()
    sheet = book.active
    sheet.append(["DANH SÁCH"])
    sheet.append(["STT", "Người kiến nghị", None, None, "Nội dung"])
    sheet.append([None, *sub])
    sheet.merge_cells("B2:D2")
    sheet.merge_cells("A2:A3")
    sheet.merge_cells("E2:E3")
    sheet.append(["(1)", "(2)", "(3)", "(4)", "(5)"])  # the columns numbered, as official tables do
    sheet.append([1, "Trần Thị Hai", "Xóm 2", 1970, "Thiếu nước sạch"])
    return book


def test_a_header_in_two_merged_rows_is_combined_and_never_read_as_data():
    table = read(two_row_header())
    assert table.header_rows == (2, 3)
    assert table.columns == {"name": 1, "address": 2, "content": 4}
    assert table.headers["address"] == "Người kiến nghị / Địa chỉ"
    assert table.ignored == ["Người kiến nghị / Năm sinh"]  # said, not dropped silently
    assert [(r.number, r.values["name"], r.values["address"]) for r in table.rows] == [(5, "Trần Thị Hai", "Xóm 2")]


def test_a_two_row_header_that_cannot_be_mapped_is_refused_naming_the_columns():
    with pytest.raises(S.SpreadsheetError) as caught:
        read(two_row_header(sub=("Họ đệm", "Tên gọi", "Năm sinh")))
    message = caught.value.message
    assert "Không tìm thấy dòng tiêu đề" in message and "“Họ và tên”" in message
    assert "“Người kiến nghị / Họ đệm”" in message and "“Người kiến nghị / Tên gọi”" in message


def test_typed_cells_dates_numbers_and_formulas_without_value():
    book = Workbook()
    sheet = book.active
    sheet.append(["Họ và tên", "Điện thoại", "Nội dung", "Ngày nhận"])
    sheet.append(["An", 912345678, "Một", 46023])  # a date kept as its serial number
    sheet.append(["=UPPER(A2)", "0238 3123 456", "Hai", dt.date(2026, 1, 5)])  # openpyxl stores no formula values
    sheet.append(["Bình", None, "Ba", "05/01/2026"])
    sheet.append(["Cúc", None, "Bốn", "mai"])
    rows = read(book).rows
    assert rows[0].values == {"name": "An", "phone": "912345678", "content": "Một", "day": dt.date(2026, 1, 1)}
    assert rows[1].values["name"] == "" and rows[1].values["day"] == dt.date(2026, 1, 5)
    assert "công thức không có giá trị" in rows[1].problems["name"]
    assert rows[2].values["day"] == dt.date(2026, 1, 5) and not rows[2].problems
    assert rows[3].problems["day"] == "không phải ngày (mai); hãy ghi theo dạng ngày/tháng/năm"


def test_blank_rows_count_towards_the_row_limit():
    book = Workbook()
    sheet = book.active
    sheet.append(["Họ và tên", "Nội dung"])
    sheet.append(["An", "Một"])
    sheet["H52"] = "x"  # 50 rows under the header, most blank, and something in a column the import does not read
    with pytest.raises(S.SpreadsheetError) as caught:
        read(book, max_rows=50)
    assert "hơn 50 dòng" in caught.value.message
    sheet["H52"] = None
    sheet["H51"] = "x"
    assert [r.number for r in read(book, max_rows=50).rows] == [2]


def test_formatted_empty_rows_past_the_limit_are_passed_over():
    book = Workbook()
    sheet = book.active
    sheet.append(["Họ và tên", "Nội dung"])
    sheet.append(["An", "Một"])
    for row in sheet.iter_rows(min_row=3, max_row=3000, max_col=2):
        for cell in row:
            cell.number_format = "@"  # as the templates do, so Excel keeps a phone's 0
    assert [r.number for r in read(book, max_rows=50).rows] == [2]


def test_rows_and_cells_without_their_numbers():
    path = io.BytesIO()
    xlsx_bombs.write_xlsx(
        path,
        strings=[f'<sst xmlns="{xlsx_bombs.MAIN}">'.encode(), xlsx_bombs._header_strings(), b"<si><t>An</t></si></sst>"],
        sheet=[
            f'<worksheet xmlns="{xlsx_bombs.MAIN}"><sheetData>'.encode(), xlsx_bombs._header_row(""),
            '<row><c/><c t="s"><v>5</v></c><c/><c/><c t="inlineStr"><is><t>Kiến nghị</t></is></c></row>'.encode(),
            b"</sheetData></worksheet>",
        ],
    )
    table = read(SimpleBook(path.getvalue()))
    assert [(r.number, r.values["name"], r.values["content"]) for r in table.rows] == [(2, "An", "Kiến nghị")]


class SimpleBook:
    """Stands for a Workbook already saved: `upload` saves it as it is."""

    def __init__(self, data):
        self.data = data

    def save(self, out):
        out.write(self.data)


@pytest.mark.parametrize(
    "data",
    [b"not a zip", b"PK\x03\x04 truncated", b""],
)
def test_files_that_are_not_workbooks(data):
    with pytest.raises(S.SpreadsheetError) as caught:
        read(SimpleBook(data))
    assert caught.value.message in ("Đây không phải tệp Excel (.xlsx) đọc được.", "Bảng tính trống.")


def test_a_zip_that_is_not_a_workbook():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(S.SpreadsheetError) as caught:
        read(SimpleBook(out.getvalue()))
    assert caught.value.message == "Đây không phải tệp Excel (.xlsx) đọc được."


def test_entities_are_not_expanded():
    """A billion-laughs document type in the shared strings is not expanded."""
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "AAAAAAAAAA">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
        f'<sst xmlns="{xlsx_bombs.MAIN}">'
    ).encode()
    path = io.BytesIO()
    xlsx_bombs.write_xlsx(
        path,
        strings=[laughs, xlsx_bombs._header_strings(), b"<si><t>&c;</t></si></sst>"],
        sheet=[
            f'<worksheet xmlns="{xlsx_bombs.MAIN}"><sheetData>'.encode(), xlsx_bombs._header_row(),
            b'<row r="2"><c r="B2" t="s"><v>5</v></c><c r="E2" t="s"><v>5</v></c></row></sheetData></worksheet>',
        ],
    )
    try:
        table = read(SimpleBook(path.getvalue()))
    except S.SpreadsheetError:
        return  # refused: fine too
    assert all(len(row.values["name"]) < 1000 for row in table.rows)


def test_a_part_declared_larger_than_the_cap_is_refused_before_unpacking(tmp_path):
    path = xlsx_bombs.shared_strings_bomb(tmp_path / "b.xlsx", expanded=S.MAX_STRINGS_BYTES + 2_000_000)
    with pytest.raises(S.SpreadsheetError) as caught:
        S.read_table(SimpleUploadedFile("b.xlsx", path.read_bytes()), COLUMNS, required=REQUIRED, max_rows=100)
    assert "giải nén" in caught.value.message


def test_date_cells_among_many_cell_styles():
    """styles.xml is streamed: the date formats of cells styled in hundreds of ways are still found."""
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.append(["Họ và tên", "Nội dung", "Ngày nhận"])
    for i in range(300):
        sheet.append([f"Người {i}", "Một", dt.date(2026, 1, 1) + dt.timedelta(days=i % 30)])
        sheet.cell(row=i + 2, column=1).font = Font(size=8 + i % 40, bold=i % 2 == 0)
        sheet.cell(row=i + 2, column=3).number_format = ("dd/mm/yyyy", "d/m/yy", "yyyy-mm-dd hh:mm")[i % 3]
    rows = read(book, max_rows=400).rows
    assert [r.values["day"] for r in rows[:3]] == [dt.date(2026, 1, 1), dt.date(2026, 1, 2), dt.date(2026, 1, 3)]
    assert rows[299].values["day"] == dt.date(2026, 1, 30)
