"""The pages of issuing: the confirmation naming the number, the checklist on the
plan page, the year replacement, and recording a plan issued outside the system."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from plans.models import Plan, Status
from plans.services import plan_approve, plan_copy, plan_issue, plan_submit
from registry.models import DocType, OutgoingDocument, RegisterCounter

from .factories import PlanFactory, complete_plan

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% signed on paper, scanned\n%%EOF\n"


@pytest.fixture
def approved(org, staff, leader):
    plan = complete_plan(issuer=org, year=2026, signer_name="")
    plan_submit(plan=plan, by=staff)
    plan_approve(plan=plan, by=leader)
    return plan


def urls(plan):
    return {
        "issue": reverse("plans:issue", args=[plan.pk]),
        "replace": reverse("plans:replace_year", args=[plan.pk]),
        "elsewhere": reverse("plans:issued_elsewhere", args=[plan.pk]),
    }


@pytest.mark.parametrize("who", ["outsider", "outsider_leader", "agency_user"])
def test_other_organisations_get_404(client, approved, who, request):
    client.force_login(request.getfixturevalue(who))
    u = urls(approved)
    assert client.get(u["issue"]).status_code == 404
    assert client.post(u["issue"], {"number": "1"}).status_code == 404
    assert client.post(u["replace"], {"old": "2025", "new": "2026"}).status_code == 404
    assert client.get(u["elsewhere"]).status_code == 404
    upload = SimpleUploadedFile("ke-hoach.pdf", PDF, content_type="application/pdf")
    data = {"number": "3", "symbol": "UBND", "issued_on": "05/03/2026", "source_document": upload}
    assert client.post(u["elsewhere"], data).status_code == 404
    approved.refresh_from_db()
    assert approved.status == Status.APPROVED and approved.number is None


def test_confirmation_names_the_number_and_issues_with_it(client, approved, leader, signing_certificate):
    client.force_login(leader)
    page = client.get(urls(approved)["issue"]).content.decode()
    assert "Số: 01/KH-UBND" in page and "Ban hành và ký với Số: 01/KH-UBND" in page
    assert 'data-check="signer"' in page  # the checklist is on the confirmation too
    response = client.post(urls(approved)["issue"], {"number": "1"})
    assert response.status_code == 302
    approved.refresh_from_db()
    assert approved.status == Status.ISSUED and approved.number == 1
    assert OutgoingDocument.objects.get(plan=approved).number == 1


def test_confirmation_says_when_the_number_moved(client, org, staff, leader, approved, signing_certificate):
    client.force_login(leader)
    assert "Số: 01/KH-UBND" in client.get(urls(approved)["issue"]).content.decode()
    other = complete_plan(issuer=org, year=2026)
    plan_submit(plan=other, by=staff)
    plan_approve(plan=other, by=leader)
    plan_issue(plan=other, by=leader)  # takes 01 while the first leader reads the page
    response = client.post(urls(approved)["issue"], {"number": "1"})
    assert response.status_code == 409
    page = response.content.decode()
    assert 'id="number-moved"' in page and "Số 01 vừa được một văn bản khác lấy" in page
    assert "Ban hành và ký với Số: 02/KH-UBND" in page
    approved.refresh_from_db()
    assert approved.status == Status.APPROVED


def test_only_the_leader_reaches_the_confirmation(client, approved, staff):
    client.force_login(staff)
    response = client.get(urls(approved)["issue"])
    assert response.status_code == 302 and response["Location"] == reverse("plans:detail", args=[approved.pk])
    client.post(urls(approved)["issue"], {"number": "1"})
    approved.refresh_from_db()
    assert approved.status == Status.APPROVED


def test_the_old_issue_action_goes_through_the_confirmation(client, approved, leader):
    client.force_login(leader)
    response = client.post(reverse("plans:transition", args=[approved.pk, "issue"]))
    assert response["Location"] == urls(approved)["issue"]
    approved.refresh_from_db()
    assert approved.status == Status.APPROVED


def test_detail_shows_the_checklist_to_the_leader_only(client, approved, leader, staff):
    client.force_login(leader)
    page = client.get(reverse("plans:detail", args=[approved.pk])).content.decode()
    assert 'id="issue-checks"' in page and "Chưa có họ tên người ký" in page and "Họ tên người ký" in page
    assert f'action="{urls(approved)["issue"]}"' in page
    client.force_login(staff)
    page = client.get(reverse("plans:detail", args=[approved.pk])).content.decode()
    assert 'id="issue-checks"' not in page


def test_replace_the_source_year_from_the_plan_page(client, org, staff, leader):
    plan = plan_copy(source=complete_plan(issuer=org, year=2025), year=2026, by=staff)
    plan_submit(plan=plan, by=staff)
    plan_approve(plan=plan, by=leader)
    client.force_login(leader)
    page = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert "Thay 2025 bằng 2026 trong cả 2 mục" in page
    assert "Trích yếu" in page and "Buổi 1: thời gian" in page
    response = client.post(urls(plan)["replace"], {"old": "2025", "new": "2026", "back": "issue"}, follow=True)
    assert response.redirect_chain[-1][0] == urls(plan)["issue"]
    assert "Đã thay 2025 bằng 2026 tại: Trích yếu; Buổi 1: thời gian." in response.content.decode()
    plan.refresh_from_db()
    assert "2025" not in plan.subject and plan.sessions.get().window == "6 tháng đầu năm 2026"


def test_replace_year_refused_to_staff_once_approved(client, org, staff, leader):
    plan = plan_copy(source=complete_plan(issuer=org, year=2025), year=2026, by=staff)
    plan_submit(plan=plan, by=staff)
    plan_approve(plan=plan, by=leader)
    client.force_login(staff)
    response = client.post(urls(plan)["replace"], {"old": "2025", "new": "2026"}, follow=True)
    assert "Bạn không được sửa kế hoạch này lúc này." in response.content.decode()
    plan.refresh_from_db()
    assert "2025" in plan.subject


# --- issued outside the system ----------------------------------------------------------------


def elsewhere_data(**changes):
    data = {"number": "3", "symbol": "UBND", "issued_on": "05/03/2020",
            "source_document": SimpleUploadedFile("ke-hoach-2020.pdf", PDF, content_type="application/pdf")}
    data.update(changes)
    return data


@pytest.fixture
def old_plan(org):
    return complete_plan(issuer=org, year=2020)


def test_record_a_plan_issued_elsewhere(client, old_plan, staff, org):
    client.force_login(staff)
    form = client.get(urls(old_plan)["elsewhere"]).content.decode()
    assert 'name="source_document"' in form and "Kế hoạch sẽ bị khóa và không sửa được" in form
    response = client.post(urls(old_plan)["elsewhere"], elsewhere_data())
    assert response.status_code == 302
    old_plan.refresh_from_db()
    assert old_plan.status == Status.ISSUED and old_plan.issued_elsewhere
    assert old_plan.number == 3 and old_plan.issued_on == dt.date(2020, 3, 5)
    assert old_plan.symbol_display == "Số: 03/KH-UBND"
    # Never renumbered, never in the register, its series untouched.
    assert not OutgoingDocument.objects.filter(plan=old_plan).exists()
    assert not RegisterCounter.objects.filter(issuer=org, year=2020).exists()
    transition = old_plan.transitions.last()
    assert transition.to_status == Status.ISSUED and "05/03/2020" in transition.comment
    # Its PDF is the signed copy, byte for byte.
    download = client.get(reverse("plans:pdf", args=[old_plan.pk]))
    assert download["Content-Type"] == "application/pdf" and download.content == PDF
    page = client.get(reverse("plans:detail", args=[old_plan.pk])).content.decode()
    assert 'id="issued-elsewhere"' in page and "Số: 03/KH-UBND" in page


def test_register_numbers_go_past_a_plan_recorded_as_issued_elsewhere(client, org, staff, leader, signing_certificate):
    outside = complete_plan(issuer=org, year=2026)
    client.force_login(leader)
    client.post(urls(outside)["elsewhere"], elsewhere_data(number="4", issued_on="05/03/2026"))
    outside.refresh_from_db()
    assert outside.status == Status.ISSUED and outside.number == 4
    plan = complete_plan(issuer=org, year=2026)
    plan_submit(plan=plan, by=staff)
    plan_approve(plan=plan, by=leader)
    plan_issue(plan=plan, by=leader)
    plan.refresh_from_db()
    assert plan.number == 5


def test_a_number_already_taken_is_an_error_next_to_the_field(client, old_plan, org, staff):
    PlanFactory(issuer=org, year=2020, number=3, status=Status.ISSUED, subject="Kế hoạch đã có số 03")
    client.force_login(staff)
    response = client.post(urls(old_plan)["elsewhere"], elsewhere_data())
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_number-error"' in page and "Số 03 năm 2020 đã được dùng cho" in page
    # What was typed stays in the form.
    assert 'value="05/03/2020"' in page and 'value="3"' in page
    assert "Hãy chọn lại tệp bản đã ký" in page
    old_plan.refresh_from_db()
    assert old_plan.status == Status.DRAFT and old_plan.number is None


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"source_document": SimpleUploadedFile("ke-hoach.pdf", b"not a pdf")}, "source_document",
         "Tệp không phải là tệp PDF đọc được."),
        ({"source_document": SimpleUploadedFile("ke-hoach.docx", PDF)}, "source_document",
         "Hãy đính kèm tệp PDF, JPG hoặc PNG."),
        ({"issued_on": "05/03/2099"}, "issued_on", "Ngày không được ở tương lai."),
        ({"issued_on": "2020-13-45"}, "issued_on", None),
        ({"number": "0"}, "number", None),
    ],
)
def test_bad_input_is_refused_next_to_its_field(client, old_plan, staff, changes, field, message):
    client.force_login(staff)
    response = client.post(urls(old_plan)["elsewhere"], elsewhere_data(**changes))
    assert response.status_code == 400
    page = response.content.decode()
    assert f'id="id_{field}-error"' in page
    if message:
        assert message in page
    old_plan.refresh_from_db()
    assert old_plan.status == Status.DRAFT


def test_supervisor_cannot_record_and_an_issued_plan_cannot_be_recorded_again(client, old_plan, supervisor, staff):
    client.force_login(supervisor)
    client.post(urls(old_plan)["elsewhere"], elsewhere_data())
    old_plan.refresh_from_db()
    assert old_plan.status == Status.DRAFT
    client.force_login(staff)
    client.post(urls(old_plan)["elsewhere"], elsewhere_data())
    response = client.post(urls(old_plan)["elsewhere"], elsewhere_data(number="7"))
    assert response.status_code == 302
    old_plan.refresh_from_db()
    assert old_plan.number == 3
    assert Plan.objects.filter(issuer=old_plan.issuer, year=2020, number=7).count() == 0
