"""What each typed line of a plan becomes: headings, items, grounds, sessions, chairs, groups,
agenda steps, deadline rules, recipients and the signature block (no database, no file)."""

import datetime as dt

import pytest

from deadlines.rules import Anchor, DayType
from dialogue.letterhead import Authority
from plans.importing.classify import Became, classify, header_split, split_grounds
from plans.importing.reader import Para
from plans.models import GroupCategory, HeadingStyle, ItemKind, PartKind, RecipientNote, Style


def paras(*lines, zone="body"):
    out = []
    for order, line in enumerate(lines):
        if isinstance(line, Para):
            line.order = order
            out.append(line)
        else:
            out.append(Para(text=line, zone=zone, order=order))
    return out


def cell(text, table=0, row=0, col=0, **kw):
    return Para(text=text, zone="table", table=table, row=row, cell=col, **kw)


HEAD = [
    cell("ỦY BAN NHÂN DÂN"), cell("XÃ VĨNH LÂM"), cell("Số: 12/KH-UBND"),
    cell("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", col=1), cell("Độc lập - Tự do - Hạnh phúc", col=1),
    cell("Vĩnh Lâm, ngày 05 tháng 3 năm 2024", col=1),
    Para("KẾ HOẠCH", bold=True, centered=True), Para("Tổ chức hội nghị đối thoại năm 2024", bold=True, centered=True),
]


def plan_of(*body, head=HEAD):
    return classify(paras(*[Para(p.text, p.zone, p.table, p.row, p.cell, p.bold, p.centered) for p in head], *body))


def section_items(draft, s=0, p=0):
    return [(i.text, i.style, i.kind) for i in draft.sections[s].parts[p].items]


def test_header_fields_from_the_table():
    draft = plan_of("I. MỤC ĐÍCH")
    assert draft.header_issuer == ["ỦY BAN NHÂN DÂN", "XÃ VĨNH LÂM"] and draft.header_parent == []
    assert (draft.number, draft.symbol, draft.place, draft.issued_on, draft.year) == (12, "UBND", "Vĩnh Lâm", dt.date(2024, 3, 5), 2024)
    assert draft.document_name == "KẾ HOẠCH" and draft.subject == ["Tổ chức hội nghị đối thoại năm 2024"]


def test_party_number_parent_line_and_blank_date():
    head = [
        cell("ĐẢNG BỘ TỈNH NGHỆ AN"), cell("ĐẢNG ỦY XÃ NAM ĐÀN"), cell("*"), cell("Số 07-KH/ĐU"),
        cell("ĐẢNG CỘNG SẢN VIỆT NAM", col=1), cell("Nam Đàn, ngày tháng năm 2026", col=1),
        Para("KẾ HOẠCH", bold=True), Para("tổ chức hội nghị", bold=True),
    ]
    draft = plan_of("I. MỤC ĐÍCH", head=head)
    assert draft.header_parent == ["ĐẢNG BỘ TỈNH NGHỆ AN"] and draft.header_issuer == ["ĐẢNG ỦY XÃ NAM ĐÀN"]
    assert (draft.number, draft.symbol, draft.issued_on, draft.year) == (7, "ĐU", None, 2026)


def test_header_split_keeps_a_two_line_issuer_and_finds_a_parent():
    assert header_split(["UBND HUYỆN KON PLÔNG", "ỦY BAN NHÂN DÂN", "XÃ ĐẮK LONG"]) == (
        ["UBND HUYỆN KON PLÔNG"], ["ỦY BAN NHÂN DÂN", "XÃ ĐẮK LONG"])
    assert header_split(["HỘI ĐỒNG NHÂN DÂN", "HUYỆN KON PLÔNG"]) == ([], ["HỘI ĐỒNG NHÂN DÂN", "HUYỆN KON PLÔNG"])


def test_grounds_typed_in_one_paragraph_with_the_opening_sentence():
    grounds, preamble = split_grounds(
        "Căn cứ Điều 125 Luật tổ chức chính quyền địa phương; Thực hiện nhiệm vụ năm “Dân vận chính quyền”; "
        "Ủy ban nhân dân xây dựng kế hoạch tổ chức hội nghị."
    )
    assert grounds == ["Căn cứ Điều 125 Luật tổ chức chính quyền địa phương;", "Thực hiện nhiệm vụ năm “Dân vận chính quyền”;"]
    assert preamble == ["Ủy ban nhân dân xây dựng kế hoạch tổ chức hội nghị."]
    grounds, _ = split_grounds("Thực hiện Quy chế (Quyết định số 1408-QĐ/TU). Căn cứ Quyết định số 1239-QĐ/HU.")
    assert grounds == ["Thực hiện Quy chế (Quyết định số 1408-QĐ/TU).", "Căn cứ Quyết định số 1239-QĐ/HU."]


def test_sections_parts_and_every_kind_of_item():
    draft = plan_of(
        "I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích", "- Nắm bắt tâm tư;", "+ của nhân dân;", "* Cấp xã: đại diện;",
        "a) Điểm thứ nhất;", "b. Điểm thứ hai.", "Đoạn văn giải thích thêm.", "2. Yêu cầu", "- Thiết thực; - Hiệu quả.",
    )
    assert draft.sections[0].heading == "MỤC ĐÍCH, YÊU CẦU"
    assert [p.heading for p in draft.sections[0].parts] == ["Mục đích", "Yêu cầu"]
    assert draft.sections[0].parts[0].kind == PartKind.PURPOSES
    assert section_items(draft) == [
        ("Nắm bắt tâm tư;", Style.DASH, "text"), ("của nhân dân;", Style.PLUS, "text"), ("Cấp xã: đại diện;", Style.STAR, "text"),
        ("Điểm thứ nhất;", Style.LETTER_PAREN, "text"), ("Điểm thứ hai.", Style.LETTER_DOT, "text"),
        ("Đoạn văn giải thích thêm.", Style.PARAGRAPH, "text"),
    ]
    # "- a; - b" typed in one paragraph is two items.
    assert [i.text for i in draft.sections[0].parts[1].items] == ["Thiết thực;", "Hiệu quả."]
    became = {r.became for r in draft.report.values()}
    assert {Became.SECTION, Became.PART, Became.ITEM, Became.TEXT} <= became
    assert draft.plain_count == 1


def test_long_numbered_sentences_are_numbered_items_and_office_lines_run_in():
    draft = plan_of(
        "I. MỤC ĐÍCH, YÊU CẦU:",
        "1. Nâng cao hiệu quả công tác tuyên truyền, phổ biến các chủ trương, đường lối của Đảng cho nhân dân.",
        "2. Nhằm nắm bắt tâm tư, nguyện vọng, ý kiến phản ánh, kiến nghị của nhân dân, kịp thời phát hiện vướng mắc.",
        "III. TỔ CHỨC THỰC HIỆN",
        "1. Văn phòng Ủy ban nhân dân xã:",
        "2. Công chức Văn hóa: Thông báo rộng rãi trên loa truyền thanh.",
        "3. Ủy ban nhân dân huyện chỉ đạo các cơ quan chuyên môn tham dự hội nghị tiếp xúc, đối thoại.",
    )
    first = draft.sections[0].parts
    assert len(first) == 1 and not first[0].numbered and [i.style for i in first[0].items] == [Style.NUMBERED] * 2
    office = draft.sections[1].parts
    assert [(p.heading, p.heading_style, p.kind) for p in office] == [
        ("Văn phòng Ủy ban nhân dân xã", HeadingStyle.COLON, PartKind.RESPONSIBILITY),
        ("Công chức Văn hóa", HeadingStyle.COLON, PartKind.RESPONSIBILITY),
        ("Ủy ban nhân dân huyện", HeadingStyle.RUN_IN, PartKind.RESPONSIBILITY),
    ]
    assert office[2].items[0].text.startswith("chỉ đạo các cơ quan") and office[2].items[0].style == Style.INLINE


def test_chairs_and_secretaries_become_people_printed_at_their_place():
    draft = plan_of(
        "II. NỘI DUNG", "1. Chủ trì đối thoại: Chủ tịch UBND xã.", "2. Hình thức tổ chức",
        "- Thư ký hội nghị: Đồng chí Phó Văn phòng phụ trách nội chính và đồng chí Phó Chánh Văn phòng HĐND.",
    )
    assert draft.chairs == ["Chủ tịch UBND xã"]
    assert draft.secretaries == ["Đồng chí Phó Văn phòng phụ trách nội chính", "đồng chí Phó Chánh Văn phòng HĐND"]
    chair_part, form = draft.sections[0].parts
    assert (chair_part.items[0].kind, chair_part.items[0].style, chair_part.items[0].text) == (ItemKind.CHAIRS, Style.INLINE, "")
    assert (form.items[0].kind, form.items[0].text) == (ItemKind.SECRETARIES, "Thư ký hội nghị")
    assert {r.became for r in draft.report.values()} >= {Became.CHAIR, Became.SECRETARY}


def test_sessions_from_time_and_place_lines():
    draft = plan_of(
        "II. TỔ CHỨC", "1. Thời gian, địa điểm, số lượng đại biểu tham dự:",
        "- Dự kiến vào cuối quý III.", "- Địa điểm: Hội trường UBND xã", "- Số lượng: khoảng 150 người",
        "2. Thời gian và địa điểm",
        "- Dự kiến trong 6 tháng đầu năm 2024, tại Hội trường UBND xã Ngọc Tem: Tổ chức đối thoại với Nhân dân.",
    )
    (session,) = draft.sessions
    assert (session.window, session.venue, session.expected_attendance) == ("Cuối quý III", "Hội trường UBND xã", 150)
    assert session.lines == ["Dự kiến vào cuối quý III.", "Địa điểm: Hội trường UBND xã", "Số lượng: khoảng 150 người"]
    assert section_items(draft) == [("", Style.DASH, ItemKind.SESSIONS)]
    # Only one place prints the sessions; a second schedule stays text rather than print them twice.
    assert section_items(draft, 0, 1)[0][2] == ItemKind.TEXT


def test_half_year_and_schedule_announced_later():
    draft = plan_of(
        "II. TỔ CHỨC", "1. Thời gian, địa điểm",
        "- Dự kiến trong 6 tháng đầu năm 2024, tại Hội trường UBND xã Ngọc Tem: Tổ chức đối thoại với Nhân dân.",
        "- Tại các thôn Đắk Long, Đắk Ring và Măng Bút: Lịch thông báo cụ thể sau.",
    )
    first, later = draft.sessions
    assert (first.window, first.venue, first.audience) == ("6 tháng đầu năm 2024", "Hội trường UBND xã Ngọc Tem", "Tổ chức đối thoại với Nhân dân")
    assert "Lịch thông báo cụ thể sau" in later.window and later.lines == ["Tại các thôn Đắk Long, Đắk Ring và Măng Bút: Lịch thông báo cụ thể sau."]


def test_attendee_groups_with_expected_counts():
    draft = plan_of(
        "II. NỘI DUNG", "4. Thành phần tham dự", "- Thường trực HĐND huyện;",
        "- Cán bộ quản lý các trường học (dự kiến 50 người).", "- Nhân dân các thôn, khoảng 150 người.",
    )
    assert [(g.category, g.expected_count) for g in draft.groups] == [
        (GroupCategory.INVITED, None), (GroupCategory.INVITED, 50), (GroupCategory.INVITED, 150)]
    assert section_items(draft) == [("", Style.DASH, ItemKind.INVITED)]


def test_labelled_group_lists_under_a_dash_line():
    draft = plan_of(
        "II. NỘI DUNG", "3. Chủ trì và thành phần tham gia", "- Thành phần tham gia đối thoại:",
        "+ Cán bộ, đảng viên xóm Hòa Bình.", "- Thành phần mời tham dự hội nghị:", "+ Ban Thường vụ Đảng ủy.",
    )
    assert [(g.category, g.style, g.text) for g in draft.groups] == [
        (GroupCategory.PARTICIPANTS, Style.PLUS, "Cán bộ, đảng viên xóm Hòa Bình."),
        (GroupCategory.INVITED, Style.PLUS, "Ban Thường vụ Đảng ủy."),
    ]
    assert [i[2] for i in section_items(draft)] == [ItemKind.PARTICIPANTS, ItemKind.INVITED]


def test_agenda_steps_keep_their_text_and_name_presenter_and_minutes():
    draft = plan_of(
        "II. NỘI DUNG", "5. Chương trình hội nghị",
        "- Văn phòng UBND xã nêu lý do, giới thiệu đại biểu (05 phút).",
        "- Báo cáo tình hình kinh tế - xã hội (Chủ tịch UBND xã trình bày, 20 phút).",
        "- Nhân dân phát biểu ý kiến.",
    )
    assert [(a.text, a.presenter, a.minutes) for a in draft.agenda] == [
        ("Văn phòng UBND xã nêu lý do, giới thiệu đại biểu (05 phút).", "Văn phòng UBND xã", 5),
        ("Báo cáo tình hình kinh tế - xã hội (Chủ tịch UBND xã trình bày, 20 phút).", "Chủ tịch UBND xã", 20),
        ("Nhân dân phát biểu ý kiến.", "", None),
    ]
    assert section_items(draft) == [("", Style.DASH, ItemKind.AGENDA)]


def test_time_limits_become_deadline_rules_printed_through_tokens():
    draft = plan_of(
        "III. TỔ CHỨC THỰC HIỆN",
        "1. Công chức Văn hóa: Thông báo trên loa truyền thanh chậm nhất 07 ngày tiếp xúc, đối thoại.",
        "2. Các cơ quan trả lời trong thời hạn 05 ngày làm việc sau khi có thông báo kết luận.",
        "3. Văn phòng tổng hợp ý kiến trước 10 ngày tổ chức hội nghị.",
    )
    rules = {(r.anchor, r.offset_days, r.day_type): r for r in draft.rules}
    assert set(rules) == {
        (Anchor.CONFERENCE, -7, DayType.CALENDAR), (Anchor.NOTICE, 5, DayType.WORKING), (Anchor.CONFERENCE, -10, DayType.CALENDAR)}
    announce = rules[(Anchor.CONFERENCE, -7, DayType.CALENDAR)]
    assert announce.responsible_text == "Công chức Văn hóa"
    inline = draft.sections[0].parts[0].items[0].text
    assert inline == f"Thông báo trên loa truyền thanh chậm nhất [[{announce.code}]] tiếp xúc, đối thoại."
    assert f"trong thời hạn [[{rules[(Anchor.NOTICE, 5, DayType.WORKING)].code}]]" in draft.sections[0].parts[1].items[0].text


def test_recipients_archive_and_signature_in_a_table():
    footer = [
        cell("Nơi nhận:", table=1), cell("- TT. HĐND huyện (b/c);", table=1), cell("- UBMTTQ; (để biết)", table=1),
        cell("- Các thôn", table=1), cell("Đắk Long;", table=1), cell("- Lưu: VT, VP.", table=1),
        cell("KT. CHỦ TỊCH", table=1, col=1), cell("PHÓ CHỦ TỊCH", table=1, col=1), cell("(Đã ký)", table=1, col=1),
        cell("Nguyễn Văn An", table=1, col=1),
    ]
    draft = plan_of("I. MỤC ĐÍCH", "- Một ý.", *footer)
    assert [(r.text, r.note) for r in draft.recipients] == [
        ("TT. HĐND huyện", RecipientNote.REPORT), ("UBMTTQ", RecipientNote.INFO), ("Các thôn Đắk Long", "")]
    assert draft.archive_line == "Lưu: VT, VP"
    assert (draft.sign_authority, draft.sign_on_behalf_of, draft.sign_position, draft.signer_name) == (
        Authority.KT, "CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn An")


@pytest.mark.parametrize("line,authority,rest", [
    ("TM. ỦY BAN NHÂN DÂN", Authority.TM, "ỦY BAN NHÂN DÂN"), ("T/M BAN THƯỜNG VỤ", Authority.TM, "BAN THƯỜNG VỤ"),
    ("K/T BÍ THƯ", Authority.KT, "BÍ THƯ"), ("TL. CHỦ TỊCH", Authority.TL, "CHỦ TỊCH"),
    ("Q. CHỦ TỊCH", Authority.Q, "CHỦ TỊCH"), ("T/L BAN THƯỜNG VỤ", Authority.TL, "BAN THƯỜNG VỤ"),
])
def test_signing_authorities(line, authority, rest):
    draft = plan_of("I. MỤC ĐÍCH", "Nơi nhận:", "- Như trên;", line, "CHỦ TỊCH", "Lê Văn Sỹ")
    assert (draft.sign_authority, draft.sign_on_behalf_of, draft.signer_name) == (authority, rest, "Lê Văn Sỹ")


def test_footer_typed_in_two_columns_with_tabs():
    draft = plan_of(
        "I. MỤC ĐÍCH", "- Một ý.", "Nơi nhận:\tTM. ỦY BAN NHÂN DÂN", "- TT. HĐND huyện;\tCHỦ TỊCH", "- Lưu: VP.\tLê Đức Dũng",
    )
    assert [r.text for r in draft.recipients] == ["TT. HĐND huyện"]
    assert (draft.sign_authority, draft.sign_on_behalf_of, draft.sign_position, draft.signer_name, draft.archive_line) == (
        Authority.TM, "ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Lê Đức Dũng", "Lưu: VP")


def test_forced_choice_overrides_what_a_paragraph_became():
    lines = paras(*[Para(p.text, p.zone, p.table, p.row, p.cell, p.bold, p.centered) for p in HEAD],
                  "I. MỤC ĐÍCH", "1. Mục đích", "Công tác chuẩn bị", "- Một ý.")
    order = next(p.order for p in lines if p.text == "Công tác chuẩn bị")
    assert classify(lines).report[order].became == Became.TEXT
    draft = classify(lines, {order: Became.PART})
    assert draft.report[order].became == Became.PART
    assert [p.heading for p in draft.sections[0].parts] == ["Mục đích", "Công tác chuẩn bị"]
    assert draft.sections[0].parts[1].items[0].text == "Một ý."


def test_a_count_written_in_a_group_is_not_printed_twice():
    from plans.models import AttendeeGroup

    assert AttendeeGroup(text="Nhân dân các thôn, khoảng 150 người.", expected_count=150).printed_text() == (
        "Nhân dân các thôn, khoảng 150 người.")
    assert AttendeeGroup(text="Cán bộ (dự kiến 50 người).", expected_count=50).printed_text() == "Cán bộ (dự kiến 50 người)."
    assert AttendeeGroup(text="Cử tri thôn 1;", expected_count=40).printed_text() == "Cử tri thôn 1 (dự kiến 40 người);"


def test_a_plan_typed_without_tables():
    """Header and footer typed as paragraphs, the two columns separated by tabs; the name and
    subject on one line."""
    draft = classify(paras(
        "ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "XÃ ĐẮK LONG\tĐộc lập - Tự do - Hạnh phúc",
        "Số: 03/KH-UBND\tĐắk Long, ngày 10 tháng 01 năm 2025",
        Para("KẾ HOẠCH Tổ chức hội nghị đối thoại năm 2025", bold=True, centered=True),
        "Căn cứ Luật Tổ chức chính quyền địa phương;", "I. MỤC ĐÍCH", "- Nắm bắt tâm tư.",
        "Nơi nhận:\tTM. ỦY BAN NHÂN DÂN", "- TT HĐND xã;\tCHỦ TỊCH", "- Lưu: VT.", "\tY Blông",
    ))
    assert (draft.header_issuer, draft.number, draft.place, draft.issued_on) == (
        ["ỦY BAN NHÂN DÂN", "XÃ ĐẮK LONG"], 3, "Đắk Long", dt.date(2025, 1, 10))
    assert (draft.document_name, draft.subject) == ("KẾ HOẠCH", ["Tổ chức hội nghị đối thoại năm 2025"])
    assert draft.legal_bases == ["Căn cứ Luật Tổ chức chính quyền địa phương;"]
    assert [r.text for r in draft.recipients] == ["TT HĐND xã"] and draft.archive_line == "Lưu: VT"
    assert (draft.sign_on_behalf_of, draft.sign_position, draft.signer_name) == ("ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Y Blông")
    assert draft.plain_count == 0
