"""The printed outline: numbering, bullets, anchors and deadline phrases."""

import datetime as dt

import pytest

from deadlines.rules import DayType
from dialogue.letterhead import place_date
from dialogue.models import Organization
from dialogue.testing.factories import OrganizationFactory
from dialogue.wording import join_people
from plans.documents import build_document
from plans.models import DeadlineRule, PersonRole, PlanPerson

from .factories import complete_plan

pytestmark = pytest.mark.django_db


def test_place_and_date_follow_decree_30():
    assert place_date("Vĩnh Lâm", dt.date(2024, 3, 5), 2024) == "Vĩnh Lâm, ngày 05 tháng 3 năm 2024"
    assert place_date("Vĩnh Lâm", dt.date(2020, 1, 5), 2020) == "Vĩnh Lâm, ngày 05 tháng 01 năm 2020"
    assert place_date("Vĩnh Lâm", dt.date(2026, 12, 15), 2026) == "Vĩnh Lâm, ngày 15 tháng 12 năm 2026"
    blank = place_date("Vĩnh Lâm", None, 2024)
    assert blank.startswith("Vĩnh Lâm, ngày") and blank.endswith("năm 2024")


def test_people_join_as_vietnamese_lists():
    assert join_people(["A"]) == "A"
    assert join_people(["A", "B"]) == "A và B"
    assert join_people(["A", "B", "C"]) == "A, B và C"


def test_sections_parts_and_lines_are_numbered_by_the_renderer():
    doc = build_document(complete_plan())
    assert [s.number for s in doc.sections] == ["I.", "II."]
    first = doc.sections[0].parts[0]
    assert first.number == "1." and first.heading == "Mục đích"
    assert [line.marker for line in first.lines] == ["-", "-"]


def test_anchors_print_the_structured_records():
    plan = complete_plan()
    PlanPerson.objects.create(plan=plan, order=2, role=PersonRole.CHAIR, description="Bí thư Đảng ủy xã")
    doc = build_document(plan)
    schedule, chairs = doc.sections[1].parts
    assert schedule.lines[0].text == "6 tháng đầu năm 2025, tại Hội trường UBND xã."
    assert chairs.lines[0].full_text == "- Chủ trì: Chủ tịch UBND xã và Bí thư Đảng ủy xã."


def test_a_rule_prints_where_its_token_stands_and_follows_its_edit():
    plan = complete_plan()
    assert build_document(plan).sections[0].parts[0].lines[1].text == "Trả lời trong 10 ngày."
    DeadlineRule.objects.filter(plan=plan).update(offset_days=20, day_type=DayType.WORKING)
    assert build_document(plan).sections[0].parts[0].lines[1].text == "Trả lời trong 20 ngày làm việc."


def test_recipients_end_with_semicolons_for_state_and_commas_for_party_bodies():
    state = build_document(complete_plan())
    assert state.recipients == ["- Thường trực HĐND xã (b/c);", "- Lưu: VT."]
    party_org = OrganizationFactory(document_format=Organization.DocumentFormat.PARTY, abbreviation="ĐU")
    party = build_document(complete_plan(issuer=party_org, symbol="ĐU"))
    assert party.recipients == ["- Thường trực HĐND xã (b/c),", "- Lưu: VT."]
    assert party.symbol.startswith("Số ") and party.symbol.endswith("-KH/ĐU")


def test_signature_lines_use_the_format_of_the_issuer():
    plan = complete_plan(sign_authority="KT", sign_on_behalf_of="Chủ tịch", sign_position="Phó Chủ tịch")
    assert build_document(plan).signature_lines == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
