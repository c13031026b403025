"""The leader's way to issuing in Chromium: the checklist, the year replaced in one
click, the confirmation naming the number, and the plan issued with it."""

import os

import pytest

from plans.models import Session, Status
from plans.services import plan_approve, plan_copy, plan_submit

from .factories import complete_plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Set to a folder to keep the pages as PNG (they are looked at, not compared).
SHOTS = os.environ.get("PLAN_SHOTS_DIR")


def shoot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def test_checklist_year_replacement_and_confirmation(page, login, org, staff, leader, signing_certificate):
    plan = plan_copy(source=complete_plan(issuer=org, year=2025), year=2026, by=staff)
    plan.signer_name = ""
    plan.save()
    Session.objects.create(plan=plan, order=2, window="Cuối quý III")
    plan_submit(plan=plan, by=staff)
    plan_approve(plan=plan, by=leader)

    login(leader)
    page.goto(f"{page.base_url}/ke-hoach/{plan.pk}/")
    checks = page.locator("#issue-checks")
    assert checks.locator("[data-check]").count() == 3  # signer, the year of the copy, the session's place
    assert "Trích yếu" in checks.locator("[data-check=source_year]").inner_text()
    shoot(page, "detail-checklist")

    page.click("button[name=issue-plan]")
    page.wait_for_url(f"{page.base_url}/ke-hoach/{plan.pk}/ban-hanh/?issue-plan=")
    assert page.locator("#issue-number").inner_text() == "Số: 01/KH-UBND"
    page.click("button[name=replace-year]")  # from the confirmation, back to it
    page.wait_for_url(f"{page.base_url}/ke-hoach/{plan.pk}/ban-hanh/")
    assert page.locator("[data-check=source_year]").count() == 0
    assert "Đã thay 2025 bằng 2026" in page.content()
    shoot(page, "issue-confirm")

    page.click("button[name=confirm-issue]")
    page.locator("[data-status=issued]").first.wait_for()
    plan.refresh_from_db()
    assert plan.status == Status.ISSUED and plan.number == 1 and "2025" not in plan.subject
    assert "Số: 01/KH-UBND" in page.locator(".paper").inner_text()
    shoot(page, "detail-issued")


def test_record_a_plan_issued_elsewhere(page, login, org, staff, tmp_path):
    from plans.models import Plan

    from .factories import PlanFactory

    PlanFactory(issuer=org, year=2020, number=3, status=Status.ISSUED, subject="Kế hoạch số 03 đã có")
    plan = complete_plan(issuer=org, year=2020)
    scan = tmp_path / "ke-hoach-2020.pdf"
    scan.write_bytes(b"%PDF-1.4\n% scanned\n%%EOF\n")

    login(staff)
    page.on("dialog", lambda dialog: dialog.accept())  # the form asks once before freezing the plan
    page.goto(f"{page.base_url}/ke-hoach/{plan.pk}/")
    page.click("#record-issued-elsewhere")
    page.fill("input[name=number]", "3")
    page.fill("input[name=issued_on]", "05/03/2020")
    page.set_input_files("input[name=source_document]", str(scan))
    page.click("button[name=record-issued]")
    error = page.locator("#id_number-error")
    assert "Số 03 năm 2020 đã được dùng" in error.inner_text()
    assert page.input_value("input[name=issued_on]") == "05/03/2020"  # what was typed stays
    shoot(page, "issued-elsewhere-error")

    page.fill("input[name=number]", "4")
    page.set_input_files("input[name=source_document]", str(scan))  # a browser never keeps a chosen file
    page.click("button[name=record-issued]")
    page.locator("#issued-elsewhere").wait_for()
    plan = Plan.objects.get(pk=plan.pk)
    assert plan.status == Status.ISSUED and plan.number == 4 and plan.issued_elsewhere
    shoot(page, "issued-elsewhere-done")
