"""The THÔNG BÁO's opening sentence reads right whatever the conference's title starts with."""

import pytest

from petitions.notices import default_opening

from .factories import make_conference
from .notice_fixtures import concluded, held, notice  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "title",
    [
        "Tổ chức Hội nghị tiếp xúc, đối thoại với Nhân dân năm 2026",
        "tổ chức hội nghị tiếp xúc, đối thoại với Nhân dân năm 2026",
        "Kế hoạch tổ chức hội nghị tiếp xúc, đối thoại với Nhân dân năm 2026",
        "Hội nghị tiếp xúc, đối thoại với Nhân dân năm 2026.",
    ],
)
def test_opening_says_the_office_held_the_event_once(org, title):
    conference = make_conference(org, "held", days=-1, title=title, venue="Hội trường UBND xã")
    first = default_opening(conference).splitlines()[0]
    assert f"{org.name} tổ chức Hội nghị tiếp xúc, đối thoại với Nhân dân năm 2026." in first
    assert "tổ chức tổ chức" not in first.lower() and "kế hoạch" not in first.lower()
    assert first[0].isupper() and ".." not in first


def test_a_title_that_is_not_an_event_noun_gets_one(org):
    conference = make_conference(org, "held", days=-1, title="Tiếp xúc cử tri xóm Hòa Bình")
    assert f"{org.name} tổ chức Hội nghị tiếp xúc cử tri xóm Hòa Bình." in default_opening(conference)


def test_the_notices_list_shows_the_number_as_printed(client, staff, leader, notice, held):  # noqa: F811
    from django.urls import reverse

    from .notice_fixtures import issue

    issued = issue(notice, leader)
    client.force_login(staff)
    html = client.get(reverse("petitions:conference_notices", args=[held.pk])).content.decode()
    assert "01/TB-UBND" in html
    assert f"01/{issued.year}" not in html


@pytest.mark.parametrize(
    ("outcome", "answer", "direction", "expected"),
    [
        ("answered", "đã sửa xong trước mùa mưa", "giao công chức Địa chính kiểm tra",
         "Đã trả lời tại hội nghị: Đã sửa xong trước mùa mưa. Giao công chức Địa chính kiểm tra."),
        ("assigned", "", "giao Công an xã kiểm tra", "Giao Công an xã kiểm tra."),
    ],
)
def test_a_conclusion_typed_in_lower_case_prints_as_sentences(outcome, answer, direction, expected):
    from petitions.models import Conclusion
    from petitions.notice_documents import _conclusion_text

    conclusion = Conclusion(outcome=outcome, answer=answer, direction=direction)
    assert _conclusion_text(conclusion)[0] == expected
