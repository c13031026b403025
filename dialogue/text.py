"""Vietnamese text however it is typed.

The same word reaches us in several spellings that people read as one:

- composed (NFC, "ò" as one code point) or decomposed (NFD, "o" + U+0300), as
  some keyboards, macOS file names and copy-paste from PDFs deliver it;
- decomposed with the tone mark before the vowel mark ("ố" as o + acute +
  circumflex), which Unicode does not treat as the same text because both marks
  share a combining class;
- the old or the new tone placement ("hòa"/"hoà", "thủy"/"thuỷ", "khỏe"/"khoẻ"),
  both in official use;
- "Đ" typed as the Icelandic "Ð" (the two look the same; old code pages mix them)
  or simply as "D" on a keyboard without Vietnamese input;
- upper or lower case, doubled, non-breaking or zero-width spaces.

`nfc` is what we store: the text as typed, only composed (applied to every input at
the boundary, see dialogue/middleware.py). `spelling` is the key for "the same
spelling" (tone placement, case and spaces ignored, diacritics kept); `fold` is the
key for "the same word" where people are matched (diacritics dropped as well, so
"Hoa Binh" typed without accents still matches). Neither key is ever shown.
"""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Tone marks (dấu thanh) and vowel-quality marks (â ê ô, ă, ơ ư).
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_QUALITY = {"\u0302", "\u0306", "\u031b"}
# Invisible characters that split or glue words when pasted from Word or the web.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
# Look-alikes of Đ/đ: the Icelandic eth and the African D (same glyph in most fonts).
_D_LOOKALIKES = str.maketrans({"\u00d0": "\u0110", "\u0189": "\u0110", "\u00f0": "\u0111"})
_WORD = re.compile(r"\w+", re.UNICODE)
_SPACES = re.compile(r"\s+", re.UNICODE)
_VOWELS = set("aeiouyăâêôơư")


def nfc(text):
    """The text in composed form (NFC), with the marks of each letter in Vietnamese
    order (vowel mark, then tone) and Đ look-alikes replaced; None and non-strings
    are returned unchanged. Nothing else is changed: this is what we store."""
    if not isinstance(text, str) or not text:
        return text
    if text.isascii():
        return text
    text = text.translate(_D_LOOKALIKES)
    decomposed = unicodedata.normalize("NFD", text)
    if any(ch in _TONES for ch in decomposed):
        decomposed = _marks_in_order(decomposed)
    return unicodedata.normalize("NFC", decomposed)


def _marks_in_order(decomposed: str) -> str:
    """Within each run of combining marks, vowel marks before tone marks, so that
    o + acute + circumflex and o + circumflex + acute both compose to "ố"."""
    out: list[str] = []
    run: list[str] = []
    for ch in decomposed:
        if unicodedata.combining(ch):
            run.append(ch)
            continue
        if run:
            out.extend(sorted(run, key=lambda m: m in _TONES))
            run = []
        out.append(ch)
    out.extend(sorted(run, key=lambda m: m in _TONES))
    return "".join(out)


def clean(text) -> str:
    """nfc, invisible characters removed, runs of spaces as one space, trimmed."""
    text = nfc(text or "")
    return _SPACES.sub(" ", text.translate(_INVISIBLE)).strip()


def _syllable_new_style(word: str) -> str:
    """One lower-case NFD word with its tone mark moved to the new-style position
    ("hòa" -> "hoà", "thủy" -> "thuỷ"): the same word whichever placement was typed."""
    tone = next((ch for ch in word if ch in _TONES), None)
    if tone is None:
        return word
    bare = "".join(ch for ch in word if ch not in _TONES)
    letters = unicodedata.normalize("NFC", bare)  # one code point per letter: ô, ơ, ư…
    # The vowel nucleus: the first run of vowels, where "u" after "q" and "i" after
    # "g" before another vowel belong to the initial consonant ("qua", "gia").
    start = next((i for i, ch in enumerate(letters) if ch in _VOWELS), None)
    if start is None:
        return word
    if start > 0 and (
        (letters[start - 1] == "q" and letters[start] == "u")
        or (letters[start - 1] == "g" and letters[start] == "i")
    ) and start + 1 < len(letters) and letters[start + 1] in _VOWELS:
        start += 1
    end = start
    while end < len(letters) and letters[end] in _VOWELS:
        end += 1
    nucleus = letters[start:end]
    marked = [i for i, ch in enumerate(nucleus) if ch in "ăâêôơư"]
    if marked:
        at = marked[-1]  # "ươ": on the ơ
    elif len(nucleus) == 1:
        at = 0
    elif end < len(letters):  # a final consonant: the last vowel ("hoàn", "toán")
        at = len(nucleus) - 1
    elif len(nucleus) == 2:  # open syllables: "oa", "oe", "uy" carry it on the second
        at = 1 if nucleus in ("oa", "oe", "uy") else 0
    else:  # "oai", "uya", "oay": the middle vowel
        at = 1
    index = start + at
    return unicodedata.normalize("NFD", letters[: index + 1] + tone + letters[index + 1 :])


def spelling(text) -> str:
    """A key equal for the spellings of the same words: composed or decomposed,
    old or new tone placement, any case or spacing ("Xóm  Hòa Bình" == "xóm hoà bình");
    diacritics count, so "Hoà" and "Hóa" differ."""
    decomposed = unicodedata.normalize("NFD", clean(text).casefold())
    return unicodedata.normalize("NFC", " ".join(_syllable_new_style(w) for w in decomposed.split(" ") if w))


def unaccent(text) -> str:
    """The text without Vietnamese diacritics ("đ" as "d"), case and punctuation
    kept, spaces made single: "Nơi nhận:" -> "Noi nhan:"."""
    text = clean(text).replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold(text) -> str:
    """Lower case without diacritics, words separated by one space ("Đất  đai" ->
    "dat dai"): equal for every spelling `spelling` accepts and also for the word
    typed without accents or with "d" for "đ". The matching key for people,
    places and headings; stored as Petition.name_key/content_key/address_key."""
    return " ".join(_WORD.findall(unaccent(text).casefold()))


def initial(word: str) -> str:
    """The first letter of a word with its diacritics, upper case ("ánh" -> "Á")."""
    word = nfc(word or "")
    return word[:1].upper()


def short_name(name) -> str:
    """"Nguyễn Văn Ánh" -> "Nguyễn V. Á.": the family name, then initials that keep
    their diacritics (Á is not A: the public page must not rename the citizen)."""
    parts = clean(name).split()
    if not parts:
        return ""
    if len(parts) == 1:
        return initial(parts[0]) + "."
    return " ".join([parts[0], *(initial(p) + "." for p in parts[1:])])


def person_name(user) -> str:
    """A user's name as Vietnamese write it, family name first ("Trần Thị Hoa"): the
    family and middle names are in last_name, the given name in first_name. Django's
    own get_full_name() prints first_name first; dialogue.apps puts this in its place
    so every page, form and the admin print the order the documents print."""
    name = " ".join(filter(None, [clean(user.last_name), clean(user.first_name)]))
    return name or user.get_username()


# Anything that starts like a tag: "<b", "</", "<!--", "<?".
MARKUP = re.compile(r"<\s*[a-zA-Z!/?]")


def plain_text(value: str) -> None:
    if MARKUP.search(value or ""):
        raise ValidationError(
            _("Please write plain text: markup such as <b> or <script> is not accepted."), code="markup"
        )
    if any(unicodedata.category(ch) == "Cc" and ch not in "\n\r\t" for ch in value or ""):
        raise ValidationError(_("The text contains characters that cannot be saved."), code="control")
