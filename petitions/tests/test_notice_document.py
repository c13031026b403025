"""The printed THÔNG BÁO kết luận: its layout parts in the PDF's own text, for
the state and the party format, and its numbering."""

import datetime as dt

import pytest
from django.utils import timezone

from conferences.models import ConferencePerson
from dialogue.models import Role
from dialogue.testing.factories import OrganizationFactory, member
from petitions import notices, services
from petitions.notice_documents import build_notice_document, render_notice_pdf

from .factories import make_conference
from .notice_fixtures import (  # noqa: F401 (fixtures)
    concluded,
    flat,
    front_org,
    held,
    issue,
    notice,
    party_org,
    pdf_text,
    record,
)


def _date(day):
    return f"{day:%d/%m/%Y}"


def test_state_notice_prints_every_layout_part(notice, leader, concluded, agency_org):
    issued = issue(notice, leader)
    today = timezone.localdate()
    text = flat(pdf_text(render_notice_pdf(issued)))
    # Header: issuer and motto, number, place and date.
    assert "UBND HUYỆN THỬ" in text and "ỦY BAN NHÂN DÂN" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert f"Số: 01/TB-UBND" in text
    month = f"{today.month:02d}" if today.month < 3 else str(today.month)
    assert f"Vĩnh Thử, ngày {today.day:02d} tháng {month} năm {today.year}" in text
    # Name and subject.
    assert "THÔNG BÁO" in text
    day = timezone.localtime(notice.conference.starts_at).date()
    assert f"Kết luận của đồng chí Chủ tịch UBND xã tại Hội nghị tiếp xúc, đối thoại với Nhân dân ngày {_date(day)}" in text
    assert "DỰ THẢO" not in text
    # Opening, the chair's general conclusions, then each petition.
    assert "kết luận như sau:" in text
    assert "I. KẾT LUẬN CHUNG" in text and "Hội nghị diễn ra dân chủ, thẳng thắn." in text
    assert "II. KẾT LUẬN ĐỐI VỚI Ý KIẾN, KIẾN NGHỊ CỦA NHÂN DÂN" in text
    road = concluded["road"].conclusions.get()
    assert "1. Cử tri Nguyễn V. A. (Xóm Hòa Bình) và Trần T. B. (Thôn 3):" in text
    assert "Đề nghị sửa tuyến đường liên xóm Hòa Bình bị xuống cấp." in text
    assert "Kết luận: Giao Công an xã phối hợp kiểm tra, lập phương án sửa chữa tuyến đường." in text
    assert "Cơ quan thực hiện: Công an xã Vĩnh Thử." in text
    assert f"Thời hạn giải quyết: {_date(road.due_on)}." in text
    assert "2. Cử tri Lê V. C. (Xóm Hòa Bình):" in text
    assert "Kết luận: Đã trả lời tại hội nghị: Đã đưa vào kế hoạch năm sau." in text
    assert "3. Cử tri Phạm T. D. (Xóm Hòa Bình):" in text and "Chuyển đến: UBND tỉnh." in text
    # Items in order, then the closing.
    assert text.index("1. Cử tri") < text.index("2. Cử tri") < text.index("3. Cử tri") < text.index("giám sát việc thực hiện./.")
    # Recipients: the agency, the Front, the archive line.
    assert "Nơi nhận:" in text
    assert "- Công an xã Vĩnh Thử;" in text
    assert "- Ủy ban MTTQ Việt Nam xã Vĩnh Thử;" in text
    assert "- Lưu: VT." in text
    # Signature block.
    assert "TM. ỦY BAN NHÂN DÂN" in text and "CHỦ TỊCH" in text and "Nguyễn Văn Lãnh" in text
    assert text.index("Nơi nhận:") < text.index("Nguyễn Văn Lãnh")


def test_draft_prints_the_draft_mark_and_a_blank_number(notice):
    text = flat(pdf_text(render_notice_pdf(notice)))
    assert "DỰ THẢO" in text
    assert "Số: /TB-UBND" in text
    assert "Số: 01" not in text


def test_party_notice_uses_the_party_layout(party_org, agency_org):
    staff = member(party_org, Role.STAFF)
    leader = member(party_org, Role.LEADER, first_name="Hùng", last_name="Trần Văn")
    agency = OrganizationFactory(name="Ban Xây dựng Đảng", parent=party_org, kind="department", abbreviation="BXDĐ")
    conference = make_conference(party_org, "held", days=-1, title="Hội nghị đối thoại với Nhân dân xóm 5")
    ConferencePerson.objects.create(conference=conference, role="chair", position="Bí thư Đảng ủy xã", user=leader)
    petition = record(party_org, conference, staff, petitioner_name="Hoàng Văn Em", content="Đề nghị nạo vét kênh mương nội đồng")
    services.conclusion_record(petition=petition, by=leader, outcome="assigned", agency=agency, due_on=timezone.localdate() + dt.timedelta(days=20))
    notice = notices.notice_prepare(conference=conference, by=staff)
    issued = issue(notice, leader)
    text = flat(pdf_text(render_notice_pdf(issued)))
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in text
    assert "ĐẢNG BỘ TỈNH NGHỆ AN" in text and "ĐẢNG ỦY XÃ NAM ĐÀN" in text
    assert "Số 01-TB/ĐU" in text and "Số:" not in text
    assert "Kết luận của đồng chí Bí thư Đảng ủy xã tại Hội nghị tiếp xúc, đối thoại với Nhân dân" in text
    assert "1. Cử tri Hoàng V. E. (Xóm Hòa Bình):" in text
    assert "Cơ quan thực hiện: Ban Xây dựng Đảng." in text
    assert f"Thời hạn giải quyết: {_date(petition.conclusions.get().due_on)}." in text
    # Party recipients end with commas; the signature reads T/M BAN THƯỜNG VỤ.
    assert "- Ban Xây dựng Đảng," in text and "- Lưu: VT." in text
    assert "T/M BAN THƯỜNG VỤ" in text and "BÍ THƯ" in text and "Trần Văn Hùng" in text


def test_numbers_run_per_issuer_and_year(org, other_org, staff, leader, agency_org, concluded, notice, monkeypatch):
    first = issue(notice, leader)
    assert (first.number, first.year, first.issuer_id) == (1, timezone.localdate().year, org.pk)

    def another(organization, by_staff, by_leader, agency):
        conference = make_conference(organization, "held", days=-1)
        petition = record(organization, conference, by_staff, petitioner_name="Vũ Văn Giang", content="Đề nghị xây cầu")
        services.conclusion_record(petition=petition, by=by_leader, outcome="assigned", agency=agency)
        draft = notices.notice_prepare(conference=conference, by=by_staff)
        notices.notice_update(notice=draft, by=by_staff, signer_name="Vũ Văn Hải")
        return issue(draft, by_leader)

    second = another(org, staff, leader, agency_org)
    assert second.number == 2
    # Another organisation has its own series.
    other_staff, other_leader = member(other_org, Role.STAFF), member(other_org, Role.LEADER)
    other_agency = OrganizationFactory(parent=other_org, kind="department")
    assert another(other_org, other_staff, other_leader, other_agency).number == 1
    # A new year starts again at 1 (the register keeps its own series, so the year really turns).
    next_year = timezone.now() + dt.timedelta(days=366)
    monkeypatch.setattr(timezone, "now", lambda: next_year)
    assert another(org, staff, leader, agency_org).number == 1
    assert second.symbol_display() == "Số: 02/TB-UBND"


def test_document_lists_agency_once_and_typed_recipients(notice, staff, agency_org):
    notices.notice_update(notice=notice, by=staff, recipients="- Công an xã Vĩnh Thử;\nThường trực Đảng ủy xã")
    doc = build_notice_document(notice)
    assert doc.recipients == ["- Công an xã Vĩnh Thử;", "- Thường trực Đảng ủy xã;", "- Lưu: VT."]


def test_issue_date_and_year_are_those_of_vietnam(notice, leader, monkeypatch):
    notices.notice_approve(notice=notice, by=leader)
    # 18:30 UTC on 31 December is already 1 January in Vietnam.
    instant = dt.datetime(2026, 12, 31, 18, 30, tzinfo=dt.timezone.utc)
    monkeypatch.setattr(timezone, "now", lambda: instant)
    issued = notices.notice_issue(notice=notice, by=leader)
    assert issued.issued_on == dt.date(2027, 1, 1) and issued.year == 2027 and issued.number == 1
    assert "ngày 01 tháng 01 năm 2027" in build_notice_document(issued).place_date
