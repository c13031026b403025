import io
import os

import pytest
from pypdf import PdfReader

from conferences import invitations
from conferences.invitation_documents import build_invitation, printed_time, render_invitations_pdf
from conferences.models import ConferenceGroup, ConferencePerson, ConferenceStatus as S, Invitee

from .factories import approved_plan, conference_in_state


@pytest.fixture
def conference(org, staff):
    org.header_parent = "UBND HUYỆN NAM ĐÀN"
    org.header_name = "ỦY BAN NHÂN DÂN / XÃ VĨNH LÂM"
    org.abbreviation = "UBND"
    org.place_name = "Vĩnh Lâm"
    org.save()
    c = conference_in_state(
        org, S.ANNOUNCED, by=staff, days=20,
        title="Hội nghị tiếp xúc, đối thoại giữa Chủ tịch UBND xã với Nhân dân năm 2026",
        venue="Hội trường UBND xã Vĩnh Lâm",
    )
    ConferencePerson.objects.create(conference=c, role="chair", name="Trần Văn Bình", position="Chủ tịch UBND xã")
    group = ConferenceGroup.objects.create(conference=c, text="Trưởng các thôn")
    for i, (name, pos, hamlet) in enumerate(
        [("Nguyễn Văn An", "Trưởng thôn", "Thôn Hòa Bình"), ("Lê Thị Hoa", "Hội viên Hội Phụ nữ", "Xóm 3")]
    ):
        Invitee.objects.create(conference=c, group=group, order=i, full_name=name, position=pos, hamlet=hamlet)
    return c


def _text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def test_draft_batch_prints_invitation_then_slip_per_invitee(conference):
    pdf = render_invitations_pdf(conference, conference.invitees.all())
    if os.environ.get("INVITATION_PDF_OUT"):
        open(os.environ["INVITATION_PDF_OUT"], "wb").write(pdf)
    pages = _text(pdf)
    assert len(pages) == 4
    first, slip = pages[0], pages[1]
    assert "GIẤY MỜI" in first and "DỰ THẢO" in first
    assert "Kính gửi: Ông (Bà) Nguyễn Văn An" in first
    assert "trân trọng kính mời" in first and "Tới dự Hội nghị tiếp xúc" in first
    assert "Ủy ban nhân dân xã Vĩnh Lâm trân trọng kính mời" in " ".join(first.split())
    assert "Thời gian:" in first and "Địa điểm: Hội trường UBND xã Vĩnh Lâm" in first
    assert "Chủ trì: Chủ tịch UBND xã" in first
    assert "Số:" in first and "/GM-UBND" in first
    assert "PHIẾU ĐĂNG KÝ PHÁT BIỂU Ý KIẾN, KIẾN NGHỊ" in slip and "DỰ THẢO" in slip
    for label in ("Họ và tên:", "Địa chỉ", "Số điện thoại:", "Lĩnh vực:", "Nội dung ý kiến, kiến nghị:"):
        assert label in slip
    assert "Lê Thị Hoa" in pages[2] and "Nguyễn Văn An" not in pages[2]
    reader = PdfReader(io.BytesIO(pdf))
    assert [(o.title, reader.get_destination_page_number(o)) for o in reader.outline] == [
        ("1. Nguyễn Văn An", 0), ("2. Lê Thị Hoa", 2)
    ]


def test_issued_batch_has_no_draft_mark_and_its_number(conference, staff, leader):
    batch = invitations.invitation_batch_issue(conference=conference, by=leader, number=7)
    pages = _text(render_invitations_pdf(conference, batch.invitees.all(), batch=batch))
    assert len(pages) == 4
    assert all("DỰ THẢO" not in page for page in pages)
    assert "Số: 07/GM-UBND" in pages[0]


def test_time_is_printed_with_weekday(conference):
    text = printed_time(conference)
    start = conference.local_start
    assert text.startswith(f"{start.hour:02d} giờ 00 phút, ") and f"ngày {start.day:02d}" in text


def test_party_organisation_prints_party_header(conference, org):
    org.document_format = "party"
    org.abbreviation = "ĐU"
    org.save()
    conference.refresh_from_db()
    doc = build_invitation(conference)
    assert doc.is_party and doc.symbol.startswith("Số ") and doc.symbol.endswith("-GM/ĐU")
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in _text(render_invitations_pdf(conference, conference.invitees.all()[:1]))[0]


def test_plan_signature_is_used(org, staff):
    plan = approved_plan(org, sessions=1)
    plan.sign_authority = "TM"
    plan.sign_on_behalf_of = "Ủy ban nhân dân"
    plan.sign_position = "Chủ tịch"
    plan.signer_name = "Phạm Văn Cường"
    plan.save()
    c = conference_in_state(org, S.SCHEDULED, by=staff, plan=plan)
    doc = build_invitation(c)
    assert doc.signer_name == "Phạm Văn Cường" and "CHỦ TỊCH" in doc.signature_lines


def test_plan_number_opens_the_invitation_sentence(org, staff):
    org.header_name = "ỦY BAN NHÂN DÂN / XÃ VĨNH LÂM"
    org.save()
    plan = approved_plan(org, sessions=1)
    plan.header_issuer = "ỦY BAN NHÂN DÂN\nXÃ VĨNH LÂM"
    plan.number = 5
    plan.symbol = "UBND"
    plan.save()
    c = conference_in_state(org, S.SCHEDULED, by=staff, plan=plan)
    doc = build_invitation(c)
    assert doc.plan_reference == "Thực hiện Kế hoạch số 05/KH-UBND của Ủy ban nhân dân xã Vĩnh Lâm, "
    assert doc.issuer_name == "Ủy ban nhân dân xã Vĩnh Lâm"
