"""Issued means frozen, in the admin too: an administrator reads an issued plan,
notice, invitation batch, approved minutes and their rows, and changes none of them;
the Word copy of an issued plan is the one made when it was issued."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from docx import Document

from conferences import invitations
from conferences import session_records as records
from plans.models import PlanItem, PlanSection

from .conftest import issue_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser():
    return get_user_model().objects.create_superuser("quantri", "quantri@example.vn", "Quan-tri-2026!")


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def change_url(obj) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def delete_url(obj) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_delete", args=[obj.pk])


def assert_read_only(admin_client, obj, field: str, value: str):
    before = getattr(type(obj).objects.get(pk=obj.pk), field)
    page = admin_client.get(change_url(obj))
    assert page.status_code == 200  # still readable
    assert 'name="_save"' not in page.content.decode()
    response = admin_client.post(change_url(obj), {field: value, "_save": "1"})
    assert response.status_code == 403
    assert admin_client.post(delete_url(obj), {"post": "yes"}).status_code == 403
    assert getattr(type(obj).objects.get(pk=obj.pk), field) == before


def test_an_issued_plan_and_its_rows_are_read_only(admin_client, issued):
    plan = issued.plan
    assert_read_only(admin_client, plan, "subject", "Trích yếu đã sửa")
    assert_read_only(admin_client, plan, "signer_name", "Người khác")
    section = PlanSection.objects.filter(plan=plan).first()
    assert_read_only(admin_client, section, "heading", "ĐÃ SỬA")
    item = PlanItem.objects.filter(part__section__plan=plan).first()
    assert_read_only(admin_client, item, "text", "Nội dung đã sửa")
    for row in (plan.recipients.first(), plan.sessions.first(), plan.legal_bases.first()):
        if row is not None:
            assert_read_only(admin_client, row, "text" if hasattr(row, "text") else "window", "đã sửa")


def test_a_draft_plan_stays_editable_in_the_admin(admin_client, plan):
    page = admin_client.get(change_url(plan)).content.decode()
    assert 'name="_save"' in page


def test_an_issued_notice_is_read_only(admin_client, notice_issued):
    assert_read_only(admin_client, notice_issued, "status", "draft")


def test_an_invitation_batch_is_read_only(admin_client, invitation_conference, staff, leader):
    batch = invitations.invitation_batch_issue(conference=invitation_conference, by=leader)
    assert_read_only(admin_client, batch, "count", "99")


def test_approved_minutes_are_read_only(admin_client, minutes_conference, leader):
    minutes = records.minutes_approve(conference=minutes_conference, by=leader)
    assert_read_only(admin_client, minutes, "content", "Nội dung đã sửa")


def test_the_register_entry_is_read_only(admin_client, issued):
    assert_read_only(admin_client, issued, "subject", "đã sửa")


def docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)


def test_the_word_copy_of_an_issued_plan_is_the_one_made_at_issue(client, plan, leader, staff, eager,
                                                                   django_capture_on_commit_callbacks):
    # The issue stores the signed PDF; the worker stores the Word copy once the issue commits.
    with django_capture_on_commit_callbacks(execute=True):
        issued = issue_plan(plan, leader).outgoing_document
    issued.refresh_from_db()
    assert issued.docx
    client.force_login(staff)
    first = client.get(reverse("plans:docx", args=[plan.pk])).content
    assert first == issued.read_docx()
    # Whatever happens to the rows afterwards, the issued Word copy is what was issued.
    PlanItem.objects.filter(part__section__plan=plan).update(text="Nội dung đã bị sửa sau khi ban hành")
    again = client.get(reverse("plans:docx", args=[plan.pk])).content
    assert again == first
    assert "đã bị sửa sau khi ban hành" not in docx_text(again)


@pytest.mark.parametrize("label", ["conferences_invitationbatch", "conferences_minutes", "petitions_conclusionnotice"])
def test_issued_kinds_cannot_be_added_by_hand(admin_client, label, invitation_conference):
    """An administrator could otherwise type a numbered, 'issued' batch that no leader
    signed and no register holds."""
    url = reverse(f"admin:{label}_add")
    assert admin_client.get(url).status_code == 403
    before = fingerprint_of(label)
    admin_client.post(url, {"conference": invitation_conference.pk, "number": "77", "issued_on": "30/11/2026"})
    assert fingerprint_of(label) == before


def fingerprint_of(label: str) -> int:
    from django.apps import apps

    app, model = label.split("_", 1)
    return apps.get_model(app, model).objects.count()
