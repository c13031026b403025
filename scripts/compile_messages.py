"""Compile every locale/*/LC_MESSAGES/django.po to .mo with polib.

polib is pure Python, so set-up needs no GNU gettext on the machine.
"""

from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent


def po_files():
    for po in sorted(ROOT.glob("**/locale/*/LC_MESSAGES/django.po")):
        if ".venv" not in po.parts:
            yield po


def main() -> None:
    for po_path in po_files():
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
        print(f"compiled {po_path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
