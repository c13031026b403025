"""The Word file as typed: the same plan typed with Word's own list numbering, bullets, soft
line breaks, runs split in mid-word, non-breaking and double spaces, a two-row header table, or
saved as .doc, imports exactly as the plan typed plainly; broken and oversized files are refused
with a reason before anything is parsed."""

import io
import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from plans.importing import reader
from plans.importing.classify import classify
from plans.importing.reader import ImportFileError, Numbering, read_paragraphs

DOCX = Path(__file__).parent / "data" / "docx"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def q(tag):
    return f"{{{W}}}{tag}"


def original(key="002") -> bytes:
    return (DOCX / f"{key}_office.docx").read_bytes()


def rewrite(data: bytes, transform, numbering: str | None = None) -> bytes:
    """The .docx with its document.xml changed by transform(body) and, if given, a new numbering.xml."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "word/document.xml":
                root = etree.fromstring(content)
                transform(root.find("w:body", NS))
                content = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            elif info.filename == "word/numbering.xml" and numbering is not None:
                content = numbering.encode()
            target.writestr(info, content)
    return out.getvalue()


def summary(data: bytes, name="plan.docx"):
    """Everything the import makes of a file, as plain values to compare."""
    d = classify(read_paragraphs(data, name))
    return {
        "header": (d.header_parent, d.header_issuer, d.number, d.symbol, d.place, d.year, d.issued_on),
        "title": (d.document_name, d.subject),
        "grounds": (d.legal_bases, d.preamble, d.closing),
        "outline": [
            (s.heading, [(p.heading, p.heading_style, p.kind, p.numbered, [(i.text, i.style, i.kind) for i in p.items])
                         for p in s.parts])
            for s in d.sections
        ],
        "records": (
            d.chairs, d.secretaries, [(x.window, x.venue, x.expected_attendance, x.lines) for x in d.sessions],
            [(g.text, g.category, g.style, g.expected_count) for g in d.groups],
            [(a.text, a.style, a.presenter) for a in d.agenda], [(r.code, r.offset_days, r.day_type) for r in d.rules],
        ),
        "footer": ([(r.text, r.note) for r in d.recipients], d.archive_line, d.sign_authority, d.sign_on_behalf_of,
                   d.sign_deputy_authority, d.sign_position, d.signer_name),
        "plain": d.plain_count,
    }


def body_paragraphs(body):
    return [p for p in body.findall("w:p", NS)]


def first_text(p):
    return p.find(".//w:t", NS)


def set_numbering(p, num_id: int, level: int = 0):
    ppr = p.find("w:pPr", NS)
    if ppr is None:
        ppr = etree.SubElement(p, q("pPr"))
        p.insert(0, ppr)
    numpr = etree.SubElement(ppr, q("numPr"))
    etree.SubElement(numpr, q("ilvl")).set(q("val"), str(level))
    etree.SubElement(numpr, q("numId")).set(q("val"), str(num_id))
    ppr.remove(numpr)
    ppr.insert(0, numpr)


def numbering_xml(dash_glyph="-", sub_glyph="o", sections=6) -> str:
    """Word's numbering: I. II. for sections (num 1), 1. 2. restarted in each section (num 10+k),
    bullets for items (num 3: level 0 `dash_glyph`, level 1 `sub_glyph`)."""
    nums = "".join(
        f'<w:num w:numId="{10 + k}"><w:abstractNumId w:val="2"/>'
        f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
        for k in range(sections)
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering xmlns:w="{W}">'
        '<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/>'
        '<w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
        '<w:abstractNum w:abstractNumId="2"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
        '<w:lvlText w:val="%1."/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/>'
        '<w:lvlText w:val="%2)"/></w:lvl></w:abstractNum>'
        f'<w:abstractNum w:abstractNumId="3"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="{dash_glyph}"/></w:lvl>'
        f'<w:lvl w:ilvl="1"><w:numFmt w:val="bullet"/><w:lvlText w:val="{sub_glyph}"/></w:lvl></w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num><w:num w:numId="3"><w:abstractNumId w:val="3"/></w:num>'
        f"{nums}</w:numbering>"
    )


def to_word_lists(body):
    """Take the typed numbers and dashes out of the text and let Word's list numbering print them."""
    section = -1
    for p in body_paragraphs(body):
        t = first_text(p)
        if t is None or not t.text:
            continue
        if re.match(r"^[IVX]+\. ", t.text):
            section += 1
            t.text = re.sub(r"^[IVX]+\. ", "", t.text)
            set_numbering(p, 1)
        elif re.match(r"^\d+\. ", t.text) and section >= 0:
            t.text = re.sub(r"^\d+\. ", "", t.text)
            set_numbering(p, 10 + section)
        elif re.match(r"^- ", t.text) and section >= 0:
            t.text = t.text[2:]
            set_numbering(p, 3)
        elif re.match(r"^\+ ", t.text) and section >= 0:
            t.text = t.text[2:]
            set_numbering(p, 3, level=1)


@pytest.mark.parametrize("key", ["002", "004"])
def test_word_list_numbering_imports_as_typed_numbers(key):
    plain = summary(original(key))
    listed = rewrite(original(key), to_word_lists, numbering_xml())
    # The numbers are no longer in the text…
    assert "1. Mục đích" not in zipfile.ZipFile(io.BytesIO(listed)).read("word/document.xml").decode()
    assert summary(listed) == plain


def test_bullet_glyphs_of_symbol_and_courier_fonts():
    """Word's default bullets (Symbol's  and Courier's o) are the office's "-" and "+"."""
    listed = rewrite(original("004"), to_word_lists, numbering_xml(dash_glyph="\uf0b7", sub_glyph="o"))
    assert summary(listed) == summary(original("004"))


def test_numbering_counts_levels_restarts_and_letters():
    numbering = Numbering(numbering_xml().encode(), None)

    def para(num_id, level=0):
        p = etree.Element(q("p"))
        set_numbering(p, num_id, level)
        return numbering.marker(p)[0]

    assert [para(1), para(1), para(1)] == ["I.", "II.", "III."]
    assert [para(10), para(10), para(10, 1), para(10, 1), para(10)] == ["1.", "2.", "a)", "b)", "3."]
    assert para(11) == "1."  # a restarted list (w:startOverride) counts from its start again
    assert para(3) == "-" and para(3, 1) == "+"


def test_letter_list_items_read_as_lettered_items():
    def lettered(body):
        to_word_lists(body)
        for p in body_paragraphs(body):
            numpr = p.find("w:pPr/w:numPr", NS)
            if numpr is not None and numpr.find("w:numId", NS).get(q("val")) == "3":
                numpr.find("w:numId", NS).set(q("val"), "10")
                numpr.find("w:ilvl", NS).set(q("val"), "1")

    draft = classify(read_paragraphs(rewrite(original("000"), lettered, numbering_xml())))
    first = draft.sections[0].parts[0]
    assert first.heading == "Mục đích" and [i.style for i in first.items] == ["letter_paren", "letter_paren"]


def soft_breaks(body):
    """Shift+Enter in the middle of every long paragraph."""
    for p in body_paragraphs(body):
        t = first_text(p)
        if t is None or not t.text or len(t.text) < 60:
            continue
        cut = t.text.index(" ", len(t.text) // 2)
        run = t.getparent()
        head, tail = t.text[:cut], t.text[cut + 1:]
        t.text = head
        etree.SubElement(run, q("br"))
        etree.SubElement(run, q("t")).text = tail


def split_runs(body):
    """Every run cut into runs of three characters, mid-word, as Word leaves them after edits."""
    for run in list(body.iter(q("r"))):
        t = run.find("w:t", NS)
        if t is None or not t.text or len(t.text) < 4:
            continue
        text, parent, index = t.text, run.getparent(), run.getparent().index(run)
        t.text = text[:3]
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        for k, start in enumerate(range(3, len(text), 3), start=1):
            clone = etree.fromstring(etree.tostring(run))
            clone.find("w:t", NS).text = text[start:start + 3]
            parent.insert(index + k, clone)


def odd_spaces(body):
    """Non-breaking spaces and double spaces scattered through the text."""
    for t in body.iter(q("t")):
        if t.text:
            words = t.text.split(" ")
            t.text = "".join(w + (("\u00a0" if i % 3 == 0 else "  ") if i < len(words) - 1 else "") for i, w in enumerate(words))
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


@pytest.mark.parametrize("transform", [soft_breaks, split_runs, odd_spaces], ids=lambda f: f.__name__)
def test_typing_habits_do_not_change_the_import(transform):
    for key in ("000", "002"):
        assert summary(rewrite(original(key), transform)) == summary(original(key)), key


def two_row_header(body):
    """The header table as two rows: issuer | motto, then number | place and date."""
    table = body.find("w:tbl", NS)
    row = table.find("w:tr", NS)
    left, right = row.findall("w:tc", NS)
    second = etree.fromstring(etree.tostring(row))
    new_left, new_right = second.findall("w:tc", NS)
    for cell, keep_last in ((left, False), (right, False), (new_left, True), (new_right, True)):
        paragraphs = cell.findall("w:p", NS)
        for p in (paragraphs[:-1] if keep_last else paragraphs[-1:]):
            cell.remove(p)
    table.append(second)


def test_two_row_header_table():
    variant = rewrite(original("002"), two_row_header)
    doc = zipfile.ZipFile(io.BytesIO(variant)).read("word/document.xml").decode()
    assert doc.count("<w:tr>") + doc.count("<w:tr ") >= 3
    assert summary(variant) == summary(original("002"))
    assert summary(variant)["header"][1:5] == (["ỦY BAN NHÂN DÂN", "XÃ VĨNH LÂM"], None, "UBND", "Vĩnh Lâm")


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed")
def test_doc_file_is_converted_with_libreoffice():
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "plan.docx"
        source.write_bytes(original("002"))
        subprocess.run(
            ["soffice", f"-env:UserInstallation={(Path(tmp) / 'profile').as_uri()}", "--headless",
             "--convert-to", "doc", "--outdir", tmp, str(source)],
            capture_output=True, timeout=120, check=True,
        )
        doc = (Path(tmp) / "plan.doc").read_bytes()
    assert not doc.startswith(b"PK")  # a real Word 97 file, not a zip
    converted, plain = summary(doc, "ke-hoach-2024.doc"), summary(original("002"))
    assert converted["outline"] == plain["outline"] and converted["footer"] == plain["footer"]
    assert converted["header"] == plain["header"] and converted["records"] == plain["records"]


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed")
def test_odt_file_is_converted_with_libreoffice():
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "plan.docx"
        source.write_bytes(original("004"))
        subprocess.run(
            ["soffice", f"-env:UserInstallation={(Path(tmp) / 'profile').as_uri()}", "--headless",
             "--convert-to", "odt", "--outdir", tmp, str(source)],
            capture_output=True, timeout=120, check=True,
        )
        odt = (Path(tmp) / "plan.odt").read_bytes()
    converted, plain = summary(odt, "ke-hoach-2026.odt"), summary(original("004"))
    assert converted["outline"] == plain["outline"] and converted["footer"] == plain["footer"]
    assert converted["header"] == plain["header"] and converted["records"] == plain["records"]


def test_doc_without_libreoffice_says_so(monkeypatch):
    monkeypatch.setattr(reader.shutil, "which", lambda name: None)
    with pytest.raises(ImportFileError) as error:
        read_paragraphs(b"\xd0\xcf\x11\xe0" + b"\0" * 600, "ke-hoach.doc")
    assert "LibreOffice" in str(error.value) and "libreoffice-writer-nogui" in str(error.value)


def test_not_a_word_file():
    for data, name in ((b"%PDF-1.7 not a plan", "plan.docx"), (b"PK\x03\x04broken", "plan.docx")):
        with pytest.raises(ImportFileError, match="Word"):
            read_paragraphs(data, name)
    with pytest.raises(ImportFileError, match=".docx, .doc"):
        read_paragraphs(original(), "plan.pdf")


def test_zip_bomb_is_refused_before_parsing():
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<w:document>" + b" " * (60 * 1024 * 1024) + b"</w:document>")
    assert len(bomb.getvalue()) < 200_000
    with pytest.raises(ImportFileError, match="giải nén quá lớn"):
        read_paragraphs(bomb.getvalue(), "plan.docx")


def test_file_over_the_size_limit():
    with pytest.raises(ImportFileError, match="10 MB"):
        read_paragraphs(b"PK" + b"\0" * (reader.MAX_UPLOAD_BYTES + 1), "plan.docx")


def test_entity_expansion_is_not_performed():
    evil = (
        '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>'
    )
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr("word/document.xml", evil)
    paragraphs = read_paragraphs(data.getvalue(), "plan.docx")
    assert "aaaaaaaaaa" not in " ".join(p.text for p in paragraphs)
