"""The text a new BÁO CÁO starts from, in Vietnamese as the office writes it:
its subject, the results paragraph written from the figures, a first line of
assessment, the recipients and the signature block. The office edits all of it
before submitting; only the results paragraph is written again when the figures
are counted again."""

from __future__ import annotations

from dialogue.models import Membership, Organization, Role
from dialogue.text import person_name

from .figures import Figures
from .periods import Period
from .rows import SOURCE_LABELS
from .snapshot import Snapshot

LEVEL_WORD = {
    Organization.Level.COMMUNE: "xã",
    Organization.Level.DISTRICT: "huyện",
    Organization.Level.PROVINCE: "tỉnh",
}

# How each source reads inside a sentence.
SOURCE_PHRASES = {
    "online": "đăng ký trực tuyến",
    "slip": "qua phiếu đăng ký",
    "conference": "phát biểu tại hội nghị",
    "front": "do Mặt trận Tổ quốc tổng hợp",
    "writing": "gửi bằng văn bản",
}


def number(value) -> str:
    """"1.234" as Vietnamese writes thousands; "12,5" for a half."""
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    return f"{value:,}".replace(",", ".")


def default_subject(period: Period) -> str:
    return f"Kết quả tổ chức tiếp xúc, đối thoại trực tiếp với Nhân dân {period.label}"


def _trend(name: str, current: int, previous: int) -> str:
    if current == previous:
        return f"{name} bằng kỳ trước ({number(current)})"
    word = "tăng" if current > previous else "giảm"
    return f"{name} {word} {number(abs(current - previous))} (kỳ trước {number(previous)})"


def results_text(organization: Organization, period: Period, snap: Snapshot, *, with_units: bool) -> str:
    """The results paragraphs, every number taken from the snapshot."""
    f: Figures = snap.current
    who = organization.name
    if with_units:
        who += f" và {number(len(snap.units) - 1)} đơn vị trực thuộc" if len(snap.units) > 1 else ""
    first = (
        f"Trong {period.label}, {who} đã tổ chức {number(f.conferences)} hội nghị tiếp xúc, đối thoại trực tiếp "
        f"với Nhân dân (định kỳ {number(f.periodic)}, đột xuất {number(f.extra)}), với {number(f.participants)} "
        f"lượt người tham dự ({number(f.participants_named)} người điểm danh theo tên, "
        f"{number(f.participants_counted)} người được đếm tại cửa)."
    )
    sources = [f"{SOURCE_PHRASES.get(key, str(SOURCE_LABELS.get(key, key)).lower())} {number(count)}"
               for key, count in f.by_source.items() if count]
    second = f"Đã tiếp nhận {number(f.petitions)} ý kiến, kiến nghị của Nhân dân"
    second += f" ({'; '.join(sources)})." if sources else "."
    if f.by_field:
        top = f.by_field[0]
        name = top[1] or "chưa phân loại lĩnh vực"
        second += f" Nhiều nhất thuộc lĩnh vực {name.lower() if top[1] else name} ({number(top[2])} ý kiến)."
    share = f" ({f.answered_share}%)" if f.answered_share is not None else ""
    third = (
        f"Kết quả giải quyết: đã trả lời trực tiếp tại hội nghị {number(f.answered)} ý kiến{share}; "
        f"giao cơ quan chuyên môn giải quyết {number(f.assigned)} ý kiến, trong đó đã giải quyết đúng hạn "
        f"{number(f.on_time)}, quá hạn {number(f.late)}, đang giải quyết {number(f.open)} "
        f"(gia hạn {number(f.extended)}); chuyển cấp có thẩm quyền {number(f.referred)} ý kiến"
    )
    third += f"; còn {number(f.awaiting)} ý kiến chờ kết luận." if f.awaiting else "."
    parts = [first, second, third]
    if f.median_days is not None:
        parts.append(
            f"Thời gian giải quyết (trung vị) là {number(f.median_days)} ngày làm việc; 90% số ý kiến được giải quyết "
            f"trong {number(f.p90_days)} ngày làm việc. Có {number(f.satisfied)} lượt công dân hài lòng và "
            f"{number(f.unsatisfied)} lượt chưa hài lòng với kết quả giải quyết."
        )
    elif f.satisfied or f.unsatisfied:
        parts.append(
            f"Có {number(f.satisfied)} lượt công dân hài lòng và {number(f.unsatisfied)} lượt chưa hài lòng với kết quả giải quyết."
        )
    p = snap.previous
    parts.append(
        f"So với {snap.previous_label}: {_trend('số hội nghị', f.conferences, p.conferences)}; "
        f"{_trend('số ý kiến, kiến nghị', f.petitions, p.petitions)}."
    )
    return "\n".join(parts)


def default_assessment(snap: Snapshot) -> str:
    f = snap.current
    parts = []
    if f.answered_share is not None:
        parts.append(f"Tỷ lệ ý kiến, kiến nghị được trả lời ngay tại hội nghị đạt {f.answered_share}%")
    if f.on_time_share is not None:
        parts.append(f"tỷ lệ giải quyết đúng hạn đạt {f.on_time_share}%")
    if not parts:
        return ""
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."


def default_recipients(organization: Organization) -> str:
    parent = organization.parent
    lines = []
    if parent is not None:
        lines.append(f"{parent.name} (b/c)")
    lines.append(" ".join(filter(None, ["Ủy ban MTTQ Việt Nam", LEVEL_WORD.get(organization.level, ""),
                                        organization.place_name])))
    return "\n".join(lines)


def default_signature(organization: Organization) -> dict:
    """The usual signature block of the issuer, signed by its first leader."""
    if organization.is_party:
        values = {"sign_authority": "TM", "sign_on_behalf_of": "BAN THƯỜNG VỤ", "sign_position": "BÍ THƯ"}
    elif organization.kind == Organization.Kind.PEOPLES_COUNCIL:
        values = {"sign_authority": "TM", "sign_on_behalf_of": "THƯỜNG TRỰC HĐND", "sign_position": "CHỦ TỊCH"}
    else:
        values = {"sign_authority": "TM", "sign_on_behalf_of": "ỦY BAN NHÂN DÂN", "sign_position": "CHỦ TỊCH"}
    leader = (
        Membership.objects.filter(organization=organization, role=Role.LEADER, user__is_active=True)
        .select_related("user").order_by("pk").first()
    )
    if leader is not None:
        values["signer_name"] = person_name(leader.user)
    return values
