"""Hostile .xlsx files for the spreadsheet reader's tests and benchmark.

Each is small on disk (under the 5 MB upload limit) and written part by part
straight into the zip, so building one never holds its expanded size in
memory. They are built when needed and never committed.

- shared_strings_bomb: 1.2 MB whose shared strings expand to 1.2 GB;
- wide_dimension_bomb: 27 KB declaring A1:XFD5002 with one far cell per row;
- long_sheet_bomb: 5,000,000 rows (no row numbers), one cell in column H each;
  and as many of them as unpack to less than the reader's size cap, so that
  its row limit is what refuses them;
- busiest_under_caps: the most the reader takes: texts and sheet near their
  caps, 5,000 rows of 64 cells, then empty formatted rows.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterable
from pathlib import Path

from dialogue import spreadsheets

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
HEADER = ["STT", "Họ và tên", "Chức vụ/Đơn vị", "Thôn/xóm", "Nội dung kiến nghị"]

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>
</Types>"""
ROOT_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{PKG_REL}"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>"""
WORKBOOK = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"""
WORKBOOK_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{PKG_REL}">
<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>
</Relationships>"""


def _header_strings() -> bytes:
    return "".join(f"<si><t>{text}</t></si>" for text in HEADER).encode()


def _header_row(row: str = ' r="1"') -> bytes:
    cells = "".join(f'<c t="s"><v>{index}</v></c>' for index in range(len(HEADER)))
    return f"<row{row}>{cells}</row>".encode()


class _Deflater:
    """Deflates each chunk on its own, ending at a byte boundary (a full flush),
    so a chunk repeated many times is compressed once and its output repeated:
    a 1.2 GB part is written in about a second instead of a minute."""

    def __init__(self):
        self._last: tuple[bytes, bytes] | None = None

    def compress(self, data: bytes) -> bytes:
        if self._last is None or self._last[0] is not data:
            deflater = zlib.compressobj(9, zlib.DEFLATED, -15)
            self._last = (data, deflater.compress(data) + deflater.flush(zlib.Z_FULL_FLUSH))
        return self._last[1]

    def flush(self) -> bytes:
        return zlib.compressobj(9, zlib.DEFLATED, -15).flush()  # the final, empty block


def write_xlsx(path: Path, *, sheet: Iterable[bytes], strings: Iterable[bytes]) -> Path:
    """A one-sheet workbook whose sheet and shared strings parts are written chunk by chunk."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        for name, chunks in (("xl/sharedStrings.xml", strings), ("xl/worksheets/sheet1.xml", sheet)):
            with archive.open(name, "w", force_zip64=True) as part:
                part._compressor = _Deflater()  # zipfile still counts the sizes and the CRC
                for chunk in chunks:
                    part.write(chunk)
    return path


def shared_strings_bomb(path: Path, expanded: int = 1_200_000_000) -> Path:
    """A header row and one data row, and shared strings of `expanded` bytes."""

    def strings():
        yield f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}">'.encode()
        yield _header_strings()
        chunk = ("<si><t>" + "A" * 100_000 + "</t></si>").encode() * 10
        for _ in range(expanded // len(chunk)):
            yield chunk
        yield b"</sst>"

    def sheet():
        yield f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>'.encode()
        yield _header_row()
        yield f'<row r="2"><c r="B2" t="s"><v>{len(HEADER)}</v></c><c r="D2" t="s"><v>{len(HEADER)}</v></c></row>'.encode()
        yield b"</sheetData></worksheet>"

    return write_xlsx(path, sheet=sheet(), strings=strings())


def wide_dimension_bomb(path: Path, rows: int = 5002) -> Path:
    """The sheet declares A1:XFD<rows>; every row has one cell in the last column, XFD."""

    def strings():
        yield f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}">'.encode()
        yield _header_strings()
        yield b"<si><t>x</t></si></sst>"

    def sheet():
        yield (
            f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}">'
            f'<dimension ref="A1:XFD{rows}"/><sheetData>'
        ).encode()
        yield _header_row()
        yield "".join(
            f'<row r="{n}"><c r="XFD{n}" t="s"><v>{len(HEADER)}</v></c></row>' for n in range(2, rows + 1)
        ).encode()
        yield b"</sheetData></worksheet>"

    return write_xlsx(path, sheet=sheet(), strings=strings())


def long_sheet_bomb(path: Path, rows: int = 5_000_000) -> Path:
    """A header row, then `rows` rows without row numbers, each with one number in column H."""

    def strings():
        yield f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}">'.encode()
        yield _header_strings()
        yield b"</sst>"

    def sheet():
        yield f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>'.encode()
        yield _header_row("")
        chunk = b"<row><c/><c/><c/><c/><c/><c/><c/><c><v>1</v></c></row>" * 10_000
        for _ in range(rows // 10_000):
            yield chunk
        yield b"</sheetData></worksheet>"

    return write_xlsx(path, sheet=sheet(), strings=strings())


def long_sheet_under_cap(path: Path) -> Path:
    """The same rows, as many as fit under the reader's cap on the sheet's unpacked size."""

    return long_sheet_bomb(path, rows=(spreadsheets.MAX_SHEET_BYTES - 1_000_000) // 54 // 10_000 * 10_000)



def busiest_under_caps(path: Path, rows: int = 5000, columns: int = 64) -> Path:
    """As much as the reader accepts: shared strings near their caps, `rows` full rows
    of `columns` cells under the header, then empty formatted rows up to the sheet's cap."""

    def strings():
        yield f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}">'.encode()
        yield _header_strings()
        size, count, batch = 0, len(HEADER), []
        while size < spreadsheets.MAX_STRINGS_BYTES - 300_000 and count < spreadsheets.MAX_STRINGS:
            item = f"<si><t>Nguyễn Văn Khách số {count} ở thôn Hòa Bình xã Vĩnh Lâm</t></si>".encode()
            size += len(item)
            count += 1
            batch.append(item)
            if len(batch) == 5000:
                yield b"".join(batch)
                batch = []
        yield b"".join(batch) + b"</sst>"

    def sheet():
        yield f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>'.encode()
        yield _header_row()
        size, batch = 0, []
        for n in range(2, rows + 2):
            row = "".join(f'<c t="s"><v>{(n * columns + c) % 100_000 + len(HEADER)}</v></c>' for c in range(columns))
            batch.append(f'<row r="{n}">{row}</row>'.encode())
            if len(batch) == 500 or n == rows + 1:
                chunk = b"".join(batch)
                size += len(chunk)
                batch = []
                yield chunk
        empty = b'<row><c s="1"/><c s="1"/><c s="1"/><c s="1"/><c s="1"/><c s="1"/><c s="1"/><c s="1"/></row>' * 1000
        left = min(spreadsheets.MAX_SHEET_BYTES - size - 1_000_000, spreadsheets.MAX_EMPTY_TRAILING_ROWS * len(empty) // 1000)
        for _ in range(max(0, left // len(empty))):
            yield empty
        yield b"</sheetData></worksheet>"

    return write_xlsx(path, sheet=sheet(), strings=strings())


BOMBS = {
    "shared_strings": shared_strings_bomb,
    "wide_dimension": wide_dimension_bomb,
    "long_sheet": long_sheet_bomb,
    "long_sheet_under_cap": long_sheet_under_cap,
    "busiest_under_caps": busiest_under_caps,
}
