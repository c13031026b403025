"""A petition's whole life through the real pages, one browser context per person:
a citizen registers a question online and gets a code; the secretary captures
two more at the conference; the leader concludes all three (answered on the
spot, assigned, referred); the agency answers; the office publishes; the
citizen's page shows the answer and none of the private data."""

import re

import pytest

from .factories import make_conference

pytestmark = pytest.mark.browser

CODE = re.compile(r"DT-[0-9A-Z]{5}-[0-9A-Z]{5}")
CITIZEN = {
    "name": "Hoàng Thị Lan", "address": "Xóm Bãi, thôn Đồng Tâm", "phone": "0988 111 222",
    "email": "lan.hoang@example.vn",
    "content": "Đề nghị lắp đèn chiếu sáng tuyến đường từ xóm Bãi ra trường tiểu học, trẻ em đi học tối rất nguy hiểm.",
}
ANSWER = "Công an xã đã khảo sát; Ủy ban nhân dân xã bố trí kinh phí lắp 12 bóng đèn, hoàn thành trước 31/12/2026."


@pytest.fixture
def open_as(browser, live_server):
    """A fresh browser context for one person, logged in through the real form when a user is given."""
    contexts = []

    def _open(user=None):
        context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", viewport={"width": 1280, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        # Each step that publishes or cannot be undone asks once (data-confirm): the person confirms.
        page.on("dialog", lambda dialog: dialog.accept())
        if user is not None:
            page.goto(f"{live_server.url}/dang-nhap/")
            page.fill("input[name=username]", user.username)
            page.fill("input[name=password]", "matkhau-thu-123")
            page.click("main button[type=submit]")
            page.wait_for_url(f"{live_server.url}/")
        return page

    yield _open
    for context in contexts:
        context.close()


def _capture(page, base, conference, *, speech, name, phone, content) -> str:
    page.goto(f"{base}/kien-nghi/moi/")
    page.select_option("select[name=source]", "conference")
    page.select_option("select[name=conference]", str(conference.pk))
    page.fill("input[name=speech_number]", str(speech))
    page.fill("input[name=petitioner_name]", name)
    page.fill("input[name=petitioner_phone]", phone)
    page.fill("textarea[name=content]", content)
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/kien-nghi/\d+/$"))
    code = page.locator(".breadcrumb-item.active").inner_text().strip()
    assert CODE.fullmatch(code), code
    return code


def _open_petition(page, base, code: str) -> None:
    """From the office's list, as staff find it."""
    page.goto(f"{base}/kien-nghi/")
    page.get_by_role("link", name=code).click()
    page.wait_for_url(re.compile(r"/kien-nghi/\d+/$"))


def test_petition_from_registration_to_published_answer(
    open_as, live_server, org, agency_org, secretary, leader, agency_user, staff
):
    base = live_server.url
    conference = make_conference(org, "announced", title="Hội nghị đối thoại với Nhân dân thôn Đồng Tâm")
    # The secretary records at this conference because the conference names them.
    from conferences.models import ConferencePerson

    ConferencePerson.objects.create(conference=conference, role="secretary", user=secretary)

    # The citizen: from the public announcement to the registration form and the receipt.
    citizen = open_as()
    citizen.goto(f"{base}/cong-khai/hoi-nghi/{conference.public_code}/")
    citizen.get_by_role("link", name="Đăng ký phát biểu ý kiến, kiến nghị").click()
    citizen.fill("input[name=petitioner_name]", CITIZEN["name"])
    citizen.fill("input[name=petitioner_address]", CITIZEN["address"])
    citizen.fill("input[name=petitioner_phone]", CITIZEN["phone"])
    citizen.fill("input[name=petitioner_email]", CITIZEN["email"])
    citizen.fill("textarea[name=content]", CITIZEN["content"])
    citizen.check("input[name=consent]")
    citizen.get_by_role("button", name="Đăng ký").click()
    citizen.wait_for_url(f"{base}/tra-cuu/phieu/**")
    own_code = CODE.search(citizen.locator("main").inner_text()).group(0)

    # The secretary captures two petitions raised in speeches at the conference.
    sec = open_as(secretary)
    spot_code = _capture(
        sec, base, conference, speech=1, name="Đỗ Văn Hùng", phone="0903 111 222",
        content="Đề nghị cho biết thời gian chi trả tiền hỗ trợ thiệt hại do bão số 3.",
    )
    referred_code = _capture(
        sec, base, conference, speech=2, name="Phạm Thị Mai", phone="0904 333 444",
        content="Đề nghị nâng cấp quốc lộ 24 đoạn qua thôn, thuộc thẩm quyền của tỉnh.",
    )
    assert len({own_code, spot_code, referred_code}) == 3

    # The leader concludes all three from the office's pages.
    chair = open_as(leader)
    _open_petition(chair, base, spot_code)
    chair.check("input[name=outcome][value=answered]")
    chair.fill("textarea[name=answer]", "Tiền hỗ trợ được chi trả từ ngày 15/12 tại trụ sở Ủy ban nhân dân xã.")
    chair.get_by_role("button", name="Ghi kết luận").click()
    assert chair.get_by_text("Đã ghi kết luận và kết luận có hiệu lực.").is_visible()

    _open_petition(chair, base, own_code)
    chair.check("input[name=outcome][value=assigned]")
    chair.select_option("select[name=agency]", str(agency_org.pk))
    chair.fill("textarea[name=direction]", "Công an xã phối hợp khảo sát, đề xuất phương án.")
    chair.get_by_role("button", name="Ghi kết luận").click()
    assert chair.get_by_text("Đã ghi kết luận và kết luận có hiệu lực.").is_visible()

    _open_petition(chair, base, referred_code)
    chair.check("input[name=outcome][value=referred]")
    chair.fill("input[name=referred_to]", "Sở Giao thông vận tải tỉnh")
    chair.get_by_role("button", name="Ghi kết luận").click()
    assert chair.get_by_text("Đã ghi kết luận và kết luận có hiệu lực.").is_visible()

    # The agency answers from its inbox.
    agency = open_as(agency_user)
    agency.goto(f"{base}/kien-nghi/co-quan/")
    items = agency.locator(".list-group-item")
    assert items.count() == 1
    items.first.click()
    agency.fill("textarea[name=text]", ANSWER)
    agency.get_by_role("button", name="Gửi để xem xét").click()
    agency.wait_for_load_state()
    assert agency.get_by_role("button", name="Gửi để xem xét").count() == 0

    # The office accepts the answer, which publishes it.
    office = open_as(staff)
    _open_petition(office, base, own_code)
    assert office.get_by_text(ANSWER).is_visible()
    office.click("button[name=decision][value=accept]")
    office.wait_for_load_state()
    office.goto(f"{base}/kien-nghi/?status=resolved")
    assert office.get_by_role("link", name=own_code).is_visible()

    # The citizen looks the code up as a stranger would: the answer, none of the private data.
    citizen.goto(f"{base}/tra-cuu/")
    citizen.fill("input[name=code]", own_code.lower())
    citizen.get_by_role("button", name="Tra cứu").click()
    citizen.wait_for_url(f"{base}/tra-cuu/{own_code}/")
    assert citizen.get_by_text("Đã giải quyết").first.is_visible()
    assert citizen.get_by_text(ANSWER).is_visible()
    assert citizen.get_by_text(agency_org.name).first.is_visible()
    assert citizen.get_by_text("Hoàng T. L.").is_visible()
    html = citizen.content()
    for private in (CITIZEN["name"], CITIZEN["address"], CITIZEN["phone"], CITIZEN["email"], CITIZEN["content"]):
        assert private not in html, private
    citizen.screenshot(path="/tmp/h9-e2e-citizen-status.png", full_page=True)

    # The other two pages tell their own outcome.
    citizen.goto(f"{base}/tra-cuu/{spot_code}/")
    assert citizen.get_by_text("Tiền hỗ trợ được chi trả từ ngày 15/12").is_visible()
    assert "0903 111 222" not in citizen.content()
    citizen.goto(f"{base}/tra-cuu/{referred_code}/")
    assert citizen.get_by_text("Sở Giao thông vận tải tỉnh").first.is_visible()
    assert "0904 333 444" not in citizen.content()
