"""Add or update Vietnamese translations in a catalogue: add_translations.py PO FILE.tsv

The TSV has one `msgid<TAB>msgstr` per line; `\\n` in either stands for a newline.
"""

import sys

import polib


def main(po_path: str, tsv_path: str) -> None:
    po = polib.pofile(po_path)
    for raw in open(tsv_path, encoding="utf-8"):
        if not raw.strip() or "\t" not in raw:
            continue
        msgid, msgstr = (part.replace("\\n", "\n") for part in raw.rstrip("\n").split("\t", 1))
        entry = po.find(msgid)
        if entry is None:
            po.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
        else:
            entry.msgstr = msgstr
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
    po.save()


if __name__ == "__main__":
    main(*sys.argv[1:3])
