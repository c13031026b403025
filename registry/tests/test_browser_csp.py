"""The Content-Security-Policy in the browser: every kind of page, staff and public,
loads and works with no violation reported (Chromium fires securitypolicyviolation
for each blocked script, style, frame or handler)."""

import pytest
from django.urls import reverse

from conferences import invitations
from conferences.models import ConferencePerson
from petitions import services

from .conftest import issue_plan

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

WATCH = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e => {
  window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + (e.sourceFile || '') + ':' + e.lineNumber);
});
"""


def violations(page, url) -> list[str]:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return page.evaluate("window.__csp")


@pytest.fixture
def watched(browser, live_server):
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    context.add_init_script(WATCH)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.base_url = live_server.url
    yield page
    context.close()


def log_in(page, user):
    from dialogue.testing.fixtures import TEST_PASSWORD

    page.goto(f"{page.base_url}/dang-nhap/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{page.base_url}/")


def test_staff_and_public_pages_report_no_violation(watched, org, leader, staff, plan, invitation_conference):
    issue_plan(plan, leader)
    conference = invitation_conference
    ConferencePerson.objects.create(conference=conference, role="secretary", user=staff)
    batch = invitations.invitation_batch_issue(conference=conference, by=leader)
    petition = services.petition_record(
        organization=org, by=staff, source="slip", conference=conference, petitioner_name="Nguyễn Văn An",
        petitioner_phone="0912345678", content="Đề nghị sửa đường liên xóm",
    )
    public = [
        reverse("login"), reverse("password_reset"), reverse("petitions_public:lookup"),
        reverse("petitions_public:status", args=[petition.tracking_code]),
        reverse("verify:start"), reverse("verify:detail", args=[plan.outgoing_document.code]),
        reverse("conferences_public:index"),
    ]
    page = watched
    found = {}
    for url in public:
        found[url] = violations(page, page.base_url + url)
    log_in(page, leader)
    staff_pages = [
        reverse("home"), reverse("plans:list"), reverse("plans:new"), reverse("plans:detail", args=[plan.pk]),
        reverse("plans:print", args=[plan.pk]), reverse("conferences:list"),
        reverse("conferences:detail", args=[conference.pk]), reverse("conferences:invitees", args=[conference.pk]),
        reverse("conferences:day", args=[conference.pk]), reverse("petitions:list"),
        reverse("petitions:detail", args=[petition.pk]), reverse("petitions:receipt", args=[petition.pk]),
        reverse("petitions:conclude", args=[petition.pk]), reverse("deadlines:dashboard"),
        reverse("deadlines:notifications"), reverse("registry:list"),
        reverse("registry:print", args=[batch.outgoing_document.pk]),
    ]
    for url in staff_pages:
        found[url] = violations(page, page.base_url + url)
    # An editable plan: the document editor runs its script.
    from plans.tests.factories import complete_plan

    draft = complete_plan(issuer=org, year=2027, place="Vĩnh Thử")
    found["editor"] = violations(page, page.base_url + reverse("plans:edit", args=[draft.pk]))
    reported = {url: v for url, v in found.items() if v}
    assert not reported, reported


def test_the_policy_blocks_an_inline_script(watched, live_server):
    """The check above can fail: a script the policy does not allow is reported."""
    page = watched
    page.goto(f"{page.base_url}{reverse('login')}")
    page.evaluate("""() => { const s = document.createElement('script'); s.textContent = 'window.__ran = 1';
                             document.body.appendChild(s); }""")
    assert page.evaluate("window.__ran") is None
    assert any("script-src" in v for v in page.evaluate("window.__csp"))
