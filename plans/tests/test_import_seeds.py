"""The three seed plans, typed as offices type them in Word (plans/tests/data/docx), import into
drafts that print back as the seed texts, with their header, number, date, recipients and
signature in their own fields and every heading, item and recipient recognised as such."""

import difflib
import re
from pathlib import Path

import pytest

from plans import services
from plans.importing.build import plan_import
from plans.importing.reader import read_paragraphs
from plans.importing.classify import Became
from plans.models import ImportParagraph
from plans.pdf import render_plan_pdf
from plans.tests.test_pdf import body_words, pdf_text, seed_text

DOCX = Path(__file__).parent / "data" / "docx"
ISSUERS = {"000": "hdnd-kon-plong", "002": "ubnd-vinh-lam", "004": "du-nam-dan"}


def import_seed(key):
    from dialogue.demo import load_organizations

    orgs = load_organizations()
    path = DOCX / f"{key}_office.docx"
    return plan_import(data=path.read_bytes(), file_name=path.name, issuer=orgs[ISSUERS[key]], by=None)


def fidelity(pdf: bytes, key: str) -> float:
    seed, printed = body_words(seed_text(key)), body_words(pdf_text(pdf))
    return difflib.SequenceMatcher(None, seed, printed, autojunk=False).ratio()


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["000", "002", "004"])
def test_imported_plan_prints_back_as_the_seed(key):
    plan = import_seed(key)
    ratio = fidelity(render_plan_pdf(plan), key)
    print(f"seed {key}: fidelity {ratio:.4f}")
    assert ratio >= 0.98, f"seed {key}: {ratio:.3f}"


EXPECTED = {
    # key: (header_parent, header_issuer, symbol, place, year, signature lines, signer, archive, recipients, first recipient)
    "000": ("", "HỘI ĐỒNG NHÂN DÂN\nHUYỆN KON PLÔNG", "HĐND", "Kon Plông", 2024,
            ["TM. THƯỜNG TRỰC HĐND", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], "Đặng Bá Lâm", "Lưu: VT", 13, ("Thường trực HĐND tỉnh", "")),
    "002": ("", "ỦY BAN NHÂN DÂN\nXÃ VĨNH LÂM", "UBND", "Vĩnh Lâm", 2024,
            ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], "Lê Đức Dũng", "Lưu: VP", 6, ("TT. HĐND huyện", "")),
    "004": ("ĐẢNG BỘ TỈNH NGHỆ AN", "ĐẢNG ỦY XÃ NAM ĐÀN", "ĐU", "Nam Đàn", 2026,
            ["T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ THƯỜNG TRỰC"], "Lê Văn Sỹ", "Lưu Văn phòng Đảng ủy", 6,
            ("Ban Tuyên giáo và Dân vận Tỉnh ủy", "b/c")),
}


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["000", "002", "004"])
def test_header_number_date_recipients_and_signature_in_their_own_fields(key):
    plan = import_seed(key)
    parent, issuer, symbol, place, year, signature, signer, archive, count, first = EXPECTED[key]
    assert (plan.header_parent, plan.header_issuer, plan.symbol, plan.place, plan.year) == (parent, issuer, symbol, place, year)
    assert plan.number is None and plan.issued_on is None  # the seeds are unnumbered drafts
    assert plan.signature_lines() == signature and plan.signer_name == signer and plan.archive_line == archive
    recipients = list(plan.recipients.all())
    assert len(recipients) == count and (recipients[0].text, recipients[0].note) == first
    assert plan.imported_from == f"{key}_office.docx" and plan.status == "draft"
    assert not plan.import_record.issuer_differs


HEADING_OR_ITEM = re.compile(r"^([IVX]+\.|\d+[.)]|[-–+*•]|[a-zđ][.)]|Nơi nhận)")


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["000", "002", "004"])
def test_every_paragraph_is_kept_and_none_a_person_calls_a_heading_stays_plain(key):
    plan = import_seed(key)
    rows = list(ImportParagraph.objects.filter(plan=plan))
    path = DOCX / f"{key}_office.docx"
    assert len(rows) == len(read_paragraphs(path.read_bytes(), path.name))
    plain = [row.text for row in rows if row.became == Became.TEXT]
    for text in plain:
        # What stays plain is a paragraph of running text under a part: never a heading, item or recipient.
        assert not HEADING_OR_ITEM.match(text) and len(text.split()) > 12, text
    # Every word of the file is in the plan: each paragraph's text is found in what the plan prints.
    printed = " ".join(words_of(plan))
    for row in rows:
        if row.became in (Became.LAYOUT, Became.HEADER):
            continue
        for word in re.sub(r"^([IVX]+\.|\d+\.|[-+*])\s*", "", row.text).split()[:6]:
            assert word.strip(".,;:()") in printed, (row.text, word)


def words_of(plan):
    from plans.documents import build_document

    doc = build_document(plan)
    yield from [doc.name, *doc.subject, *doc.legal_bases, *doc.preamble, *doc.closing, *doc.recipients,
                *doc.signature_lines, doc.signer_name]
    for section in doc.sections:
        yield section.heading
        for part in section.parts:
            yield part.heading_text
            yield from (line.full_text for line in part.lines)


@pytest.mark.django_db
def test_structured_records_of_the_seeds():
    p000, p002, p004 = import_seed("000"), import_seed("002"), import_seed("004")
    assert [s.window for s in p000.sessions.all()] == ["6 tháng đầu năm 2024", "6 tháng cuối năm 2024"]
    assert [s.venue for s in p000.sessions.all()] == ["Hội trường UBND xã Ngọc Tem", "Hội trường trung tâm huyện"]
    assert [(s.window, s.venue, s.expected_attendance) for s in p002.sessions.all()] == [("Cuối quý III", "Hội trường UBND xã", 150)]
    assert [s.window for s in p004.sessions.all()] == ["Trước tháng 6/2026", "Tháng 10/2026"]
    assert [p.role for p in p000.people.all()] == ["chair", "secretary", "secretary"]
    assert [p.description for p in p002.people.all()] == ["Chủ tịch UBND xã"]
    assert p000.attendee_groups.count() == 9 and p000.attendee_groups.filter(expected_count=50).count() == 1
    assert p000.agenda.count() == 8 and p004.agenda.count() == 7
    rules = {(r.anchor, r.offset_days, r.day_type) for r in p000.deadline_rules.all()}
    assert rules == {("conference", -10, "calendar"), ("notice", 20, "working"), ("conference", 10, "working")}
    assert {(r.anchor, r.offset_days) for r in p002.deadline_rules.all()} >= {("conference", -7)}
    assert {(r.anchor, r.offset_days) for r in p004.deadline_rules.all()} == {("conference", 5), ("notice", 5)}
    # The printed text names each rule through its token, so text and rule cannot disagree.
    assert not services.missing_tokens(p000) and not services.missing_tokens(p004)
    assert all(f"[[{r.code}]]" in " ".join(services.plan_texts(p000)) for r in p000.deadline_rules.all())
