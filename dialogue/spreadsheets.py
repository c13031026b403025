"""One reader for the lists offices upload as Excel workbooks (.xlsx).

Each import (the invitees of a conference, the Front's list of petitions)
says which columns it wants — a key, the label it prints and the header names
people write — and which of them are required; the reader finds the header,
maps the columns and returns the rows under it as typed values.

How offices make these files, and what the reader does about it:

- a title ("DANH SÁCH KHÁCH MỜI …", often merged across the top), the
  office's name or a blank line above the header: the header is looked for in
  the first HEADER_ROWS rows;
- a header in two rows, a group label merged over its sub-columns
  ("Người kiến nghị" over "Họ và tên | Địa chỉ"): the two rows are combined,
  the second is never read as data, and a sub-column that cannot be mapped is
  named in the refusal or in `Table.ignored`, never dropped silently;
- a phone typed as a number (912345678) or a date kept as a serial number
  (46023): the number is kept as its digits, the serial read as a date;
- a formula whose value was never stored (files written by programs, not by
  Excel): reported as such, not as an empty cell.

Every file under the upload limit costs bounded memory and time: the zip's
declared sizes are checked before anything is unpacked (zipfile never
returns more than the declared size), the XML is parsed as a stream
(lxml.iterparse, entities off) and each element dropped once read, at most
MAX_COLUMNS columns are looked at, and reading stops — with a refusal — at the
first row holding anything past the import's row limit, blank rows counted.
openpyxl's own reader is not used because it loads the shared strings whole,
pads every row to the declared width, and cannot tell a formula without a
value from an empty cell.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.utils.translation import gettext as _
from lxml import etree
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

from .text import fold as text_fold
from .text import nfc

MAX_FILE_BYTES = 5 * 1024 * 1024  # the upload limit of both imports
HEADER_ROWS = 10  # the header is looked for in these first rows
MAX_COLUMNS = 64  # cells further right are not read (a list has about ten columns)
# Unpacked sizes, as the zip declares them (zipfile stops at the declared size).
# A list of 5,000 rows of ten columns is about 3 MB of sheet and 40,000 texts
# (2 MB); formatted down to Excel 2003's last row, 15 MB of sheet.
MAX_SHEET_BYTES = 24 * 1024 * 1024
MAX_STRINGS_BYTES = 8 * 1024 * 1024
MAX_STRINGS = 100_000
MAX_STYLES_BYTES = 16 * 1024 * 1024
MAX_OTHER_BYTES = 4 * 1024 * 1024  # workbook.xml and the relationships, parsed whole
# Rows past the limit that hold nothing (formatted down to the bottom of the
# sheet) are passed over, up to this many; then the file is refused too.
MAX_EMPTY_TRAILING_ROWS = 70_000

TEXT, PHONE, DATE = "text", "phone", "date"

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_ROW, _CELL, _VALUE, _FORMULA = NS + "row", NS + "c", NS + "v", NS + "f"
_INLINE, _TEXT, _RUN, _PHONETIC = NS + "is", NS + "t", NS + "r", NS + "rPh"
_REF = re.compile(r"^([A-Z]{1,3})(\d+)$")
_DATE_TEXT = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%d/%m/%y")
MAX_SERIAL = 2958465  # 31/12/9999


@lru_cache(maxsize=4096)  # the same aliases are folded for every header cell
def fold(text: str) -> str:
    """A header as compared ("Thôn, xóm" -> "thon xom"): the project's one fold."""
    return text_fold(text or "")


class SpreadsheetError(Exception):
    """The file as a whole cannot be read; `message` says why, in the user's language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Column:
    key: str
    label: str  # as the messages print it: "Họ và tên"
    aliases: tuple[str, ...]  # header names people write; compared folded (no accents, case, punctuation)
    kind: str = TEXT


@dataclass
class Row:
    number: int  # the row number Excel shows
    values: dict[str, Any]  # key -> str, or a date for DATE columns ("" when empty)
    problems: dict[str, str] = field(default_factory=dict)  # key -> what is wrong with the cell

    @property
    def blank(self) -> bool:
        return not self.problems and not any(self.values.values())


@dataclass
class Table:
    header_rows: tuple[int, ...]  # (5,) or (5, 6) for a header in two rows
    columns: dict[str, int]  # key -> column index (0 = A)
    headers: dict[str, str]  # key -> the header as written
    ignored: list[str]  # headers of columns no key took ("STT" aside)
    rows: list[Row]  # the non-blank rows under the header


class _Formula:
    """A formula cell whose value was never stored."""


class _Error(str):
    """A cell showing an error value such as #N/A or #REF!."""


FORMULA_WITHOUT_VALUE = _Formula()


# ---------------------------------------------------------------- the package


class _Part:
    """A zip member read as a stream, no more than `limit` bytes unpacked."""

    def __init__(self, archive: zipfile.ZipFile, name: str, limit: int):
        try:
            info = archive.getinfo(name)
        except KeyError:
            raise SpreadsheetError(_("This is not an Excel (.xlsx) file that can be read.")) from None
        if info.file_size > limit:
            raise SpreadsheetError(_too_large(limit))
        self.stream = archive.open(info)

    def read(self, size: int = -1) -> bytes:
        return self.stream.read(size if size and size > 0 else 1 << 16)


def _too_large(limit: int) -> str:
    return _(
        "The workbook unpacks to more than %(size)d MB: it holds more than a list. "
        "Copy the list alone into a new workbook and upload that."
    ) % {"size": limit // (1024 * 1024)}


def _iterparse(archive, name, limit, tag):
    """The elements `tag` of a part, each cleared by the caller's loop moving on."""
    return etree.iterparse(
        _Part(archive, name, limit), events=("end",), tag=tag, resolve_entities=False, no_network=True,
        huge_tree=False, load_dtd=False,
    )


def _parse_small(archive, name) -> etree._Element:
    data = _Part(archive, name, MAX_OTHER_BYTES).stream.read()
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.fromstring(data, parser)


def _relations(archive, part: str) -> dict[str, tuple[str, str]]:
    """Relationship id -> (type, target path) of a part."""
    folder, base = posixpath.split(part)
    name = posixpath.join(folder, "_rels", base + ".rels")
    if name not in archive.namelist():
        return {}
    out = {}
    for rel in _parse_small(archive, name).iter(PKG_NS + "Relationship"):
        target = rel.get("Target", "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        out[rel.get("Id")] = (rel.get("Type", "").rsplit("/", 1)[-1], path)
    return out


class _Workbook:
    def __init__(self, archive: zipfile.ZipFile):
        self.archive = archive
        book_part = next(
            (path for kind, path in _relations(archive, "").values() if kind == "officeDocument"), "xl/workbook.xml"
        )
        book = _parse_small(archive, book_part)
        properties = book.find(NS + "workbookPr")
        date1904 = properties is not None and properties.get("date1904") in ("1", "true")
        self.epoch = CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900
        relations = _relations(archive, book_part)
        first = book.find(f"{NS}sheets/{NS}sheet")
        if first is None or first.get(REL_NS + "id") not in relations:
            raise SpreadsheetError(_("The workbook is empty."))
        self.sheet_part = relations[first.get(REL_NS + "id")][1]
        by_kind = {kind: path for kind, path in relations.values()}
        self.strings = self._strings(by_kind.get("sharedStrings"))
        self.date_styles = self._date_styles(by_kind.get("styles"))

    def _strings(self, part) -> list[str]:
        if not part or part not in self.archive.namelist():
            return []
        strings: list[str] = []
        for _event, item in _iterparse(self.archive, part, MAX_STRINGS_BYTES, NS + "si"):
            # The text of every run, leaving out phonetic guides.
            strings.append("".join(
                t.text or "" for t in item.iter(_TEXT) if t.getparent().tag != _PHONETIC
            ))
            _drop(item)
            if len(strings) > MAX_STRINGS:
                raise SpreadsheetError(_too_large(MAX_STRINGS_BYTES))
        return strings

    def _date_styles(self, part) -> set[int]:
        """Indexes of the cell styles whose number format shows a date."""
        if not part or part not in self.archive.namelist():
            return set()
        # Streamed, each element dropped once read: workbooks copied from one another
        # carry thousands of unused styles.
        # The number formats come before the cell styles in styles.xml.
        formats = dict(BUILTIN_FORMATS)
        out: set[int] = set()
        index = 0
        for _event, item in _iterparse(self.archive, part, MAX_STYLES_BYTES, None):
            if item.tag == NS + "numFmt":
                try:
                    formats[int(item.get("numFmtId"))] = item.get("formatCode", "")
                except (TypeError, ValueError):
                    pass
            elif item.getparent() is not None and item.getparent().tag == NS + "cellXfs":
                try:
                    number_format = formats.get(int(item.get("numFmtId", 0)), "")
                except ValueError:
                    number_format = ""
                if number_format and is_date_format(number_format):
                    out.add(index)
                index += 1
            if item.getparent() is not None:
                _drop(item)  # every element once read, fonts and fills too, so the tree stays small
        return out


def _open(upload) -> zipfile.ZipFile:
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_FILE_BYTES:
        raise SpreadsheetError(_("The file is larger than 5 MB."))
    try:
        upload.seek(0)
        return zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise SpreadsheetError(_("This is not an Excel (.xlsx) file that can be read.")) from None


# ---------------------------------------------------------------- cells


def _column_index(letters: str) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + ord(ch) - 64
    return index - 1


def _cell_value(cell, book: _Workbook):
    """The cell's value: str, int, float, bool, date/datetime, an _Error, FORMULA_WITHOUT_VALUE or None."""
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        inline = cell.find(_INLINE)
        return "".join(t.text or "" for t in inline.iter(_TEXT)) if inline is not None else None
    raw = cell.findtext(_VALUE)
    if raw is None or raw == "":
        return FORMULA_WITHOUT_VALUE if cell.find(_FORMULA) is not None else None
    if kind == "s":
        try:
            return book.strings[int(raw)]
        except (ValueError, IndexError):
            return _Error("#REF!")
    if kind in ("str", "inlineStr"):
        return raw
    if kind == "b":
        return raw in ("1", "true")
    if kind == "e":
        return _Error(raw)
    if kind == "d":
        try:
            return dt.datetime.fromisoformat(raw)
        except ValueError:
            return raw
    try:
        number = float(raw)
    except ValueError:
        return raw
    if int(cell.get("s", 0) or 0) in book.date_styles and 0 <= number <= MAX_SERIAL:
        return from_excel(number, epoch=book.epoch)
    return int(number) if number.is_integer() and abs(number) < 1e15 else number


class _Wanted:
    """Which cells are read: all (while the header is looked for), then the
    mapped columns only; past the row limit, only whether the row holds anything."""

    columns: set[int] | None = None
    limit: int | None = None


_MARK = object()  # the value of a row past the limit that holds something


def _sheet_rows(book: _Workbook, wanted: _Wanted) -> Iterator[tuple[int, dict[int, Any]]]:
    """(row number, {column index: value}) for each row the sheet holds, in order;
    only the first MAX_COLUMNS columns, only cells with a value."""
    number = 0
    for _event, row in _iterparse(book.archive, book.sheet_part, MAX_SHEET_BYTES, _ROW):
        try:
            number = int(row.get("r")) if row.get("r") else number + 1
        except ValueError:
            number += 1
        cells: dict[int, Any] = {}
        column = -1
        if wanted.limit is not None and number > wanted.limit:
            if next(row.iterdescendants(_VALUE, _INLINE, _FORMULA), None) is not None:
                cells[0] = _MARK
            _drop(row)
            yield number, cells
            continue
        for cell in row.iterchildren(_CELL):
            ref = _REF.match(cell.get("r") or "")
            column = _column_index(ref.group(1)) if ref else column + 1
            if column >= MAX_COLUMNS:
                break  # cells come left to right: the rest lie further right
            if wanted.columns is not None and column not in wanted.columns:
                continue
            value = _cell_value(cell, book)
            if value is not None and value != "":
                cells[column] = value
        _drop(row)
        yield number, cells


def _drop(row) -> None:
    """Forget a row read, and those before it, so the tree does not grow with the sheet."""
    row.clear(keep_tail=False)
    while row.getprevious() is not None:
        del row.getparent()[0]


def _text(value) -> str:
    if value is None or value is FORMULA_WITHOUT_VALUE:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        value = value.date()
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    # As typed, composed (NFC): a name pasted decomposed is stored like a typed one.
    return " ".join(nfc(str(value)).split())


def _typed(value, kind: str, book: _Workbook) -> tuple[Any, str]:
    """(value for the import, problem or "")."""
    if value is FORMULA_WITHOUT_VALUE:
        return "", _("the cell holds a formula with no value (open the file in Excel and save it again)")
    if isinstance(value, _Error):
        return "", _("the cell shows an error (%(value)s)") % {"value": value}
    if kind == DATE:
        return _date(value, book)
    if kind == PHONE and isinstance(value, float) and not value.is_integer():
        return str(value), ""
    return _text(value), ""


def _date(value, book: _Workbook) -> tuple[Any, str]:
    if value is None or value == "":
        return "", ""
    if isinstance(value, dt.datetime):
        return value.date(), ""
    if isinstance(value, dt.date):
        return value, ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        # A date typed in a cell formatted as a number keeps its serial: 46023 is 01/01/2026.
        if 1 <= value <= MAX_SERIAL:
            return from_excel(value, epoch=book.epoch).date(), ""
    else:
        text = str(value).strip()
        for pattern in _DATE_TEXT:
            try:
                return dt.datetime.strptime(text, pattern).date(), ""
            except ValueError:
                continue
    return "", _("not a date (%(value)s); write it as dd/mm/yyyy") % {"value": _text(value)}


# ---------------------------------------------------------------- the header


def _match(text: str, columns: Sequence[Column], taken: set[str], exact: bool = False) -> str | None:
    """The key a header names: an exact alias first, then a header that starts with one ("Điện thoại (di động)")."""
    folded = fold(text)
    if not folded:
        return None
    for column in columns:
        if column.key not in taken and any(folded == fold(alias) for alias in column.aliases):
            return column.key
    for column in columns if not exact else ():
        if column.key not in taken and any(folded.startswith(fold(alias) + " ") for alias in column.aliases):
            return column.key
    return None


@dataclass
class _Header:
    rows: tuple[int, ...]
    labels: dict[int, str]  # column -> the header as written ("Người kiến nghị / Họ và tên")
    columns: dict[str, int]
    unmapped: list[str]


def _is_continuation(top: dict[int, Any], below: dict[int, Any]) -> bool:
    """Whether `below` is the second row of a two-row header under `top`: it has
    text only under a group label (a label followed by blank header cells, the
    merged cells) or under a blank header cell, and some under a group."""
    if not below or len(top) < 2:
        return False  # one cell alone above is a title, not a group
    if not all(isinstance(v, str) and not isinstance(v, _Error) for v in below.values()):
        return False
    grouped = False
    for column in below:
        if column in top:
            if column + 1 in top or column + 1 not in below:
                return False  # a single header cell with something under it: data
            grouped = True
        else:
            if not any(c < column for c in top):
                return False
            grouped = True
    return grouped


def _combine(top: dict[int, Any], below: dict[int, Any]) -> dict[int, tuple[str, str]]:
    """Column -> (group label, sub label); a label merged over its sub-columns carries to the right."""
    out: dict[int, tuple[str, str]] = {}
    group = ""
    for column in range(max([*top, *below]) + 1):
        if column in top:
            group = _text(top[column])
        elif column not in below:
            group = ""  # a column blank in both rows ends the group
        if column in top or column in below:
            out[column] = (group, _text(below.get(column)))
    return out


def _map_header(cells: dict[int, tuple[str, str]], columns: Sequence[Column]) -> _Header:
    mapping: dict[str, int] = {}
    labels: dict[int, str] = {}
    unmapped: list[str] = []
    for column in sorted(cells):
        group, sub = cells[column]
        label = f"{group} / {sub}" if group and sub else (sub or group)
        labels[column] = label
        # A sub-column by its own name ("Địa chỉ" under "Người kiến nghị"), or by both
        # together as one whole name, never by the start of the group's label:
        # "Người kiến nghị / Họ đệm" is not the name. A group's label alone names a
        # column only when nothing is under it (merged down, as "Nội dung" often is).
        if sub:
            key = _match(sub, columns, set(mapping)) or _match(f"{group} {sub}", columns, set(mapping), exact=True)
        else:
            key = _match(group, columns, set(mapping))
        if key:
            mapping[key] = column
        elif fold(label) not in ("stt", "tt", "so tt", "so thu tu"):
            unmapped.append(label)
    return _Header(rows=(), labels=labels, columns=mapping, unmapped=unmapped)


def _find_header(first_rows: list[tuple[int, dict[int, Any]]], columns, required) -> tuple[_Header, int]:
    """The header among the first rows, and the index in `first_rows` of its last row."""
    best: tuple[int, _Header] | None = None
    for index, (number, cells) in enumerate(first_rows):
        if not cells:
            continue
        below = first_rows[index + 1] if index + 1 < len(first_rows) else None
        if below is not None and below[0] == number + 1 and _is_continuation(cells, below[1]):
            # Never the top row alone: its second row would be read as data.
            header = _map_header(_combine(cells, below[1]), columns)
            header.rows = (number, below[0])
        else:
            header = _map_header({c: ("", _text(v)) for c, v in cells.items()}, columns)
            header.rows = (number,)
        if all(any(key in header.columns for key in group) for group in required):
            return header, index + len(header.rows) - 1
        if best is None or len(header.columns) > best[0]:
            best = (len(header.columns), header)
    labels = {column.key: column.label for column in columns}
    wanted = _(" and ").join(
        _(" or ").join(f"“{labels[key]}”" for key in group) for group in required
    )
    message = _(
        "No header row naming the columns %(columns)s was found in the first %(rows)d rows. Download the template."
    ) % {"columns": wanted, "rows": HEADER_ROWS}
    if best is not None and best[1].columns:
        missing = [g for g in required if not any(key in best[1].columns for key in g)]
        message += " " + _("In row %(row)s the missing column is %(columns)s.") % {
            "row": "–".join(str(r) for r in best[1].rows),
            "columns": _(" and ").join(_(" or ").join(f"“{labels[k]}”" for k in g) for g in missing),
        }
        if best[1].unmapped:
            message += " " + _("Columns that could not be matched: %(names)s.") % {
                "names": ", ".join(f"“{name}”" for name in best[1].unmapped)
            }
    raise SpreadsheetError(message)


# ---------------------------------------------------------------- the table


def read_table(upload, columns: Sequence[Column], *, required: Sequence[tuple[str, ...]], max_rows: int) -> Table:
    """The rows under the header of the workbook's first sheet.

    `required`: groups of keys of which one each must be in the header, e.g.
    [("full_name",), ("position", "hamlet")]. `max_rows`: the rows under the
    header the import takes, blank rows included; a value past them refuses the file.
    Raises SpreadsheetError with the message to show next to the upload field.
    """
    with _open(upload) as archive:
        try:
            book = _Workbook(archive)
            return _read(book, columns, required, max_rows)
        except (zipfile.BadZipFile, etree.XMLSyntaxError, EOFError, OSError, ValueError):
            # A damaged or truncated package, a CRC error, XML that is not XML.
            raise SpreadsheetError(_("This is not an Excel (.xlsx) file that can be read.")) from None


_NUMBERING = re.compile(r"^\(?(\d{1,2}|[A-Za-z])\)?$")


def _is_numbering(cells: dict[int, Any]) -> bool:
    """A row numbering the columns, as official tables have under their header."""
    values = [v for v in cells.values() if v is not _MARK]
    if len(values) < 2:
        return False
    return all(
        (isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= MAX_COLUMNS)
        or (isinstance(v, str) and _NUMBERING.match(v.strip()))
        for v in values
    )


def _read(book: _Workbook, columns, required, max_rows) -> Table:
    kinds = {column.key: column.kind for column in columns}
    wanted = _Wanted()
    rows = _sheet_rows(book, wanted)
    first: list[tuple[int, dict[int, Any]]] = []
    for number, cells in rows:
        if number > HEADER_ROWS + 1:
            pending = (number, cells)
            break
        first.append((number, cells))
    else:
        pending = None
    if not any(cells for _n, cells in first) and pending is None:
        raise SpreadsheetError(_("The workbook is empty."))
    header, last = _find_header(first, columns, required)
    limit = header.rows[-1] + max_rows
    wanted.columns, wanted.limit = set(header.columns.values()), limit
    table = Table(
        header_rows=header.rows, columns=header.columns,
        headers={key: header.labels[index] for key, index in header.columns.items()},
        ignored=header.unmapped, rows=[],
    )

    def under_header():
        yield from first[last + 1:]
        if pending is not None:
            yield pending
        yield from rows

    trailing = 0
    under = under_header()
    for number, cells in under:
        if number == header.rows[-1] + 1 and _is_numbering(cells):
            continue  # "(1) (2) (3)…" or "A B C…" under the header: part of it, not a row
        if number > limit:
            if cells:
                raise SpreadsheetError(_(
                    "The list has more than %(count)d rows under its header (blank rows count). "
                    "Delete the rows below the list, or split it into several files."
                ) % {"count": max_rows})
            trailing += 1
            if trailing > MAX_EMPTY_TRAILING_ROWS:
                raise SpreadsheetError(_too_large(MAX_SHEET_BYTES))
            continue
        row = Row(number=number, values={})
        for key, index in header.columns.items():
            value, problem = _typed(cells.get(index), kinds[key], book)
            row.values[key] = value
            if problem:
                row.problems[key] = problem
        if not row.blank:
            table.rows.append(row)
    return table
