"""The public status page at phone width and the agency inbox, in Chromium
(screenshots in /tmp/h5-*.png)."""

import datetime as dt

import pytest

from petitions import services
from petitions.models import Field

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}


@pytest.fixture
def story(org, staff, leader, agency_user, agency_org, conference):
    field, _ = Field.objects.get_or_create(organization=None, name="Giao thông")
    petition = services.petition_register_online(
        conference=conference, petitioner_name="Nguyễn Văn An", petitioner_address="Xóm Hòa Bình",
        petitioner_phone="0912 345 678", field=field,
        content="Đề nghị sửa chữa tuyến đường liên xóm Hòa Bình – Đồng Tâm bị xuống cấp, mùa mưa ngập sâu.",
    )
    services.conclusion_record(petition=petition, by=leader, outcome="assigned", agency=agency_org, direction="Kiểm tra, báo cáo")
    assignment = petition.assignments.get()
    services.assignment_acknowledge(assignment=assignment, by=agency_user)
    services.assignment_extend(
        assignment=assignment, by=agency_user, new_date=assignment.due_on + dt.timedelta(days=15),
        reason="Chờ huyện phân bổ kinh phí sửa chữa đường giao thông nông thôn năm 2027.",
    )
    response = services.response_submit(
        assignment=assignment, by=agency_user, is_final=False,
        text="Công an xã đã phối hợp với Ban quản lý xóm khảo sát hiện trạng; dự kiến thi công trong tháng 01/2027.",
    )
    services.response_review(response=response, by=staff, accept=True)
    for i in range(3):
        other = services.petition_record(
            organization=org, by=staff, source="slip", petitioner_name=f"Trần Thị Bình {i}",
            content=f"Ý kiến số {i} về an ninh trật tự khu dân cư, đề nghị tăng cường tuần tra ban đêm.",
        )
        services.conclusion_record(petition=other, by=leader, outcome="assigned", agency=agency_org)
    return petition


def test_public_status_page_at_phone_width(browser, live_server, story):
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", viewport=PHONE)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/tra-cuu/")
        page.fill("input[name=code]", story.tracking_code.lower().replace("-", " "))
        page.get_by_role("button", name="Tra cứu").click()
        page.wait_for_url(f"{live_server.url}/tra-cuu/{story.tracking_code}/")
        assert page.get_by_text("Nguyễn V. A.").is_visible()
        assert page.get_by_text("Chờ huyện phân bổ kinh phí", exact=False).first.is_visible()
        body = page.content()
        assert "0912 345 678" not in body and "Xóm Hòa Bình" not in body and "Nguyễn Văn An" not in body
        # Nothing wider than the phone: no sideways scrolling.
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        page.screenshot(path="/tmp/h5-public-status-375.png", full_page=True)
    finally:
        context.close()


def test_registration_and_receipt_at_phone_width(browser, live_server, conference, db):
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", viewport=PHONE)
    page = context.new_page()
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    try:
        page.goto(f"{live_server.url}/tra-cuu/dang-ky/{conference.public_code}/")
        page.fill("input[name=petitioner_name]", "Hoàng Thị Lan")
        page.fill("input[name=petitioner_phone]", "0988 111 222")
        page.fill("textarea[name=content]", "<script>alert(1)</script>")
        page.check("input[name=consent]")
        page.get_by_role("button", name="Đăng ký").click()
        assert page.get_by_text("không chấp nhận mã HTML").is_visible()
        page.fill("textarea[name=content]", "Đề nghị lắp đèn chiếu sáng đường xóm 5.")
        page.get_by_role("button", name="Đăng ký").click()
        page.wait_for_url(f"{live_server.url}/tra-cuu/phieu/**")
        assert page.get_by_text("Phiếu tiếp nhận kiến nghị").is_visible()
        assert asked and "không sửa được" in asked[-1]
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        page.screenshot(path="/tmp/h5-receipt-375.png", full_page=True)
    finally:
        context.close()


def test_agency_inbox(page, login, agency_user, story):
    login(agency_user)
    page.goto(f"{page.base_url}/kien-nghi/co-quan/")
    assert page.locator(".list-group-item").count() == 4
    page.screenshot(path="/tmp/h5-agency-inbox.png", full_page=True)
    page.locator(".list-group-item").nth(0).click()
    assert page.get_by_role("button", name="Xác nhận tiếp nhận").count() + page.get_by_role("button", name="Gửi để xem xét").count() >= 1
    page.screenshot(path="/tmp/h5-agency-assignment.png", full_page=True)
    page.set_viewport_size(PHONE)
    page.goto(f"{page.base_url}/kien-nghi/co-quan/")
    page.screenshot(path="/tmp/h5-agency-inbox-375.png", full_page=True)


def test_staff_detail(page, login, staff, story):
    login(staff)
    page.goto(f"{page.base_url}/kien-nghi/{story.pk}/")
    page.screenshot(path="/tmp/h5-staff-detail.png", full_page=True)
    page.goto(f"{page.base_url}/kien-nghi/")
    page.screenshot(path="/tmp/h5-staff-list.png", full_page=True)


def test_conclusion_form_and_duplicates(page, login, leader, org, staff, agency_org, conference):
    first = services.petition_record(
        organization=org, by=staff, source="slip", conference=conference, petitioner_name="Đỗ Văn Hùng",
        petitioner_phone="0903 111 222", content="Đề nghị nạo vét kênh mương nội đồng xóm Đông trước mùa mưa.",
    )
    services.petition_record(
        organization=org, by=staff, source="front", conference=conference, petitioner_name="Đỗ Thị Mai",
        content="de nghi nao vet kenh muong noi dong xom Dong truoc mua mua",
    )
    login(leader)
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    page.goto(f"{page.base_url}/kien-nghi/{first.pk}/")
    assert page.get_by_text("Có thể trùng lặp").is_visible()
    page.get_by_text("nội dung tương tự").first.click()
    page.get_by_role("button", name="Gộp các kiến nghị đã chọn với kiến nghị này").click()
    assert page.get_by_text("Các kiến nghị cùng nhóm").is_visible()
    page.get_by_label("Đã giao cơ quan giải quyết").check()
    page.select_option("select[name=agency]", str(agency_org.pk))
    page.screenshot(path="/tmp/h5-conclude.png", full_page=True)
    page.get_by_role("button", name="Ghi kết luận").click()
    assert page.get_by_text("Đã ghi kết luận và kết luận có hiệu lực.").is_visible()
    # The leader's conclusion takes effect as recorded: asked once, naming the petition.
    assert asked and first.tracking_code in asked[-1] and "có hiệu lực ngay" in asked[-1]
    page.screenshot(path="/tmp/h5-detail-after-conclusion.png", full_page=True)
