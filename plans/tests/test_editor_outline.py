"""plan_save_outline and its endpoint: the whole plan saved in one transaction,
validated per node, refused when based on an older version, scoped to the user's
organisations."""

import copy
import json

import pytest
from django.urls import reverse

from conferences.models import Conference
from plans.models import AgendaItem, DeadlineRule, Plan, PlanItem, PlanPart, PlanSection, Session, Status
from plans.services import OutlineConflict, OutlineInvalid, PlanError, plan_outline, plan_save_outline

from .factories import complete_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(org):
    return complete_plan(issuer=org)


def _post(client, plan, outline):
    return client.post(reverse("plans:outline_save", args=[plan.pk]), json.dumps(outline), content_type="application/json")


def test_an_unchanged_outline_saves_and_keeps_its_version(plan, staff):
    outline = plan_outline(plan)
    result = plan_save_outline(plan=plan, outline=copy.deepcopy(outline), by=staff)
    assert result == {"version": outline["version"], "created": {}}
    again = plan_save_outline(plan=plan, outline={**plan_outline(plan)}, by=staff)
    assert again["version"] == outline["version"]


def test_only_changed_rows_are_written(plan, staff):
    """Autosave sends the whole plan every few seconds: unchanged rows get no write and no history row."""
    outline = plan_outline(plan)
    before = PlanItem.history.count(), plan.history.count(), AgendaItem.history.count()
    plan_save_outline(plan=plan, outline=copy.deepcopy(outline), by=staff)
    assert (PlanItem.history.count(), plan.history.count(), AgendaItem.history.count()) == before
    outline["sections"][0]["parts"][0]["items"][0]["text"] = "Đổi một dòng."
    plan_save_outline(plan=plan, outline=outline, by=staff)
    assert PlanItem.history.count() == before[0] + 1
    assert (plan.history.count(), AgendaItem.history.count()) == before[1:]


def test_new_nodes_are_created_in_order_and_returned_by_key(plan, staff):
    outline = plan_outline(plan)
    part = outline["sections"][0]["parts"][0]
    part["items"].insert(0, {"key": "n1", "id": None, "kind": "text", "style": "plus", "text": "Dòng mới"})
    outline["sections"].append({"key": "n2", "id": None, "heading": "TỔ CHỨC THỰC HIỆN", "parts": [
        {"key": "n3", "id": None, "heading": "Văn phòng", "kind": "responsibility", "heading_style": "colon",
         "numbered": True, "organization": None, "items": [{"key": "n4", "kind": "text", "style": "dash", "text": "Tham mưu."}]},
    ]})
    outline["sessions"].append({"key": "n5", "window": "Quý IV", "planned_date": "2025-10-20", "venue": "",
                                "audience": "", "expected_attendance": "80", "wording": ""})
    outline["groups"].append({"key": "n6", "category": "invited", "session": "n5", "style": "star",
                              "text": "Khách mời", "expected_count": ""})
    result = plan_save_outline(plan=plan, outline=outline, by=staff)
    assert set(result["created"]) == {"n1", "n2", "n3", "n4", "n5", "n6"}
    first = PlanPart.objects.get(pk=part["id"]).items.order_by("order")[0]
    assert (first.pk, first.style, first.text) == (result["created"]["n1"], "plus", "Dòng mới")
    assert list(plan.sections.values_list("heading", flat=True))[-1] == "TỔ CHỨC THỰC HIỆN"
    session = Session.objects.get(pk=result["created"]["n5"])
    assert (session.expected_attendance, str(session.planned_date)) == (80, "2025-10-20")
    group = plan.attendee_groups.get(pk=result["created"]["n6"])
    assert group.session_id == session.pk and group.expected_count is None
    assert result["version"] == plan_outline(plan)["version"] != outline["version"]


def test_nodes_left_out_are_deleted(plan, staff):
    outline = plan_outline(plan)
    removed_section = outline["sections"].pop()
    outline["agenda"] = []
    plan_save_outline(plan=plan, outline=outline, by=staff)
    assert not PlanSection.objects.filter(pk=removed_section["id"]).exists()
    assert not PlanItem.objects.filter(part__section_id=removed_section["id"]).exists()
    assert not AgendaItem.objects.filter(plan=plan).exists()


def test_an_older_version_is_refused_and_nothing_is_saved(plan, staff):
    first = plan_outline(plan)
    second = copy.deepcopy(first)
    first["plan"]["place"] = "Tab một"
    plan_save_outline(plan=plan, outline=first, by=staff)
    second["plan"]["place"] = "Tab hai"
    with pytest.raises(OutlineConflict):
        plan_save_outline(plan=plan, outline=second, by=staff)
    plan.refresh_from_db()
    assert plan.place == "Tab một"


def test_a_change_through_another_path_is_a_conflict_too(plan, staff):
    outline = plan_outline(plan)
    AgendaItem.objects.filter(plan=plan).update(text="Đổi trong trang quản trị")
    with pytest.raises(OutlineConflict):
        plan_save_outline(plan=plan, outline=outline, by=staff)


def test_errors_are_returned_per_node_and_nothing_is_saved(plan, staff):
    outline = plan_outline(plan)
    item = outline["sections"][0]["parts"][0]["items"][0]
    item["text"] = "Trả lời trong [[khong_co]]."
    outline["sessions"][0]["expected_attendance"] = "nhiều"
    outline["rules"][0]["code"] = "Tra-Loi"
    outline["plan"]["place"] = "x" * 200
    outline["bases"][0]["text"] = "Đổi căn cứ"
    with pytest.raises(OutlineInvalid) as caught:
        plan_save_outline(plan=plan, outline=outline, by=staff)
    errors = caught.value.errors
    assert "[[khong_co]]" in errors[item["key"]]["text"]
    assert "expected_attendance" in errors[outline["sessions"][0]["key"]]
    assert "chữ thường" in errors[outline["rules"][0]["key"]]["code"]
    assert "place" in errors["plan"]
    assert plan.legal_bases.get().text != "Đổi căn cứ"


def test_characters_the_documents_cannot_print_are_refused_where_typed(plan, staff):
    outline = plan_outline(plan)
    outline["sessions"][0]["audience"] = "Nhân dân xóm Hòa Bình 🎉"
    outline["plan"]["subject"] = "Kế hoạch ✓ năm 2026"
    with pytest.raises(OutlineInvalid) as caught:
        plan_save_outline(plan=plan, outline=outline, by=staff)
    errors = caught.value.errors
    assert "U+1F389" in errors[outline["sessions"][0]["key"]]["audience"]
    assert "U+2713" in errors["plan"]["subject"]
    assert "🎉" not in plan.sessions.get().audience


def test_renamed_and_swapped_rule_codes_save(plan, staff):
    DeadlineRule.objects.create(plan=plan, code="bao_cao", name="Báo cáo", anchor="conference", offset_days=5, order=2)
    outline = plan_outline(plan)
    a, b = outline["rules"]
    a["code"], b["code"] = b["code"], a["code"]
    a["days"], a["direction"] = 7, "before"
    plan_save_outline(plan=plan, outline=outline, by=staff)
    assert DeadlineRule.objects.get(pk=a["id"]).code == "bao_cao"
    assert DeadlineRule.objects.get(pk=a["id"]).offset_days == -7


def test_two_rules_with_one_code_are_refused(plan, staff):
    outline = plan_outline(plan)
    outline["rules"].append({**outline["rules"][0], "key": "n1", "id": None})
    with pytest.raises(OutlineInvalid) as caught:
        plan_save_outline(plan=plan, outline=outline, by=staff)
    assert "tra_loi" in caught.value.errors["n1"]["code"]


def test_a_blank_subject_saves_while_drafting(plan, staff):
    outline = plan_outline(plan)
    outline["plan"]["subject"] = ""
    plan_save_outline(plan=plan, outline=outline, by=staff)
    plan.refresh_from_db()
    assert plan.subject == ""


def test_another_plans_rows_and_offices_are_refused(plan, staff, org, other_org):
    other = complete_plan(issuer=org)
    outline = plan_outline(plan)
    foreign = other.legal_bases.get()
    outline["bases"][0]["id"] = foreign.pk
    outline["bases"][0]["text"] = "Căn cứ của kế hoạch này"
    result = plan_save_outline(plan=plan, outline=outline, by=staff)
    assert plan.legal_bases.get().pk == result["created"][outline["bases"][0]["key"]] != foreign.pk
    outline = plan_outline(Plan.objects.get(pk=plan.pk))
    outline["sections"][0]["parts"][0]["organization"] = other_org.pk
    with pytest.raises(OutlineInvalid):
        plan_save_outline(plan=plan, outline=outline, by=staff)
    assert other.legal_bases.get().text.startswith("Căn cứ")


def test_a_session_with_a_conference_is_not_removed(plan, staff):
    session = plan.sessions.get()
    Conference.objects.create(organization=plan.issuer, plan=plan, session=session, title="Hội nghị", venue="Hội trường")
    outline = plan_outline(plan)
    outline["sessions"] = []
    with pytest.raises(PlanError):
        plan_save_outline(plan=plan, outline=outline, by=staff)
    assert Session.objects.filter(pk=session.pk).exists()


def test_no_save_once_submitted_or_by_a_reader(plan, staff, supervisor):
    outline = plan_outline(plan)
    with pytest.raises(PlanError):
        plan_save_outline(plan=plan, outline=outline, by=supervisor)
    plan.status = Status.SUBMITTED
    plan.save()
    with pytest.raises(PlanError):
        plan_save_outline(plan=plan, outline=outline, by=staff)


# --- the endpoint ----------------------------------------------------------------------------


def test_endpoint_saves_and_answers_the_new_version(client, plan, staff):
    client.force_login(staff)
    outline = plan_outline(plan)
    outline["plan"]["subject"] = "Chủ đề mới"
    response = _post(client, plan, outline)
    assert response.status_code == 200
    data = response.json()
    assert data["version"] == plan_outline(Plan.objects.get(pk=plan.pk))["version"] and data["saved_at"]
    plan.refresh_from_db()
    assert plan.subject == "Chủ đề mới"


def test_endpoint_errors_are_vietnamese_per_node(client, plan, staff):
    client.force_login(staff)
    outline = plan_outline(plan)
    outline["bases"][0]["text"] = "Căn cứ [[khong_co]]"
    response = _post(client, plan, outline)
    assert response.status_code == 400
    data = response.json()
    assert "Chưa có thời hạn nào có mã [[khong_co]]" in data["errors"][outline["bases"][0]["key"]]["text"]
    assert "đánh dấu đỏ" in data["message"]


def test_endpoint_conflict_and_malformed(client, plan, staff):
    client.force_login(staff)
    outline = plan_outline(plan)
    outline["version"] = "cu"
    response = _post(client, plan, outline)
    assert response.status_code == 409 and response.json()["version"] == plan_outline(plan)["version"]
    bad = client.post(reverse("plans:outline_save", args=[plan.pk]), "{not json", content_type="application/json")
    assert bad.status_code == 400 and bad.json()["message"]
    outline = plan_outline(plan)
    outline["bases"] = "chuỗi"
    assert _post(client, plan, outline).status_code == 403


@pytest.mark.parametrize("who", ["outsider", "outsider_leader", "agency_user"])
def test_endpoint_of_another_organisation_is_404(client, plan, who, request):
    client.force_login(request.getfixturevalue(who))
    assert _post(client, plan, plan_outline(plan)).status_code == 404
    assert client.get(reverse("plans:edit", args=[plan.pk])).status_code == 404


def test_editor_page_embeds_the_outline_and_the_words(client, plan, staff):
    client.force_login(staff)
    response = client.get(reverse("plans:edit", args=[plan.pk]))
    assert response.status_code == 200
    data = response.context["editor"]
    assert data["outline"]["version"] == plan_outline(plan)["version"]
    body = response.content.decode()
    assert 'id="editor-data"' in body and data["words"]["saving"] == "Đang lưu…"
    assert reverse("plans:outline_save", args=[plan.pk]) in body
