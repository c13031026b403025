"""The seal and signature images in the signature block: printed on issued
documents only, the signature only over its owner's name, and only PNGs with
a transparent background are accepted."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfReader

from dialogue.documents import DATA_PNG_PREFIX, signature_marks
from dialogue.forms import SignatureAssetsForm
from dialogue.models import SignatureAssets
from plans.models import Status
from plans.pdf import render_plan_pdf
from petitions.tests.notice_fixtures import concluded, held, notice  # noqa: F401 (fixtures)
from plans.tests.factories import complete_plan


def image_count(pdf: bytes) -> int:
    """Distinct image XObjects the PDF's pages use (pages may share one resource dictionary)."""
    images = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        xobjects = page.get("/Resources", {}).get("/XObject", {})
        images |= {ref.idnum for ref in xobjects.values() if ref.get_object().get("/Subtype") == "/Image"}
    return len(images)


def png(mode="RGBA", fmt="PNG", size=(40, 20)) -> SimpleUploadedFile:
    out = io.BytesIO()
    colour = {"RGBA": (10, 20, 200, 0), "LA": (10, 0), "RGB": (10, 20, 200)}[mode]
    Image.new(mode, size, colour).save(out, fmt)
    return SimpleUploadedFile(f"image.{fmt.lower()}", out.getvalue(), content_type=f"image/{fmt.lower()}")


def test_issued_plan_prints_the_seal_and_the_signature(org, signature_assets):
    plan = complete_plan(issuer=org, status=Status.ISSUED, number=3, signer_name="Nguyễn Văn An")
    assert image_count(render_plan_pdf(plan)) == 2


def test_draft_plan_never_prints_them(org, signature_assets):
    plan = complete_plan(issuer=org, status=Status.DRAFT, signer_name="Nguyễn Văn An")
    assert image_count(render_plan_pdf(plan)) == 0


def test_another_signer_gets_the_seal_but_not_the_signature(org, signature_assets):
    plan = complete_plan(issuer=org, status=Status.ISSUED, number=4, signer_name="Trần Thị Phó")
    marks = signature_marks(org, signer_name="Trần Thị Phó", issued=True)
    assert marks.seal.startswith(DATA_PNG_PREFIX) and marks.signature == ""
    assert image_count(render_plan_pdf(plan)) == 1


def test_the_name_matches_regardless_of_case_spacing_and_unicode_form(org, signature_assets):
    import unicodedata

    decomposed = unicodedata.normalize("NFD", "nguyễn  văn AN ")
    assert signature_marks(org, signer_name=decomposed, issued=True).signature


def test_without_images_nothing_prints(org):
    plan = complete_plan(issuer=org, status=Status.ISSUED, number=5)
    assert signature_marks(org, signer_name="Nguyễn Văn An", issued=True) is None
    assert image_count(render_plan_pdf(plan)) == 0


def test_the_signer_name_and_position_always_print(org, signature_assets):
    plan = complete_plan(issuer=org, status=Status.ISSUED, number=6, signer_name="Nguyễn Văn An")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(render_plan_pdf(plan))).pages)
    assert "Nguyễn Văn An" in text and "CHỦ TỊCH" in text


def test_issued_invitations_carry_them(org, staff, signature_assets, leader):
    from conferences import invitations
    from conferences.invitation_documents import build_invitation, render_invitations_pdf
    from conferences.models import ConferencePerson, ConferenceStatus, Invitee
    from conferences.tests.factories import conference_in_state

    conference = conference_in_state(org, ConferenceStatus.ANNOUNCED, by=staff, days=20, title="Hội nghị đối thoại")
    ConferencePerson.objects.create(conference=conference, role="chair", name="Nguyễn Văn An", position="Chủ tịch UBND xã")
    Invitee.objects.create(conference=conference, order=1, full_name="Lê Thị Hoa")
    assert build_invitation(conference).marks is None  # the draft
    batch = invitations.invitation_batch_issue(conference=conference, by=leader, number=7)
    assert build_invitation(conference, batch).marks.signature
    assert image_count(render_invitations_pdf(conference, batch.invitees.all(), batch=batch)) == 2


def test_issued_conclusion_notices_carry_the_seal(org, leader, signature_assets, notice):
    from petitions.notice_documents import build_notice_document, render_notice_pdf
    from petitions.tests.notice_fixtures import issue

    assert build_notice_document(notice).marks is None
    issued = issue(notice, leader)
    marks = build_notice_document(issued).marks
    assert marks.seal and marks.signature == ""  # signed by Nguyễn Văn Lãnh, not the image's owner
    assert image_count(render_notice_pdf(issued)) == 1


# -- the images themselves --------------------------------------------------------------------


def test_a_transparent_png_is_accepted(org):
    form = SignatureAssetsForm(
        data={"signature_of": "Nguyễn Văn An"},
        files={"seal_image": png(), "signature_image": png("LA")},
        instance=SignatureAssets(organization=org),
    )
    assert form.is_valid(), form.errors


@pytest.mark.parametrize(
    "upload, message",
    [
        (lambda: png("RGB"), "không có nền trong suốt"),
        (lambda: png("RGB", "JPEG"), "không phải ảnh PNG"),
        (lambda: SimpleUploadedFile("seal.png", b"not an image"), "không phải ảnh PNG"),
    ],
)
def test_other_files_are_refused_in_vietnamese(org, upload, message):
    form = SignatureAssetsForm(data={}, files={"seal_image": upload()}, instance=SignatureAssets(organization=org))
    assert not form.is_valid()
    assert message in " ".join(form.errors["seal_image"])


def test_a_signature_image_needs_its_owner(org):
    form = SignatureAssetsForm(data={}, files={"signature_image": png()}, instance=SignatureAssets(organization=org))
    assert not form.is_valid() and "signature_of" in form.errors


def test_oversized_image_is_refused(org):
    big = SimpleUploadedFile("seal.png", b"\x89PNG" + b"\0" * (2 * 1024 * 1024 + 1))
    with pytest.raises(ValidationError):
        SignatureAssets._meta.get_field("seal_image").run_validators(big)
