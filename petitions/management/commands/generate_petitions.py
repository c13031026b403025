"""Fill the database with N realistic petitions and their public timelines, for
the public page benchmark (bench/public.py) and for trying lists at scale.

    manage.py generate_petitions --count 1000000 [--organization CODE] [--seed 1]

Rows go in by batches: PostgreSQL's COPY (a million petitions with their
events in a few minutes), bulk_create elsewhere. Status, field, source, dates
and the public events follow a plausible mix: registered, assigned (some
acknowledged or extended), in review, resolved by an answer at the conference
or in writing, referred. Model save() and history are bypassed, so the
accent-free keys are computed here. The organisation is created when missing.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from dialogue.models import Organization
from dialogue.text import fold
from dialogue.codes import ALPHABET, format_code
from petitions.models import EventKind, Field, Petition, PetitionEvent, PetitionStatus, Priority, Source

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
    "id", "organization_id", "tracking_code", "source", "status", "field_id", "content", "priority", "received_on",
    "petitioner_name", "petitioner_address", "petitioner_phone", "petitioner_email", "email_updates", "is_public", "feedback",
    "feedback_comment", "name_key", "address_key", "phone_key", "content_key", "created_at", "updated_at",
)
EVENT_COLUMNS = ("petition_id", "kind", "at", "public", "agency_name", "date", "text")


class Command(BaseCommand):
    help = "Insert N realistic petitions with their public events (for benchmarks)."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, required=True)
        parser.add_argument("--organization", default="bench-xa", help="organisation code (created when missing)")
        parser.add_argument("--batch", type=int, default=20000)
        parser.add_argument("--seed", type=int, default=None, help="for a repeatable mix (codes stay random)")

    def handle(self, *, count, organization, batch, seed, **options):
        if count < 1:
            raise CommandError("--count must be positive")
        org, _ = Organization.objects.get_or_create(
            code=organization,
            defaults={
                "name": "Ủy ban nhân dân xã Thử Tải", "place_name": "Thử Tải",
                "kind": Organization.Kind.PEOPLES_COMMITTEE,
            },
        )
        fields = list(Field.objects.filter(organization__isnull=True).values_list("pk", flat=True)) or [None]
        self.rng = random.Random(seed)
        self.fields = fields
        self.now = timezone.now()
        started = time.monotonic()
        copy = connection.vendor == "postgresql"
        done = 0
        while done < count:
            size = min(batch, count - done)
            with transaction.atomic():
                petitions, events = self._batch(org.pk, size, self._ids(size) if copy else None)
                if copy:
                    self._copy(Petition._meta.db_table, PETITION_COLUMNS, petitions)
                    self._copy(PetitionEvent._meta.db_table, EVENT_COLUMNS, events)
                else:
                    self._bulk(petitions, events)
            done += size
            if options["verbosity"] > 1:
                self.stdout.write(f"{done}/{count} in {time.monotonic() - started:.0f} s")
        if copy:
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {Petition._meta.db_table}; ANALYZE {PetitionEvent._meta.db_table}")
        self.stdout.write(f"{count} petitions in {time.monotonic() - started:.1f} s")

    def _ids(self, size: int) -> list[int]:
        # Reserve the ids from the table's own sequence, so the events can name them.
        table = Petition._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, size]
            )
            return [row[0] for row in cursor.fetchall()]

    def _code(self) -> str:
        # 50 random bits like codes.new_code, from the (fast, seedable) generator; the unique
        # index rejects the batch on the one-in-billions clash.
        choice = self.rng.choice
        return format_code("".join(choice(ALPHABET) for _ in range(10)))

    def _batch(self, org_id: int, size: int, ids: list[int] | None):
        rng, now = self.rng, self.now
        statuses, status_w = zip(*STATUS_MIX)
        sources, source_w = zip(*SOURCE_MIX)
        picked_status = rng.choices(statuses, status_w, k=size)
        picked_source = rng.choices(sources, source_w, k=size)
        petitions, events = [], []
        for i in range(size):
            name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
            place = rng.choice(PLACES)
            content = rng.choice(MATTERS).format(p=place)
            phone = f"09{rng.randrange(10**8):08d}"
            created = now - dt.timedelta(seconds=rng.randrange(2 * 365 * 86400))
            status = picked_status[i]
            petitions.append({
                "id": ids[i] if ids else None,
                "organization_id": org_id,
                "tracking_code": self._code(),
                "source": picked_source[i],
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
            })
            events.extend(self._events(i, status, created))
        return petitions, events

    def _events(self, index: int, status: str, created: dt.datetime) -> list[dict]:
        rng = self.rng
        at = created
        out = []

        def add(kind, **values):
            nonlocal at
            out.append({"petition": index, "kind": kind, "at": at, "public": True, "agency_name": "", "date": None,
                        "text": "", **values})
            at = at + dt.timedelta(days=rng.randint(1, 12), seconds=rng.randrange(3600))

        add(EventKind.REGISTERED)
        if status == PetitionStatus.REGISTERED:
            return out
        add(EventKind.CONCLUDED)
        if status == PetitionStatus.REFERRED:
            add(EventKind.REFERRED, agency_name="Ủy ban nhân dân huyện")
            return out
        if status == PetitionStatus.RESOLVED and rng.random() < 0.4:
            add(EventKind.ANSWERED_AT_CONFERENCE, text=rng.choice(ANSWERS))
            add(EventKind.RESOLVED)
            return out
        agency = rng.choice(AGENCIES)
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

    def _copy(self, table: str, columns: tuple[str, ...], rows: list[dict]) -> None:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        petition_ids = self._batch_ids if table == PetitionEvent._meta.db_table else None
        for row in rows:
            values = []
            for column in columns:
                if column == "petition_id":
                    value = petition_ids[row["petition"]]
                else:
                    value = row[column]
                if value is None:
                    value = r"\N"
                elif isinstance(value, bool):
                    value = "t" if value else "f"
                elif isinstance(value, dt.datetime):
                    value = value.isoformat()
                values.append(value)
            writer.writerow(values)
        if table == Petition._meta.db_table:
            self._batch_ids = [row["id"] for row in rows]
        buffer.seek(0)
        with connection.cursor() as cursor:
            cursor.cursor.copy_expert(
                f"COPY {table} ({', '.join(columns)}) FROM STDIN WITH (FORMAT csv, NULL '\\N')", buffer
            )

    def _bulk(self, petitions: list[dict], events: list[dict]) -> None:
        objs = Petition.objects.bulk_create(
            [Petition(**{k: v for k, v in p.items() if k != "id"}) for p in petitions]
        )
        PetitionEvent.objects.bulk_create(
            [PetitionEvent(petition_id=objs[e["petition"]].pk, **{k: v for k, v in e.items() if k != "petition"})
             for e in events]
        )
