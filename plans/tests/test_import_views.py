"""The upload on "Kế hoạch mới", the import report with its one-click changes and the issuer
check, the blank plan, and the scoping of every import page to the user's organisations."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from plans import services
from plans.importing import reader
from plans.models import ImportParagraph, Plan, PlanSection
from plans.services import PlanError

pytestmark = pytest.mark.django_db

DOCX = Path(__file__).parent / "data" / "docx"


def upload(client, org, name="002_office.docx", data=None, year=""):
    data = data if data is not None else (DOCX / name).read_bytes()
    return client.post(reverse("plans:new"), {
        "mode": "import", "word-issuer": org.pk, "word-year": year, "word-file": SimpleUploadedFile(name, data),
    })


@pytest.fixture
def vinh_lam(org):
    """The test organisation named as in seed 002's header, so the file's issuer is the user's."""
    org.header_name, org.header_parent = "ỦY BAN NHÂN DÂN\nXÃ VĨNH LÂM", ""
    org.save()
    return org


@pytest.fixture
def imported(client, staff, vinh_lam):
    client.force_login(staff)
    response = upload(client, vinh_lam, "004_office.docx")
    assert response.status_code == 302
    return Plan.objects.get(imported_from="004_office.docx")


def test_new_page_offers_four_choices(client, staff):
    client.force_login(staff)
    body = client.get(reverse("plans:new")).content.decode()
    for form_id in ("from-template", "copy-plan", "import-word", "blank-plan"):
        assert f'id="{form_id}"' in body
    assert 'enctype="multipart/form-data"' in body and "Nhập từ tệp Word" in body and "Kế hoạch trống" in body


def test_upload_creates_a_draft_and_opens_its_report(client, staff, vinh_lam):
    client.force_login(staff)
    response = upload(client, vinh_lam)
    plan = Plan.objects.get(imported_from="002_office.docx")
    assert response["Location"] == reverse("plans:import_report", args=[plan.pk])
    assert plan.issuer == vinh_lam and plan.status == "draft" and plan.year == 2024 and plan.created_by == staff
    assert plan.transitions.get().comment == "Nhập từ tệp “002_office.docx”."
    report = client.get(response["Location"]).content.decode()
    assert "MỤC ĐÍCH, YÊU CẦU" in report and "Lê Đức Dũng" in report and "Nơi nhận" in report
    assert 'id="issuer-warning"' not in report
    assert report.count("<tr id=\"p-") == ImportParagraph.objects.filter(plan=plan).count()
    detail = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert reverse("plans:import_report", args=[plan.pk]) in detail


def test_plain_paragraphs_are_highlighted_and_one_click_makes_one_a_part(client, imported):
    rows = ImportParagraph.objects.filter(plan=imported)
    plain = rows.get(became="text")  # the paragraph under "1. Hình thức tổ chức"
    assert plain.text.startswith("Tổ chức hội nghị tiếp xúc")
    report = client.get(reverse("plans:import_report", args=[imported.pk])).content.decode()
    assert f'<tr id="p-{plain.order}" class="table-warning plain"' in report
    parts_before = PlanSection.objects.get(plan=imported, order=2).parts.count()
    response = client.post(reverse("plans:import_paragraph", args=[imported.pk, plain.order]), {"became": "part"})
    assert response.status_code == 302 and response["Location"].endswith(f"#p-{plain.order}")
    plain.refresh_from_db()
    assert (plain.became, plain.forced) == ("part", "part")
    assert PlanSection.objects.get(plan=imported, order=2).parts.count() == parts_before + 1
    assert not ImportParagraph.objects.filter(plan=imported, became="text").exists()
    # The user's choice survives the next change.
    other = rows.get(text__startswith="Trong quá trình tổ chức thực hiện")
    client.post(reverse("plans:import_paragraph", args=[imported.pk, other.order]), {"became": "text"})
    plain.refresh_from_db()
    assert plain.became == "part"
    assert ImportParagraph.objects.get(pk=other.pk).became == "text"


def test_a_choice_that_is_not_offered_is_refused_with_a_message(client, imported):
    row = ImportParagraph.objects.filter(plan=imported).first()
    response = client.post(reverse("plans:import_paragraph", args=[imported.pk, row.order]), {"became": "header"}, follow=True)
    assert "Hãy chọn đoạn văn này sẽ thành phần nào." in response.content.decode()
    assert ImportParagraph.objects.get(pk=row.pk).forced == ""


def test_issuer_in_the_file_that_differs_is_a_warning_never_a_replacement(client, staff, org):
    client.force_login(staff)
    upload(client, org)  # the file is issued by UBND xã Vĩnh Lâm, the user's organisation is another commune
    plan = Plan.objects.get(imported_from="002_office.docx")
    assert plan.header_issuer == "ỦY BAN NHÂN DÂN\nXÃ VĨNH LÂM" and plan.place == "Vĩnh Lâm"
    record = plan.import_record
    assert record.issuer_differs and record.needs_confirmation
    report = client.get(reverse("plans:import_report", args=[plan.pk])).content.decode()
    assert 'id="issuer-warning"' in report and "ỦY BAN NHÂN DÂN XÃ VĨNH LÂM" in report and org.name in report
    client.post(reverse("plans:import_issuer", args=[plan.pk]), {"header": "own"})
    plan.refresh_from_db()
    assert plan.header_issuer == "\n".join(org.header_lines) and plan.place == org.place_name
    record.refresh_from_db()
    assert not record.needs_confirmation and record.used_own_header and record.issuer_confirmed_by == staff
    assert 'id="issuer-warning"' not in client.get(reverse("plans:import_report", args=[plan.pk])).content.decode()


def test_keeping_the_files_header_is_recorded(client, staff, org):
    client.force_login(staff)
    upload(client, org)
    plan = Plan.objects.get(imported_from="002_office.docx")
    client.post(reverse("plans:import_issuer", args=[plan.pk]), {"header": "file"})
    plan.refresh_from_db()
    assert plan.header_issuer == "ỦY BAN NHÂN DÂN\nXÃ VĨNH LÂM"
    assert not plan.import_record.needs_confirmation and not plan.import_record.used_own_header


@pytest.mark.parametrize("name,data,message", [
    ("ke-hoach.docx", b"not a word file at all", "Tệp không phải văn bản Word (.docx) hoặc đã bị hỏng."),
    ("ke-hoach.pdf", b"%PDF-1.7", "Hãy tải lên tệp Word: .docx, .doc hoặc .odt."),
    ("ke-hoach.docx", b"", "The submitted file is empty."),
])
def test_a_file_that_cannot_be_read_is_an_error_next_to_the_field(client, staff, org, name, data, message):
    client.force_login(staff)
    response = upload(client, org, name, data, year="2023")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="id_word-file-error"' in body
    if message.isascii():
        assert "Tệp" in body or "tệp" in body  # Django's own message, in Vietnamese
    else:
        assert message in body
    assert 'name="word-year" value="2023"' in body  # what the user typed is kept
    assert not Plan.objects.exists()


def test_doc_without_libreoffice_is_an_error_next_to_the_field(client, staff, org, monkeypatch):
    monkeypatch.setattr(reader.shutil, "which", lambda name: None)
    client.force_login(staff)
    response = upload(client, org, "ke-hoach.doc", b"\xd0\xcf\x11\xe0" + b"\0" * 600)
    body = response.content.decode()
    assert response.status_code == 200 and 'id="id_word-file-error"' in body
    assert "máy chủ chưa cài LibreOffice (gói libreoffice-writer-nogui)" in body
    assert not Plan.objects.exists()


def test_a_zip_bomb_is_an_error_next_to_the_field(client, staff, org):
    import io
    import zipfile

    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"<w:document>" + b" " * (50 * 1024 * 1024) + b"</w:document>")
    client.force_login(staff)
    response = upload(client, org, "bom.docx", bomb.getvalue())
    assert response.status_code == 200 and "Tệp khi giải nén quá lớn nên không được đọc." in response.content.decode()


def test_supervisor_reads_the_report_but_changes_nothing(client, imported, supervisor):
    client.force_login(supervisor)
    response = client.get(reverse("plans:import_report", args=[imported.pk]))
    assert response.status_code == 200 and reverse("plans:import_paragraph", args=[imported.pk, 0]) not in response.content.decode()
    assert client.post(reverse("plans:import_paragraph", args=[imported.pk, 0]), {"became": "part"}).status_code == 404
    assert client.post(reverse("plans:import_issuer", args=[imported.pk]), {"header": "own"}).status_code == 404


@pytest.mark.parametrize("who", ["outsider", "outsider_leader", "agency_user"])
def test_other_organisations_get_404_on_every_import_page(client, imported, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("plans:import_report", args=[imported.pk])).status_code == 404
    assert client.post(reverse("plans:import_paragraph", args=[imported.pk, 0]), {"became": "part"}).status_code == 404
    assert client.post(reverse("plans:import_issuer", args=[imported.pk]), {"header": "own"}).status_code == 404
    assert ImportParagraph.objects.get(plan=imported, order=0).forced == ""


def test_outsider_cannot_import_into_another_organisation(client, outsider, org):
    client.force_login(outsider)
    response = upload(client, org)
    assert response.status_code == 200 and not Plan.objects.exists()


def test_report_of_a_plan_that_was_not_imported_is_404(client, staff, org):
    plan = services.plan_create_blank(issuer=org, year=2026, by=staff)
    client.force_login(staff)
    assert client.get(reverse("plans:import_report", args=[plan.pk])).status_code == 404


def test_blank_plan_from_the_new_page(client, staff, org):
    client.force_login(staff)
    response = client.post(reverse("plans:new"), {"mode": "blank", "blank-issuer": org.pk, "blank-year": 2026})
    plan = Plan.objects.get()
    assert response["Location"] == reverse("plans:edit", args=[plan.pk])
    assert (plan.issuer, plan.year, plan.status) == (org, 2026, "draft")
    response = client.post(reverse("plans:new"), {"mode": "blank", "blank-issuer": org.pk, "blank-year": 1999})
    assert response.status_code == 200 and 'id="id_blank-year-error"' in response.content.decode()


def test_plan_create_blank_fills_header_and_signature_from_the_issuer(org, staff, leader, outsider):
    leader.memberships.update(position="Chủ tịch")
    plan = services.plan_create_blank(issuer=org, year=2026, by=staff)
    assert plan.header_parent == org.header_parent and plan.header_issuer == "\n".join(org.header_lines)
    assert (plan.symbol, plan.place, plan.sign_authority, plan.sign_on_behalf_of) == ("UBND", org.place_name, "TM", "ỦY BAN NHÂN DÂN")
    assert (plan.signer, plan.signer_name, plan.sign_position) == (leader, leader.get_full_name(), "CHỦ TỊCH")
    assert not plan.sections.exists() and not plan.legal_bases.exists() and not plan.recipients.exists()
    assert plan.signature_lines() == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
    with pytest.raises(PlanError):
        services.plan_create_blank(issuer=org, year=2026, by=outsider)
    with pytest.raises(PlanError):
        services.plan_create_blank(issuer=org, year=1990, by=staff)


def numbered_002() -> bytes:
    """Seed 002 as issued: "Số: 12/KH-UBND" and "Vĩnh Lâm, ngày 05 tháng 3 năm 2024"."""
    from plans.tests.test_import_reader import rewrite

    def number(body):
        for t in body.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"):
            if t.text and t.text.startswith("Số:"):
                t.text = "Số: 12/KH-UBND"
            elif t.text and t.text.startswith("Vĩnh Lâm, ngày"):
                t.text = "Vĩnh Lâm, ngày 05 tháng 3 năm 2024"

    return rewrite((DOCX / "002_office.docx").read_bytes(), number)


def test_a_real_number_and_date_are_kept_once(client, staff, vinh_lam):
    import datetime as dt

    client.force_login(staff)
    upload(client, vinh_lam, "ke-hoach-12.docx", numbered_002())
    first = Plan.objects.get()
    assert (first.number, first.issued_on, first.symbol, first.year) == (12, dt.date(2024, 3, 5), "UBND", 2024)
    assert first.symbol_display == "Số: 12/KH-UBND"
    upload(client, vinh_lam, "ke-hoach-12-ban-sao.docx", numbered_002())
    second = Plan.objects.exclude(pk=first.pk).get()
    assert second.number is None and "Số 12 năm 2024 đã được dùng" in second.import_record.notes
    report = client.get(reverse("plans:import_report", args=[second.pk])).content.decode()
    assert "Số 12 năm 2024 đã được dùng" in report


def test_damaged_files_are_refused_with_a_reason_never_a_500(client, staff, vinh_lam):
    from plans.tests.test_import_reader import numbering_xml, rewrite, to_word_lists

    data = (DOCX / "002_office.docx").read_bytes()
    weird = numbering_xml().replace('w:ilvl="1"', 'w:ilvl="x"').replace('<w:start w:val="1"/>', '<w:start w:val="abc"/>')
    variants = [data[: len(data) // k] for k in (2, 3, 5, 10)] + [
        rewrite(data, to_word_lists, weird),
        rewrite(data, to_word_lists, "<w:numbering"),  # not even XML
        rewrite(data, lambda body: body.clear()),  # no text at all
    ]
    client.force_login(staff)
    for index, variant in enumerate(variants):
        response = upload(client, vinh_lam, f"hong-{index}.docx", variant)
        assert response.status_code in (200, 302), index
        if response.status_code == 200:
            assert 'id="id_word-file-error"' in response.content.decode(), index
