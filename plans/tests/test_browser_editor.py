"""The editor of a long plan: a list to jump to each card, cards that fold and
stay folded on the next visit, and textareas that keep their height when unfolded."""

import pytest

from .factories import complete_plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_cards_fold_stay_folded_and_unfold_on_jump(page, login, org, staff):
    plan = complete_plan(issuer=org)
    login(staff)
    page.goto(f"{page.base_url}/ke-hoach/{plan.pk}/sua/")
    body = page.locator("#body-bases")
    assert body.is_visible()
    page.click('[data-bs-target="#body-bases"]')
    body.wait_for(state="hidden")
    assert page.get_attribute('[data-bs-target="#body-bases"]', "aria-expanded") == "false"

    page.reload()
    assert page.locator("#body-bases").is_hidden()
    assert page.locator("#body-header").is_visible()

    page.click('.editor-toc a[href="#card-bases"]')
    page.wait_for_function("document.querySelector('#body-bases').className.includes('show')")
    height = page.evaluate("document.querySelector('#body-bases textarea').getBoundingClientRect().height")
    assert height > 20

    page.click(".js-fold-all[data-fold=hide]")
    page.wait_for_function("document.querySelectorAll('.js-fold.show, .js-fold.collapsing').length === 0")
    page.reload()
    assert page.locator(".js-fold.show").count() == 0
    page.click(".js-fold-all[data-fold=show]")
    page.locator("#body-sections").wait_for(state="visible")
