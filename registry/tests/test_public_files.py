"""What the public verification pages give away, per document type: a plan's file
to anyone with its code; for documents that name citizens (invitations, minutes,
notices) the facts and the upload check only, and for an invitation the one page
its holder has, without the other invitees."""

import re

import pytest
from django.urls import reverse

from conferences import invitations
from conferences import session_records as records
from registry.models import PUBLIC_FILE_TYPES, DocType, OutgoingDocument

from .conftest import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def documents(issued, notice_issued, invitation_conference, minutes_conference, staff, leader, org):
    from reports import services as reports
    from reports.periods import Period

    batch = invitations.invitation_batch_issue(conference=invitation_conference, by=leader)
    minutes = records.minutes_approve(conference=minutes_conference, by=leader)
    report = reports.report_prepare(organization=org, period=Period.year(2026), by=staff)
    reports.report_approve(report=report, by=leader)
    report = reports.report_issue(report=report, by=leader)
    return {
        DocType.REPORT: report.outgoing_document,
        DocType.PLAN: issued,
        DocType.NOTICE: notice_issued.outgoing_document,
        DocType.INVITATION: batch.outgoing_document,
        DocType.MINUTES: minutes.outgoing_document,
    }


def test_every_document_type_is_decided(documents):
    assert set(documents) == set(DocType)


@pytest.mark.parametrize("doc_type", list(DocType))
def test_anonymous_download_per_document_type(client, documents, doc_type):
    document = documents[doc_type]
    assert document.is_frozen
    page = client.get(reverse("verify:detail", args=[document.code])).content.decode()
    assert document.symbol in page  # the facts are public for every type
    download = client.get(reverse("verify:pdf", args=[document.code]))
    if doc_type in PUBLIC_FILE_TYPES:
        assert download.status_code == 200 and download.content == document.read_pdf()
        assert reverse("verify:pdf", args=[document.code]) in page
    else:
        assert download.status_code == 404
        assert reverse("verify:pdf", args=[document.code]) not in page
        assert "không được công bố" in page


@pytest.mark.parametrize("doc_type", [DocType.NOTICE, DocType.INVITATION, DocType.MINUTES])
def test_a_copy_of_a_private_document_can_still_be_checked(client, documents, doc_type):
    document = documents[doc_type]
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("copy.pdf", document.read_pdf(), content_type="application/pdf")
    response = client.post(reverse("verify:detail", args=[document.code]), {"pdf": upload})
    assert "Khớp" in response.content.decode()


def test_each_invitation_verifies_only_itself(client, documents, invitation_conference):
    document = documents[DocType.INVITATION]
    pages = pdf_text(document.read_pdf())
    invitations_pages = [p for p in pages if "Kính gửi" in p]
    assert len(invitations_pages) == 3
    urls = []
    for text in invitations_pages:
        match = re.search(r"/xac-minh/[A-Z0-9-]+/giay-moi/[A-Z2-7]{8}/", text.replace("\n", ""))
        assert match, text
        urls.append(match.group(0))
    assert len(set(urls)) == 3
    names = ["Nguyễn Văn An", "Lê Thị Hoa", "Phạm Văn Cường"]
    for url, name in zip(urls, names):
        body = client.get(url).content.decode()
        assert document.symbol in body
        shortened = {"Nguyễn Văn An": "Nguyễn V. A.", "Lê Thị Hoa": "Lê T. H.", "Phạm Văn Cường": "Phạm V. C."}
        assert shortened[name] in body
        for other in names:
            assert other not in body
        assert not any(shortened[o] in body for o in names if o != name)
    forged = urls[0][:-9] + "AAAAAAAA/"
    assert client.get(forged).status_code == 404
    # A holder's page of another document type does not exist.
    plan_code = documents[DocType.PLAN].code
    assert client.get(urls[0].replace(document.code, plan_code)).status_code == 404
