"""A year of a district's dialogue work with known figures, built straight on the
models (dates across a past year, which the services, counting from today,
cannot write): the district and two communes beneath it, each with its police,
another commune elsewhere, and what each did in 2025 and 2024.

Commune A in 2025 (every date a working day, none near a holiday):

    conferences  held 15/03 periodic (3 by name, 20 - 2 at the door),
                 concluded 10/07 periodic (2, 30), closed 05/11 ad hoc (0, 10);
                 announced 20/12 and cancelled 01/06: not held, not counted
    petitions    p1  slip        Đất đai     answered at the conference, satisfied
                 p2  conference  Đất đai     answered at the conference, not satisfied
                 p3  online      Môi trường  assigned 03/03, due 31/03, resolved 17/03 (10 days), satisfied
                 p4  slip        Môi trường  assigned 03/03, due 14/03, resolved 21/03 (14 days): late
                 p5  front       Giao thông  assigned 14/07, due 25/07, extended to 08/08, resolved 04/08 (15)
                 p6  writing     Giao thông  assigned 03/11, due 28/11, still open
                 p7  slip        (no field)  referred to a higher level
                 p8  slip        Đất đai     awaiting the chair's conclusion
                 p9  online      Môi trường  grouped under p3: resolved with it (10)
                 p10 conference  An sinh     assigned 03/11, due 14/11, extended to 12/12, still open
Commune B in 2025: held 02/04 ad hoc (1 by name); q1 slip Đất đai answered;
    q2 online Giao thông assigned 02/06, due 30/06, resolved 09/06 (5 days).
The district in 2025: held 09/09 ad hoc (40 at the door), no petitions.
Commune A in 2024: held 05/05 ad hoc (1, 5); r1 slip answered; r2 slip awaiting.
Outside the counts: A's petition of 2026, the other commune's petition of 2025.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from conferences.models import Attendance, Conference, ConferenceStatus, DoorCount
from conferences.tests.factories import PlanFactory, SessionFactory
from dialogue.models import Organization, Role
from dialogue.testing.factories import OrganizationFactory, member
from petitions.models import (
    Assignment,
    AssignmentStatus,
    EventKind,
    Feedback,
    Field,
    Petition,
    PetitionEvent,
    PetitionGroup,
    PetitionStatus,
)

VN = ZoneInfo("Asia/Ho_Chi_Minh")
YEAR = 2025


def at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=VN)


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


@dataclass
class YearWorld:
    district: Organization
    commune_a: Organization
    commune_b: Organization
    elsewhere: Organization
    police_a: Organization
    district_leader: object
    district_staff: object
    a_staff: object
    a_leader: object
    b_staff: object
    petitions: dict


class _Builder:
    def __init__(self, by):
        self.by = by
        self.count = 0

    def conference(self, org, day: str, status, *, periodic=False, named=0, door=(), title=None, venue="Nhà văn hóa"):
        session = None
        if periodic:
            session = SessionFactory(plan=PlanFactory(issuer=org, year=int(day[:4])))
        self.count += 1
        starts = at(d(day), 8)
        conference = Conference.objects.create(
            organization=org, session=session, plan=session.plan if session else None,
            title=title or f"Hội nghị đối thoại số {self.count}", status=status, venue=venue,
            starts_at=None if status == ConferenceStatus.CANCELLED else starts,
            announced_at=starts - dt.timedelta(days=10),
            cancel_reason="Mưa bão" if status == ConferenceStatus.CANCELLED else "",
        )
        for i in range(named):
            Attendance.objects.create(conference=conference, name=f"Người dự {i}", unit="Thôn 1", by=self.by)
        for n in door:
            DoorCount.objects.create(conference=conference, count=n, by=self.by)
        return conference

    def petition(self, org, received: str, source: str, field: Field | None, status=PetitionStatus.REGISTERED,
                 feedback: str = "", conference=None) -> Petition:
        self.count += 1
        return Petition.objects.create(
            organization=org, received_on=d(received), source=source, field=field, status=status,
            feedback=feedback, conference=conference, petitioner_name="Nguyễn Văn An",
            petitioner_phone="0912345678", petitioner_address="Xóm Bến Đò",
            content=f"Đề nghị số {self.count} của Nhân dân",
        )

    def event(self, petition: Petition, kind: str, day: str) -> None:
        PetitionEvent.objects.create(petition=petition, kind=kind, at=at(d(day), 10), public=True)

    def answered(self, petition: Petition, day: str) -> None:
        self.event(petition, EventKind.ANSWERED_AT_CONFERENCE, day)
        self.event(petition, EventKind.RESOLVED, day)

    def assign(self, petition: Petition, agency, assigned: str, due: str, *, extended: str | None = None,
               resolved: str | None = None, members=()) -> Assignment:
        assignment = Assignment.objects.create(
            petition=petition, agency=agency, assigned_by=self.by, due_on=d(due),
            extended_to=d(extended) if extended else None, extension_reason="Cần xác minh thêm" if extended else "",
            status=AssignmentStatus.CLOSED if resolved else AssignmentStatus.ACKNOWLEDGED,
        )
        Assignment.objects.filter(pk=assignment.pk).update(assigned_at=at(d(assigned)))
        for p in (petition, *members):
            self.event(p, EventKind.ASSIGNED, assigned)
            if resolved:
                self.event(p, EventKind.RESOLVED, resolved)
        return assignment


def build_year() -> YearWorld:
    province = OrganizationFactory(name="Ủy ban nhân dân tỉnh Thử", code="tinh-thu", level=Organization.Level.PROVINCE,
                                   header_name="ỦY BAN NHÂN DÂN\nTỈNH THỬ", place_name="Tỉnh Thử")
    district = OrganizationFactory(
        name="Ủy ban nhân dân huyện Thử", code="huyen-thu", parent=province, level=Organization.Level.DISTRICT,
        header_parent="UBND TỈNH THỬ", header_name="ỦY BAN NHÂN DÂN\nHUYỆN THỬ", place_name="Thử",
    )
    commune_a = OrganizationFactory(name="Ủy ban nhân dân xã An", code="xa-an", parent=district, place_name="An",
                                    header_parent="UBND HUYỆN THỬ", header_name="ỦY BAN NHÂN DÂN\nXÃ AN")
    commune_b = OrganizationFactory(name="Ủy ban nhân dân xã Bình", code="xa-binh", parent=district, place_name="Bình",
                                    header_parent="UBND HUYỆN THỬ", header_name="ỦY BAN NHÂN DÂN\nXÃ BÌNH")
    police_a = OrganizationFactory(name="Công an xã An", code="ca-xa-an", parent=commune_a,
                                   kind=Organization.Kind.DEPARTMENT, abbreviation="CA")
    police_b = OrganizationFactory(name="Công an xã Bình", code="ca-xa-binh", parent=commune_b,
                                   kind=Organization.Kind.DEPARTMENT, abbreviation="CA")
    elsewhere = OrganizationFactory(name="Ủy ban nhân dân xã Ngoài", code="xa-ngoai", place_name="Ngoài")

    district_leader = member(district, Role.LEADER, username="huyen_lanhdao", first_name="Hùng", last_name="Trần Văn")
    district_staff = member(district, Role.STAFF, username="huyen_vanphong")
    a_staff = member(commune_a, Role.STAFF, username="xa_an_vanphong")
    a_leader = member(commune_a, Role.LEADER, username="xa_an_chutich", first_name="Dũng", last_name="Lê Đức")
    b_staff = member(commune_b, Role.STAFF, username="xa_binh_vanphong")
    member(police_a, Role.AGENCY, username="ca_xa_an")

    land = Field.objects.create(name="Đất đai", order=1)
    environment = Field.objects.create(name="Môi trường", order=2)
    roads = Field.objects.create(name="Giao thông", order=3)
    welfare = Field.objects.create(name="An sinh xã hội", order=4)

    b = _Builder(a_staff)
    H, C, X = ConferenceStatus.HELD, ConferenceStatus.CONCLUDED, ConferenceStatus.CLOSED
    c1 = b.conference(commune_a, "2025-03-15", H, periodic=True, named=3, door=(20, -2),
                      title="Hội nghị đối thoại với Nhân dân thôn 1", venue="Nhà văn hóa thôn 1")
    b.conference(commune_a, "2025-07-10", C, periodic=True, named=2, door=(30,), title="Hội nghị đối thoại quý III")
    b.conference(commune_a, "2025-11-05", X, named=0, door=(10,), title="Hội nghị đối thoại đột xuất về đất đai")
    b.conference(commune_a, "2025-12-20", ConferenceStatus.ANNOUNCED, title="Hội nghị chưa diễn ra")
    b.conference(commune_a, "2025-06-01", ConferenceStatus.CANCELLED, title="Hội nghị bị hủy")
    b.conference(commune_a, "2024-05-05", H, named=1, door=(5,), title="Hội nghị năm trước")
    b.conference(commune_b, "2025-04-02", H, named=1, title="Hội nghị xã Bình")
    b.conference(district, "2025-09-09", H, door=(40,), title="Hội nghị của huyện")
    b.conference(elsewhere, "2025-05-05", H, named=7, title="Hội nghị nơi khác")

    R = PetitionStatus
    p = {}
    p["p1"] = b.petition(commune_a, "2025-03-15", "slip", land, R.RESOLVED, Feedback.SATISFIED, conference=c1)
    b.answered(p["p1"], "2025-03-15")
    p["p2"] = b.petition(commune_a, "2025-03-15", "conference", land, R.RESOLVED, Feedback.UNSATISFIED, conference=c1)
    b.answered(p["p2"], "2025-03-15")
    p["p3"] = b.petition(commune_a, "2025-03-01", "online", environment, R.RESOLVED, Feedback.SATISFIED)
    p["p9"] = b.petition(commune_a, "2025-03-01", "online", environment, R.RESOLVED)
    group = PetitionGroup.objects.create(organization=commune_a, lead=p["p3"], created_by=a_staff)
    Petition.objects.filter(pk__in=[p["p3"].pk, p["p9"].pk]).update(group=group)
    b.assign(p["p3"], police_a, "2025-03-03", "2025-03-31", resolved="2025-03-17", members=[p["p9"]])
    p["p4"] = b.petition(commune_a, "2025-03-01", "slip", environment, R.RESOLVED)
    b.assign(p["p4"], police_a, "2025-03-03", "2025-03-14", resolved="2025-03-21")
    p["p5"] = b.petition(commune_a, "2025-07-10", "front", roads, R.RESOLVED)
    b.assign(p["p5"], police_a, "2025-07-14", "2025-07-25", extended="2025-08-08", resolved="2025-08-04")
    p["p6"] = b.petition(commune_a, "2025-11-03", "writing", roads, R.ASSIGNED)
    b.assign(p["p6"], police_a, "2025-11-03", "2025-11-28")
    p["p7"] = b.petition(commune_a, "2025-07-10", "slip", None, R.REFERRED)
    b.event(p["p7"], EventKind.REFERRED, "2025-07-10")
    p["p8"] = b.petition(commune_a, "2025-11-05", "slip", land, R.REGISTERED)
    p["p10"] = b.petition(commune_a, "2025-11-03", "conference", welfare, R.ASSIGNED)
    b.assign(p["p10"], police_a, "2025-11-03", "2025-11-14", extended="2025-12-12")

    p["q1"] = b.petition(commune_b, "2025-04-02", "slip", land, R.RESOLVED)
    b.answered(p["q1"], "2025-04-02")
    p["q2"] = b.petition(commune_b, "2025-06-01", "online", roads, R.RESOLVED)
    b.assign(p["q2"], police_b, "2025-06-02", "2025-06-30", resolved="2025-06-09")

    p["r1"] = b.petition(commune_a, "2024-05-05", "slip", land, R.RESOLVED)
    b.answered(p["r1"], "2024-05-05")
    p["r2"] = b.petition(commune_a, "2024-05-05", "slip", land, R.REGISTERED)
    p["later"] = b.petition(commune_a, "2026-01-05", "slip", land, R.REGISTERED)
    p["outside"] = b.petition(elsewhere, "2025-05-05", "slip", land, R.REGISTERED)

    return YearWorld(
        district=district, commune_a=commune_a, commune_b=commune_b, elsewhere=elsewhere, police_a=police_a,
        district_leader=district_leader, district_staff=district_staff, a_staff=a_staff, a_leader=a_leader,
        b_staff=b_staff, petitions=p,
    )
