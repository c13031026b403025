"""The pages where text that prints is typed refuse what the bundled fonts cannot
print: a Vietnamese message next to the field naming the characters, what was
typed kept, nothing saved."""

import pytest
from django.urls import reverse

from conferences.tests.factories import conference_in_state
from petitions.models import Petition
from petitions.tests.factories import make_conference
from petitions.tests.notice_fixtures import concluded, held, notice  # noqa: F401 (fixtures)
from plans.models import PlanItem, PlanPart
from plans.tests.factories import complete_plan

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
REFUSED = "Phông chữ của văn bản in không có ký tự"


def test_plan_subject_with_an_emoji_is_refused_and_kept(client, org, staff):
    plan = complete_plan(issuer=org)
    client.force_login(staff)
    subject = "Tổ chức hội nghị mùa lúa 🌾 năm 2025"
    response = client.post(
        reverse("plans:header", args=[plan.pk]),
        {"subject": subject, "document_name": "KẾ HOẠCH", "archive_line": "Lưu: VT", "place": "Vĩnh Thử",
         "sign_authority": "TM", "sign_deputy_authority": ""},
        **HTMX,
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert REFUSED in body and "🌾 (U+1F33E)" in body
    assert subject in body
    plan.refresh_from_db()
    assert "🌾" not in plan.subject


def test_plan_item_with_a_check_mark_is_refused(client, org, staff):
    plan = complete_plan(issuer=org)
    client.force_login(staff)
    part = PlanPart.objects.filter(section__plan=plan).first()
    prefix = f"items-new-{part.pk}"
    response = client.post(
        reverse("plans:row_add", args=[plan.pk, "items", part.pk]),
        {f"{prefix}-kind": "text", f"{prefix}-style": "dash", f"{prefix}-text": "Đã xong ✓ → tiếp"},
        **HTMX,
    )
    body = response.content.decode()
    assert REFUSED in body and "✓ (U+2713), → (U+2192)" in body
    assert "Đã xong ✓ → tiếp" in body
    assert not PlanItem.objects.filter(text__contains="✓").exists()


def test_conference_edit_refuses_an_unprintable_venue(client, org, staff):
    conference = conference_in_state(org, "planned", by=staff)
    client.force_login(staff)
    response = client.post(
        reverse("conferences:edit", args=[conference.pk]),
        {"title": "Hội nghị đối thoại", "window_text": "Quý III", "venue": "Nhà văn hóa ☀ thôn 3", "audience": "",
         "content": "", "expected_attendance": ""},
    )
    body = response.content.decode()
    assert response.status_code == 200 and REFUSED in body and "Nhà văn hóa ☀ thôn 3" in body
    conference.refresh_from_db()
    assert "☀" not in conference.venue


def test_notice_edit_refuses_an_unprintable_opening(client, staff, notice):  # noqa: F811
    client.force_login(staff)
    data = {
        "subject": "Kết luận hội nghị", "opening_text": "Hội nghị thành công ✓", "general_conclusions": "Ý kiến chung",
        "closing": "", "recipients": "", "archive_line": "Lưu: VT", "sign_authority": "TM",
        "sign_on_behalf_of": "ỦY BAN NHÂN DÂN", "sign_deputy_authority": "", "sign_deputy_of": "",
        "sign_position": "CHỦ TỊCH", "signer_name": "Nguyễn Văn Lãnh",
    }
    response = client.post(reverse("petitions:notice_edit", args=[notice.pk]), data)
    body = response.content.decode()
    assert response.status_code == 400 and REFUSED in body and "Hội nghị thành công ✓" in body
    notice.refresh_from_db()
    assert "✓" not in notice.opening_text


def test_public_registration_refuses_an_emoji_in_the_petition(client, org):
    conference = make_conference(org, "announced")
    response = client.post(
        reverse("petitions_public:register", args=[conference.public_code]),
        {"petitioner_name": "Hoàng Thị Lan", "petitioner_address": "Xóm 5", "petitioner_phone": "0988 111 222",
         "petitioner_email": "", "content": "Đề nghị lắp đèn đường xóm 5 🙏", "consent": "on", "website": ""},
    )
    body = response.content.decode()
    assert response.status_code in (200, 400) and REFUSED in body and "Đề nghị lắp đèn đường xóm 5 🙏" in body
    assert not Petition.objects.exists()


def test_the_organisation_admin_refuses_an_unprintable_header(client, org, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@example.vn", "x")
    client.force_login(admin)
    url = reverse("admin:dialogue_organization_change", args=[org.pk])
    form = client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update({"header_name": "ỦY BAN NHÂN DÂN ★ XÃ VĨNH THỬ", "parent": "",
                 "memberships-TOTAL_FORMS": "0", "memberships-INITIAL_FORMS": "0"})
    response = client.post(url, data)
    body = response.content.decode()
    assert response.status_code == 200 and REFUSED in body and "★ (U+2605)" in body
    org.refresh_from_db()
    assert "★" not in org.header_name
