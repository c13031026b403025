"""The public front door and the archive of published answers: what they show and
what they never show (a citizen's full name, phone, address, e-mail; a petition
whose code may not be looked up; an answer not yet published), their filters and
search, and the queries they run."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from dialogue.testing.factories import OrganizationFactory
from petitions import publication, services
from petitions.models import Field, Petition
from petitions.tests.factories import make_conference
from petitions.tests.notice_fixtures import concluded, held, issue, notice  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

NAME, PHONE, ADDRESS, EMAIL = "Nguyễn Văn Thành", "0912 345 678", "Số 12 ngõ 3 thôn Đông Hà", "thanh.nguyen@example.vn"
PRIVATE = (NAME, PHONE, "0912345678", ADDRESS, EMAIL, "0987 654 321")


def archive_url(org, **params):
    from django.utils.http import urlencode

    url = reverse("front:archive", args=[org.code])
    return f"{url}?{urlencode(params)}" if params else url


def record(conference, staff, **values):
    values.setdefault("petitioner_name", NAME)
    values.setdefault("petitioner_phone", PHONE)
    values.setdefault("petitioner_address", ADDRESS)
    values.setdefault("petitioner_email", EMAIL)
    values.setdefault("content", "Đề nghị sửa chữa tuyến đường liên xóm Đông Hà bị xuống cấp nghiêm trọng")
    return services.petition_record(
        organization=conference.organization, by=staff, source="slip", conference=conference, **values
    )


def answer_in_writing(petition, *, leader, staff, agency, agency_user, text="Đã lập dự toán, thi công trong tháng 12."):
    services.conclusion_record(petition=petition, by=leader, outcome="assigned", agency=agency, direction="Giao kiểm tra")
    response = services.response_submit(assignment=petition.assignments.get(), by=agency_user, text=text)
    services.response_review(response=response, by=staff, accept=True)
    petition.refresh_from_db()
    return response


def answer_at_conference(petition, *, leader, answer="Đã đưa vào kế hoạch năm sau"):
    services.conclusion_record(petition=petition, by=leader, outcome="answered", answer=answer)
    petition.refresh_from_db()
    return petition


@pytest.fixture
def field(db):
    return Field.objects.get_or_create(organization=None, name="Giao thông")[0]


@pytest.fixture
def world(org, staff, leader, agency_org, agency_user, field):
    """An upcoming announced conference; a held one with answered petitions (in writing, at the
    conference, one whose code may not be looked up, one still with the agency); and conferences
    the public never sees."""
    upcoming = make_conference(org, "announced", days=12, title="Hội nghị đối thoại với Nhân dân thôn Đông Hà")
    past = make_conference(org, "held", days=-5, title="Hội nghị tiếp xúc cử tri thôn Hòa Bình")
    make_conference(org, "scheduled", days=20, title="Hội nghị chưa thông báo")
    make_conference(org, "cancelled", title="Hội nghị đã hủy")
    road = record(past, staff, field=field, content=(
        f"Đề nghị sửa chữa tuyến đường liên xóm Đông Hà bị xuống cấp; gia đình ông {NAME} xin liên hệ 0987 654 321"
    ))
    answer_in_writing(road, leader=leader, staff=staff, agency=agency_org, agency_user=agency_user)
    light = record(past, staff, petitioner_name="Lê Thị Mai", content="Đề nghị lắp đèn chiếu sáng ở ngã ba chợ")
    answer_at_conference(light, leader=leader)
    secret = record(past, staff, petitioner_name="Phạm Văn Kín", content="Tố cáo việc lấn chiếm đất công", is_public=False)
    answer_at_conference(secret, leader=leader, answer="Đã chuyển cơ quan có thẩm quyền xác minh")
    waiting = record(past, staff, petitioner_name="Hoàng Văn Chờ", content="Đề nghị nạo vét kênh mương nội đồng")
    services.conclusion_record(petition=waiting, by=leader, outcome="assigned", agency=agency_org)
    return {"upcoming": upcoming, "past": past, "road": road, "light": light, "secret": secret, "waiting": waiting}


# -- the front door --------------------------------------------------------------------------------


def test_the_front_door_shows_each_organisation_with_its_next_conferences(client, org, other_org, world, django_assert_num_queries):
    make_conference(other_org, "announced", days=3, title="Hội nghị đối thoại xã Khác")
    with django_assert_num_queries(2):
        response = client.get("/")
    assert response.status_code == 200
    with django_assert_num_queries(0):  # the same for every visitor: kept a minute
        assert client.get("/").content == response.content
    body = response.content.decode()
    for text in (org.name, other_org.name, "Hội nghị đối thoại với Nhân dân thôn Đông Hà", "Hội nghị đối thoại xã Khác"):
        assert text in body
    # Past, unannounced and cancelled conferences are not "upcoming".
    for text in ("Hội nghị tiếp xúc cử tri thôn Hòa Bình", "Hội nghị chưa thông báo", "Hội nghị đã hủy"):
        assert text not in body
    upcoming = world["upcoming"].public_code
    assert reverse("petitions_public:register", args=[upcoming]) in body
    assert reverse("conferences_public:detail_ics", args=[upcoming]) in body
    assert reverse("conferences_public:organization_ics", args=[org.code]) in body
    # The archive link where there are answers; none for the organisation without.
    assert reverse("front:archive", args=[org.code]) in body
    assert reverse("front:archive", args=[other_org.code]) not in body
    # The two look-ups and the staff's log-in.
    assert f'action="{reverse("petitions_public:lookup")}"' in body and f'action="{reverse("verify:start")}"' in body
    assert f'href="{reverse("login")}"' in body


def test_the_front_door_shows_three_conferences_an_organisation_and_skips_inactive_ones(client, org, staff):
    for n in range(5):
        make_conference(org, "announced", days=3 + n, title=f"Hội nghị số {n}")
    closed = OrganizationFactory(name="Xã đã sáp nhập", code="xa-cu", is_active=False)
    make_conference(closed, "announced", days=3, title="Hội nghị của xã cũ")
    body = client.get("/").content.decode()
    assert [f"Hội nghị số {n}" in body for n in range(5)] == [True, True, True, False, False]
    assert "Xã đã sáp nhập" not in body and "Hội nghị của xã cũ" not in body


def test_a_conference_that_has_started_is_not_offered_for_registration(client, org):
    conference = make_conference(org, "announced", days=1, title="Hội nghị sắp bắt đầu")
    type(conference).objects.filter(pk=conference.pk).update(starts_at=timezone.now() - dt.timedelta(minutes=5))
    body = client.get("/").content.decode()
    assert "Hội nghị sắp bắt đầu" not in body
    assert reverse("petitions_public:register", args=[conference.public_code]) not in body


def test_one_that_starts_while_the_front_door_is_kept_is_dropped(client, org, monkeypatch):
    from home import front_selectors

    for n in range(4):
        make_conference(org, "announced", days=2 + n, title=f"Hội nghị số {n}")
    assert "Hội nghị số 3" not in client.get("/").content.decode()
    later = timezone.now() + dt.timedelta(days=2, hours=1)  # the first has started; the kept list is used
    monkeypatch.setattr(front_selectors.timezone, "now", lambda: later)
    body = client.get("/").content.decode()
    assert "Hội nghị số 0" not in body and "Hội nghị số 1" in body and "Hội nghị số 3" in body


# -- the archive --------------------------------------------------------------------------------


def test_the_archive_lists_answered_petitions_with_their_answers(client, org, world):
    response = client.get(archive_url(org))
    assert response.status_code == 200
    body = response.content.decode()
    road, light = world["road"], world["light"]
    assert road.tracking_code in body and light.tracking_code in body
    assert "Đã lập dự toán, thi công trong tháng 12." in body  # the agency's answer
    assert "Đã đưa vào kế hoạch năm sau" in body  # the answer given at the conference
    assert "Cử tri Nguyễn V. T." in body and "Cử tri Lê T. M." in body
    assert "Số kiến nghị đã trả lời: 2" in body
    # Not answered yet, or not to be looked up: not in the archive.
    assert world["waiting"].tracking_code not in body and "nạo vét kênh mương" not in body
    assert world["secret"].tracking_code not in body and "lấn chiếm" not in body
    # Newest first (both received today: the one recorded later).
    assert body.index(light.tracking_code) < body.index(road.tracking_code)


def test_no_public_page_added_shows_a_full_name_phone_address_or_e_mail(client, org, world, field):
    urls = [
        "/", archive_url(org), archive_url(org, q="đường"), archive_url(org, hoi_nghi=world["past"].public_code),
        archive_url(org, linh_vuc=field.pk), archive_url(org, co_quan="ca-vinh-thu"), archive_url(org, page=2),
    ]
    for url in urls:
        body = client.get(url).content.decode()
        leaked = [value for value in PRIVATE if value in body]
        assert not leaked, (url, leaked)
    body = client.get(archive_url(org)).content.decode()
    # What the citizen typed into the petition is printed with the name shortened and the phone hidden.
    assert "gia đình ông Nguyễn V. T. xin liên hệ (đã ẩn)" in body


def test_the_archive_filters_by_conference_field_and_agency(client, org, world, field, staff, leader):
    other = make_conference(org, "held", days=-2, title="Hội nghị thôn Tây")
    answer_at_conference(record(other, staff, petitioner_name="Võ Thị Em", content="Đề nghị làm cầu tạm"), leader=leader)
    road, light = world["road"].tracking_code, world["light"].tracking_code

    def codes(**params):
        body = client.get(archive_url(org, **params)).content.decode()
        return {p.tracking_code for p in Petition.objects.all() if p.tracking_code in body}

    everything = codes()
    assert len(everything) == 3
    assert codes(hoi_nghi=world["past"].public_code) == {road, light}
    assert codes(linh_vuc=field.pk) == {road}
    assert codes(co_quan="ca-vinh-thu") == {road}
    assert codes(co_quan="ca-vinh-thu", hoi_nghi=other.public_code) == set()


def test_the_archive_searches_the_folded_content_and_codes_never_names(client, org, world):
    road = world["road"]
    body = client.get(archive_url(org, q="DUONG lien xom")).content.decode()
    assert road.tracking_code in body and world["light"].tracking_code not in body
    typed = road.tracking_code.lower().replace("-", " ")
    assert road.tracking_code in client.get(archive_url(org, q=typed)).content.decode()
    # A full name confirms nothing: names are not searched.
    body = client.get(archive_url(org, q="Lê Thị Mai")).content.decode()
    assert world["light"].tracking_code not in body and "Số kiến nghị đã trả lời: 0" in body


def test_bad_filters_get_a_message_next_to_the_field(client, org, world):
    response = client.get(archive_url(org, hoi_nghi="khong-co", q="a"))
    assert response.status_code == 400
    body = response.content.decode()
    assert 'id="id_hoi_nghi_error"' in body and "Hãy chọn trong danh sách." in body
    assert 'aria-describedby="id_hoi_nghi_error"' in body
    assert 'id="id_q_error"' in body and "Hãy gõ ít nhất hai chữ cái" in body
    assert 'aria-invalid="true"' in body
    # The rest of the page still lists what the valid filters find (here: everything).
    assert world["road"].tracking_code in body
    response = client.get(archive_url(org, q="<script>alert(1)</script>"))
    assert response.status_code == 400 and "<script>alert(1)" not in response.content.decode()


def test_unknown_or_inactive_organisations_have_no_archive(client, org):
    assert client.get(reverse("front:archive", args=["khong-co"])).status_code == 404
    org.is_active = False
    org.save()
    assert client.get(archive_url(org)).status_code == 404


def test_the_conclusion_is_shown_with_its_issued_notice(client, org, held, concluded, notice, leader):
    light = concluded["light"]
    body = client.get(archive_url(org)).content.decode()
    assert light.tracking_code in body
    assert "Kết luận của chủ trì hội nghị" not in body  # its notice is not issued yet
    issued = issue(notice, leader)
    body = client.get(archive_url(org)).content.decode()
    document = issued.outgoing_document
    assert "Kết luận của chủ trì hội nghị" in body
    assert f"Thông báo kết luận {document.symbol.removeprefix('Số: ')}" in body
    assert reverse("verify:detail", args=[document.code]) in body


def test_held_answers_reach_the_archive_when_released_with_the_results(client, org, staff, leader, agency_org, agency_user):
    conference = make_conference(org, "held", days=-3, title="Hội nghị thôn Bắc")
    publication.set_answer_policy(conference=conference, by=staff, hold=True)
    petition = record(conference, staff, petitioner_name="Đinh Văn Bắc", content="Đề nghị sửa trạm bơm")
    answer_in_writing(petition, leader=leader, staff=staff, agency=agency_org, agency_user=agency_user, text="Đã sửa trạm bơm.")
    assert petition.tracking_code not in client.get(archive_url(org)).content.decode()

    publication.release_answers(conference=conference, by=staff, summary="Hội nghị ghi nhận 1 kiến nghị, đã trả lời đủ.")

    body = client.get(archive_url(org)).content.decode()
    assert petition.tracking_code in body and "Đã sửa trạm bơm." in body
    assert "Kết quả hội nghị đã công bố" in body and f"?hoi_nghi={conference.public_code}" in body
    # The conference's public page leads there.
    filtered = archive_url(org, hoi_nghi=conference.public_code)
    assert filtered in client.get(reverse("conferences_public:detail", args=[conference.public_code])).content.decode()
    body = client.get(filtered).content.decode()
    assert "Hội nghị ghi nhận 1 kiến nghị, đã trả lời đủ." in body and "Kết quả công bố ngày" in body
    assert "Đã trả lời bằng văn bản" in body


def test_the_archive_pages_and_its_queries_do_not_grow_with_the_rows(
    client, org, staff, leader, agency_org, agency_user, django_assert_num_queries
):
    conference = make_conference(org, "held", days=-3)
    for n in range(3):
        answer_in_writing(record(conference, staff, content=f"Kiến nghị số {n}"), leader=leader, staff=staff,
                          agency=agency_org, agency_user=agency_user)
    # The organisation and its filters, the count, the page, its answers, its conclusions, the releases.
    with django_assert_num_queries(9):
        assert client.get(archive_url(org)).status_code == 200
    # Asked again: the organisation and its filters come from the cache.
    with django_assert_num_queries(5):
        assert client.get(archive_url(org)).status_code == 200
    for n in range(3, 25):
        answer_at_conference(record(conference, staff, content=f"Kiến nghị số {n}"), leader=leader)
    from django.core.cache import cache

    cache.clear()
    with django_assert_num_queries(9):
        first = client.get(archive_url(org)).content.decode()
    with django_assert_num_queries(5):
        second = client.get(archive_url(org, page=2)).content.decode()
    assert "Kiến nghị số 24" in first and "Kiến nghị số 0" not in first
    assert "Kiến nghị số 0" in second and "Kiến nghị số 24" not in second
    assert "1 / 2" in first and "page=2" in first and "2 / 2" in second


def test_a_large_archive_keeps_its_count_a_while(client, org, staff, leader, settings, monkeypatch, django_assert_num_queries):
    from home import front_selectors

    monkeypatch.setattr(front_selectors, "EXACT_UP_TO", 2)
    conference = make_conference(org, "held", days=-3)
    for n in range(4):
        answer_at_conference(record(conference, staff, content=f"Kiến nghị số {n}"), leader=leader)
    with django_assert_num_queries(10):  # the bounded count finds more than 2: the whole count, kept
        assert "Số kiến nghị đã trả lời: 4" in client.get(archive_url(org)).content.decode()
    with django_assert_num_queries(4):
        assert "Số kiến nghị đã trả lời: 4" in client.get(archive_url(org)).content.decode()


def test_a_conference_announced_since_the_choices_were_kept_is_found(client, org, world, staff, leader):
    client.get(archive_url(org))  # the choices are kept
    later = make_conference(org, "held", days=-1, title="Hội nghị mới")
    answer_at_conference(record(later, staff, content="Đề nghị mở lớp học tiếng Anh"), leader=leader)
    response = client.get(archive_url(org, hoi_nghi=later.public_code))
    assert response.status_code == 200 and "Đề nghị mở lớp học tiếng Anh" in response.content.decode()


def test_the_agency_filter_finds_each_petition_of_a_group_answered_once(
    client, org, staff, leader, agency_org, agency_user
):
    conference = make_conference(org, "held", days=-3)
    lead = record(conference, staff, petitioner_name="Ngô Văn Một", content="Đề nghị sửa cống thoát nước")
    member = record(conference, staff, petitioner_name="Ngô Thị Hai", content="Cống thoát nước bị tắc")
    services.petitions_group(lead=lead, others=[member], by=staff)
    answer_in_writing(lead, leader=leader, staff=staff, agency=agency_org, agency_user=agency_user, text="Đã nạo vét cống.")
    at_conference = answer_at_conference(record(conference, staff, content="Đề nghị lắp đèn"), leader=leader)
    body = client.get(archive_url(org, co_quan=agency_org.code)).content.decode()
    assert lead.tracking_code in body and member.tracking_code in body
    assert at_conference.tracking_code not in body
    assert body.count("Đã nạo vét cống.") == 2  # the one answer, printed on each petition it serves


def test_public_text_hides_contacts_and_shortens_the_name_but_keeps_amounts_and_dates():
    from home.front_text import public_text

    text = ("Ông nguyễn văn thành (không phải Nguyễn Văn Thạnh, Nguyễn Văn Thànhh) đề nghị hỗ trợ 150.000.000 đồng"
            " từ ngày 12/10/2026; liên hệ +84 912.345.678 hoặc thanh@example.vn")
    shown = public_text(text, NAME)
    assert shown == ("Ông Nguyễn V. T. (không phải Nguyễn Văn Thạnh, Nguyễn Văn Thànhh) đề nghị hỗ trợ 150.000.000 đồng"
                     " từ ngày 12/10/2026; liên hệ (đã ẩn) hoặc (đã ẩn)")
    assert public_text("", NAME) == "" and public_text("Đề nghị sửa đường", "") == "Đề nghị sửa đường"
