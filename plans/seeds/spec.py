"""The seed plans' records as the office typed them, read from this package's JSON files
(one per seed: 000.json, 002.json, 004.json). A field left out takes the default below."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields, is_dataclass
from pathlib import Path
from typing import get_args, get_type_hints

from deadlines.rules import DayType
from dialogue.letterhead import Authority

from ..models import GroupCategory, HeadingStyle, ItemKind, PartKind, RecipientNote, Style

DATA = Path(__file__).resolve().parent



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


def _build(cls, data):
    """A dataclass from its JSON form, nested lists of dataclasses included."""
    hints = get_type_hints(cls)
    values = {}
    for f in fields(cls):
        if f.name not in data:
            continue
        value, hint = data[f.name], hints[f.name]
        inner = [a for a in get_args(hint) if is_dataclass(a)]
        if inner and isinstance(value, list):
            value = [_build(inner[0], v) for v in value]
        values[f.name] = value
    return cls(**values)


def load_spec(key: str) -> PlanSpec:
    with open(DATA / f"{key}.json", encoding="utf-8") as handle:
        return _build(PlanSpec, json.load(handle))
