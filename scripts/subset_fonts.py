"""Make the document fonts: Liberation Serif cut down to what Vietnamese text needs.

    .venv/bin/python scripts/subset_fonts.py

Reads static/fonts/LiberationSerif-*.ttf and writes static/fonts/DoiThoaiSerif-*.ttf.
The printed documents (templates/documents/, static/css/documents.css) use only
these. Why a subset: WeasyPrint loads and subsets every font it embeds on every
render; a font of ~300 glyphs instead of 2,600 makes that several times cheaper
and keeps the PDF small. Why renamed: the SIL Open Font License reserves the
names "Liberation" and "Tinos", so a modified copy must carry another name (the
copyright and licence records stay); it also keeps fontconfig from confusing
our files with a system-wide Liberation Serif.

The kept characters: Basic Latin, Latin-1, Latin Extended-A, the Latin
Extended-B letters Vietnamese uses (Ơ ơ Ư ư), the combining marks (for text
typed in decomposed form), Latin Extended Additional (the precomposed
Vietnamese letters), general punctuation and the đồng sign. The glyph layout
features that place marks and kern pairs are kept; hinting is dropped (PDF
viewers do not use it).
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "static" / "fonts"
FAMILY = "DoiThoai Serif"
POSTSCRIPT_FAMILY = "DoiThoaiSerif"
STYLES = {
    "Regular": "Regular",
    "Bold": "Bold",
    "Italic": "Italic",
    "BoldItalic": "Bold Italic",
}

UNICODES: list[int] = [
    *range(0x0020, 0x007F),  # Basic Latin
    *range(0x00A0, 0x0100),  # Latin-1 Supplement (NBSP, «», °, ×…)
    *range(0x0100, 0x0180),  # Latin Extended-A (Ă ă Đ đ Ĩ ĩ Ũ ũ)
    0x01A0, 0x01A1, 0x01AF, 0x01B0,  # Ơ ơ Ư ư
    *range(0x0300, 0x0324),  # combining grave, acute, tilde, hook above … dot below
    *range(0x1EA0, 0x1F00),  # Latin Extended Additional (Vietnamese letters)
    *range(0x2010, 0x2028),  # dashes, quotes, bullet, ellipsis
    0x2030, 0x2039, 0x203A, 0x20AB, 0x20AC, 0x2116, 0x2122,  # ‰ ‹ › ₫ € № ™
]

# Text the output must cover, checked after subsetting.
PANGRAM = (
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc ĐẢNG CỘNG SẢN VIỆT NAM "
    "Ủy ban nhân dân xã Vĩnh Lâm; Hội đồng nhân dân huyện Kon Plông; Đảng ủy xã Nam Đàn "
    "ắằẳẵặ ấầẩẫậ ếềểễệ ốồổỗộ ớờởỡợ ứừửữự ỳýỷỹỵ ạảãàá ẹẻẽèé ịỉĩìí ọỏõòó ụủũùú “dân biết” … – —"
)


def _rename(font: TTFont, style: str) -> None:
    names = font["name"]
    full = f"{FAMILY} {STYLES[style]}"
    version = names.getDebugName(5) or ""
    for name_id in (1, 3, 4, 6, 7, 10, 16, 17, 18, 21, 22):
        names.removeNames(nameID=name_id)
    names.setName(FAMILY, 1, 3, 1, 0x409)
    names.setName(STYLES[style], 2, 3, 1, 0x409)
    names.setName(f"{full}; {version}; Vietnamese subset", 3, 3, 1, 0x409)
    names.setName(full, 4, 3, 1, 0x409)
    names.setName(f"{POSTSCRIPT_FAMILY}-{style}", 6, 3, 1, 0x409)
    names.setName(
        "Vietnamese subset of Liberation Serif 2.1.5 (SIL Open Font License 1.1), renamed as the licence "
        "requires for modified versions.",
        10,
        3,
        1,
        0x409,
    )
    # Only Windows-platform names: Mac-platform duplicates would keep the old names.
    names.names = [n for n in names.names if n.platformID == 3]
    if "CFF " in font:  # pragma: no cover - Liberation is TrueType
        raise SystemExit("expected TrueType outlines")
    font["post"].formatType = 2.0


def make(style: str) -> Path:
    source = FONTS / f"LiberationSerif-{style}.ttf"
    target = FONTS / f"{POSTSCRIPT_FAMILY}-{style}.ttf"
    options = subset.Options()
    options.layout_features = ["ccmp", "locl", "mark", "mkmk", "kern", "liga", "clig"]
    options.hinting = False
    options.desubroutinize = True
    options.notdef_outline = True
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.drop_tables += ["kern", "FFTM", "gasp", "DSIG"]  # GPOS carries the kerning
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=UNICODES)
    subsetter.subset(font)
    _rename(font, style)
    subset.save_font(font, str(target), options)
    check = TTFont(str(target))
    cmap = check.getBestCmap()
    missing = sorted({c for c in PANGRAM if ord(c) not in cmap})
    if missing:
        raise SystemExit(f"{target.name} lacks {missing}")
    return target


def main() -> int:
    for style in STYLES:
        path = make(style)
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size:,} bytes, "
              f"{len(TTFont(str(path)).getGlyphOrder())} glyphs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
