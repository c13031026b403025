"""Text a public page prints from what citizens and offices wrote: the petition's
content, the chair's direction, the agency's answer.

The petitioner's contact details are never read for a public page, but people
type them into what they write ("liên hệ 0912 345 678", "gia đình ông Nguyễn Văn
An"). Before such text is printed, phone numbers and e-mail addresses are
replaced by a mark, and the petitioner's full name by the shortened one the page
shows anyway (dialogue.text.short_name).
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from dialogue.phones import hide_phones
from dialogue.text import short_name

EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+", re.UNICODE)


def public_text(text: str, full_name: str = "") -> str:
    """`text` as a public page may print it (see the module's docstring). What is stored is
    already composed (dialogue.middleware), so the text is matched as it is."""
    if not text:
        return ""
    if "@" in text:
        text = EMAIL.sub(_("(hidden)"), text)
    text = hide_phones(text, _("(hidden)"))
    parts = full_name.split()
    # The name is looked for only where its given name occurs: most texts do not name anyone.
    if len(parts) >= 2 and parts[-1].casefold() in text.casefold():
        pattern = r"(?<!\w)" + r"\s+".join(re.escape(part) for part in parts) + r"(?!\w)"
        text = re.sub(pattern, short_name(full_name), text, flags=re.IGNORECASE)
    return text
