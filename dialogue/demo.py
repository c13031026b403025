"""Demo organisations and one user per role, for `make run` and the tests (the whole demo: demo.loading).

Idempotent: running it again updates the rows in place.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from .dev_certificates import ensure_certificates, ensure_sample_images
from .models import Membership, Organization, Role

DEMO_PASSWORD = "doithoai2026"

Kind = Organization.Kind
Level = Organization.Level
Fmt = Organization.DocumentFormat

# (code, name, parent code, kind, level, header parent, header lines, abbreviation, place, format)
ORGANIZATIONS = [
    ("quang-tri", "Tỉnh Quảng Trị", None, Kind.PEOPLES_COMMITTEE, Level.PROVINCE, "", "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG TRỊ", "UBND", "Quảng Trị", Fmt.STATE),
    ("vinh-linh", "Huyện Vĩnh Linh", "quang-tri", Kind.PEOPLES_COMMITTEE, Level.DISTRICT, "UBND TỈNH QUẢNG TRỊ", "ỦY BAN NHÂN DÂN\nHUYỆN VĨNH LINH", "UBND", "Vĩnh Linh", Fmt.STATE),
    ("ubnd-vinh-lam", "Ủy ban nhân dân xã Vĩnh Lâm", "vinh-linh", Kind.PEOPLES_COMMITTEE, Level.COMMUNE, "", "ỦY BAN NHÂN DÂN\nXÃ VĨNH LÂM", "UBND", "Vĩnh Lâm", Fmt.STATE),
    ("ca-vinh-lam", "Công an xã Vĩnh Lâm", "ubnd-vinh-lam", Kind.DEPARTMENT, Level.COMMUNE, "UBND XÃ VĨNH LÂM", "CÔNG AN XÃ VĨNH LÂM", "CA", "Vĩnh Lâm", Fmt.STATE),
    ("dc-vinh-lam", "Công chức Địa chính - Xây dựng xã Vĩnh Lâm", "ubnd-vinh-lam", Kind.DEPARTMENT, Level.COMMUNE, "UBND XÃ VĨNH LÂM", "ĐỊA CHÍNH - XÂY DỰNG", "ĐC", "Vĩnh Lâm", Fmt.STATE),
    ("mttq-vinh-lam", "Ủy ban MTTQ Việt Nam xã Vĩnh Lâm", "ubnd-vinh-lam", Kind.FRONT, Level.COMMUNE, "", "ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM\nXÃ VĨNH LÂM", "MTTQ", "Vĩnh Lâm", Fmt.STATE),
    ("dien-luc-vinh-linh", "Điện lực Vĩnh Linh", None, Kind.OUTSIDE, Level.OTHER, "", "ĐIỆN LỰC VĨNH LINH", "ĐL", "Vĩnh Linh", Fmt.STATE),
    ("kon-tum", "Tỉnh Kon Tum", None, Kind.PEOPLES_COUNCIL, Level.PROVINCE, "", "HỘI ĐỒNG NHÂN DÂN\nTỈNH KON TUM", "HĐND", "Kon Tum", Fmt.STATE),
    ("hdnd-kon-plong", "Hội đồng nhân dân huyện Kon Plông", "kon-tum", Kind.PEOPLES_COUNCIL, Level.DISTRICT, "", "HỘI ĐỒNG NHÂN DÂN\nHUYỆN KON PLÔNG", "HĐND", "Kon Plông", Fmt.STATE),
    ("nghe-an", "Đảng bộ tỉnh Nghệ An", None, Kind.PARTY_COMMITTEE, Level.PROVINCE, "", "TỈNH ỦY NGHỆ AN", "TU", "Nghệ An", Fmt.PARTY),
    ("du-nam-dan", "Đảng ủy xã Nam Đàn", "nghe-an", Kind.PARTY_COMMITTEE, Level.COMMUNE, "ĐẢNG BỘ TỈNH NGHỆ AN", "ĐẢNG ỦY XÃ NAM ĐÀN", "ĐU", "Nam Đàn", Fmt.PARTY),
]


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    org: str
    role: str
    position: str = ""


USERS = [
    DemoUser("vanphong", "Trần Thị Hoa", "ubnd-vinh-lam", Role.STAFF, "Chuyên viên Văn phòng"),
    DemoUser("chutich", "Lê Đức Dũng", "ubnd-vinh-lam", Role.LEADER, "Chủ tịch"),
    DemoUser("thuky", "Nguyễn Văn Bình", "ubnd-vinh-lam", Role.SECRETARY, "Công chức Văn phòng - Thống kê"),
    DemoUser("congan", "Hoàng Minh Tuấn", "ca-vinh-lam", Role.AGENCY, "Trưởng Công an xã"),
    DemoUser("mttq", "Phạm Thị Lan", "ubnd-vinh-lam", Role.SUPERVISOR, "Chủ tịch Ủy ban MTTQ xã"),
    DemoUser("namdan", "Võ Thị Mai", "du-nam-dan", Role.STAFF, "Chuyên viên Ban Xây dựng Đảng"),
    DemoUser("bithu", "Lê Văn Sỹ", "du-nam-dan", Role.LEADER, "Phó Bí thư Thường trực"),
    # Reads the results of Vĩnh Lâm through the roll-up (dialogue.access): the district above it.
    DemoUser("vinhlinh", "Hồ Văn Thắng", "vinh-linh", Role.LEADER, "Chủ tịch UBND huyện"),
    DemoUser("konplong", "Y Thị Hằng", "hdnd-kon-plong", Role.STAFF, "Chuyên viên Văn phòng HĐND-UBND"),
    DemoUser("hdnd", "Đặng Bá Lâm", "hdnd-kon-plong", Role.LEADER, "Phó Chủ tịch HĐND"),
]


@transaction.atomic
def load_organizations() -> dict[str, Organization]:
    orgs: dict[str, Organization] = {}
    for code, name, parent, kind, level, header_parent, header_name, abbr, place, fmt in ORGANIZATIONS:
        orgs[code], _ = Organization.objects.update_or_create(
            code=code,
            defaults=dict(
                name=name,
                parent=orgs.get(parent) if parent else None,
                kind=kind,
                level=level,
                header_parent=header_parent,
                header_name=header_name,
                abbreviation=abbr,
                place_name=place,
                document_format=fmt,
            ),
        )
    return orgs


@transaction.atomic
def load_users(orgs: dict[str, Organization]) -> list[DemoUser]:
    User = get_user_model()
    for spec in USERS:
        last, _, first = spec.full_name.rpartition(" ")
        user, created = User.objects.get_or_create(username=spec.username)
        user.first_name, user.last_name = first, last
        user.email = f"{spec.username}@example.vn"
        if created:
            user.set_password(DEMO_PASSWORD)
        user.save()
        Membership.objects.update_or_create(
            user=user, organization=orgs[spec.org], role=spec.role, defaults={"position": spec.position}
        )
    admin, created = User.objects.get_or_create(username="admin", defaults={"is_staff": True, "is_superuser": True})
    if created:
        admin.first_name, admin.last_name = "Quản trị", "hệ thống"
        admin.set_password(DEMO_PASSWORD)
        admin.save()
    Membership.objects.get_or_create(user=admin, organization=orgs["ubnd-vinh-lam"], role=Role.ADMIN)
    return USERS


def load_certificates(orgs: dict[str, Organization]) -> None:
    """Development signing certificates, so the demo's issued documents are signed."""

    ensure_certificates(list(orgs.values()))

    # Sample images for the commune whose plans the demo issues, over its chairman's name.
    chairman = next(spec for spec in USERS if spec.username == "chutich")
    ensure_sample_images(orgs[chairman.org], signature_of=chairman.full_name)
