import json

import pytest
from django.urls import reverse

from plans.models import DeadlineRule, LegalBasis, Plan, PlanItem, PlanPart, PlanSection, Recipient, Status
from plans.services import plan_approve, plan_issue, plan_submit

from .factories import PlanFactory, complete_plan, template_plan

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def plan(org):
    return complete_plan(issuer=org)


def _login(client, user):
    client.force_login(user)
    return client


def _read_urls(plan):
    return [
        reverse("plans:detail", args=[plan.pk]),
        reverse("plans:preview", args=[plan.pk]),
        reverse("plans:print", args=[plan.pk]),
        reverse("plans:pdf", args=[plan.pk]),
        reverse("plans:docx", args=[plan.pk]),
    ]


def _write_posts(plan):
    basis = plan.legal_bases.first()
    section = plan.sections.first()
    return [
        (reverse("plans:edit", args=[plan.pk]), None),
        (reverse("plans:header", args=[plan.pk]), {"subject": "x"}),
        (reverse("plans:row_add", args=[plan.pk, "bases", plan.pk]), {f"bases-new-{plan.pk}-text": "Căn cứ mới"}),
        (reverse("plans:row_add", args=[plan.pk, "parts", section.pk]), {f"parts-new-{section.pk}-heading": "P"}),
        (reverse("plans:row_save", args=[plan.pk, "bases", basis.pk]), {f"bases-{basis.pk}-text": "Đổi"}),
        (reverse("plans:row_delete", args=[plan.pk, "bases", basis.pk]), {}),
        (reverse("plans:reorder", args=[plan.pk, "bases", plan.pk]), {"ids": [basis.pk]}),
        (reverse("plans:transition", args=[plan.pk, "submit"]), {}),
        (reverse("plans:transition", args=[plan.pk, "approve"]), {}),
        (reverse("plans:transition", args=[plan.pk, "return"]), {"comment": "x"}),
        (reverse("plans:transition", args=[plan.pk, "issue"]), {}),
        (reverse("plans:issue", args=[plan.pk]), {"number": "1"}),
        (reverse("plans:replace_year", args=[plan.pk]), {"old": "2025", "new": "2026"}),
        (reverse("plans:issued_elsewhere", args=[plan.pk]), {"number": "1", "symbol": "UBND", "issued_on": "01/01/2025"}),
        (reverse("plans:transition", args=[plan.pk, "new-version"]), {}),
    ]


@pytest.mark.parametrize("who", ["outsider", "outsider_leader", "agency_user"])
def test_other_organisations_get_404_everywhere(client, plan, who, request):
    _login(client, request.getfixturevalue(who))
    for url in _read_urls(plan):
        assert client.get(url).status_code == 404, url
    for url, data in _write_posts(plan):
        response = client.get(url) if data is None else client.post(url, data, **HTMX)
        assert response.status_code == 404, url
    plan.refresh_from_db()
    assert plan.status == Status.DRAFT and plan.legal_bases.get().text.startswith("Căn cứ Luật")


def test_anonymous_is_sent_to_login(client, plan):
    response = client.get(reverse("plans:detail", args=[plan.pk]))
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


def test_supervisor_reads_but_never_writes(client, plan, supervisor):
    _login(client, supervisor)
    response = client.get(reverse("plans:detail", args=[plan.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert plan.subject in body
    assert reverse("plans:edit", args=[plan.pk]) not in body
    assert client.get(reverse("plans:preview", args=[plan.pk])).status_code == 200
    for url, data in _write_posts(plan):
        if "chuyen" in url:
            continue
        response = client.get(url) if data is None else client.post(url, data, **HTMX)
        assert response.status_code == 404, url
    client.post(reverse("plans:transition", args=[plan.pk, "submit"]))
    plan.refresh_from_db()
    assert plan.status == Status.DRAFT
    assert client.get(reverse("plans:list")).status_code == 200
    assert client.get(reverse("plans:new")).status_code == 404


def test_agency_user_sees_no_plans(client, plan, agency_user):
    _login(client, agency_user)
    response = client.get(reverse("plans:list"))
    assert response.status_code == 200
    assert plan.subject not in response.content.decode()


def test_staff_cannot_approve_or_issue(client, plan, staff):
    _login(client, staff)
    client.post(reverse("plans:transition", args=[plan.pk, "submit"]))
    plan.refresh_from_db()
    assert plan.status == Status.SUBMITTED
    response = client.post(reverse("plans:transition", args=[plan.pk, "approve"]), follow=True)
    assert "Chỉ lãnh đạo" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == Status.SUBMITTED
    detail = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert reverse("plans:transition", args=[plan.pk, "approve"]) not in detail


def test_workflow_through_the_views(client, plan, staff, leader):
    _login(client, staff)
    client.post(reverse("plans:transition", args=[plan.pk, "submit"]))
    _login(client, leader)
    # A return without a comment is refused next to the field, nothing changes.
    response = client.post(reverse("plans:transition", args=[plan.pk, "return"]), {"comment": ""})
    assert response.status_code == 400
    assert "Trường này là bắt buộc." in response.content.decode()
    client.post(reverse("plans:transition", args=[plan.pk, "return"]), {"comment": "Bổ sung địa điểm"})
    plan.refresh_from_db()
    assert plan.status == Status.RETURNED
    _login(client, staff)
    client.post(reverse("plans:transition", args=[plan.pk, "submit"]))
    _login(client, leader)
    client.post(reverse("plans:transition", args=[plan.pk, "approve"]))
    client.post(reverse("plans:issue", args=[plan.pk]), {"number": "1"})
    plan.refresh_from_db()
    assert plan.status == Status.ISSUED and plan.number == 1
    page = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert "Bổ sung địa điểm" in page and "Số: 01/KH-UBND" in page
    response = client.post(reverse("plans:transition", args=[plan.pk, "new-version"]))
    new = Plan.objects.get(replaces=plan)
    assert response["Location"] == reverse("plans:edit", args=[new.pk])


def _issued(plan, staff, leader):
    plan_submit(plan=plan, by=staff)
    plan_approve(plan=plan, by=leader)
    plan_issue(plan=plan, by=leader)
    return plan


@pytest.mark.parametrize("who", ["staff", "leader"])
def test_nobody_edits_an_issued_plan(client, plan, staff, leader, who):
    _issued(plan, staff, leader)
    _login(client, {"staff": staff, "leader": leader}[who])
    response = client.get(reverse("plans:edit", args=[plan.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("plans:detail", args=[plan.pk])
    basis = plan.legal_bases.get()
    for url, data in _write_posts(plan)[1:7]:
        response = client.post(url, data, **HTMX)
        assert response.status_code in (403, 409), url
        assert "không thể" in response.content.decode() or "không còn" in response.content.decode()
    basis.refresh_from_db()
    assert basis.text.startswith("Căn cứ Luật")
    assert Plan.objects.get(pk=plan.pk).subject == plan.subject
    assert LegalBasis.objects.filter(plan=plan).count() == 1


def test_staff_cannot_edit_a_submitted_plan(client, plan, staff):
    plan_submit(plan=plan, by=staff)
    _login(client, staff)
    basis = plan.legal_bases.get()
    response = client.post(
        reverse("plans:row_save", args=[plan.pk, "bases", basis.pk]), {f"bases-{basis.pk}-text": "Đổi"}, **HTMX
    )
    assert response.status_code == 403
    basis.refresh_from_db()
    assert basis.text != "Đổi"


def test_list_query_count_is_constant(client, org, staff, django_assert_num_queries):
    _login(client, staff)
    PlanFactory(issuer=org)
    client.get(reverse("plans:list"))  # warm up the session and content types

    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("plans:list"))
        assert response.status_code == 200
        return len(ctx.captured_queries)

    few = count()
    for _ in range(5):
        PlanFactory(issuer=org)
    with django_assert_num_queries(few):
        response = client.get(reverse("plans:list"))
    assert response.content.decode().count('data-status="draft"') == 6


def test_list_filters_by_status_and_year(client, org, staff):
    PlanFactory(issuer=org, year=2024, subject="Kế hoạch hai không hai bốn")
    PlanFactory(issuer=org, year=2025, subject="Kế hoạch hai không hai lăm", status=Status.SUBMITTED)
    _login(client, staff)
    body = client.get(reverse("plans:list"), {"year": 2024}).content.decode()
    assert "hai bốn" in body and "hai lăm" not in body
    body = client.get(reverse("plans:list"), {"status": "submitted"}).content.decode()
    assert "hai lăm" in body and "hai bốn" not in body


def test_new_plan_from_template_and_copy(client, org, staff, plan):
    template = template_plan("ubnd")
    _login(client, staff)
    page = client.get(reverse("plans:new"))
    assert page.status_code == 200 and template.template_name in page.content.decode()
    response = client.post(
        reverse("plans:new"), {"mode": "template", "tpl-issuer": org.pk, "tpl-template": template.pk, "tpl-year": 2027}
    )
    created = Plan.objects.get(year=2027)
    assert response["Location"] == reverse("plans:edit", args=[created.pk])
    assert created.copied_from == template and created.sections.count() == 2
    plan.subject = f"Kế hoạch đối thoại năm {plan.year}"
    plan.save()
    response = client.post(reverse("plans:new"), {"mode": "copy", "copy-source": plan.pk, "copy-year": 2028}, follow=True)
    copy = Plan.objects.get(year=2028)
    assert copy.copied_from == plan and copy.recipients.count() == 1
    assert f"1 văn bản của kế hoạch vẫn ghi năm {plan.year}" in response.content.decode()


def test_new_plan_cannot_use_another_organisations_plan_or_issuer(client, other_org, staff, org):
    foreign = complete_plan(issuer=other_org)
    template = template_plan("ubnd")
    _login(client, staff)
    response = client.post(reverse("plans:new"), {"mode": "copy", "copy-source": foreign.pk, "copy-year": 2028})
    assert response.status_code == 200 and not Plan.objects.filter(year=2028).exists()
    response = client.post(
        reverse("plans:new"),
        {"mode": "template", "tpl-issuer": other_org.pk, "tpl-template": template.pk, "tpl-year": 2027},
    )
    assert response.status_code == 200 and not Plan.objects.filter(year=2027).exists()
    assert "Hãy chọn một lựa chọn hợp lệ" in response.content.decode()


def test_bad_year_keeps_input_and_shows_vietnamese_message(client, org, staff):
    template = template_plan("ubnd")
    _login(client, staff)
    response = client.post(
        reverse("plans:new"), {"mode": "template", "tpl-issuer": org.pk, "tpl-template": template.pk, "tpl-year": 1890}
    )
    body = response.content.decode()
    assert 'value="1890"' in body
    assert "lớn hơn hoặc bằng với 2000" in body


def test_editor_embeds_every_collection_of_the_plan(client, plan, staff):
    """The document editor draws the plan from one outline holding every record it edits."""
    _login(client, staff)
    response = client.get(reverse("plans:edit", args=[plan.pk]))
    assert response.status_code == 200
    outline = response.context["editor"]["outline"]
    for key in ["bases", "sections", "people", "sessions", "groups", "agenda", "rules", "recipients"]:
        assert outline[key], key
    part = PlanPart.objects.filter(section__plan=plan).first()
    assert part.pk in [p["id"] for s in outline["sections"] for p in s["parts"]]
    assert "Nắm bắt tâm tư" in json.dumps(outline, ensure_ascii=False)


def test_header_error_keeps_everything_typed(client, plan, staff):
    _login(client, staff)
    response = client.post(
        reverse("plans:header", args=[plan.pk]),
        {"subject": "", "place": "Nơi mới gõ", "document_name": "KẾ HOẠCH", "archive_line": "Lưu: VT",
         "preamble": "Thời hạn [[khong_co]]."},
        **HTMX,
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Trường này là bắt buộc." in body
    assert 'value="Nơi mới gõ"' in body
    assert "[[khong_co]]" in body and "Chưa có thời hạn nào có mã [[khong_co]]" in body
    plan.refresh_from_db()
    assert plan.place != "Nơi mới gõ"


def test_header_saves_and_triggers_preview(client, plan, staff):
    _login(client, staff)
    data = {"subject": "Chủ đề mới", "document_name": "KẾ HOẠCH", "archive_line": "Lưu: VT", "place": "Vĩnh Thử",
            "sign_authority": "KT", "sign_deputy_authority": ""}
    response = client.post(reverse("plans:header", args=[plan.pk]), data, **HTMX)
    assert response.status_code == 200 and "plan-changed" in response["HX-Trigger"]
    plan.refresh_from_db()
    assert plan.subject == "Chủ đề mới" and plan.sign_authority == "KT"


def test_add_row_with_unknown_token_names_it_and_keeps_text(client, plan, staff):
    _login(client, staff)
    part = PlanPart.objects.filter(section__plan=plan).first()
    url = reverse("plans:row_add", args=[plan.pk, "items", part.pk])
    prefix = f"items-new-{part.pk}"
    response = client.post(url, {f"{prefix}-kind": "text", f"{prefix}-style": "dash",
                                 f"{prefix}-text": "Báo cáo trong [[bao_cao]]."}, **HTMX)
    body = response.content.decode()
    assert "[[bao_cao]]" in body and "Báo cáo trong [[bao_cao]]." in body
    assert response["HX-Retarget"] == f"#add-list-items-{part.pk}"
    assert not PlanItem.objects.filter(text__contains="bao_cao").exists()
    # Defined rule: accepted, appended at the end of the part.
    DeadlineRule.objects.create(plan=plan, code="bao_cao", name="Báo cáo", anchor="conference", offset_days=5, order=2)
    response = client.post(url, {f"{prefix}-kind": "text", f"{prefix}-style": "dash",
                                 f"{prefix}-text": "Báo cáo trong [[bao_cao]]."}, **HTMX)
    assert response.status_code == 200
    added = PlanItem.objects.get(text__contains="bao_cao")
    assert list(part.items.values_list("pk", flat=True))[-1] == added.pk
    assert f'id="row-items-{added.pk}"' in response.content.decode()


def test_empty_text_line_is_refused_in_vietnamese(client, plan, staff):
    _login(client, staff)
    part = PlanPart.objects.filter(section__plan=plan).first()
    prefix = f"items-new-{part.pk}"
    response = client.post(reverse("plans:row_add", args=[plan.pk, "items", part.pk]),
                           {f"{prefix}-kind": "text", f"{prefix}-style": "plus", f"{prefix}-text": ""}, **HTMX)
    body = response.content.decode()
    assert "nội dung của dòng này" in body
    assert 'value="plus" selected' in body


def test_row_save_reorder_delete(client, plan, staff):
    _login(client, staff)
    r1 = plan.recipients.get()
    r2 = Recipient.objects.create(plan=plan, text="Đảng ủy xã", order=2)
    response = client.post(reverse("plans:row_save", args=[plan.pk, "recipients", r1.pk]),
                           {f"recipients-{r1.pk}-text": "TT HĐND xã", f"recipients-{r1.pk}-note": "để biết"}, **HTMX)
    assert response.status_code == 200
    r1.refresh_from_db()
    assert (r1.text, r1.note) == ("TT HĐND xã", "để biết")
    response = client.post(reverse("plans:reorder", args=[plan.pk, "recipients", plan.pk]), {"ids": [r2.pk, r1.pk]}, **HTMX)
    assert response.status_code == 204
    assert list(plan.recipients.values_list("pk", flat=True)) == [r2.pk, r1.pk]
    # Ids of another list are refused.
    response = client.post(reverse("plans:reorder", args=[plan.pk, "recipients", plan.pk]), {"ids": [r2.pk]}, **HTMX)
    assert response.status_code == 409
    client.post(reverse("plans:row_delete", args=[plan.pk, "recipients", r2.pk]), **HTMX)
    assert list(plan.recipients.all()) == [r1]


def test_rows_of_another_plan_are_404(client, plan, staff, org):
    other = complete_plan(issuer=org)
    _login(client, staff)
    foreign_basis = other.legal_bases.get()
    url = reverse("plans:row_save", args=[plan.pk, "bases", foreign_basis.pk])
    assert client.post(url, {f"bases-{foreign_basis.pk}-text": "x"}, **HTMX).status_code == 404
    other_section = other.sections.first()
    url = reverse("plans:row_add", args=[plan.pk, "parts", other_section.pk])
    assert client.post(url, {}, **HTMX).status_code == 404
    assert client.post(reverse("plans:row_add", args=[plan.pk, "nope", plan.pk]), {}, **HTMX).status_code == 404


def test_deadline_rule_form(client, plan, staff):
    _login(client, staff)
    rule = plan.deadline_rules.get()
    p = f"rules-{rule.pk}"
    data = {f"{p}-code": "tra_loi", f"{p}-name": "Trả lời", f"{p}-anchor": "conference", f"{p}-days": 7,
            f"{p}-direction": "before", f"{p}-day_type": "working"}
    response = client.post(reverse("plans:row_save", args=[plan.pk, "rules", rule.pk]), data, **HTMX)
    assert response.status_code == 200
    rule.refresh_from_db()
    assert rule.offset_days == -7 and rule.day_type == "working"
    # Renaming a code the text uses is refused, naming the token.
    data[f"{p}-code"] = "moi"
    body = client.post(reverse("plans:row_save", args=[plan.pk, "rules", rule.pk]), data, **HTMX).content.decode()
    assert "[[tra_loi]]" in body and 'value="moi"' in body
    rule.refresh_from_db()
    assert rule.code == "tra_loi"
    # A code with capitals or accents is refused.
    add = reverse("plans:row_add", args=[plan.pk, "rules", plan.pk])
    n = f"rules-new-{plan.pk}"
    body = client.post(add, {f"{n}-code": "Hạn", f"{n}-name": "x", f"{n}-anchor": "notice", f"{n}-days": 5,
                             f"{n}-direction": "after", f"{n}-day_type": "calendar"}, **HTMX).content.decode()
    assert "chữ thường" in body
    body = client.post(add, {f"{n}-code": "tra_loi", f"{n}-name": "x", f"{n}-anchor": "notice", f"{n}-days": 5,
                             f"{n}-direction": "after", f"{n}-day_type": "calendar"}, **HTMX).content.decode()
    assert "đã có mã tra_loi" in body
    # Deleting a rule in use is refused with the token's name.
    response = client.post(reverse("plans:row_delete", args=[plan.pk, "rules", rule.pk]), **HTMX)
    assert response.status_code == 409 and "[[tra_loi]]" in response.content.decode()


def test_sections_nest_parts_and_items(client, plan, staff, agency_org, other_org):
    _login(client, staff)
    response = client.post(reverse("plans:row_add", args=[plan.pk, "sections", plan.pk]),
                           {f"sections-new-{plan.pk}-heading": "TỔ CHỨC THỰC HIỆN"}, **HTMX)
    section = PlanSection.objects.get(heading="TỔ CHỨC THỰC HIỆN")
    assert section.order == 3
    assert f"list-parts-{section.pk}" in response.content.decode()
    p = f"parts-new-{section.pk}"
    client.post(reverse("plans:row_add", args=[plan.pk, "parts", section.pk]),
                {f"{p}-kind": "responsibility", f"{p}-heading": "Văn phòng", f"{p}-heading_style": "line",
                 f"{p}-numbered": "on", f"{p}-organization": agency_org.pk}, **HTMX)
    part = section.parts.get()
    assert part.kind == "responsibility" and part.numbered and part.organization == agency_org
    # An office of another commune cannot be bound.
    q = f"parts-{part.pk}"
    body = client.post(reverse("plans:row_save", args=[plan.pk, "parts", part.pk]),
                       {f"{q}-kind": "responsibility", f"{q}-heading": "Văn phòng", f"{q}-heading_style": "line",
                        f"{q}-organization": other_org.pk}, **HTMX).content.decode()
    assert "Hãy chọn một lựa chọn hợp lệ" in body
    part.refresh_from_db()
    assert part.organization == agency_org
    preview = client.get(reverse("plans:preview", args=[plan.pk])).content.decode()
    assert "III. TỔ CHỨC THỰC HIỆN" in preview and "1. Văn phòng" in preview


def test_admin_shows_plan_with_inlines_and_history(client, plan, staff, leader):
    from django.contrib.auth import get_user_model

    plan_submit(plan=plan, by=staff)
    admin = get_user_model().objects.create_superuser("root", "root@example.vn", "matkhau-thu-123")
    client.force_login(admin)
    change = client.get(reverse("admin:plans_plan_change", args=[plan.pk]))
    assert change.status_code == 200
    body = change.content.decode()
    assert "Căn cứ Luật Tổ chức" in body and "Thường trực HĐND xã" in body
    history = client.get(reverse("admin:plans_plan_history", args=[plan.pk]))
    assert history.status_code == 200
    assert client.get(reverse("admin:plans_plan_changelist")).status_code == 200
    section = plan.sections.first()
    assert client.get(reverse("admin:plans_plansection_change", args=[section.pk])).status_code == 200


def test_editor_query_count_does_not_grow_with_rows(client, org, staff):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from plans.models import AgendaItem, AttendeeGroup, PlanPerson, Session

    _login(client, staff)
    plan = complete_plan(issuer=org)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("plans:edit", args=[plan.pk])).status_code == 200
        return len(ctx.captured_queries)

    client.get(reverse("plans:edit", args=[plan.pk]))
    before = count()
    session = Session.objects.create(plan=plan, window="Quý III", order=5)
    for n in range(3):
        AttendeeGroup.objects.create(plan=plan, session=session, text=f"Nhóm {n}", order=5 + n)
        AgendaItem.objects.create(plan=plan, text=f"Bước {n}", order=5 + n)
        PlanPerson.objects.create(plan=plan, role="chair", description=f"Người {n}", order=5 + n)
        LegalBasis.objects.create(plan=plan, text=f"Căn cứ {n}", order=5 + n)
        part = PlanPart.objects.create(section=plan.sections.first(), heading=f"Phần {n}", order=5 + n)
        PlanItem.objects.create(part=part, text=f"Dòng {n}", order=1)
    assert count() == before


def test_a_group_cannot_point_at_another_plans_session(client, plan, staff, org):
    other = complete_plan(issuer=org)
    foreign_session = other.sessions.get()
    _login(client, staff)
    group = plan.attendee_groups.get()
    p = f"groups-{group.pk}"
    body = client.post(
        reverse("plans:row_save", args=[plan.pk, "groups", group.pk]),
        {f"{p}-category": "participants", f"{p}-session": foreign_session.pk, f"{p}-style": "dash",
         f"{p}-text": "Cử tri thôn 1"},
        **HTMX,
    ).content.decode()
    assert "Hãy chọn một lựa chọn hợp lệ" in body and "is-invalid" in body
    group.refresh_from_db()
    assert group.session.plan_id == plan.pk
