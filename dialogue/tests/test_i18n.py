"""Every English msgid the interface uses has a Vietnamese translation."""

import ast
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

ROOT = Path(settings.BASE_DIR)
SKIP_DIRS = {".venv", "var", "node_modules", ".git", "bench", "scripts"}
GETTEXT_FUNCS = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext", "pgettext_lazy"}

TRANSLATE_TAG = re.compile(r"""{%\s*(?:translate|trans)\s+(?P<q>["'])(?P<msg>.*?)(?P=q)(?P<rest>[^%]*)%}""", re.S)
BLOCK_TAG = re.compile(r"{%\s*(?:blocktranslate|blocktrans)(?P<args>[^%]*)%}(?P<body>.*?){%\s*end(?:blocktranslate|blocktrans)\s*%}", re.S)
TEMPLATE_UNDERSCORE = re.compile(r"""_\((?P<q>["'])(?P<msg>.*?)(?P=q)\)""")
VARIABLE = re.compile(r"{{\s*([\w.]+)\s*}}")


def project_files(pattern):
    for path in ROOT.rglob(pattern):
        if not SKIP_DIRS.intersection(path.relative_to(ROOT).parts):
            yield path


def python_msgids():
    for path in project_files("*.py"):
        if "migrations" in path.parts or "tests" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) in GETTEXT_FUNCS:
                args = node.args[1:] if getattr(node.func, "id", "").startswith("pgettext") else node.args
                if args and isinstance(args[0], ast.Constant) and isinstance(args[0].value, str):
                    yield args[0].value, path


def _block_msgid(args: str, body: str) -> list[str]:
    parts = re.split(r"{%\s*plural\s*%}", body)
    msgids = []
    for part in parts:
        part = VARIABLE.sub(lambda m: f"%({m.group(1)})s", part.replace("%", "%%").replace("%%(", "%("))
        if "trimmed" in args.split():
            part = " ".join(line.strip() for line in part.strip().splitlines() if line.strip())
        msgids.append(part)
    return msgids


def template_msgids():
    for path in project_files("*.html"):
        text = path.read_text(encoding="utf-8")
        for m in TRANSLATE_TAG.finditer(text):
            if "noop" not in m.group("rest"):
                yield m.group("msg"), path
        for m in BLOCK_TAG.finditer(text):
            for msgid in _block_msgid(m.group("args"), m.group("body")):
                yield msgid, path
        for m in TEMPLATE_UNDERSCORE.finditer(text):
            yield m.group("msg"), path


def catalogues():
    return [p for p in project_files("django.po") if "vi" in p.parts]


def translated_msgids():
    found = {}
    for po_path in catalogues():
        for entry in polib.pofile(str(po_path)):
            found[entry.msgid] = entry
    return found


def test_there_is_a_vietnamese_catalogue():
    assert (ROOT / "locale" / "vi" / "LC_MESSAGES" / "django.po").exists()


@pytest.mark.parametrize("po_path", catalogues(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_entry_is_translated(po_path):
    po = polib.pofile(str(po_path))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not untranslated, f"untranslated in {po_path}: {untranslated}"
    assert not fuzzy, f"fuzzy in {po_path}: {fuzzy}"


def test_every_msgid_in_the_code_is_in_a_catalogue():
    known = translated_msgids()
    used = {(msgid, str(path.relative_to(ROOT))) for source in (python_msgids(), template_msgids()) for msgid, path in source}
    missing = sorted((msgid, path) for msgid, path in used if msgid not in known or not known[msgid].msgstr)
    assert not missing, "msgids without a Vietnamese translation:\n" + "\n".join(f"{p}: {m!r}" for m, p in missing)


def test_the_compiled_catalogue_is_used():
    with translation.override("vi"):
        assert translation.gettext("Citizen dialogue") == "Tiếp xúc, đối thoại với Nhân dân"


def test_the_extractor_finds_what_it_should(tmp_path):
    body = "{% blocktranslate trimmed with n=x %}\n  Hello {{ n }},\n  100% sure\n{% endblocktranslate %}"
    m = BLOCK_TAG.search(body)
    assert _block_msgid(m.group("args"), m.group("body")) == ["Hello %(n)s, 100%% sure"]
