from pathlib import Path

import polib
from django.utils import translation

PO = Path(__file__).resolve().parent.parent / "locale" / "vi" / "LC_MESSAGES" / "django.po"


def test_every_msgid_is_translated_and_compiled():
    po = polib.pofile(str(PO))
    untranslated = [e.msgid for e in po.untranslated_entries()] + [e.msgid for e in po.fuzzy_entries()]
    assert untranslated == []
    assert PO.with_suffix(".mo").stat().st_mtime >= PO.stat().st_mtime


def test_conference_words_are_ours():
    with translation.override("vi"):
        assert translation.gettext("Change history") == "Lịch sử"
        assert translation.gettext("Announce anyway") == "Vẫn thông báo"
