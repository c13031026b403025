"""Rows for generated data sets (benchmarks, trying lists at scale): realistic
petitions and their public timelines, written in batches without model save()
or history.

Used by `manage.py generate_petitions` (one organisation) and by the province
generator (demo.province). Ids are taken before the rows are written so that
related rows (events, assignments, deadlines) can name them in the same batch:
from the table's sequence on PostgreSQL, from the current maximum elsewhere
(one writer at a time). Rows go in by COPY on PostgreSQL, plain INSERTs elsewhere.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random

from django.db import connection
from django.utils import timezone

from dialogue.codes import ALPHABET, format_code
from dialogue.text import fold

from .models import EventKind, Petition, PetitionEvent, PetitionStatus, Priority, Source

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Ngọc", "Quang", "Xuân", "Thu"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hà", "Hùng", "Lan", "Mai", "Nam", "Phúc", "Quân", "Sơn", "Tâm", "Thảo", "Yến"]
PLACES = ["thôn Hòa Bình", "thôn Đồng Tâm", "xóm Đông", "xóm Bãi", "thôn Kon Lốc", "thôn Vi Glong", "tổ dân phố 3"]
MATTERS = [
    "Đề nghị sửa chữa tuyến đường liên xóm {p} bị xuống cấp, mùa mưa ngập sâu, đi lại khó khăn.",
    "Đề nghị xem xét cấp giấy chứng nhận quyền sử dụng đất cho các hộ ở {p} đã sử dụng ổn định từ năm 1995.",
    "Đề nghị lắp đặt hệ thống đèn chiếu sáng công cộng tại {p} để bảo đảm an ninh trật tự ban đêm.",
    "Đề nghị nạo vét kênh mương nội đồng {p} trước mùa mưa để phục vụ sản xuất vụ đông xuân.",
    "Đề nghị xử lý tình trạng đổ rác thải không đúng nơi quy định ở {p}, gây ô nhiễm môi trường.",
    "Đề nghị hỗ trợ kinh phí sửa chữa nhà văn hóa {p} đã xuống cấp sau bão.",
    "Đề nghị giải quyết chế độ cho người có công với cách mạng ở {p} còn chậm.",
    "Đề nghị tăng cường tuần tra ban đêm tại {p}, thời gian qua xảy ra nhiều vụ trộm cắp vặt.",
]
AGENCIES = ["Công an xã", "Công chức địa chính – xây dựng", "Công chức văn hóa – xã hội", "Phòng Tài nguyên và Môi trường"]
ANSWERS = [
    "Đã khảo sát hiện trạng và lập dự toán; dự kiến thi công trong quý tới.",
    "Hồ sơ đã được tiếp nhận, đang thẩm định theo quy định; kết quả sẽ thông báo bằng văn bản.",
    "Đã bố trí kinh phí trong kế hoạch năm; Ủy ban nhân dân xã giao đơn vị thực hiện.",
]
# (status, weight): roughly a commune's book a year after its conferences.
STATUS_MIX = [
    (PetitionStatus.REGISTERED, 20), (PetitionStatus.ASSIGNED, 25), (PetitionStatus.IN_REVIEW, 5),
    (PetitionStatus.RESOLVED, 40), (PetitionStatus.REFERRED, 10),
]
SOURCE_MIX = [(Source.ONLINE, 30), (Source.SLIP, 30), (Source.CONFERENCE, 25), (Source.FRONT, 10), (Source.WRITING, 5)]

PETITION_COLUMNS = (
    "id", "organization_id", "conference_id", "tracking_code", "source", "status", "field_id", "content", "priority",
    "received_on", "petitioner_name", "petitioner_address", "petitioner_phone", "petitioner_email", "email_updates",
    "is_public", "feedback", "feedback_comment", "name_key", "address_key", "phone_key", "content_key", "created_at",
    "updated_at",
)
EVENT_COLUMNS = ("petition_id", "kind", "at", "public", "agency_name", "date", "text")


class IdReserver:
    """Fresh primary keys of one table, so related rows can name them before the rows exist.

    PostgreSQL hands them out from the table's sequence (safe beside other
    writers); elsewhere they follow the table's maximum at the first call and
    this reserver's own count after it (rows taken may not be written yet)."""

    def __init__(self, model):
        self.table = model._meta.db_table
        self.next: int | None = None

    def take(self, size: int) -> list[int]:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [self.table, size]
                )
                return [row[0] for row in cursor.fetchall()]
            if self.next is None:
                cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {self.table}")
                self.next = cursor.fetchone()[0] + 1
        start, self.next = self.next, self.next + size
        return list(range(start, start + size))


def write_rows(model, columns: tuple[str, ...], rows: list[dict]) -> None:
    """Insert the rows (dicts keyed by column name) as they are: COPY on PostgreSQL, INSERT elsewhere."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        # A plain INSERT rather than bulk_create, which would stamp auto_now fields with the present.
        fields = {f.column: f for f in model._meta.concrete_fields}
        prepared = [
            [fields[c].get_db_prep_save(row[c], connection) for c in columns] for row in rows
        ]
        names = ", ".join(connection.ops.quote_name(c) for c in columns)
        marks = ", ".join(["%s"] * len(columns))
        with connection.cursor() as cursor:
            cursor.executemany(f"INSERT INTO {model._meta.db_table} ({names}) VALUES ({marks})", prepared)
        return
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        values = []
        for column in columns:
            value = row[column]
            if value is None:
                value = r"\N"
            elif isinstance(value, bool):
                value = "t" if value else "f"
            elif isinstance(value, (dt.datetime, dt.date)):
                value = value.isoformat()
            values.append(value)
        writer.writerow(values)
    buffer.seek(0)
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(
            f"COPY {model._meta.db_table} ({', '.join(columns)}) FROM STDIN WITH (FORMAT csv, NULL '\\N')", buffer
        )


def analyze(*models) -> None:
    """Fresh planner statistics after a bulk load (PostgreSQL only)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {model._meta.db_table}")


class PetitionRows:
    """Builds petition and event rows from one seeded random generator."""

    def __init__(self, rng: random.Random, fields: list[int | None]):
        self.rng = rng
        self.fields = fields or [None]
        # Codes from their own unseeded generator: a repeated seed repeats the mix, never the codes.
        self.codes = random.Random()

    def code(self) -> str:
        # 50 random bits like codes.new_code, from the (fast, seedable) generator; the unique
        # index rejects the batch on the one-in-billions clash.
        choice = self.codes.choice
        return format_code("".join(choice(ALPHABET) for _ in range(10)))

    def statuses(self, size: int, mix=STATUS_MIX) -> list[str]:
        values, weights = zip(*mix)
        return self.rng.choices(values, weights, k=size)

    def sources(self, size: int, mix=SOURCE_MIX) -> list[str]:
        values, weights = zip(*mix)
        return self.rng.choices(values, weights, k=size)

    def petition(self, *, pk: int | None, organization_id: int, status: str, source: str, created: dt.datetime,
                 conference_id: int | None = None) -> dict:
        rng = self.rng
        name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        place = rng.choice(PLACES)
        content = rng.choice(MATTERS).format(p=place)
        phone = f"09{rng.randrange(10**8):08d}"
        return {
            "id": pk,
            "organization_id": organization_id,
            "conference_id": conference_id,
            "tracking_code": self.code(),
            "source": source,
            "status": status,
            "field_id": rng.choice(self.fields),
            "content": content,
            "priority": Priority.NORMAL,
            "received_on": timezone.localdate(created),
            "petitioner_name": name,
            "petitioner_address": place,
            "petitioner_phone": phone,
            "petitioner_email": "",
            "email_updates": False,
            "is_public": rng.random() > 0.01,
            "feedback": "",
            "feedback_comment": "",
            "name_key": fold(name)[:120],
            "address_key": fold(place)[:255],
            "phone_key": phone,
            "content_key": fold(content),
            "created_at": created,
            "updated_at": created,
        }

    def events(self, petition_id, status: str, created: dt.datetime, *, agency: str | None = None,
               concluded: dt.datetime | None = None, answered_at_conference: float = 0.4) -> list[dict]:
        """The public timeline of a petition that reached `status`.

        `agency` names the agency of an assignment (else one is drawn); `concluded`
        places the chair's conclusion (else a few days after registration).
        A caller that writes the assignment itself may adjust the events' dates to match it."""
        rng = self.rng
        at = created
        out = []

        def add(kind, **values):
            nonlocal at
            out.append({"petition_id": petition_id, "kind": kind, "at": at, "public": True, "agency_name": "",
                        "date": None, "text": "", **values})
            at = at + dt.timedelta(days=rng.randint(1, 12), seconds=rng.randrange(3600))

        add(EventKind.REGISTERED)
        if status == PetitionStatus.REGISTERED:
            return out
        if concluded is not None and concluded > at:
            at = concluded
        add(EventKind.CONCLUDED)
        if status == PetitionStatus.REFERRED:
            add(EventKind.REFERRED, agency_name="Ủy ban nhân dân huyện")
            return out
        if status == PetitionStatus.RESOLVED and rng.random() < answered_at_conference:
            add(EventKind.ANSWERED_AT_CONFERENCE, text=rng.choice(ANSWERS))
            add(EventKind.RESOLVED)
            return out
        agency = agency or rng.choice(AGENCIES)
        add(EventKind.ASSIGNED, agency_name=agency, date=timezone.localdate(at) + dt.timedelta(days=30))
        if rng.random() < 0.7:
            add(EventKind.ACKNOWLEDGED, agency_name=agency)
        if rng.random() < 0.1:
            add(EventKind.EXTENDED, agency_name=agency, date=timezone.localdate(at) + dt.timedelta(days=45),
                text="Chờ bố trí kinh phí.")
        if status == PetitionStatus.RESOLVED:
            add(EventKind.ANSWERED, agency_name=agency, text=rng.choice(ANSWERS))
            add(EventKind.RESOLVED)
        return out


def write_petitions(petitions: list[dict], events: list[dict]) -> None:
    write_rows(Petition, PETITION_COLUMNS, petitions)
    write_rows(PetitionEvent, EVENT_COLUMNS, events)
