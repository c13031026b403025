"""The three seed plans as demo data, and one template per kind of issuer built from them.

Each seed is entered as records, not as text: sessions, chairs, secretaries,
attendee groups, agenda steps, responsibilities, deadline rules, recipients and
the signature are rows of their own, and the printed outline only places them
(anchor items) or names them ([[code]] tokens for the time limits). Printing a
seed plan therefore reproduces the original document's wording, which
plans/tests/test_pdf.py checks word by word against the seed texts in plans/tests/data/seeds.

The wording is the seeds' own, typos included; only the line breaks that PDF
extraction left inside words and sentences are undone.

`load_seed_plans()` and `load_templates()` are idempotent: a second run updates
the same rows (sessions and deadline rules in place, since conferences and
deadlines point at them) and replaces the outline.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from django.db import transaction

from dialogue.models import Membership, Organization, Role

from .models import (
    AgendaItem,
    AttendeeGroup,
    DeadlineRule,
    GroupCategory,
    HeadingStyle,
    ItemKind,
    LegalBasis,
    PartKind,
    PersonRole,
    Plan,
    PlanItem,
    PlanPart,
    PlanPerson,
    PlanSection,
    PlanTransition,
    Recipient,
    RecipientNote,
    Session,
    Status,
    Style,
)
from dialogue.letterhead import Authority
from deadlines.rules import LAW, Anchor, DayType

# ---------------------------------------------------------------- the spec language


@dataclass
class Item:
    text: str = ""
    style: str = Style.DASH
    kind: str = ItemKind.TEXT


@dataclass
class Part:
    heading: str
    kind: str = PartKind.TEXT
    items: list[Item] = field(default_factory=list)
    heading_style: str = HeadingStyle.LINE
    numbered: bool = True
    org: str | None = None  # demo organisation code of the responsible office


@dataclass
class Section:
    heading: str
    parts: list[Part]


@dataclass
class SessionSpec:
    key: str
    window: str
    venue: str = ""
    audience: str = ""
    expected_attendance: int | None = None
    wording: str = ""


@dataclass
class Group:
    text: str
    category: str = GroupCategory.INVITED
    style: str = Style.DASH
    expected_count: int | None = None
    session: str | None = None  # SessionSpec.key; None = every session


@dataclass
class Rule:
    code: str
    name: str
    anchor: str
    offset_days: int
    day_type: str = DayType.CALENDAR
    responsible_text: str = ""
    responsible_org: str | None = None


@dataclass
class To:
    text: str
    note: str = RecipientNote.NONE
    org: str | None = None


@dataclass
class PlanSpec:
    key: str
    issuer: str
    year: int
    subject: str
    template_kind: str
    template_name: str
    legal_bases: list[str]
    preamble: list[str]
    sections: list[Section]
    closing: list[str]
    chairs: list[str]
    secretaries: list[str]
    sessions: list[SessionSpec]
    groups: list[Group]
    agenda: list[Item]
    rules: list[Rule]
    recipients: list[To]
    archive_line: str
    sign_authority: str
    sign_on_behalf_of: str
    sign_position: str
    signer_name: str
    sign_deputy_authority: str = Authority.NONE
    sign_deputy_of: str = ""
    leader_chairs: bool = False  # the issuer's leader is the chair the plan names


def dash(text: str) -> Item:
    return Item(text, Style.DASH)


def plus(text: str) -> Item:
    return Item(text, Style.PLUS)


def para(text: str) -> Item:
    return Item(text, Style.PARAGRAPH)


def numbered(text: str) -> Item:
    return Item(text, Style.NUMBERED)


def inline(text: str) -> Item:
    return Item(text, Style.INLINE)


def anchor(kind: str, label: str = "", style: str = Style.DASH) -> Item:
    return Item(label, style, kind)


def office(heading: str, text: str, *more: Item, org: str | None = None, style=HeadingStyle.RUN_IN) -> Part:
    """A responsibility printed "1. <office> <duties…>" with further paragraphs under it."""
    return Part(heading, PartKind.RESPONSIBILITY, [inline(text), *more], heading_style=style, org=org)


K = PartKind
A = ItemKind

# ---------------------------------------------------------------- seed 000: HĐND huyện Kon Plông, 2024

SEED_000 = PlanSpec(
    key="000",
    issuer="hdnd-kon-plong",
    year=2024,
    subject=(
        "Tổ chức tiếp xúc, đối thoại trực tiếp giữa đồng chí Chủ tịch Hội đồng nhân dân huyện "
        "với Nhân dân trên địa bàn huyện năm 2024"
    ),
    template_kind=Organization.Kind.PEOPLES_COUNCIL,
    template_name="Kế hoạch tiếp xúc, đối thoại của Chủ tịch Hội đồng nhân dân (theo mẫu huyện Kon Plông 2024)",
    legal_bases=[
        "Thực hiện Quy chế tiếp xúc, đối thoại trực tiếp giữa Bí thư các cấp ủy, tổ chức đảng, người đứng đầu "
        "chính quyền các cấp với Nhân dân trên địa bàn (Quyết định số 1408-QĐ/TU, ngày 25-9-2014 của Ban "
        "Thường vụ Tỉnh ủy).",
        "Căn cứ Quyết định số 1239-QĐ/HU, ngày 19-12-2024 của Ban Thường vụ Huyện ủy về ban hành Quy chế tiếp "
        "dân, đối thoại trực tiếp với dân và chỉ đạo xử lý những phản ánh, kiến nghị của dân của đồng chí Bí "
        "thư Huyện ủy.",
    ],
    preamble=[
        "Thường trực Hội đồng nhân dân huyện xây dựng kế hoạch tổ chức tiếp xúc, đối thoại trực tiếp giữa đồng "
        "chí Chủ tịch Hội đồng nhân dân huyện với Nhân dân trên địa bàn huyện năm 2024, cụ thể như sau:",
    ],
    sections=[
        Section(
            "Mục đích, yêu cầu",
            [
                Part(
                    "Mục đích",
                    K.PURPOSES,
                    [
                        dash(
                            "Trực tiếp nắm bắt, lắng nghe, thấu hiểu tâm tư, nguyện vọng, sáng kiến, kiến nghị của "
                            "Nhân dân về xây dựng chính quyền, trách nhiệm phục vụ Nhân dân của người đứng đầu chính "
                            "quyền, cán bộ, công chức, viên chức trong quá trình thực thi công vụ. Qua đó đề nghị "
                            "giải quyết kịp thời, hiệu quả những kiến nghị và những vấn đề bức xúc chính đáng, hợp "
                            "pháp của Nhân dân hoặc đề xuất cấp có thẩm quyền điều chỉnh, sửa đổi những chủ trương, "
                            "chính sách, quy định không còn phù hợp."
                        ),
                        dash(
                            "Tuyên truyền, phổ biến chủ trương, chính sách, nghị quyết của Đảng, pháp luật của Nhà "
                            "nước; nhiệm vụ chính trị của huyện; những thuận lợi, khó khăn trong lãnh đạo, chỉ đạo, "
                            "quản lý, điều hành để Nhân dân đồng cảm, chia sẻ, góp phần củng cố mối quan hệ gắn bó "
                            "mật thiết của Đảng, Nhà nước với Nhân dân và phát huy quyền làm chủ, vai trò giám sát "
                            "của Nhân dân."
                        ),
                    ],
                ),
                Part(
                    "Yêu cầu",
                    K.REQUIREMENTS,
                    [
                        dash(
                            "Việc tổ chức tiếp xúc, đối thoại đảm bảo thiết thực, hiệu quả; tuân thủ các quy định "
                            "của Đảng, pháp luật của Nhà nước, bảo đảm sự lãnh đạo của Đảng, sự quản lý, điều hành "
                            "của chính quyền và phát huy vai trò của Mặt trận Tổ quốc, các tổ chức chính trị - xã "
                            "hội."
                        ),
                        dash(
                            "Tiếp xúc, đối thoại trực tiếp được tiến hành công khai, minh bạch, dân chủ, khách quan, "
                            "thẳng thắn, trọng tâm, trọng điểm với tinh thần xây dựng vì lợi ích chung, thực hiện "
                            "tốt phương châm “dân biết, dân bàn, dân làm, dân kiểm tra”."
                        ),
                        dash(
                            "Chương trình, nội dung, thời gian và địa điểm tổ chức tiếp xúc, đối thoại phải được "
                            "thông báo rộng rãi trên cổng thông tin điện tử và hệ thống đài truyền thanh để Nhân "
                            "dân được biết và tham gia."
                        ),
                    ],
                ),
            ],
        ),
        Section(
            "Nội dung",
            [
                Part(
                    "Đối tượng tiếp xúc, đối thoại",
                    K.AUDIENCES,
                    [
                        dash("Nhân dân trên địa bàn xã Ngọc Tem."),
                        dash(
                            "Cán bộ quản lý và đại diện giáo viên các đơn vị trường học đóng chân trên địa bàn "
                            "huyện."
                        ),
                    ],
                ),
                Part(
                    "Hình thức tổ chức, chủ trì và thư ký hội nghị tiếp xúc, đối thoại",
                    K.CHAIRS,
                    [
                        dash(
                            "Hình thức tổ chức: Phối hợp với Văn phòng Huyện ủy tổ chức hội nghị tiếp xúc, đối "
                            "thoại trực tiếp giữa đồng chí Bí thư Huyện ủy, Chủ tịch Hội đồng nhân dân huyện với "
                            "Nhân dân."
                        ),
                        anchor(A.CHAIRS, "Chủ trì"),
                        anchor(A.SECRETARIES, "Thư ký hội nghị"),
                    ],
                ),
                Part("Thời gian và địa điểm", K.SCHEDULE, [anchor(A.SESSIONS)]),
                Part(
                    "Thành phần tham dự",
                    K.ATTENDEES,
                    [anchor(A.INVITED), anchor(A.PARTICIPANTS)],
                ),
                Part(
                    "Nội dung tiếp xúc, đối thoại",
                    K.CONTENT,
                    [
                        dash(
                            "Thông tin cho Nhân dân về kết quả lãnh đạo thực hiện nhiệm vụ chính trị, công tác xây "
                            "dựng Đảng, vận động Nhân dân; kết quả hoạt động của Hội đồng nhân dân và Thường trực "
                            "Hội đồng nhân dân huyện."
                        ),
                        dash(
                            "Lắng nghe ý kiến của Nhân dân phản ánh về công tác quản lý, điều hành của chính quyền "
                            "cấp huyện, xã, thị trấn; công tác quản lý và hoạt động trong lĩnh vực giáo dục trên địa "
                            "bàn; về phẩm chất chính trị, đạo đức, lối sống, trách nhiệm của cán bộ, công chức, viên "
                            "chức và những vấn đề bức xúc của Nhân dân, những ý kiến, kiến nghị..."
                        ),
                    ],
                ),
                Part("Chương trình hội nghị tiếp xúc, đối thoại", K.AGENDA, [anchor(A.AGENDA)]),
            ],
        ),
        Section(
            "Tổ chức thực hiện",
            [
                office(
                    "Ủy ban nhân dân huyện",
                    "chỉ đạo các cơ quan chuyên môn tham dự hội nghị tiếp xúc, đối thoại, chuẩn bị nội dung để "
                    "thông tin và trả lời những vấn đề Nhân dân nêu ra thuộc trách nhiệm giải quyết của đơn vị.",
                    para(
                        "Sau khi có Thông báo về nội dung kết luận của đồng chí Bí thư Huyện ủy, Chủ tịch Hội đồng "
                        "nhân dân huyện, chỉ đạo các cơ quan, đơn vị liên quan thuộc huyện có trách nhiệm tích cực "
                        "giải quyết và thông báo kết quả giải quyết bằng văn bản đến Nhân dân và cử tri có ý kiến, "
                        "kiến nghị; đồng thời, báo cáo cho đồng chí Bí thư Huyện ủy, Chủ tịch Hội đồng nhân dân "
                        "huyện chậm nhất [[resolve]]. Trường hợp nội dung phức tạp, cần có thêm thời gian giải quyết "
                        "thì cơ quan, đơn vị phải thông báo bằng văn bản nêu rõ thời hạn giải quyết đến người có ý "
                        "kiến, kiến nghị được biết."
                    ),
                ),
                office(
                    "Ủy ban Mặt trận Tổ quốc Việt Nam và các tổ chức chính trị - xã hội huyện",
                    "có trách nhiệm nắm bắt tâm tư, nguyện vọng của Nhân dân liên quan đến nội dung tiếp xúc, đối "
                    "thoại; tổng hợp các ý kiến thông tin cho Thường trực Hội đồng Nhân dân huyện trước [[opinions]] "
                    "tổ chức tiếp xúc, đối thoại; tham gia giải thích, tuyên truyền, vận động Nhân dân tích cực "
                    "thực hiện tốt các chủ trương, chính sách của Đảng, chấp hành quy định pháp luật của Nhà nước "
                    "tại hội nghị và sau hội nghị tiếp xúc, đối thoại.",
                ),
                office(
                    "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân huyện",
                    "phối hợp với Ủy ban nhân dân xã Ngọc Tem và Phòng Giáo dục huyện nắm bắt những nội dung Nhân "
                    "dân có ý kiến, kiến nghị, những vấn đề nóng, nổi cộm... nhưng chưa được cơ quan chức năng giải "
                    "quyết, báo cáo Thường trực Hội đồng nhân dân, Ủy ban nhân dân huyện trước [[opinions]] tổ chức "
                    "hội nghị tiếp xúc, đối thoại. Chuẩn bị báo cáo tóm tắt kết quả hoạt động của Hội đồng nhân "
                    "dân, Thường trực Hội đồng nhân dân huyện. Chuẩn bị các điều kiện cần thiết tổ chức chương "
                    "trình.",
                    para(
                        "Phối hợp với Văn phòng Huyện ủy chuẩn bị báo cáo tóm tắt nội dung kết quả lãnh đạo thực "
                        "hiện nhiệm vụ chính trị, công tác xây dựng Đảng, vận động Nhân dân. Thông báo ý kiến kết "
                        "luận của chủ trì tiếp xúc, đối thoại đến các cơ quan, đơn vị có liên quan xem xét, giải "
                        "quyết kiến nghị của Nhân dân chậm nhất là [[notice]] sau khi kết thúc Hội nghị."
                    ),
                ),
                office(
                    "Ủy ban nhân dân xã Ngọc Tem",
                    "phối hợp với Văn phòng Hội đồng nhân dân và Ủy ban nhân dân huyện tổ chức chu đáo hội nghị "
                    "tiếp xúc, đối thoại; hỗ trợ việc gửi giấy mời Nhân dân trên địa bàn xã Ngọc Tem tham dự (kèm "
                    "phiếu đăng ký phát biểu ý kiến, kiến nghị). Thực hiện tốt công tác đảm bảo an ninh trật tự "
                    "tại địa điểm tổ chức hội nghị tiếp xúc, đối thoại.",
                ),
                office(
                    "Phòng Giáo dục huyện",
                    "phối hợp với Văn phòng Hội đồng nhân dân và Ủy ban nhân dân huyện tổ chức chu đáo hội nghị "
                    "tiếp xúc, đối thoại; hỗ trợ việc gửi giấy mời đại diện lực lượng là giáo viên trên địa bàn "
                    "huyện tham dự (kèm phiếu đăng ký phát biểu ý kiến, kiến nghị).",
                ),
                office(
                    "Công an huyện",
                    "phân công cán bộ, chiến sĩ tham gia hỗ trợ đảm bảo an ninh trật tự tại địa điểm tổ chức hội "
                    "nghị tiếp xúc, đối thoại.",
                ),
                office(
                    "Trung tâm Văn hóa - Thể thao và Truyền thông huyện",
                    "thông báo rộng rãi trên hệ thống truyền thanh về chương trình, nội dung, thời gian và địa "
                    "điểm đối thoại để Nhân dân được biết và tham gia. Công bố trên trên trang thông tin điện tử "
                    "huyện về việc tổ chức chương trình đối thoại.",
                ),
            ],
        ),
    ],
    closing=[
        "Trên đây là Kế hoạch tổ chức Hội nghị tiếp xúc, đối thoại trực tiếp giữa đồng chí Chủ tịch Hội đồng nhân "
        "dân huyện với Nhân dân trên địa bàn huyện năm 2024, Thường trực Hội đồng nhân dân huyện đề nghị các đơn "
        "vị căn cứ nội dung kế hoạch, triển khai thực hiện.",
    ],
    chairs=["Đồng chí Bí thư Huyện ủy, Chủ tịch Hội đồng nhân dân huyện"],
    secretaries=[
        "Đồng chí Phó Văn phòng Huyện ủy phụ trách nội chính",
        # Printed after "và", so in lower case as the plan has it.
        "đồng chí Phó Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân huyện phụ trách lĩnh vực HĐND",
    ],
    sessions=[
        SessionSpec(
            "ngoc-tem",
            "6 tháng đầu năm 2024",
            venue="Hội trường UBND xã Ngọc Tem",
            audience="Nhân dân trên địa bàn xã Ngọc Tem",
            wording=(
                "Dự kiến trong 6 tháng đầu năm 2024, tại Hội trường UBND xã Ngọc Tem: Tổ chức tiếp xúc, đối thoại "
                "với Nhân dân trên địa bàn xã Ngọc Tem."
            ),
        ),
        SessionSpec(
            "giao-vien",
            "6 tháng cuối năm 2024",
            venue="Hội trường trung tâm huyện",
            audience="Cán bộ quản lý và đại diện giáo viên các đơn vị trường học đóng chân trên địa bàn huyện",
            wording=(
                "Dự kiến trong 6 tháng cuối năm 2024, tại Hội trường trung tâm huyện: Tổ chức tiếp xúc, đối thoại "
                "với cán bộ quản lý và đại diện giáo viên các đơn vị trường học đóng chân trên địa bàn huyện."
            ),
        ),
    ],
    groups=[
        Group("Thường trực Hội đồng nhân dân huyện;"),
        Group("Đại diện Lãnh đạo Ủy ban nhân dân huyện;"),
        Group(
            "Đại diện lãnh đạo Ủy ban Mặt trận Tổ quốc Việt Nam và các tổ chức chính trị - xã hội huyện;"
        ),
        Group("Đại diện lãnh đạo các Ban Hội đồng nhân dân huyện;"),
        Group("Đại diện lãnh đạo các Ban Dân vận, Ban Tuyên giáo Huyện ủy;"),
        Group(
            "Đại diện lãnh đạo các cơ quan chuyên môn, đơn vị sự nghiệp thuộc Ủy ban nhân dân huyện và các đơn vị "
            "liên quan;"
        ),
        Group(
            "Đại diện lãnh đạo Đảng ủy, Hội đồng nhân dân, Ủy ban nhân dân, Ủy ban Mặt trận Tổ quốc Việt Nam xã "
            "Ngọc Tem;",
            session="ngoc-tem",
        ),
        Group("Nhân dân trên địa bàn xã Ngọc Tem;", GroupCategory.PARTICIPANTS, session="ngoc-tem"),
        Group(
            "Cán bộ quản lý và đại diện giáo viên các đơn vị trường học đóng chân trên địa bàn huyện.",
            GroupCategory.PARTICIPANTS,
            expected_count=50,
            session="giao-vien",
        ),
    ],
    agenda=[
        dash("Tuyên bố lý do, giới thiệu đại biểu, chủ trì và thư ký hội nghị."),
        dash("Thông qua chương trình, nội quy tiếp xúc, đối thoại."),
        dash("Chủ trì hội nghị nêu mục đích, yêu cầu, ý nghĩa nội dung tiếp xúc, đối thoại."),
        dash("Nghe Nhân dân phát biểu ý kiến, trình bày tâm tư, nguyện vọng, đề xuất."),
        dash("Tổng hợp ý kiến phát biểu của Nhân dân."),
        dash("Đại diện Ủy ban Mặt trận Tổ quốc Việt Nam và các tổ chức chính trị - xã hội huyện phát biểu ý kiến."),
        dash(
            "Đại diện lãnh đạo các đơn vị có liên quan phát biểu, trả lời những vấn đề Nhân dân nêu ra thuộc trách "
            "nhiệm giải quyết của mình."
        ),
        dash(
            "Đồng chí chủ trì tiếp xúc, đối thoại trao đổi, giải thích, tiếp thu ý kiến góp ý, kiến nghị của Nhân "
            "dân và kết luận hội nghị."
        ),
    ],
    rules=[
        Rule(
            "opinions",
            "Tổng hợp, báo cáo ý kiến của Nhân dân trước hội nghị",
            Anchor.CONFERENCE,
            -10,
            responsible_text="Ủy ban MTTQ Việt Nam huyện; Văn phòng HĐND và UBND huyện",
        ),
        Rule(
            "notice",
            "Thông báo ý kiến kết luận của chủ trì hội nghị",
            Anchor.CONFERENCE,
            10,
            DayType.WORKING,
            responsible_text="Văn phòng HĐND và UBND huyện",
        ),
        Rule(
            "resolve",
            "Giải quyết, báo cáo kết quả giải quyết kiến nghị",
            Anchor.NOTICE,
            20,
            DayType.WORKING,
            responsible_text="Các cơ quan, đơn vị liên quan thuộc huyện",
        ),
    ],
    recipients=[
        To("Thường trực HĐND tỉnh", org="kon-tum"),
        To("Thường trực Huyện ủy"),
        To("Thường trực Hội đồng Nhân dân huyện"),
        To("UBND huyện: CT, các PCT"),
        To("UBMTTQVN và các tổ chức CT-XH huyện"),
        To("Văn phòng Huyện ủy; UBKT Huyện ủy"),
        To("Các Ban Xây dựng Đảng"),
        To("Các Ban Hội đồng nhân dân huyện"),
        To("Công an huyện"),
        To("Các phòng, ban, đơn vị sự nghiệp thuộc huyện"),
        To("Ban Tiếp công dân huyện"),
        To("ĐU, HĐND, UBND, UB.MTTQVN thị trấn Măng Đen"),
        To("VP: CVP, các PVP; Cổng thông tin điện tử"),
    ],
    archive_line="Lưu: VT.",
    sign_authority=Authority.TM,
    sign_on_behalf_of="THƯỜNG TRỰC HĐND",
    sign_deputy_authority=Authority.KT,
    sign_deputy_of="CHỦ TỊCH",
    sign_position="PHÓ CHỦ TỊCH",
    signer_name="Đặng Bá Lâm",
)

# ---------------------------------------------------------------- seed 002: UBND xã Vĩnh Lâm, 2024

SEED_002 = PlanSpec(
    key="002",
    issuer="ubnd-vinh-lam",
    year=2024,
    subject=(
        "Tổ chức hội nghị tiếp xúc, đối thoại giữa Chủ tịch UBND xã với nhân dân\n"
        "trên địa bàn xã Vĩnh Lâm năm 2024"
    ),
    template_kind=Organization.Kind.PEOPLES_COMMITTEE,
    template_name="Kế hoạch hội nghị đối thoại của Chủ tịch UBND xã (theo mẫu xã Vĩnh Lâm 2024)",
    legal_bases=[
        "Căn cứ Điều 125 Luật tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
        "Thực hiện nhiệm vụ năm “Dân vận chính quyền”;",
    ],
    preamble=[
        "Ủy ban nhân dân xây dựng kế hoạch tổ chức hội nghị tiếp xúc, đối thoại giữa Chủ tịch UBND xã với nhân "
        "dân năm 2024.",
    ],
    sections=[
        Section(
            "MỤC ĐÍCH, YÊU CẦU:",
            [
                Part(
                    "",
                    K.PURPOSES,
                    [
                        numbered(
                            "Nâng cao hiệu quả công tác tuyên truyền, phổ biến các chủ trương, đường lối của Đảng, "
                            "chính sách, pháp luật của Nhà nước cho nhân dân."
                        ),
                        numbered(
                            "Nhằm nắm bắt tâm tư, nguyện vọng, ý kiến phản ánh, kiến nghị của nhân dân, kịp thời "
                            "phát hiện những vướng mắc, phát sinh để giải quyết và nghiên cứu đề xuất, bổ sung, "
                            "điều chỉnh các chủ trương, chính sách, quy định phù hợp với tình hình thực tiển của địa "
                            "phương."
                        ),
                        numbered(
                            "Tạo điều kiện để nhân dân phát huy vai trò giám sát, kiểm tra đối với công tác lãnh "
                            "đạo, chỉ đạo, điều hành của cấp ủy, chính quyền trên tất cả lĩnh vực đời sống, kinh tế "
                            "- xã hội, quân sự cơ sở – an ninh trật tự, qua đó tham gia có hiệu quả công tác xây "
                            "dựng Đảng, chính quyền trong sạch, vững mạnh."
                        ),
                        numbered(
                            "Nội dung đối thoại cần được chuẩn bị chu đáo, đảm bảo chất lượng và thực hiện nghiêm "
                            "túc, thiết thực, hiệu quả."
                        ),
                    ],
                    numbered=False,
                ),
            ],
        ),
        Section(
            "HÌNH THỨC, THỜI GIAN, ĐỊA ĐIỂM:",
            [
                Part(
                    "Chủ trì đối thoại",
                    K.CHAIRS,
                    [anchor(A.CHAIRS, style=Style.INLINE)],
                    heading_style=HeadingStyle.COLON,
                ),
                Part(
                    "Thành phần, thời gian, địa điểm.",
                    K.ATTENDEES,
                    [anchor(A.INVITED), anchor(A.PARTICIPANTS)],
                ),
                Part(
                    "Nội dung đối thoại:",
                    K.CONTENT,
                    [
                        dash(
                            "Chủ tịch UBND xã thông báo cho nhân dân khái quát về tình hình phát triển kinh tế - "
                            "xã hội, đảm bảo quân sự cơ sở, an ninh trật tự và những vấn đề quan trọng của địa "
                            "phương mà nhân dân quan tâm."
                        ),
                        dash(
                            "Nhân dân tham gia hội nghị phát biểu, đóng góp với chính quyền về việc tổ chức triển "
                            "khai và thực hiện các Nghị quyết của Đảng, nhà nước, các Nghị quyết của HĐND; công tác "
                            "quản lý Nhà nước trên các lĩnh vực kinh tế, xây dựng cơ bản, văn hóa, xã hôi, quân sự, "
                            "an ninh trật tự… ở địa phương. Việc thực hiện cải cách hành chính; thực hiện quy chế "
                            "dân chủ cơ sở; công tác phòng chống tham nhũng, lãng phí và các tiêu cực khác; công "
                            "tác tiếp dân và giải quyết khiếu nại, tố cáo của công dân…"
                        ),
                        dash(
                            "Nghe ý kiến nhân dân phản ánh về phẩm chất chính trị, đạo đức lối sống và trách nhiệm "
                            "nêu gương, trách nhiệm thực thi công vụ của cán bộ, công chức nhất là người đứng đầu "
                            "chính quyền trong quá trình thực thi công vụ, những vấn đề mà nhân dân đề nghị cần tập "
                            "trung chỉ đạo, tổ chức thực hiện."
                        ),
                        dash(
                            "Chủ tịch UBND trực tiếp trả lời và chỉ đạo, giải quyết vướng mắc, kiến nghị của Nhân "
                            "dân trong quá trình đối thoại, những vấn đề chưa thể trả lời được thì hứa giải quyết "
                            "sau khi kết thúc đối thoại theo thời gian quy định chậm nhất không quá [[answer]]; "
                            "những nội dung vượt thẩm quyền xem xét, giải quyết, những nội dung phức tạp liên quan "
                            "đến nhiều ngành phải có thời gian nghiên cứu, xem xét, giải quyết nhằm đảm bảo chính "
                            "xác, khách quan, đúng quy trình, trình tự pháp luật thì phải thông báo cho người có ý "
                            "kiến, kiến nghị biết về thời gian và trách nhiệm của cơ quan giải quyết."
                        ),
                    ],
                ),
                Part(
                    "Phương pháp đối thoại:",
                    K.METHOD,
                    [
                        dash(
                            "Đối thoại theo từng vấn đề, chủ đề và câu hỏi của Nhân dân; gắn việc tuyên truyền phổ "
                            "biến pháp luật với giải thích và trả lời cho Nhân dân;"
                        ),
                        dash(
                            "Hạn chế việc trình bày một chiều, ưu tiên thời gian để Nhân dân phát biểu ý kiến, "
                            "người chủ trì đối thoại có thể hỏi lại Nhân dân;"
                        ),
                        dash(
                            "Trong khi đối thoại, nếu có câu hỏi ngoài nội dung thì người chủ trì đối thoại vẫn "
                            "tiếp nhận và trả lời riêng bằng văn bản. Đồng thời yêu cầu người đặt câu hỏi đi vào "
                            "trọng tâm, chủ đề, nội dung của cuộc đối thoại."
                        ),
                    ],
                ),
                Part("Chương trình đối thoại:", K.AGENDA, [anchor(A.AGENDA)]),
                Part(
                    "Thời gian, địa điểm, số lượng đại biểu tham dự:",
                    K.SCHEDULE,
                    [anchor(A.SESSIONS)],
                ),
            ],
        ),
        Section(
            "TỔ CHỨC THỰC HIỆN:",
            [
                Part(
                    "Văn phòng Ủy ban nhân dân xã",
                    K.RESPONSIBILITY,
                    [
                        dash(
                            "Tham mưu cho UBND xã xây dựng kế hoạch tổ chức buổi tiếp xúc, đối thoại giữa Chủ tịch "
                            "UBND xã với nhân dân."
                        ),
                        dash(
                            "Chuẩn bị nội dung, chương trình, phục vụ đối thoại; tổng hợp ý kiến, kiến nghị sau "
                            "buổi đối thoại về Ban thường vụ Đảng ủy."
                        ),
                    ],
                    heading_style=HeadingStyle.COLON,
                ),
                office(
                    "Các cán bộ, công chức chuyên môn",
                    "Công an, Quân sự, Địa chính - XD- ĐT- MT; Văn hóa -xã hội; Tư pháp - Hộ tịch, cán bộ LĐ "
                    "TBXH, XĐGN, GTTL, XDCB… Tham dự buổi tiếp xúc và trả lời trực tiếp hoặc tiếp thu các ý kiến, "
                    "kiến nghị của nhân dân trong buổi tiếp xúc thuộc lĩnh vực mình phụ trách.",
                    style=HeadingStyle.COLON,
                ),
                office(
                    "Công chức Văn hóa",
                    "Thông báo rộng rãi trên các phương tiện thông tin, loa truyền thanh của xã về nội dung, thời "
                    "gian, địa điểm tiếp xúc đối thoại cho nhân dân được biết chậm nhất [[announce]] tiếp xúc, đối "
                    "thoại.",
                    style=HeadingStyle.COLON,
                ),
                office(
                    "Công tác phối hợp",
                    "Đề nghị thường trực HĐND, UBMTTQ xã và các đoàn thể tham dự để theo dõi, giám sát việc thực "
                    "hiện trong công tác tiếp xúc, đối thoại.",
                    org="mttq-vinh-lam",
                ),
                office(
                    "Ban công tác Mặt trận các thôn",
                    "Tuyên truyền mục đích, yêu cầu của hội nghị đối thoại. Mời đại diện cán bộ, nhân dân của đơn "
                    "vị mình tham gia hội nghị để đối thoại.",
                    style=HeadingStyle.COLON,
                ),
            ],
        ),
    ],
    closing=[
        "Trên đây là kế hoạch tổ chức hội nghị tiếp xúc, đối thoại giữa Chủ tịch UBND xã với nhân dân năm 2024./.",
    ],
    chairs=["Chủ tịch UBND xã"],
    leader_chairs=True,
    secretaries=[],
    sessions=[
        SessionSpec(
            "quy-3",
            "cuối quý III",
            venue="Hội trường UBND xã",
            audience="Nhân dân trên địa bàn xã Vĩnh Lâm",
            expected_attendance=150,
            wording="Dự kiến vào cuối quý III.\nĐịa điểm: Hội trường UBND xã\nSố lượng: khoảng 150 người",
        ),
    ],
    groups=[
        Group("Cấp xã: Đại diện thường trực Đảng ủy, HĐND, lãnh đạo UBND xã.", style=Style.STAR),
        Group("Thường trực UBMTTQ xã, trưởng các tổ chức đoàn thể chính trị- xã hội."),
        Group(
            "Cán bộ, công chức, cán bộ không chuyên trách xã. Trạm trưởng trạm y tế; đại diện Ban giám hiệu các "
            "trường."
        ),
        Group(
            "Cấp thôn: Bí thư Chi bộ, Trưởng, phó thôn, Trưởng ban Công tác mặt trận; chi hội và toàn thể nhân dân "
            "trên địa bàn xã.",
            GroupCategory.PARTICIPANTS,
            style=Style.STAR,
        ),
    ],
    agenda=[
        dash(
            "Văn phòng UBND xã nêu lý do, giới thiệu đại biểu, chương trình, nội quy của buổi đối thoại và cử thư "
            "ký ghi biên bản hội nghị."
        ),
        dash(
            "Chủ tịch UBND xã báo cáo các nội dung đối thoại, trong đó chỉ rõ mục đích, yêu cầu, nội dung chủ yếu "
            "của cuộc đối thoại."
        ),
        dash(
            "Nhân dân trực tiếp phát biểu ý kiến hoặc gửi câu hỏi cho chủ trì cuộc đối thoại thông qua thư ký hội "
            "nghị."
        ),
        dash(
            "Chủ tịch UBND xã giải thích, trao đổi, tiếp thu, trả lời các ý kiến, kiến nghị của Nhân dân hoặc phân "
            "công cán bộ, công chức chuyên môn theo thẩm quyền trả lời ý kiến; Những vấn đề mà nhân dân có ý kiến "
            "tại hội nghị mà chưa được giải quyết, chủ trì có trách nhiệm chỉ đạo các cơ quan, đơn vị chức năng, "
            "tiếp tục nghiên cứu tham mưu, giải quyết kịp thời và trả lời sớm nhất cho người dân."
        ),
        # The plan's note on the step above, printed as its own paragraph.
        para(
            "Đối với các nội dung phản ánh nằm ngoài thẩm quyền của địa phương, người chủ trì có trách nhiệm tiếp "
            "thu đầy đủ để kiến nghị cấp có thẩm quyền giải quyết và trả lời cho nhân dân theo quy định của Nhà "
            "nước."
        ),
        dash(
            "Sau phần trả lời của chủ trì cuộc đối thoại, người dân tiếp tục trao đổi, phát biểu ý kiến để đi đến "
            "thống nhất kết luận cuối cùng."
        ),
    ],
    rules=[
        Rule(
            "announce",
            "Thông báo nội dung, thời gian, địa điểm đối thoại",
            Anchor.CONFERENCE,
            -7,
            responsible_text="Công chức Văn hóa",
        ),
        Rule(
            "answer",
            "Trả lời kiến nghị chưa trả lời được tại hội nghị",
            Anchor.CONFERENCE,
            30,
            responsible_text="Chủ tịch UBND xã",
        ),
    ],
    recipients=[
        To("TT. HĐND huyện"),
        To("TT Đảng ủy, TT. HĐND xã"),
        To("UBMTTQ", RecipientNote.INFO, org="mttq-vinh-lam"),
        To("Chủ tịch, các Phó Chủ tịch UBND xã"),
        To("Cán bộ, công chức"),
        To("7 thôn"),
    ],
    archive_line="Lưu: VP.",
    sign_authority=Authority.TM,
    sign_on_behalf_of="ỦY BAN NHÂN DÂN",
    sign_position="CHỦ TỊCH",
    signer_name="Lê Đức Dũng",
)

# ---------------------------------------------------------------- seed 004: Đảng ủy xã Nam Đàn, 2026

SEED_004 = PlanSpec(
    key="004",
    issuer="du-nam-dan",
    year=2026,
    subject=(
        "tổ chức hội nghị tiếp xúc, đối thoại của người đứng\n"
        "đầu cấp ủy, chính quyền với Nhân dân năm 2026"
    ),
    template_kind=Organization.Kind.PARTY_COMMITTEE,
    template_name="Kế hoạch hội nghị tiếp xúc, đối thoại của Đảng ủy xã (theo mẫu xã Nam Đàn 2026)",
    legal_bases=[],
    preamble=[
        "Thực hiện chương trình công tác năm 2026, Đảng ủy xã Nam Đàn xây dựng Kế hoạch tổ chức hội nghị tiếp "
        "xúc, đối thoại của người đứng đầu cấp ủy, chính quyền với Nhân dân năm 2026 như sau:",
    ],
    sections=[
        Section(
            "MỤC ĐÍCH, YÊU CẦU",
            [
                Part(
                    "Mục đích",
                    K.PURPOSES,
                    [
                        dash(
                            "Nắm bắt tâm tư nguyện vọng, ý kiến, đề xuất, kiến nghị của người dân, doanh nghiệp; "
                            "nâng cao trách nhiệm của cấp ủy, chính quyền xã và cán bộ, công chức, viên chức trong "
                            "việc giải quyết những khó khăn, vướng mắc, những vấn đề người dân quan tâm, bức xúc... "
                            "tại địa bàn, tạo sự đồng thuận cao trong xã hội, góp phần triển khai thực hiện có hiệu "
                            "quả các chủ trương, kế hoạch phát triển kinh tế - xã hội, đảm bảo quốc phòng - an ninh "
                            "và xây dựng hệ thống chính trị vững mạnh."
                        ),
                        dash(
                            "Qua tiếp xúc, đối thoại, giúp cán bộ, đảng viên, công chức, viên chức, người lao động "
                            "và Nhân dân hiểu rõ hơn chủ trương, đường lối của Đảng, chính sách, pháp luật của Nhà "
                            "nước, từ đó, làm tốt hơn công tác tuyên truyền vận động Nhân dân, chăm lo quyền và lợi "
                            "ích hợp pháp, chính đáng của người dân; đồng thời phát huy vai trò của người dân trong "
                            "thực hiện quyền, nghĩa vụ công dân."
                        ),
                        dash(
                            "Từ hoạt động tiếp xúc, đối thoại có cơ sở để bổ sung, điều chỉnh, nâng cao công tác "
                            "lãnh đạo của Đảng, quản lý Nhà nước trên các lĩnh vực thuộc thẩm quyền hoặc đề xuất "
                            "những chủ trương, cơ chế chưa phù hợp với cấp trên; kịp thời chỉ đạo giải quyết các "
                            "quyền lợi, nguyện vọng hợp pháp, chính đáng của Nhân dân và xử lý kịp thời những khó "
                            "khăn vướng mắc, những vấn đề phát sinh từ thực tiễn; tăng cường vai trò giám sát của "
                            "Mặt trận Tổ quốc, các tổ chức chính trị - xã hội và các tầng lớp Nhân dân, tham gia góp "
                            "ý xây dựng Đảng, chính quyền vững mạnh; tăng cường sự nhất trí về chính trị, tạo đồng "
                            "thuận cao trong xã hội."
                        ),
                    ],
                ),
                Part(
                    "Yêu cầu",
                    K.REQUIREMENTS,
                    [
                        dash(
                            "Tổ chức tiếp xúc, đối thoại phải đảm bảo sự lãnh đạo của cấp ủy đảng, quản lý của "
                            "chính quyền và phát huy vai trò của Mặt trận Tổ quốc, các tổ chức chính trị - xã hội; "
                            "đảm bảo tính dân chủ, công khai, minh bạch, khách quan, hiệu quả."
                        ),
                        dash(
                            "Các vấn đề người dân, doanh nghiệp, các chủ cơ sở sản xuất kinh doanh... nêu ra tại "
                            "Hội nghị phải được giải quyết kịp thời, đúng quy định của pháp luật; tạo điều kiện đề "
                            "Nhân dân, người lao động, cán bộ, đảng viên được tham gia ý kiến trực tiếp, thẳng thắn, "
                            "cởi mở đối với cấp ủy, chính quyền và các cơ quan, đơn vị trong thực hiện chức trách, "
                            "nhiệm vụ. Đại diện cấp ủy, chính quyền, các phòng, ngành tham dự, chuẩn bị nội dung "
                            "giải trình, trả lời và tiếp thu xử lý nhanh, gọn, hiệu quả những phản ánh, băn khoăn, "
                            "kiến nghị, đề xuất trực tiếp tại Hội nghị."
                        ),
                        dash(
                            "Thực hiện tốt kết luận của người đứng đầu cấp ủy, chính quyền xã sau tiếp xúc, đối "
                            "thoại với Nhân dân, doanh nghiệp."
                        ),
                    ],
                ),
            ],
        ),
        Section(
            "HÌNH THỨC, THỜI GIAN, NỘI DUNG",
            [
                Part(
                    "Hình thức tổ chức",
                    K.FORM,
                    [
                        para(
                            "Tổ chức hội nghị tiếp xúc, đối thoại trực tiếp giữa lãnh đạo Đảng ủy, UBND xã với "
                            "Nhân dân tại địa bàn 01 xóm; giữa lãnh đạo Đảng ủy, UBND xã với cán bộ, nhân viên các "
                            "hợp tác xã, các doanh nghiệp, các chủ cơ sở sản xuất, kinh doanh trên địa bàn xã."
                        ),
                    ],
                ),
                Part("Thời gian, đơn vị tiếp xúc, đối thoại", K.SCHEDULE, [anchor(A.SESSIONS)]),
                Part(
                    "Chủ trì và thành phần tham gia",
                    K.ATTENDEES,
                    [
                        anchor(A.CHAIRS, "Chủ trì hội nghị tiếp xúc, đối thoại"),
                        anchor(A.PARTICIPANTS, "Thành phần tham gia đối thoại:"),
                        anchor(A.INVITED, "Thành phần mời tham dự hội nghị tiếp xúc, đối thoại:"),
                    ],
                ),
                Part("Chương trình hội nghị tiếp xúc, đối thoại", K.AGENDA, [anchor(A.AGENDA)]),
                Part(
                    "Trình tự giải quyết sau hội nghị tiếp xúc, đối thoại",
                    K.PROCEDURE,
                    [
                        dash(
                            "Chậm nhất [[notice]] sau hội nghị, chủ trì hội nghị ban hành thông báo kết luận, đồng "
                            "thời gửi đến ban, phòng, ngành, đơn vị liên quan để xem xét, giải quyết kiến nghị của "
                            "Nhân dân và gửi đến MTTQ xã để giám sát theo quy định."
                        ),
                        dash(
                            "Đối với nội dung ghi rõ thời hạn giải quyết: Các phòng, ban, ngành, đơn vị có liên "
                            "quan căn cứ thông báo kết luận của chủ trì hội nghị và nội dung kiến nghị của Nhân dân "
                            "để giải quyết bảo đảm yêu cầu về thời gian, đúng quy trình, quy định."
                        ),
                        dash(
                            "Đối với nội dung không ghi thời hạn giải quyết: Chậm nhất [[acknowledge]] sau khi có "
                            "thông báo kết luận của chủ trì hội nghị, các phòng, ban, ngành, cơ quan, đơn vị, BCH "
                            "xóm được giao nhiệm vụ xử lý trả lời bằng văn bản thông báo quá trình xác minh, dự kiến "
                            "thời gian giải quyết cho chủ trì hội nghị và công dân được biết; đồng thời gửi Ủy ban "
                            "MTTQ xã để giám sát."
                        ),
                        dash(
                            "Đối với ý kiến, kiến nghị của Nhân dân vượt quá thẩm quyền giải quyết của địa phương "
                            "cần xin ý kiến cấp trên hoặc thuộc thẩm quyền cấp trên giải quyết có văn bản đề xuất "
                            "cấp có thẩm quyền xem xét, giải quyết."
                        ),
                        dash(
                            "Xem xét để đăng tải kết quả xử lý, giải quyết kiến nghị của Nhân dân trên cổng thông "
                            "tin điện tử và các phương tiện thông tin đại chúng để cá nhân, tổ chức, Nhân dân biết "
                            "và giám sát."
                        ),
                    ],
                ),
                Part(
                    "Công tác chuẩn bị tổ chức hội nghị tiếp xúc, đối thoại",
                    K.PREPARATION,
                    [
                        para(
                            "Ban Xây dựng Đảng, Văn phòng HĐND - UBND xã chủ trì phối hợp với các ban, phòng, "
                            "ngành, MTTQ, các tổ chức chính trị - xã hội có liên quan tham mưu cho Đảng ủy, UBND xã "
                            "làm tốt công tác chuẩn bị về nội dung, chương trình và các điều kiện cần thiết khác để "
                            "phục vụ tốt nhất cho hội nghị tiếp xúc, đối thoại."
                        ),
                    ],
                ),
            ],
        ),
        Section(
            "TỔ CHỨC THỰC HIỆN",
            [
                office(
                    "Ban Xây dựng Đảng, Văn phòng HĐND - UBND xã",
                    "chủ trì phối hợp các ban, phòng, ngành, đơn vị liên quan tham mưu thực hiện tốt nội dung các "
                    "cuộc tiếp xúc, đối thoại; giúp Đảng ủy, UBND xã theo dõi, đôn đốc việc thực hiện kết luận sau "
                    "tiếp xúc, đổi thoại; báo cáo Thường trực Đảng ủy kết quả tổ chức hội nghị tiếp xúc, đổi thoại; "
                    "tham mưu kinh phí tổ chức hội nghị tiếp xúc đổi thoại theo quy định.",
                ),
                office(
                    "Các ban, phòng, ngành, đơn vị liên quan",
                    "tham mưu thực hiện tốt Kế hoạch. Căn cứ tình hình thực tiễn tổ chức các cuộc tiếp xúc, đổi "
                    "thoại đột xuất của Bí thư Đảng ủy, Chủ tịch UBND xã với Nhân dân (ngoài Kế hoạch này) khi cần "
                    "thiết; bố trí kinh phí tổ chức hội nghị tiếp xúc đổi thoại theo quy định.",
                ),
                office(
                    "Đề nghị các đồng chí ủy viên Ban Thường vụ Đảng ủy, trưởng vùng, trưởng điểm",
                    "trực tiếp theo dõi, đôn đốc, chỉ đạo việc triển khai thực hiện kế hoạch tại các xóm được phân "
                    "công phụ trách.",
                ),
                office(
                    "Cấp ủy, BCH các xóm",
                    "quán triệt, triển khai kế hoạch để Chi ủy, Ban Chỉ huy xóm, Ban Công tác Mặt trận, các chi "
                    "đoàn, chi hội và toàn thể Nhân dân tại xóm Hòa Bình biết chuẩn bị nội dung ý kiến để đổi thoại "
                    "trực tiếp tại hội nghị.",
                ),
                office(
                    "Ban Xây dựng Đảng, Văn phòng HĐND - UBND xã",
                    "tham mưu quán triệt, triển khai kế hoạch để các chủ doanh nghiệp hoạt động trên địa bàn xã "
                    "biết, chuẩn bị nội dung ý kiến để đổi thoại trực tiếp tại hội nghị.",
                ),
            ],
        ),
    ],
    closing=[
        "Trong quá trình tổ chức thực hiện, nếu có khó khăn, vướng mắc, yêu cầu báo cáo về Thường trực Đảng ủy xã "
        "(qua Ban Xây dựng Đảng) để xem xét giải quyết.",
    ],
    chairs=["Người đứng đầu cấp ủy, chính quyền xã"],
    secretaries=[],
    sessions=[
        SessionSpec(
            "hoa-binh",
            "Trước tháng 6/2026",
            venue="xóm Hòa Bình",
            audience="Nhân dân, cán bộ, đảng viên xóm Hòa Bình",
            wording="Trước tháng 6/2026: Đối thoại với Nhân dân, cán bộ, đảng viên xóm Hòa Bình.",
        ),
        SessionSpec(
            "doanh-nghiep",
            "Tháng 10/2026",
            audience=(
                "Cán bộ, nhân viên các hợp tác xã, các doanh nghiệp, các chủ cơ sở sản xuất, kinh doanh trên địa "
                "bàn xã"
            ),
            wording=(
                "Tháng 10/2026: Đối thoại với cán bộ, nhân viên các hợp tác xã, các doanh nghiệp, các chủ cơ sở sản "
                "xuất, kinh doanh trên địa bàn xã."
            ),
        ),
    ],
    groups=[
        Group(
            "Đối với hội nghị đối thoại tại xóm Hòa Bình gồm: Cán bộ, đảng viên và Nhân dân trên địa bàn xóm Hòa "
            "Bình.",
            GroupCategory.PARTICIPANTS,
            Style.PLUS,
            session="hoa-binh",
        ),
        Group(
            "Đối với hội nghị đối thoại với các hợp tác xã, một số doanh nghiệp gồm: Chủ nhiệm các hợp tác xã, Giám "
            "đốc một số doanh nghiệp, chủ cơ sở sản xuất, kinh doanh và một số thành phần khác có liên quan.",
            GroupCategory.PARTICIPANTS,
            Style.PLUS,
            session="doanh-nghiep",
        ),
        Group(
            "Đối với hội nghị đối thoại tại xóm Hòa Bình: Mời Ban Thường vụ Đảng ủy, HĐND, UBND, Ban Thường trực Ủy "
            "ban MTTQ, Ban Xây dựng Đảng, Văn phòng Đảng ủy, Văn phòng HĐND-UBND xã, Trưởng các phòng, ngành, tổ "
            "chức chính trị - xã hội xã, đại diện lãnh đạo các cơ quan liên quan hoạt động tại địa bàn như: Điện "
            "lực, Viễn thông, Thủy nông Nam, Rừng phòng hộ...; cán bộ công chức cấp xã; bí thư, xóm trưởng, Trưởng "
            "ban công tác Mặt trận xóm.",
            GroupCategory.INVITED,
            Style.PLUS,
            session="hoa-binh",
        ),
        Group(
            "Đối với hội nghị đối thoại với các hợp tác xã, doanh nghiệp, các chủ cơ sở sản xuất, kinh doanh: Ban "
            "Thường vụ Đảng ủy, HĐND, UBND, Ban Thường trực Ủy ban MTTQ, Ban Xây dựng Đảng, Văn phòng Đảng ủy, Văn "
            "phòng HĐND- UBND xã, Trưởng các phòng, ngành, MTTQ, các tổ chức chính trị - xã hội xã; cán bộ công chức "
            "một số phòng, ngành có liên quan.",
            GroupCategory.INVITED,
            Style.PLUS,
            session="doanh-nghiep",
        ),
    ],
    agenda=[
        dash(
            "Ổn định tổ chức; giới thiệu đại biểu, thành phần tham gia và chủ trì tiếp xúc, đối thoại; thông qua "
            "chương trình hội nghị."
        ),
        dash("Khai mạc hội nghị; quán triệt nguyên tắc trong đối thoại, trách nhiệm của các bên tham gia đối thoại."),
        dash("Đại diện lãnh đạo UBND xã báo cáo tóm tắt tình hình kinh tế, xã hội, quốc phòng an ninh thời gian qua."),
        dash(
            "Nhân dân, cán bộ, công chức, viên chức, người lao động, trao đổi, đối thoại những vấn đề chưa rõ và "
            "những vấn đề mới phát sinh cần được giải quyết."
        ),
        dash(
            "Chủ trì hội nghị trực tiếp giải trình hoặc phân công bộ phận liên quan giải trình các vấn đề Nhân dân "
            "nêu trực tiếp tại hội nghị. Hai bên có thể tiếp tục đối thoại những vấn đề giải trình chưa rõ, những "
            "vấn đề mới phát sinh sau đối thoại."
        ),
        dash(
            "Chủ trì hội nghị kết luận những nội dung đã đối thoại; những nội dung đã được giải quyết; những nội "
            "dung đang và sẽ giải quyết; các cơ quan có trách nhiệm trả lời và cam kết thời hạn trả lời."
        ),
        dash(
            "Phát phiếu lấy ý kiến hài lòng của Nhân dân, cán bộ, công chức, viên chức, người lao động tham gia đối "
            "thoại (khi cần)."
        ),
    ],
    rules=[
        Rule(
            "notice",
            "Ban hành thông báo kết luận hội nghị",
            Anchor.CONFERENCE,
            5,
            responsible_text="Chủ trì hội nghị",
        ),
        Rule(
            "acknowledge",
            "Trả lời bằng văn bản về quá trình xác minh, dự kiến thời gian giải quyết",
            Anchor.NOTICE,
            5,
            responsible_text="Các phòng, ban, ngành, cơ quan, đơn vị, BCH xóm được giao",
        ),
    ],
    recipients=[
        To("Ban Tuyên giáo và Dân vận Tỉnh ủy", RecipientNote.REPORT),
        To("Ủy viên BCH Đảng bộ xã"),
        To("Thường trực HĐND, UBND xã"),
        To("Ban Xây dựng Đảng"),
        To("MTTQ và các đoàn thể xã"),
        To("Các tổ chức Đảng trực thuộc"),
    ],
    archive_line="Lưu Văn phòng Đảng ủy.",
    sign_authority=Authority.TM,
    sign_on_behalf_of="BAN THƯỜNG VỤ",
    sign_position="PHÓ BÍ THƯ THƯỜNG TRỰC",
    signer_name="Lê Văn Sỹ",
)

SEEDS: dict[str, PlanSpec] = {spec.key: spec for spec in (SEED_000, SEED_002, SEED_004)}

# ---------------------------------------------------------------- loading


def _member(org: Organization | None, role: str):
    if org is None:
        return None
    membership = (
        Membership.objects.filter(organization=org, role=role).select_related("user").order_by("id").first()
    )
    return membership.user if membership else None


def _fill(plan: Plan, spec: PlanSpec, orgs: dict[str, Organization], *, template: bool) -> Plan:
    """Write the spec's records under `plan`, replacing what a previous run wrote."""

    def org(code: str | None) -> Organization | None:
        return None if template or code is None else orgs.get(code)

    leader = None if template else _member(plan.issuer, Role.LEADER)

    plan.legal_bases.all().delete()
    for order, text in enumerate(spec.legal_bases):
        LegalBasis.objects.create(plan=plan, order=order, text=text)

    plan.people.all().delete()
    people = [(PersonRole.CHAIR, d) for d in spec.chairs] + [(PersonRole.SECRETARY, d) for d in spec.secretaries]
    for order, (role, description) in enumerate(people):
        user = leader if role == PersonRole.CHAIR and spec.leader_chairs else None
        PlanPerson.objects.create(plan=plan, order=order, role=role, description=description, user=user)

    # Sessions are updated in place: conferences point at them (PROTECT).
    existing = list(plan.sessions.order_by("order", "id"))
    sessions: dict[str, Session] = {}
    for order, s in enumerate(spec.sessions):
        row = existing[order] if order < len(existing) else Session(plan=plan)
        row.order, row.window, row.venue, row.audience = order, s.window, s.venue, s.audience
        row.expected_attendance, row.wording, row.planned_date = s.expected_attendance, s.wording, None
        row.save()
        sessions[s.key] = row
    for row in existing[len(spec.sessions):]:
        if not row.conferences.exists():
            row.delete()

    plan.attendee_groups.all().delete()
    for order, g in enumerate(spec.groups):
        AttendeeGroup.objects.create(
            plan=plan,
            order=order,
            session=sessions.get(g.session) if g.session else None,
            category=g.category,
            style=g.style,
            text=g.text,
            expected_count=g.expected_count,
        )

    plan.agenda.all().delete()
    for order, step in enumerate(spec.agenda):
        AgendaItem.objects.create(plan=plan, order=order, style=step.style, text=step.text)

    # Deadline rules are matched by code, so anything that refers to a rule keeps it.
    plan.deadline_rules.exclude(code__in=[r.code for r in spec.rules]).delete()
    for order, r in enumerate(spec.rules):
        DeadlineRule.objects.update_or_create(
            plan=plan,
            code=r.code,
            defaults=dict(
                order=order,
                name=r.name,
                anchor=r.anchor,
                offset_days=r.offset_days,
                day_type=r.day_type,
                responsible_text=r.responsible_text,
                responsible_org=org(r.responsible_org),
            ),
        )

    plan.recipients.all().delete()
    for order, to in enumerate(spec.recipients):
        Recipient.objects.create(plan=plan, order=order, text=to.text, note=to.note, organization=org(to.org))

    plan.sections.all().delete()
    for s_order, section in enumerate(spec.sections):
        section_row = PlanSection.objects.create(plan=plan, order=s_order, heading=section.heading)
        for p_order, part in enumerate(section.parts):
            part_row = PlanPart.objects.create(
                section=section_row,
                order=p_order,
                kind=part.kind,
                heading=part.heading,
                heading_style=part.heading_style,
                numbered=part.numbered,
                organization=org(part.org),
            )
            PlanItem.objects.bulk_create(
                PlanItem(part=part_row, order=i_order, kind=item.kind, style=item.style, text=item.text)
                for i_order, item in enumerate(part.items)
            )
    return plan


def _plan_fields(spec: PlanSpec) -> dict:
    return dict(
        document_name="KẾ HOẠCH",
        preamble="\n".join(spec.preamble),
        closing="\n".join(spec.closing),
        archive_line=spec.archive_line,
        sign_authority=spec.sign_authority,
        sign_on_behalf_of=spec.sign_on_behalf_of,
        sign_deputy_authority=spec.sign_deputy_authority,
        sign_deputy_of=spec.sign_deputy_of,
        sign_position=spec.sign_position,
    )


@transaction.atomic
def load_seed_plan(spec: PlanSpec, orgs: dict[str, Organization]) -> Plan:
    issuer = orgs[spec.issuer]
    leader = _member(issuer, Role.LEADER)
    fields = dict(
        _plan_fields(spec),
        status=Status.APPROVED,
        header_parent=issuer.header_parent,
        header_issuer=issuer.header_name,
        number=None,
        symbol=issuer.abbreviation,
        place=issuer.place_name,
        issued_on=None,
        signer_name=spec.signer_name,
        signer=leader,
        created_by=_member(issuer, Role.STAFF),
    )
    # An issued document is frozen: a demo plan issued meanwhile is left alone and a new one is made.
    plan = (
        Plan.objects.filter(issuer=issuer, year=spec.year, is_template=False, subject=spec.subject)
        .exclude(status=Status.ISSUED)
        .order_by("id")
        .first()
    )
    if plan is None:
        plan = Plan(issuer=issuer, year=spec.year, subject=spec.subject)
    for name, value in fields.items():
        setattr(plan, name, value)
    plan.save()
    _fill(plan, spec, orgs, template=False)
    plan.transitions.all().delete()
    if leader is not None:
        PlanTransition.objects.create(
            plan=plan, from_status=Status.SUBMITTED, to_status=Status.APPROVED, by=leader, comment="Dữ liệu mẫu."
        )
    return plan


def load_seed_plans() -> dict[str, Plan]:
    """The three seed plans, approved and unnumbered (they print as DỰ THẢO), keyed "000", "002", "004"."""
    from dialogue.demo import load_organizations

    orgs = load_organizations()
    return {key: load_seed_plan(spec, orgs) for key, spec in SEEDS.items()}


# Every template watches the six deadlines of the work (deadlines.rules); where
# its seed names no rule for one, the law's default is added so a plan made
# from the template shows and can edit it.
def _law_rules() -> list[Rule]:
    return [Rule(r.code, r.name, r.anchor, r.offset_days, r.day_type) for r in LAW.values()]


@transaction.atomic
def load_template(spec: PlanSpec) -> Plan:
    """A template with the seed's structure; header and signer come from the issuer that uses it."""
    plan = Plan.objects.filter(is_template=True, template_kind=spec.template_kind, template_name=spec.template_name).first()
    if plan is None:
        plan = Plan(is_template=True, template_kind=spec.template_kind, template_name=spec.template_name)
    fields = dict(
        _plan_fields(spec),
        issuer=None,
        year=spec.year,
        status=Status.DRAFT,
        subject=spec.subject,
        header_parent="",
        header_issuer="",
        number=None,
        symbol="",
        place="",
        issued_on=None,
        signer_name="",
        signer=None,
    )
    for name, value in fields.items():
        setattr(plan, name, value)
    plan.save()
    have = {r.code for r in spec.rules}
    rules = spec.rules + [r for r in _law_rules() if r.code not in have]
    return _fill(plan, replace(spec, rules=rules), {}, template=True)


def load_templates() -> list[Plan]:
    """One template per kind of issuer: UBND from seed 002, HĐND from 000, party committee from 004."""
    return [load_template(SEEDS[key]) for key in ("002", "000", "004")]
