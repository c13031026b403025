"""The checklist before issuing, the one-step year replacement, and the number
plan_issue refuses to take when it moved after the leader confirmed another."""

import datetime as dt

import pytest

from dialogue import clock
from plans import services
from plans.checks import issue_checks, next_number
from plans.models import AgendaItem, LegalBasis, PlanItem, PlanTransition, Session, Status
from plans.services import (
    NumberMoved,
    PlanError,
    plan_approve,
    plan_copy,
    plan_issue,
    plan_replace_year,
    plan_submit,
)
from registry.models import DocType, OutgoingDocument, RegisterCounter

from .factories import PlanFactory, complete_plan

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 30)


def codes(checks):
    return [check.code for check in checks]


def approved(plan, staff, leader):
    plan_submit(plan=plan, by=staff)
    plan_approve(plan=plan, by=leader)
    return plan


def test_a_clean_plan_has_nothing_to_check(org):
    plan = complete_plan(issuer=org, year=2026)
    assert issue_checks(plan, today=TODAY) == []


def test_signer_name_empty(org):
    plan = complete_plan(issuer=org, year=2026, signer_name="  ")
    (check,) = issue_checks(plan, today=TODAY)
    assert check.code == "signer" and check.fields == ["Họ tên người ký"]


def test_plan_of_an_earlier_year(org):
    plan = complete_plan(issuer=org, year=2020)
    (check,) = issue_checks(plan, today=TODAY)
    assert check.code == "year" and "2020" in check.message and "2026" in check.message
    assert check.fields == ["Năm"]


def test_number_and_date_the_plan_already_carries(org):
    # The register's series of 2026 has reached 06 (e.g. a paper register carried over).
    RegisterCounter.objects.create(issuer=org, year=2026, doc_type=DocType.PLAN, last=6)
    plan = complete_plan(issuer=org, year=2026, number=5, issued_on=dt.date(2026, 3, 5))
    found = {check.code: check for check in issue_checks(plan, today=TODAY)}
    assert set(found) == {"number", "date"}
    assert "05" in found["number"].message and "đã được dùng" in found["number"].message
    assert "07" in found["number"].message  # what issuing gives it instead
    assert found["number"].fields == ["Số"]
    assert "05/03/2026" in found["date"].message and "30/11/2026" in found["date"].message


def test_a_number_not_taken_still_says_issuing_renumbers(org):
    plan = complete_plan(issuer=org, year=2026, number=9)
    (check,) = issue_checks(plan, today=TODAY)
    assert check.code == "number" and "09" in check.message and "01" in check.message
    assert "đã được dùng" not in check.message


def test_placeholders_name_each_field(org):
    plan = complete_plan(issuer=org, year=2026, preamble="UBND xã [[tên xã]] xây dựng kế hoạch:")
    AgendaItem.objects.create(plan=plan, order=2, text="Đại diện [[cơ quan]] phát biểu.")
    LegalBasis.objects.create(plan=plan, order=2, text="Căn cứ Kế hoạch số [[số]] của huyện.")
    (check,) = issue_checks(plan, today=TODAY)
    assert check.code == "placeholder"
    # "Trả lời trong [[tra_loi]]" is a known deadline: it prints as "10 ngày", not a placeholder.
    assert check.fields == ["Căn cứ 2", "Lời mở đầu", "Bước 2 của chương trình"]


def test_source_year_left_from_a_copy_lists_each_field_and_offers_the_replacement(org, staff):
    source = complete_plan(issuer=org, year=2025)
    plan = plan_copy(source=source, year=2026, by=staff)
    (check,) = issue_checks(plan, today=TODAY)
    assert check.code == "source_year" and check.replace_year == (2025, 2026)
    # The subject and the session's time name 2025; the legal basis (a 2015 law) is not a field to change.
    assert check.fields == ["Trích yếu", "Buổi 1: thời gian"]


def test_a_plan_made_from_a_template_of_another_year_names_its_own_year(org, staff):
    from plans.services import plan_create_from_template

    template = complete_plan(
        issuer=None, year=2024, is_template=True, template_name="Mẫu UBND xã",
        subject="Tổ chức hội nghị tiếp xúc, đối thoại với nhân dân năm 2024",
    )
    plan = plan_create_from_template(template=template, issuer=org, year=2026, by=staff)
    assert plan.subject.endswith("năm 2026")
    assert "source_year" not in codes(issue_checks(plan, today=TODAY))
    # Were a field to name the template's year still, the checklist says so, as for a copy.
    plan.closing = "Trên đây là kế hoạch năm 2024./."
    plan.save()
    check = next(c for c in issue_checks(plan, today=TODAY) if c.code == "source_year")
    assert check.replace_year == (2024, 2026) and "mẫu" in check.message


def test_session_without_a_place(org):
    plan = complete_plan(issuer=org, year=2026)
    Session.objects.create(plan=plan, order=2, window="Cuối quý III")
    Session.objects.create(plan=plan, order=3, window="Tháng 12", wording="Tháng 12, tại nhà văn hóa thôn 2.")
    (check,) = issue_checks(plan, today=TODAY)
    assert check.code == "session_place" and check.fields == ["Buổi 2 (Cuối quý III)"]


# --- replacing the year ------------------------------------------------------------------------


def test_replace_year_in_all_fields_at_once(org, staff, leader):
    source = complete_plan(issuer=org, year=2025)
    plan = approved(plan_copy(source=source, year=2026, by=staff), staff, leader)
    PlanItem.objects.filter(part__section__plan=plan).update(text="Báo cáo trước 15/6/2025, không phải 120256.")
    changed = plan_replace_year(plan=plan, old=2025, new=2026, by=leader)
    assert "Trích yếu" in changed and "Buổi 1: thời gian" in changed
    plan.refresh_from_db()
    assert "2025" not in plan.subject and "2026" in plan.subject
    assert plan.sessions.get().window == "6 tháng đầu năm 2026"
    item = PlanItem.objects.filter(part__section__plan=plan).first()
    assert item.text == "Báo cáo trước 15/6/2026, không phải 120256."
    assert plan.legal_bases.get().text.endswith("năm 2015;")  # legal bases cite laws: untouched
    assert plan.status == Status.APPROVED
    last = PlanTransition.objects.filter(plan=plan).last()
    assert last.by == leader and "2025" in last.comment and "Trích yếu" in last.comment
    assert [c.code for c in issue_checks(plan, today=TODAY)] == []


def test_replace_year_refused_to_staff_once_approved_and_to_anyone_once_issued(org, staff, leader, signing_certificate):
    source = complete_plan(issuer=org, year=2025)
    plan = approved(plan_copy(source=source, year=2026, by=staff), staff, leader)
    with pytest.raises(PlanError):
        plan_replace_year(plan=plan, old=2025, new=2026, by=staff)
    plan_issue(plan=plan, by=leader)
    with pytest.raises(PlanError):
        plan_replace_year(plan=plan, old=2025, new=2026, by=leader)


# --- the number confirmed ----------------------------------------------------------------------


def test_next_number_goes_past_numbers_plans_already_carry(org):
    plan = complete_plan(issuer=org, year=2026)
    assert next_number(plan) == 1
    # Numbers count by the year of issue (today, in Vietnam), whatever year a plan is for.
    PlanFactory(issuer=org, year=2026, number=4, status=Status.ISSUED, issued_elsewhere=True, issued_on=clock.today())
    assert next_number(plan) == 5


def test_issue_refuses_a_number_that_moved(org, staff, leader, signing_certificate):
    first = approved(complete_plan(issuer=org, year=2026), staff, leader)
    second = approved(complete_plan(issuer=org, year=2026), staff, leader)
    expected = next_number(second)
    assert expected == 1
    plan_issue(plan=first, by=leader)  # another leader issues meanwhile and takes 01
    with pytest.raises(NumberMoved) as moved:
        plan_issue(plan=second, by=leader, expected_number=expected)
    assert "01" in str(moved.value) and "Số: 02/KH-UBND" in str(moved.value)
    second.refresh_from_db()
    assert second.status == Status.APPROVED and second.number is None
    plan_issue(plan=second, by=leader, expected_number=2)
    second.refresh_from_db()
    assert second.number == 2 and OutgoingDocument.objects.get(plan=second).number == 2


def test_symbol_for_names_the_number_it_will_take(org):
    plan = complete_plan(issuer=org, year=2026)
    assert services.symbol_for(plan, 6) == "Số: 06/KH-UBND" and plan.number is None


def test_checks_cost_a_fixed_number_of_queries_on_the_plan_page(org, staff, django_assert_max_num_queries):
    from plans.documents import prefetch_plan
    from plans.models import Plan, PlanPart, PlanSection

    source = complete_plan(issuer=org, year=2025)
    plan = plan_copy(source=source, year=2026, by=staff)
    for n in range(6):
        section = PlanSection.objects.create(plan=plan, order=10 + n, heading=f"MỤC {n}")
        part = PlanPart.objects.create(section=section, order=1, heading="Phần năm 2025")
        PlanItem.objects.create(part=part, order=1, text="Dòng [[chưa có]].")
    plan = prefetch_plan(Plan.objects.filter(pk=plan.pk)).get()
    # The register's counter and the highest number of the year; nothing per section, part or line.
    with django_assert_max_num_queries(2):
        found = issue_checks(plan, today=TODAY)
    assert {check.code for check in found} == {"placeholder", "source_year"}
