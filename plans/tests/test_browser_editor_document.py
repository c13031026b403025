"""The plan editor as a document, driven in Chromium: seed 002 typed from a blank
plan within the limits (at most 15 saves, one page load), what was typed survives
a failed save and a reload, paste makes several items, the page passes axe.

The typist counts what a person would do (keys pressed, characters typed,
clicks and choices in a list) so the report can compare it with the old editor.
"""

from __future__ import annotations

import json
import re

import pytest

from dialogue.testing.shots import shots_dir
from dialogue.models import Role
from dialogue.testing.factories import member
from plans.documents import build_document
from plans.models import GroupCategory, HeadingStyle, ItemKind, PartKind, Plan, Style

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = shots_dir("editor")
VIOLATIONS = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => n.target.join(" "))}));
}"""


def blank_plan(issuer, by, year=2024) -> Plan:
    """A blank draft as the blank-plan service makes it: the issuer's header, nothing else."""
    return Plan.objects.create(
        issuer=issuer,
        year=year,
        subject="",
        header_parent=issuer.header_parent,
        header_issuer="\n".join(issuer.header_lines),
        symbol=issuer.abbreviation,
        place=issuer.place_name,
        created_by=by,
    )


class Typist:
    """Types into the page as a person would, and counts it."""

    def __init__(self, page):
        self.page = page
        self.keys = 0  # characters typed and keys pressed
        self.clicks = 0  # clicks, including choosing in a list (two: open it, pick)

    def type(self, text: str):
        """Type text: markers key by key (they change the line), the words at once (as fast typing
        or an input method commits them; one key per character is counted all the same)."""
        if len(text) <= 3:
            self.page.keyboard.type(text)
        else:
            self.page.keyboard.insert_text(text)
        self.keys += len(text)

    def press(self, key: str, times: int = 1):
        for _ in range(times):
            self.page.keyboard.press(key)
            self.keys += 1

    def click(self, selector: str):
        self.page.click(selector)
        self.clicks += 1

    def focus_end(self, selector: str):
        """Click into a field and put the caret at its end."""
        self.click(selector)
        self.press("End")

    def choose(self, selector: str, value: str):
        self.page.select_option(selector, value)
        self.clicks += 2

    def tool(self, name: str, value: str):
        """Set a property of the current line in the toolbar, then go back to the line (Esc)."""
        self.choose(f"#tool-{name}", value)
        self.press("Escape")


def current_key(page) -> str:
    return page.evaluate("document.activeElement.dataset.key")


def wait_saved(page):
    try:
        page.wait_for_function("() => !window.planEditor.isDirty()", timeout=30_000)
    except Exception:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "failed.png"), full_page=True)
        raise AssertionError(page.evaluate("document.getElementById('save-status').textContent + ' ' + "
                                           "Array.from(document.querySelectorAll('.invalid-feedback')).map(e => e.id + ': ' + e.textContent).join(' | ')"))
    page.wait_for_function("() => document.getElementById('save-status').textContent.startsWith('Đã lưu')")


def shape(doc):
    """What a reader sees of a plan: every printed line, in order."""
    return {
        "header": (doc.header_parent, doc.header_issuer, doc.symbol, doc.name, doc.subject),
        "bases": doc.legal_bases,
        "preamble": doc.preamble,
        "sections": [
            (s.number, s.heading, [(p.heading_text, [line.full_text for line in p.lines]) for p in s.parts])
            for s in doc.sections
        ],
        "closing": doc.closing,
        "recipients": doc.recipients,
        "signature": (doc.signature_lines, doc.signer_name),
    }


PART_TOOLS = {HeadingStyle.COLON: "colon", HeadingStyle.RUN_IN: "run_in"}


def type_items(t: Typist, items, style_now: str):
    """Type a part's items: a typed marker where the style changes; anchors through the toolbar."""
    for index, item in enumerate(items):
        if index:
            t.press("Enter")
        if item.kind != ItemKind.TEXT:
            t.tool("kind", item.kind)
            if item.style != Style.DASH:
                t.tool("style", item.style)
            t.type(item.text)
            yield item
            style_now = item.style
            continue
        marker = {Style.DASH: "- ", Style.PLUS: "+ ", Style.STAR: "* ", Style.NUMBERED: "1. "}.get(item.style)
        if item.style != style_now:
            if marker:
                t.type(marker)
            else:
                t.tool("style", item.style)
            style_now = item.style
        t.type(item.text)


def type_list(t: Typist, rows, style_now=Style.DASH):
    """Lines of a structured list (groups, agenda): Enter between them, a marker where the style changes."""
    for index, row in enumerate(rows):
        if index:
            t.press("Enter")
        if row.style != style_now:
            marker = {Style.DASH: "- ", Style.PLUS: "+ ", Style.STAR: "* "}.get(row.style)
            if marker:
                t.type(marker)
            else:
                t.tool("style", row.style)
            style_now = row.style
        t.type(row.text)


def test_seed_002_typed_from_a_blank_plan(page, login, settings):
    from dialogue.demo import load_organizations
    from plans.seeds import SEEDS, load_seed_plan

    spec = SEEDS["002"]
    orgs = load_organizations()
    issuer = orgs[spec.issuer]
    staff = member(issuer, Role.STAFF, username="vanphong_test")
    reference = shape(build_document(load_seed_plan(spec, orgs)))
    plan = blank_plan(issuer, staff, year=spec.year)

    login(staff)
    saves, loads = [], []
    page.on("request", lambda r: saves.append(r) if r.method == "POST" and r.url.endswith("/sua/luu/") else None)
    page.on("request", lambda r: loads.append(r.url) if r.resource_type == "document" else None)
    page.goto(f"{page.base_url}/ke-hoach/{plan.pk}/sua/")
    page.wait_for_selector("#plan-doc .line-body textarea")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "editor-blank-1280.png"), full_page=True)
    t = Typist(page)

    # The deadline rules the text names as [[code]].
    for rule in spec.rules:
        t.click("[data-add=rules]")
        key = current_key(page)
        t.type(rule.code)
        t.click(f"#f-{key}-name")
        t.type(rule.name)
        if rule.anchor != "conference":
            t.choose(f"#f-{key}-anchor", rule.anchor)
        t.click(f"#f-{key}-days")
        t.press("Control+a")
        t.type(str(abs(rule.offset_days)))
        if rule.offset_days < 0:
            t.choose(f"#f-{key}-direction", "before")
        t.click(f"#f-{key}-responsible_text")
        t.type(rule.responsible_text)

    # Subject, legal bases, opening paragraph.
    t.click("#f-plan-subject")
    t.type(spec.subject)
    t.click(".line-bases textarea")
    for index, basis in enumerate(spec.legal_bases):
        if index:
            t.press("Enter")
        t.type(basis)
    t.click(".line-preamble textarea")
    t.type("\n".join(spec.preamble).replace("\n", ""))

    # The body: sections, parts, items, with the structured lists where their anchors print.
    t.click(".line-body textarea")
    for s_index, section in enumerate(spec.sections):
        if s_index:
            t.press("Enter", 3)  # an empty item steps out to a part, an empty part to a section
        t.type(section.heading)
        t.press("Enter")  # a part
        for p_index, part in enumerate(section.parts):
            if p_index:
                t.press("Enter", 2)  # new item, then out to a part
            if not part.heading and not part.numbered:
                # Lines right under the section: a part without heading or number holds them.
                t.tool("part-kind", part.kind)
                t.click("#tool-numbered")
                t.press("Escape")
                t.press("Enter")
                for _ in type_items(t, part.items, Style.DASH):
                    pass
                continue
            t.type(part.heading)
            if part.kind != PartKind.TEXT:
                t.tool("part-kind", part.kind)
            if part.heading_style != HeadingStyle.LINE:
                t.tool("heading-style", part.heading_style)
            if part.org:
                t.tool("office", str(orgs[part.org].pk))
            if not part.items:
                continue
            t.press("Enter")
            for anchor in type_items(t, part.items, Style.DASH):
                label_key = current_key(page)
                t.press("ArrowDown")  # into the list printed there
                if anchor.kind == ItemKind.CHAIRS:
                    for index, chair in enumerate(spec.chairs):
                        if index:
                            t.press("Enter")
                        t.type(chair)
                    t.focus_end(f"#f-{label_key}-text")
                elif anchor.kind in (ItemKind.INVITED, ItemKind.PARTICIPANTS):
                    type_list(t, [g for g in spec.groups if g.category == anchor.kind])
                    t.focus_end(f"#f-{label_key}-text")
                elif anchor.kind == ItemKind.AGENDA:
                    type_list(t, spec.agenda)
                    t.focus_end(f"#f-{label_key}-text")
                elif anchor.kind == ItemKind.SESSIONS:
                    for session in spec.sessions:
                        t.click("[data-add=sessions]")
                        key = current_key(page)
                        t.type(session.window)
                        for name in ("venue", "expected_attendance", "audience", "wording"):
                            value = getattr(session, name)
                            if value:
                                t.click(f"#f-{key}-{name}")
                                t.type(str(value))
                    t.focus_end(f"#f-{label_key}-text")

    # Closing, recipients and signature.
    t.click(".line-closing textarea")
    t.type("".join(spec.closing))
    t.click(".line-recipients textarea")
    for index, to in enumerate(spec.recipients):
        if index:
            t.press("Enter")
        t.type(to.text)
        if to.note:
            key = current_key(page)
            t.choose(f"#f-{key}-note", to.note)
            t.focus_end(f"#f-{key}-text")
    t.click("#f-plan-archive_line")
    t.press("Control+a")
    t.type(spec.archive_line)
    for name in ("sign_on_behalf_of", "sign_position", "signer_name"):
        t.click(f"#f-plan-{name}")
        t.type(getattr(spec, name))

    wait_saved(page)
    plan.refresh_from_db()
    typed = shape(build_document(Plan.objects.get(pk=plan.pk)))
    assert typed == reference, page.evaluate(
        "JSON.stringify(window.planEditor.state().lists.body.map(n => [n.level, n.style, n.kind, n.numbered, (n.text || '').slice(0, 20)]))")

    # The records the system acts on are records, as the seed makes them.
    parts = [(p.heading, p.kind, p.heading_style, p.numbered, p.organization_id)
             for s in plan.sections.all() for p in s.parts.all()]
    expected = [(p.heading, p.kind, p.heading_style, p.numbered, orgs[p.org].pk if p.org else None)
                for s in spec.sections for p in s.parts]
    assert parts == expected
    session = plan.sessions.get()
    assert (session.window, session.venue, session.expected_attendance) == ("cuối quý III", "Hội trường UBND xã", 150)
    assert [(g.category, g.style, g.text) for g in plan.attendee_groups.all()] == sorted(
        [(g.category, g.style, g.text) for g in spec.groups], key=lambda g: g[0] != GroupCategory.INVITED)
    assert sorted(plan.deadline_rules.values_list("code", "offset_days")) == sorted((r.code, r.offset_days) for r in spec.rules)
    assert plan.people.get().description == "Chủ tịch UBND xã"

    assert len(loads) == 1, loads
    assert len(saves) <= 15, len(saves)
    report = {"saves": len(saves), "page_loads": len(loads), "keys": t.keys, "clicks": t.clicks,
              "characters_of_text": sum(len(x) for x in _texts(spec))}
    SHOTS.mkdir(parents=True, exist_ok=True)
    (SHOTS / "seed-002-measure.json").write_text(json.dumps(report))
    print("MEASURE", json.dumps(report))
    page.add_script_tag(url="/static/vendor/axe/axe.min.js")  # from the site: the CSP allows it
    for width in (1280, 820, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.evaluate("window.scrollTo(0, 0)")
        page.wait_for_timeout(300)  # the fields are measured again after a resize
        clipped = page.evaluate("""Array.from(document.querySelectorAll('#plan-doc textarea.grow'))
            .filter(e => e.scrollHeight > e.clientHeight + 4).map(e => e.id)""")
        assert clipped == [], (width, clipped)
        page.screenshot(path=str(SHOTS / f"editor-seed002-{width}.png"), full_page=True)
        violations = page.evaluate(VIOLATIONS)
        assert violations == [], (width, json.dumps(violations, ensure_ascii=False))


def _texts(spec):
    yield spec.subject
    yield from spec.legal_bases
    yield from spec.preamble
    for s in spec.sections:
        yield s.heading
        for p in s.parts:
            yield p.heading
            yield from (i.text for i in p.items)
    yield from spec.closing
    yield from spec.chairs
    yield from (g.text for g in spec.groups)
    yield from (a.text for a in spec.agenda)
    yield from (r.text for r in spec.recipients)
