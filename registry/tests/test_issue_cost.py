"""Issuing costs what rendering and signing cost: the Word copy is made by the
worker after the issue commits, the signing key is decoded once per process,
and web and worker processes load fonts and keys when they start."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from docx import Document

from dialogue import signing
from registry import issuing
from registry.models import OutgoingDocument

from .conftest import issue_plan

pytestmark = pytest.mark.django_db


def docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)


def test_the_issue_stores_the_signed_pdf_and_leaves_the_word_copy_to_the_worker(
    plan, leader, signing_certificate, django_capture_on_commit_callbacks, monkeypatch
):
    queued = []
    monkeypatch.setattr("registry.tasks.store_word_copy.delay", queued.append)
    with django_capture_on_commit_callbacks(execute=True):
        document = issue_plan(plan, leader).outgoing_document
    document.refresh_from_db()
    assert document.is_frozen and not document.docx
    assert queued == [document.pk]
    check = signing.check_pdf(document.read_pdf())
    assert check.genuine and document.signature_signed and document.signature_intact


def test_until_the_worker_stores_it_the_download_renders_the_same_word_copy(
    client, plan, leader, staff, eager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):  # the worker has not run yet
        document = issue_plan(plan, leader).outgoing_document
    client.force_login(staff)
    before = client.get(reverse("plans:docx", args=[plan.pk])).content
    assert issuing.store_word_copy(document_id=document.pk) is True
    document.refresh_from_db()
    assert document.read_docx() == before
    assert issuing.store_word_copy(document_id=document.pk) is False  # made once
    assert "KẾ HOẠCH" in docx_text(before)


def test_the_sweep_makes_the_word_copies_a_lost_task_left_over(plan, leader, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):  # the broker never got the task
        document = issue_plan(plan, leader).outgoing_document
    assert issuing.store_missing_word_copies(older_than=dt.timedelta(minutes=5)) == 0  # too young
    assert issuing.store_missing_word_copies(older_than=dt.timedelta(0)) == 1
    document.refresh_from_db()
    assert document.docx and docx_text(document.read_docx())
    assert issuing.store_missing_word_copies(older_than=dt.timedelta(0)) == 0


def test_a_notice_has_no_word_copy(notice_issued):
    document = OutgoingDocument.objects.get(notice=notice_issued)
    assert issuing.store_word_copy(document_id=document.pk) is False
    document.refresh_from_db()
    assert not document.docx


def test_the_signing_key_is_decoded_once_per_process(plan, monkeypatch, org, signing_certificate):
    from cryptography.hazmat.primitives import serialization

    from plans.pdf import render_plan_pdf

    pdf = render_plan_pdf(plan)
    decoded = []
    real = serialization.load_der_private_key

    def counting(*args, **kwargs):
        decoded.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(serialization, "load_der_private_key", counting)
    signing._loaded_signer.cache_clear()
    signing.sign_pdf(pdf, organization=org)
    after_first = len(decoded)
    for _ in range(3):
        signed = signing.sign_pdf(pdf, organization=org)
    assert after_first == 1 and len(decoded) == 1
    check = signing.check_pdf(signed)
    assert check.signed and check.intact and check.genuine


def test_the_warm_up_loads_the_signing_keys_and_fonts(org, signing_certificate, settings, monkeypatch):
    from dialogue import documents, warmup

    settings.WARM_UP = True
    signing._loaded_signer.cache_clear()
    assert warmup.warm_up() > 0
    assert signing._loaded_signer.cache_info().currsize >= 1
    assert documents._weasyprint.cache_info().currsize == 1

    settings.WARM_UP = False
    signing._loaded_signer.cache_clear()
    assert warmup.warm_up() == 0
    assert signing._loaded_signer.cache_info().currsize == 0


def test_a_failing_step_does_not_stop_the_process(settings, monkeypatch, caplog):
    from dialogue import warmup

    settings.WARM_UP = True

    def broken():
        raise OSError("fonts gone")

    monkeypatch.setattr(warmup, "_documents", broken)
    assert warmup.warm_up() >= 0
    assert "documents" in caplog.text


def test_gunicorn_and_the_worker_warm_up_at_start(monkeypatch, settings):
    import runpy

    from dialogue import celery as dialogue_celery
    from dialogue import warmup

    calls = []
    monkeypatch.setattr(warmup, "warm_up", lambda: calls.append(1) or 0.0)
    config = runpy.run_path(str(settings.BASE_DIR / "gunicorn_conf.py"))
    config["post_worker_init"](worker=None)
    dialogue_celery._warm_up_pool_process()
    assert len(calls) == 2
