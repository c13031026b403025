"""A 300-character word in what a citizen or clerk typed does not widen a page on a phone."""

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

WORD = "Đườngliênxóm" * 25  # 300 characters, no space


def test_a_long_word_wraps_inside_the_page_at_375_px(page, login, staff, make_petition, conference):
    petition = make_petition(content=f"Đề nghị {WORD} sửa", conference=conference)
    login(staff)
    page.set_viewport_size({"width": 375, "height": 800})
    for url in (reverse("petitions:detail", args=[petition.pk]), reverse("petitions:list")):
        page.goto(page.base_url + url)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, (url, width)
