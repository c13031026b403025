"""Shared set-up for the conclusion notice tests: a held conference with
conclusions of every kind, for a state and for a party organisation."""

import io

import pytest
from pypdf import PdfReader

from conferences.models import ConferencePerson
from dialogue.models import Organization, Role
from dialogue.testing.factories import OrganizationFactory, member
from petitions import notices, services

from .factories import make_conference


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def flat(text: str) -> str:
    """The extracted text with line breaks and runs of spaces as single spaces."""
    return " ".join(text.split())


@pytest.fixture
def front_org(org):
    return OrganizationFactory(
        name="Ủy ban MTTQ Việt Nam xã Vĩnh Thử", code="mttq-vinh-thu", parent=org,
        kind=Organization.Kind.FRONT, abbreviation="MTTQ",
    )


@pytest.fixture
def front_user(front_org):
    return member(front_org, Role.SUPERVISOR, username="mttq", email="mttq@example.vn")


@pytest.fixture
def held(org, leader):
    conference = make_conference(org, "held", days=-1, title="Hội nghị tiếp xúc, đối thoại với Nhân dân xóm Hòa Bình")
    ConferencePerson.objects.create(conference=conference, role="chair", position="Đồng chí Chủ tịch UBND xã", user=leader)
    return conference


def record(org, conference, staff, **values):
    values.setdefault("petitioner_address", "Xóm Hòa Bình")
    return services.petition_record(organization=org, by=staff, source="slip", conference=conference, **values)


@pytest.fixture
def concluded(org, held, staff, leader, agency_org):
    """Three conclusions: assigned to the agency (on a group of two), answered, referred."""
    road = record(org, held, staff, petitioner_name="Nguyễn Văn An", content="Đề nghị sửa tuyến đường liên xóm Hòa Bình bị xuống cấp", speech_number=1)
    road2 = record(org, held, staff, petitioner_name="Trần Thị Bình", petitioner_address="Thôn 3", content="Đường liên xóm hư hỏng, đề nghị sửa chữa")
    services.petitions_group(lead=road, others=[road2], by=staff)
    services.conclusion_record(
        petition=road, by=leader, outcome="assigned", agency=agency_org,
        direction="Giao Công an xã phối hợp kiểm tra, lập phương án sửa chữa tuyến đường",
    )
    light = record(org, held, staff, petitioner_name="Lê Văn Cường", content="Đề nghị lắp đèn chiếu sáng ngõ xóm", speech_number=2)
    services.conclusion_record(petition=light, by=leader, outcome="answered", answer="Đã đưa vào kế hoạch năm sau")
    land = record(org, held, staff, petitioner_name="Phạm Thị Dung", content="Đề nghị cấp giấy chứng nhận quyền sử dụng đất", speech_number=3)
    services.conclusion_record(petition=land, by=leader, outcome="referred", referred_to="UBND tỉnh")
    return {"road": road, "road2": road2, "light": light, "land": land}


@pytest.fixture
def notice(held, concluded, staff):
    notice = notices.notice_prepare(conference=held, by=staff)
    return notices.notice_update(
        notice=notice, by=staff, general_conclusions="Hội nghị diễn ra dân chủ, thẳng thắn.",
        signer_name="Nguyễn Văn Lãnh",
    )


def issue(notice, leader):
    notices.notice_approve(notice=notice, by=leader)
    return notices.notice_issue(notice=notice, by=leader)


@pytest.fixture
def party_org(db):
    return OrganizationFactory(
        name="Đảng ủy xã Nam Đàn", code="du-nam-dan", kind=Organization.Kind.PARTY_COMMITTEE,
        header_parent="ĐẢNG BỘ TỈNH NGHỆ AN", header_name="ĐẢNG ỦY XÃ NAM ĐÀN", abbreviation="ĐU",
        place_name="Nam Đàn", document_format=Organization.DocumentFormat.PARTY,
    )
