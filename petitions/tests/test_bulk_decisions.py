"""The leader approves or returns many drafted conclusions at once, the agency
acknowledges many assignments at once: each item under the single action's
checks, done whole or not at all, the refused ones reported with the reason,
asked once before anything is done, and a bounded number of queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from petitions import decisions, services
from petitions.models import Assignment, Conclusion, EventKind, Petition, PetitionEvent, PetitionStatus
from petitions.selectors import petitions_for_user
from petitions.services import PetitionError

pytestmark = pytest.mark.django_db


@pytest.fixture
def drafted(make_petition, staff, agency_org):
    """Petitions whose conclusion the office drafted: waiting for the leader."""

    def _make(n=3):
        out = []
        for _ in range(n):
            p = make_petition()
            services.conclusion_record(petition=p, by=staff, outcome="assigned", agency=agency_org, direction="Kiểm tra")
            out.append(p)
        return out

    return _make


def messages_of(response) -> str:
    return " ".join(str(m) for m in response.context["messages"]) if response.context else ""


# --- the status the list and the detail show -------------------------------------------------


def test_a_petition_whose_conclusion_waits_shows_it_everywhere_staff_read_its_status(client, leader, drafted, petition):
    waiting = drafted(1)[0]
    client.force_login(leader)
    listing = client.get(reverse("petitions:list")).content.decode()
    row = listing[listing.index(waiting.tracking_code):]
    assert "Chờ duyệt kết luận" in row[: row.index("</tr>")]
    other = listing[listing.index(petition.tracking_code):]
    assert "Chờ duyệt kết luận" not in other[: other.index("</tr>")]
    assert "Chờ duyệt kết luận" in client.get(reverse("petitions:detail", args=[waiting.pk])).content.decode()
    # The filter shows exactly those, under the same words.
    filtered = client.get(reverse("petitions:list"), {"stage": "approval"}).content.decode()
    assert waiting.tracking_code in filtered and petition.tracking_code not in filtered
    assert '<option value="approval" selected>Chờ duyệt kết luận</option>' in filtered


def test_the_citizen_page_does_not_show_an_internal_draft(client, drafted):
    waiting = drafted(1)[0]
    page = client.get(reverse("petitions_public:status", args=[waiting.tracking_code])).content.decode()
    assert "Chờ duyệt kết luận" not in page


def test_the_label_follows_the_stage_exactly(leader, drafted, staff, agency_org, make_petition):
    waiting = drafted(2)
    services.conclusion_approve(conclusion=waiting[1].conclusions.get(), by=leader)
    labelled = {p.pk for p in petitions_for_user(leader) if p.awaiting_approval}
    staged = set(petitions_for_user(leader, stage="approval").values_list("pk", flat=True))
    assert labelled == staged == {waiting[0].pk}


def test_the_list_with_the_label_costs_the_same_queries_for_one_row_or_many(client, leader, drafted, django_assert_num_queries):
    drafted(1)
    client.force_login(leader)
    client.get(reverse("petitions:list"))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("petitions:list"))
    drafted(6)
    with django_assert_num_queries(len(one)):
        body = client.get(reverse("petitions:list")).content.decode()
    assert body.count("Chờ duyệt kết luận</span>") == 7


# --- the services ------------------------------------------------------------------------------


def test_approving_many_does_each_and_reports_the_refused(leader, drafted, petition):
    waiting = drafted(2)
    result = decisions.conclusions_approve(petitions=[*waiting, petition], by=leader)
    assert len(result.done) == 2 and [r.code for r in result.refused] == [petition.tracking_code]
    assert "không có kết luận nào chờ duyệt" in result.refused[0].reason
    for p in waiting:
        p.refresh_from_db()
        assert p.status == PetitionStatus.ASSIGNED and p.assignments.count() == 1


def test_each_item_keeps_the_single_actions_checks(staff, leader, drafted):
    """Staff may not approve, one at a time or many at once; a past deadline is refused as alone."""
    waiting = drafted(2)
    refused = decisions.conclusions_approve(petitions=waiting, by=staff)
    assert not refused.done and all("không có quyền" in r.reason for r in refused.refused)
    Conclusion.objects.filter(petition=waiting[0]).update(due_on=dt.date(2020, 1, 1))
    result = decisions.conclusions_approve(petitions=waiting, by=leader)
    assert [c.petition_id for c in result.done] == [waiting[1].pk]
    assert result.refused[0].code == waiting[0].tracking_code and "ngày đã qua" in result.refused[0].reason


def test_an_item_refused_half_way_leaves_nothing_behind(monkeypatch, leader, drafted):
    """The single action writes the approval and the events before it sets the status: a refusal
    there must take all of that item back, and leave the others done."""
    waiting = drafted(2)
    real = services._set_status

    def refuse_the_first(petitions, status):
        if petitions[0].pk == waiting[0].pk:
            raise PetitionError("Không thực hiện được")
        return real(petitions, status)

    monkeypatch.setattr(services, "_set_status", refuse_the_first)
    result = decisions.conclusions_approve(petitions=waiting, by=leader)
    assert len(result.done) == 1 and result.refused[0].code == waiting[0].tracking_code
    first = Petition.objects.get(pk=waiting[0].pk)
    assert first.status == PetitionStatus.REGISTERED and not first.assignments.exists()
    assert first.conclusions.get().approved_at is None
    assert not PetitionEvent.objects.filter(petition=first, kind=EventKind.CONCLUDED).exists()


def test_returning_many_needs_a_comment_and_leaves_it_in_each_history(leader, drafted):
    waiting = drafted(2)
    with pytest.raises(PetitionError):
        decisions.conclusions_return(petitions=waiting, by=leader, comment="  ")
    result = decisions.conclusions_return(petitions=waiting, by=leader, comment="Ghi rõ thời hạn báo cáo")
    assert len(result.done) == 2 and not result.refused
    assert not Conclusion.objects.filter(petition__in=waiting).exists()
    for p in waiting:
        event = PetitionEvent.objects.get(petition=p, kind=EventKind.CONCLUSION_RETURNED)
        assert "Ghi rõ thời hạn báo cáo" in event.text and not event.public
    # Back on the office's list of petitions without a conclusion.
    assert set(petitions_for_user(leader, stage="conclusion").values_list("pk", flat=True)) >= {p.pk for p in waiting}


def test_a_bulk_decision_is_bounded(leader, drafted):
    with pytest.raises(PetitionError):
        decisions.conclusions_approve(petitions=[], by=leader)
    many = [Petition(tracking_code=f"X{i}") for i in range(decisions.MAX_ITEMS + 1)]
    with pytest.raises(PetitionError) as error:
        decisions.conclusions_approve(petitions=many, by=leader)
    assert str(decisions.MAX_ITEMS) in error.value.message


def _approve_queries(leader, petitions) -> int:
    with CaptureQueriesContext(connection) as queries:
        decisions.conclusions_approve(petitions=petitions, by=leader)
    return len(queries)


def test_each_item_costs_the_same_number_of_queries(leader, drafted):
    _approve_queries(leader, drafted(1))  # what is read once per process (the leader's roles) is read here
    one, two, four = _approve_queries(leader, drafted(1)), _approve_queries(leader, drafted(2)), _approve_queries(leader, drafted(4))
    assert four - two == 2 * (two - one)


def test_acknowledging_many(agency_user, assigned, make_petition, leader, agency_org):
    second = make_petition()
    services.conclusion_record(petition=second, by=leader, outcome="assigned", agency=agency_org)
    services.assignment_acknowledge(assignment=assigned, by=agency_user)
    both = [assigned, second.assignments.get()]
    result = decisions.assignments_acknowledge(assignments=both, by=agency_user)
    assert [a.pk for a in result.done] == [both[1].pk]
    assert result.refused[0].code == assigned.petition.tracking_code and "đã xác nhận tiếp nhận" in result.refused[0].reason


# --- the pages ---------------------------------------------------------------------------------


def test_the_leader_is_offered_the_bulk_decision_where_conclusions_wait(client, leader, staff, drafted):
    waiting = drafted(2)
    client.force_login(leader)
    body = client.get(reverse("petitions:list"), {"stage": "approval"}).content.decode()
    assert reverse("petitions:bulk_conclusions") in body and 'data-check-all="petitions"' in body
    for p in waiting:
        assert f'name="petitions" value="{p.pk}"' in body
    client.force_login(staff)
    assert reverse("petitions:bulk_conclusions") not in client.get(reverse("petitions:list")).content.decode()


def test_bulk_approval_asks_once_then_acts_and_reports(client, leader, drafted, petition):
    waiting = drafted(2)
    client.force_login(leader)
    data = {"petitions": [p.pk for p in [*waiting, petition]], "decision": "approve", "next_query": "stage=approval"}
    asked = client.post(reverse("petitions:bulk_conclusions"), data)
    page = asked.content.decode()
    assert asked.status_code == 200 and "Duyệt 3 kết luận?" in page and "không rút lại được" in page
    assert all(p.tracking_code in page for p in waiting) and 'name="confirmed" value="1"' in page
    assert not Conclusion.objects.filter(approved_at__isnull=False).exists()
    done = client.post(reverse("petitions:bulk_conclusions"), {**data, "confirmed": "1"}, follow=True)
    assert done.redirect_chain[0][0] == reverse("petitions:list") + "?stage=approval"
    text = messages_of(done)
    assert "Đã duyệt 2 kết luận" in text and f"Không thực hiện được 1: {petition.tracking_code}" in text
    assert Assignment.objects.filter(petition__in=waiting).count() == 2


def test_bulk_return_needs_the_comment_next_to_it(client, leader, drafted):
    waiting = drafted(1)
    client.force_login(leader)
    refused = client.post(
        reverse("petitions:bulk_conclusions"),
        {"petitions": [waiting[0].pk], "decision": "return", "confirmed": "1"}, follow=True,
    )
    assert "Nêu nội dung cần sửa trong kết luận" in messages_of(refused)
    assert Conclusion.objects.filter(petition=waiting[0]).exists()
    data = {"petitions": [waiting[0].pk], "decision": "return", "comment": "Bổ sung ý kiến của Công an xã"}
    asked = client.post(reverse("petitions:bulk_conclusions"), data).content.decode()
    assert "Trả lại 1 kết luận cho văn phòng?" in asked and "Bổ sung ý kiến của Công an xã" in asked
    client.post(reverse("petitions:bulk_conclusions"), {**data, "confirmed": "1"})
    assert not Conclusion.objects.filter(petition=waiting[0]).exists()


@pytest.mark.parametrize("who", ["staff", "supervisor", "agency_user", "secretary", "outsider"])
def test_bulk_decisions_are_the_leaders(client, request, who, drafted):
    waiting = drafted(1)
    client.force_login(request.getfixturevalue(who))
    response = client.post(
        reverse("petitions:bulk_conclusions"), {"petitions": [waiting[0].pk], "decision": "approve", "confirmed": "1"}
    )
    assert response.status_code == 404
    assert not Conclusion.objects.filter(approved_at__isnull=False).exists()


def test_another_communes_leader_decides_nothing_here(client, outsider_leader, drafted):
    waiting = drafted(1)
    client.force_login(outsider_leader)
    client.post(reverse("petitions:bulk_conclusions"), {"petitions": [waiting[0].pk], "decision": "approve", "confirmed": "1"})
    client.post(reverse("petitions:bulk_conclusions"),
                {"petitions": [waiting[0].pk], "decision": "return", "comment": "x", "confirmed": "1"})
    assert Conclusion.objects.filter(petition=waiting[0], approved_at__isnull=True).count() == 1


def test_one_conclusion_returned_from_its_page(client, leader, staff, drafted):
    waiting = drafted(1)[0]
    draft = waiting.conclusions.get()
    client.force_login(leader)
    detail = client.get(reverse("petitions:detail", args=[waiting.pk])).content.decode()
    assert reverse("petitions:conclusion_return", args=[draft.pk]) in detail
    # Approving one asks too, naming the petition and that it cannot be withdrawn.
    assert f"Duyệt kết luận của kiến nghị {waiting.tracking_code}" in detail
    refused = client.post(reverse("petitions:conclusion_return", args=[draft.pk]), {"comment": ""}, follow=True)
    assert "Nêu nội dung cần sửa" in messages_of(refused) and Conclusion.objects.filter(pk=draft.pk).exists()
    client.post(reverse("petitions:conclusion_return", args=[draft.pk]), {"comment": "Giao thêm Điện lực"})
    assert not Conclusion.objects.filter(pk=draft.pk).exists()
    # The office finds the comment where it concludes again.
    client.force_login(staff)
    page = client.get(reverse("petitions:detail", args=[waiting.pk])).content.decode()
    assert 'id="conclusion-returned"' in page and "Giao thêm Điện lực" in page
    assert "Chờ duyệt kết luận" not in page
    client.force_login(staff)
    assert client.post(reverse("petitions:conclusion_return", args=[draft.pk]), {"comment": "x"}).status_code == 404


# --- the agency: many acknowledged at once, and its search -------------------------------------


@pytest.fixture
def three_new(make_petition, leader, agency_org):
    out = []
    for content in ("Đường liên xóm Hòa Bình hỏng nặng", "Cống thoát nước ngã ba chợ tắc", "Đèn đường thôn Đông tắt"):
        p = make_petition(content=content)
        services.conclusion_record(petition=p, by=leader, outcome="assigned", agency=agency_org)
        out.append(p.assignments.get())
    return out


def test_the_inbox_offers_acknowledging_many(client, agency_user, three_new):
    client.force_login(agency_user)
    body = client.get(reverse("petitions:inbox")).content.decode()
    assert reverse("petitions:bulk_acknowledge") in body and 'data-check-all="assignments"' in body
    assert body.count('name="assignments"') == 3


def test_bulk_acknowledge_asks_once_then_acts(client, agency_user, three_new):
    client.force_login(agency_user)
    data = {"assignments": [a.pk for a in three_new[:2]]}
    asked = client.post(reverse("petitions:bulk_acknowledge"), data).content.decode()
    assert "Tiếp nhận 2 kiến nghị?" in asked and "Công an xã Vĩnh Thử" in asked
    assert not Assignment.objects.filter(status="acknowledged").exists()
    done = client.post(reverse("petitions:bulk_acknowledge"), {**data, "confirmed": "1"}, follow=True)
    assert "Đã tiếp nhận 2 kiến nghị" in messages_of(done)
    assert set(Assignment.objects.filter(status="acknowledged").values_list("pk", flat=True)) == {a.pk for a in three_new[:2]}


@pytest.mark.parametrize("who", ["staff", "leader", "supervisor", "outsider"])
def test_bulk_acknowledge_is_the_agencys(client, request, who, three_new):
    client.force_login(request.getfixturevalue(who))
    response = client.post(reverse("petitions:bulk_acknowledge"), {"assignments": [three_new[0].pk], "confirmed": "1"})
    assert response.status_code == 404 and not Assignment.objects.filter(status="acknowledged").exists()


def test_another_agency_acknowledges_nothing_of_ours(client, org, three_new):
    from dialogue.models import Role
    from dialogue.testing.factories import OrganizationFactory, member

    officer = member(OrganizationFactory(parent=org, kind="department", name="Điện lực"), Role.AGENCY)
    client.force_login(officer)
    client.post(reverse("petitions:bulk_acknowledge"), {"assignments": [three_new[0].pk], "confirmed": "1"})
    assert not Assignment.objects.filter(status="acknowledged").exists()


def test_the_inbox_searches_folded_text_and_codes(client, agency_user, three_new):
    client.force_login(agency_user)
    found = client.get(reverse("petitions:inbox"), {"q": "CONG THOAT nuoc"}).content.decode()
    assert three_new[1].petition.tracking_code in found
    assert three_new[0].petition.tracking_code not in found and three_new[2].petition.tracking_code not in found
    code = three_new[2].petition.tracking_code
    by_code = client.get(reverse("petitions:inbox"), {"q": code.lower().replace("-", " ")}).content.decode()
    assert code in by_code and three_new[0].petition.tracking_code not in by_code
    none = client.get(reverse("petitions:inbox"), {"q": "không có gì như thế"}).content.decode()
    assert "Không có kiến nghị được giao nào khớp" in none


def test_the_inbox_search_keeps_the_tab_and_refuses_a_too_long_text_next_to_the_box(client, agency_user, three_new):
    client.force_login(agency_user)
    body = client.get(reverse("petitions:inbox"), {"q": "đường", "trang-thai": "all"}).content.decode()
    assert three_new[0].petition.tracking_code in body and 'name="trang-thai" value="all"' in body
    response = client.get(reverse("petitions:inbox"), {"q": "x" * 101})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="inbox-q-error"' in page and "100" in page


def test_the_inbox_search_costs_the_same_queries_for_one_match_or_many(
    client, agency_user, agency_org, leader, make_petition, django_assert_num_queries
):
    client.force_login(agency_user)
    services.conclusion_record(petition=make_petition(content="Sửa đường xóm 1"), by=leader, outcome="assigned", agency=agency_org)
    client.get(reverse("petitions:inbox"), {"q": "duong"})
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("petitions:inbox"), {"q": "duong"})
    for i in range(6):
        services.conclusion_record(
            petition=make_petition(content=f"Sửa đường xóm {i + 2}"), by=leader, outcome="assigned", agency=agency_org
        )
    with django_assert_num_queries(len(one)):
        body = client.get(reverse("petitions:inbox"), {"q": "duong"}).content.decode()
    assert body.count("<code>DT-") == 7
