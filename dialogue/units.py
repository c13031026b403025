"""Organisations from the official list of administrative units after the 2025
reform (two levels: 34 provinces and centrally run cities, and their 3,321
communes, wards and special zones), as the `vietnam-provinces` package carries
it: one body per unit (the People's Committee, and on request the People's
Council and the Party committee), under the province's own body, with the
header lines and place name its documents print.

Idempotent: each organisation's code comes from the unit's official code
(ubnd-vinh-lam-19201), so running again finds the rows it made and changes
only what differs (a renamed unit); nothing else is touched.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.text import slugify

from .models import Organization
from .text import fold, unaccent

Kind = Organization.Kind
Level = Organization.Level
Fmt = Organization.DocumentFormat

BODIES = ("ubnd", "hdnd", "party")
FIELDS = ("name", "parent", "kind", "level", "header_parent", "header_name", "abbreviation", "place_name",
          "document_format")


@dataclass(frozen=True)
class Unit:
    """A unit as the documents name it: "xã" and "Vĩnh Lâm", or "tỉnh" and "Quảng Trị"."""

    code: int
    type_word: str  # tỉnh, thành phố, xã, phường, đặc khu
    place: str
    codename: str

    @property
    def full(self) -> str:
        return f"{self.type_word} {self.place}"


def _split(name: str, division_type: str) -> tuple[str, str]:
    """("thành phố", "Hà Nội") from "Thành phố Hà Nội"; ("tỉnh", "Quảng Trị") from "Quảng Trị"."""
    words = {"thành phố trung ương": "thành phố"}.get(division_type, division_type)
    if name.lower().startswith(words + " "):
        return words, name[len(words) + 1:].strip()
    return words, name.strip()


def province_unit(province) -> Unit:
    word, place = _split(province.name, province.division_type.value)
    return Unit(int(province.code), word, place, province.codename)


def ward_unit(ward) -> Unit:
    word, place = _split(ward.name, ward.division_type.value)
    return Unit(int(ward.code), word, place, ward.codename)


def find_province(wanted: str):
    """A province by its official code (44), its codename (quang_tri) or its name, accents and case aside."""
    from vietnam_provinces import Province

    text = wanted.strip()
    for province in Province.iter_all():
        unit = province_unit(province)
        if text.isdigit() and int(text) == unit.code:
            return province
        if fold(text).replace("_", " ") in {fold(province.codename).replace("_", " "), fold(province.name), fold(unit.place)}:
            return province
    return None


def _slug(body: str, unit: Unit) -> str:
    return f"{body}-{slugify(unaccent(unit.place))}-{unit.code}"[:64]


def province_values(body: str, unit: Unit) -> dict:
    upper = unit.full.upper()
    if body == "ubnd":
        return dict(name=f"Ủy ban nhân dân {unit.full}", kind=Kind.PEOPLES_COMMITTEE, header_parent="",
                    header_name=f"ỦY BAN NHÂN DÂN\n{upper}", abbreviation="UBND", document_format=Fmt.STATE)
    if body == "hdnd":
        return dict(name=f"Hội đồng nhân dân {unit.full}", kind=Kind.PEOPLES_COUNCIL, header_parent="",
                    header_name=f"HỘI ĐỒNG NHÂN DÂN\n{upper}", abbreviation="HĐND", document_format=Fmt.STATE)
    city = unit.type_word == "thành phố"
    committee = "THÀNH ỦY" if city else "TỈNH ỦY"
    return dict(name=f"Đảng bộ {unit.full}", kind=Kind.PARTY_COMMITTEE, header_parent="",
                header_name=f"{committee} {unit.place.upper()}", abbreviation="ThU" if city else "TU",
                document_format=Fmt.PARTY)


def commune_values(body: str, unit: Unit, province: Unit) -> dict:
    upper = unit.full.upper()
    if body == "ubnd":
        return dict(name=f"Ủy ban nhân dân {unit.full}", kind=Kind.PEOPLES_COMMITTEE,
                    header_parent=f"UBND {province.full.upper()}", header_name=f"ỦY BAN NHÂN DÂN\n{upper}",
                    abbreviation="UBND", document_format=Fmt.STATE)
    if body == "hdnd":
        return dict(name=f"Hội đồng nhân dân {unit.full}", kind=Kind.PEOPLES_COUNCIL, header_parent="",
                    header_name=f"HỘI ĐỒNG NHÂN DÂN\n{upper}", abbreviation="HĐND", document_format=Fmt.STATE)
    return dict(name=f"Đảng ủy {unit.full}", kind=Kind.PARTY_COMMITTEE,
                header_parent=f"ĐẢNG BỘ {province.full.upper()}", header_name=f"ĐẢNG ỦY {upper}",
                abbreviation="ĐU", document_format=Fmt.PARTY)


@dataclass
class Tally:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def _put(code: str, values: dict, tally: Tally) -> Organization:
    existing = Organization.objects.filter(code=code).first()
    if existing is None:
        tally.created += 1
        return Organization.objects.create(code=code, **values)
    changed = [name for name in FIELDS if getattr(existing, name) != values[name]]
    if changed:
        for name in changed:
            setattr(existing, name, values[name])
        existing.save()
        tally.updated += 1
    else:
        tally.unchanged += 1
    return existing


@transaction.atomic
def load_province(province, *, bodies=("ubnd",)) -> Tally:
    """Create or update the province's bodies and every commune's beneath them."""
    from vietnam_provinces import Ward

    tally = Tally()
    top = province_unit(province)
    wards = sorted((ward_unit(w) for w in Ward.iter_by_province(province.code)), key=lambda u: u.code)
    for body in bodies:
        head = _put(_slug(body, top), {**province_values(body, top), "parent": None, "level": Level.PROVINCE,
                                       "place_name": top.place}, tally)
        for unit in wards:
            _put(_slug(body, unit), {**commune_values(body, unit, top), "parent": head, "level": Level.COMMUNE,
                                     "place_name": unit.place}, tally)
    return tally
