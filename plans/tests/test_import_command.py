"""`manage.py import_plans`: a folder of last years' plans in one run, one tab-separated line per file."""

import io
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from plans.models import ImportParagraph, Plan

pytestmark = pytest.mark.django_db

DOCX = Path(__file__).parent / "data" / "docx"


def test_imports_a_folder_and_reports_each_file(org, tmp_path):
    archive = tmp_path / "2024"
    archive.mkdir()
    shutil.copy(DOCX / "002_office.docx", archive / "ke-hoach-2024.docx")
    (archive / "hong.docx").write_bytes(b"this is not a Word file")
    (archive / "ghi-chu.txt").write_text("not a plan")  # not a Word file: not imported
    (archive / "~$ke-hoach-2024.docx").write_bytes(b"owner")  # Word's lock file
    single = tmp_path / "ke-hoach-2023.docx"
    shutil.copy(DOCX / "000_office.docx", single)
    out, err = io.StringIO(), io.StringIO()
    call_command("import_plans", "--organization", org.code, str(archive), str(single), str(tmp_path / "missing.docx"),
                 stdout=out, stderr=err)
    lines = [line.split("\t") for line in out.getvalue().splitlines()]
    assert [Path(line[0]).name for line in lines] == ["hong.docx", "ke-hoach-2024.docx", "ke-hoach-2023.docx", "missing.docx"]
    broken, plan_2024, plan_2023, missing = lines
    assert broken[1] == "error" and broken[2] == "Tệp không phải văn bản Word (.docx) hoặc đã bị hỏng."
    assert missing[1:] == ["error", "Không tìm thấy tệp."]
    for line in (plan_2024, plan_2023):
        plan = Plan.objects.get(pk=int(line[1]))
        assert plan.issuer == org and plan.status == "draft" and plan.created_by is None
        assert int(line[2]) == ImportParagraph.objects.filter(plan=plan, became="text").count()
    assert Plan.objects.get(pk=int(plan_2024[1])).imported_from == "ke-hoach-2024.docx"
    assert int(plan_2023[2]) == 3  # seed 000: three paragraphs of running text under office parts
    assert "2 file(s) could not be imported." in err.getvalue()


def test_unknown_organisation(tmp_path):
    with pytest.raises(CommandError, match="khong-co"):
        call_command("import_plans", "--organization", "khong-co", str(tmp_path))
