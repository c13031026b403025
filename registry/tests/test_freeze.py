"""Issuing freezes the document: one stored PDF with its hash and verification
block, served as it is whatever happens to the source data afterwards."""

import hashlib

import pytest
from django.urls import reverse
from django.utils import timezone

from conferences import invitations
from dialogue import signing
from plans import services as plan_services
from plans.models import Plan, Status
from registry.models import DocType, OutgoingDocument

from .conftest import issue_plan, pdf_text


def test_issuing_a_plan_copies_it_into_the_register(issued, plan, leader, org):
    plan.refresh_from_db()
    assert issued.issuer == org and issued.doc_type == DocType.PLAN
    assert (issued.year, issued.number, issued.symbol) == (2026, 1, "Số: 01/KH-UBND")
    assert issued.subject == " ".join(plan.subject.split())
    assert issued.issued_on == plan.issued_on and issued.issued_by == leader
    assert issued.signer_name == "Nguyễn Văn An" and issued.signer_position == "TM. ỦY BAN NHÂN DÂN, CHỦ TỊCH"
    stored = issued.read_pdf()
    assert stored.startswith(b"%PDF") and issued.size == len(stored)
    assert issued.sha256 == hashlib.sha256(stored).hexdigest()
    assert issued.frozen_at is not None and issued.freeze_error == ""


def test_the_signature_status_is_what_check_pdf_says_of_the_stored_bytes(issued):
    check = signing.check_pdf(issued.read_pdf())
    assert (issued.signature_signed, issued.signature_intact) == (check.signed, check.intact)
    if check.signed:
        assert check.intact


def test_the_pdf_prints_the_code_and_the_verification_address(issued, settings):
    text = "\n".join(pdf_text(issued.read_pdf()))
    assert f"Mã xác minh: {issued.code}" in text
    assert f"{settings.SITE_URL}/xac-minh/{issued.code}/" in text.replace("\n", "")
    assert "DỰ THẢO" not in text and "Số: 01/KH-UBND" in text


def test_the_code_is_long_and_readable(issued):
    from dialogue.codes import ALPHABET

    groups = issued.code.split("-")
    assert [len(g) for g in groups] == [5, 5] and all(ch in ALPHABET for ch in "".join(groups))


def test_a_draft_carries_the_draft_mark_and_no_verification_block(client, plan, staff):
    client.force_login(staff)
    response = client.get(reverse("plans:pdf", args=[plan.pk]))
    text = "\n".join(pdf_text(response.content))
    assert "DỰ THẢO" in text and "Mã xác minh" not in text
    assert not OutgoingDocument.objects.exists()


def test_the_download_is_the_stored_bytes_twice_and_after_the_plan_changes(client, issued, plan, staff):
    client.force_login(staff)
    url = reverse("plans:pdf", args=[plan.pk])
    first = client.get(url)
    second = client.get(url)
    stored = issued.read_pdf()
    assert first.content == second.content == stored
    assert first["Content-Disposition"] == second["Content-Disposition"] == 'attachment; filename="ke-hoach-2026-01-v1.pdf"'
    # Someone edits the issued plan's data behind the application's back.
    Plan.objects.filter(pk=plan.pk).update(subject="Một nội dung khác hẳn", signer_name="Người Khác")
    plan.sections.all().delete()
    third = client.get(url)
    assert third.content == stored
    assert hashlib.sha256(third.content).hexdigest() == issued.sha256
    assert "Một nội dung khác hẳn" not in "\n".join(pdf_text(third.content))


def test_the_register_pdf_view_serves_the_same_bytes(client, issued, staff):
    client.force_login(staff)
    inline = client.get(reverse("registry:pdf", args=[issued.pk]))
    download = client.get(reverse("registry:pdf", args=[issued.pk]) + "?tai=1")
    assert inline.content == download.content == issued.read_pdf()
    assert inline["Content-Disposition"] == f'inline; filename="{issued.filename}"'
    assert download["Content-Disposition"] == f'attachment; filename="{issued.filename}"'
    assert inline["X-Frame-Options"] == "SAMEORIGIN" and "no-store" in inline["Cache-Control"]


def test_an_issued_plan_is_not_rendered_again(client, issued, plan, staff, monkeypatch):
    import plans.pdf

    def refuse(*args, **kwargs):
        raise AssertionError("an issued plan was rendered again")

    monkeypatch.setattr(plans.pdf, "render_plan_pdf", refuse)
    client.force_login(staff)
    assert client.get(reverse("plans:pdf", args=[plan.pk])).status_code == 200


def test_a_correction_replaces_the_previous_version(issued, plan, staff, leader):
    new = plan_services.plan_new_version(plan=plan, by=staff)
    issue_plan(new, leader)
    corrected = new.outgoing_document
    assert corrected.replaces == issued and corrected.number == 2 and corrected.code != issued.code
    issued.refresh_from_db()
    assert issued.replaced_by == corrected


def test_a_failed_issue_leaves_no_entry_and_no_number(plan, leader, monkeypatch):
    import registry.issuing

    def broken(**kwargs):
        raise RuntimeError("renderer down")

    monkeypatch.setattr("plans.services.render_plan_pdf", lambda *a, **k: broken())
    with pytest.raises(RuntimeError):
        issue_plan(plan, leader)
    plan.refresh_from_db()
    assert plan.status == Status.APPROVED and plan.number is None
    assert not OutgoingDocument.objects.exists()
    monkeypatch.undo()
    assert registry.issuing  # the module stays importable after the failure
    issue_plan(plan, leader)
    assert plan.outgoing_document.number == 1


# --- notices, invitations, minutes ------------------------------------------------------------


def test_issuing_a_notice_freezes_it(client, notice_issued, staff, org):
    document = notice_issued.outgoing_document
    assert document.doc_type == DocType.NOTICE and document.number == notice_issued.number == 1
    assert document.symbol == "Số: 01/TB-UBND" and document.signer_name == "Nguyễn Văn Lãnh"
    text = "\n".join(pdf_text(document.read_pdf()))
    assert f"Mã xác minh: {document.code}" in text and "DỰ THẢO" not in text
    client.force_login(staff)
    for name in ("petitions:notice_preview", "petitions:notice_download"):
        assert client.get(reverse(name, args=[notice_issued.pk])).content == document.read_pdf()


def test_the_notice_mail_attaches_the_stored_copy(notice_issued, mailoutbox, agency_user):
    from deadlines.notifications import deliver
    from petitions.tasks import notice_send

    assert notice_send(notice_issued.pk) >= 1
    assert deliver() >= 1
    assert mailoutbox[0].attachments[0][1] == notice_issued.outgoing_document.read_pdf()


def test_a_small_invitation_batch_is_numbered_and_frozen_in_the_issue(invitation_conference, staff, leader):
    from conferences import invitations

    batch = invitations.invitation_batch_issue(conference=invitation_conference, by=leader)
    document = batch.outgoing_document
    assert batch.number == document.number == 1 and document.doc_type == DocType.INVITATION
    assert document.is_frozen
    pages = pdf_text(document.read_pdf())
    assert len(pages) == 6  # three invitations, each followed by its slip
    assert all(f"Mã xác minh: {document.code}" in pages[i] for i in (0, 2, 4))
    assert "Số: 01/GM-UBND" in pages[0] and not any("DỰ THẢO" in p for p in pages)


def test_a_large_batch_is_frozen_by_the_task_and_its_page_waits_without_writing(
    client, invitation_conference, staff, monkeypatch, django_capture_on_commit_callbacks, eager, leader
):
    from conferences import invitations
    from registry import issuing

    monkeypatch.setattr(invitations, "INLINE_BATCH_MAX", 1)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        batch = invitations.invitation_batch_issue(conference=invitation_conference, by=leader)
    document = batch.outgoing_document
    assert not document.is_frozen  # numbered now, rendered once the issue commits
    client.force_login(staff)
    url = reverse("conferences:invitation_batch_pdf", args=[invitation_conference.pk, batch.pk])
    for _ in range(2):
        waiting = client.get(url)
        assert waiting.status_code == 202 and waiting["Refresh"] == "5"
        assert "đang được chuẩn bị" in waiting.content.decode()
    document.refresh_from_db()
    assert not document.is_frozen  # a GET writes nothing
    for callback in callbacks:
        callback()
    assert issuing.freeze_pending(document_id=document.pk) is False  # only once
    ready = client.get(url)
    assert ready.status_code == 200 and ready.content == OutgoingDocument.objects.get(invitation_batch=batch).read_pdf()


def test_opening_an_unfrozen_batch_from_every_page_writes_no_file(
    client, invitation_conference, staff, supervisor, monkeypatch, django_capture_on_commit_callbacks, settings, leader
):
    from conferences import invitations
    from registry import issuing

    monkeypatch.setattr(invitations, "INLINE_BATCH_MAX", 1)
    with django_capture_on_commit_callbacks(execute=False):
        batch = invitations.invitation_batch_issue(conference=invitation_conference, by=leader)
    document = batch.outgoing_document
    urls = [
        reverse("conferences:invitation_batch_pdf", args=[invitation_conference.pk, batch.pk]),
        reverse("registry:print", args=[document.pk]),
        reverse("registry:pdf", args=[document.pk]),
    ]
    for user in (staff, supervisor):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code in (202, 404), url
    document.refresh_from_db()
    assert not document.is_frozen
    media = settings.MEDIA_ROOT
    assert not list(media.rglob("*.pdf")) if media.exists() else True


def test_the_sweep_freezes_what_the_worker_missed_and_removes_rolled_back_files(
    invitation_conference, staff, monkeypatch, django_capture_on_commit_callbacks, settings, leader
):
    import datetime as dt

    from django.db import transaction

    from conferences import invitations
    from registry import issuing
    from registry.services import remove_orphan_files

    monkeypatch.setattr(invitations, "INLINE_BATCH_MAX", 1)
    with django_capture_on_commit_callbacks(execute=False):  # the broker never got the task
        batch = invitations.invitation_batch_issue(conference=invitation_conference, by=leader)
    document = batch.outgoing_document
    assert issuing.freeze_stale(older_than=dt.timedelta(0)) == 1
    document.refresh_from_db()
    assert document.is_frozen

    # An issue (of a list that changed, so a new batch) whose transaction rolls back after its PDF was written.
    from conferences.models import Invitee

    Invitee.objects.create(conference=invitation_conference, full_name="Đỗ Thị Mai", order=9)
    monkeypatch.setattr(invitations, "INLINE_BATCH_MAX", 100)
    with pytest.raises(RuntimeError), transaction.atomic():
        invitations.invitation_batch_issue(conference=invitation_conference, by=leader)
        raise RuntimeError("a later step failed")
    stored = sorted(p.name for p in settings.MEDIA_ROOT.rglob("*.pdf"))
    assert len(stored) == 2
    assert remove_orphan_files(older_than=dt.timedelta(minutes=30)) == 0  # too young to judge
    assert remove_orphan_files(older_than=dt.timedelta(0)) == 1
    assert [p.name for p in settings.MEDIA_ROOT.rglob("*.pdf")] == [document.pdf.name.rsplit("/", 1)[-1]]


def test_invitation_drafts_carry_the_draft_mark(client, invitation_conference, staff):
    client.force_login(staff)
    response = client.get(reverse("conferences:invitations_draft_pdf", args=[invitation_conference.pk]))
    pages = pdf_text(response.content)
    assert all("DỰ THẢO" in p for p in pages) and not any("Mã xác minh" in p for p in pages)


def test_minutes_are_numbered_and_frozen_when_approved(client, minutes_conference, leader, staff):
    from conferences import session_records as records

    client.force_login(staff)
    draft = client.get(reverse("conferences:minutes_pdf", args=[minutes_conference.pk]))
    assert "DỰ THẢO" in "\n".join(pdf_text(draft.content))
    minutes = records.minutes_approve(conference=minutes_conference, by=leader)
    document = minutes.outgoing_document
    assert document.doc_type == DocType.MINUTES and document.number == 1 and document.symbol == "Số: 01/BB-UBND"
    text = "\n".join(pdf_text(document.read_pdf()))
    assert "Số: 01/BB-UBND" in text and f"Mã xác minh: {document.code}" in text and "DỰ THẢO" not in text
    served = client.get(reverse("conferences:minutes_pdf", args=[minutes_conference.pk]))
    assert served.content == document.read_pdf()


def test_a_notice_draft_carries_the_draft_mark(client, org, leader, staff):
    from petitions import notices
    from petitions.tests.factories import make_conference

    conference = make_conference(org, "held", days=-1, title="Hội nghị tiếp xúc, đối thoại với Nhân dân")
    notice = notices.notice_prepare(conference=conference, by=staff)
    client.force_login(staff)
    pages = pdf_text(client.get(reverse("petitions:notice_preview", args=[notice.pk])).content)
    assert all("DỰ THẢO" in p for p in pages) and not any("Mã xác minh" in p for p in pages)
    assert not OutgoingDocument.objects.exists()
