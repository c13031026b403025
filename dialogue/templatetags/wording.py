from django import template

from dialogue.wording import shorten_keeping_tail

register = template.Library()


@register.filter
def short_title(value, limit=100):
    """A title cut to `limit` characters in its subject, never in the bracketed part
    that tells a plan's sessions apart (see dialogue.wording.shorten_keeping_tail)."""
    return shorten_keeping_tail(str(value or ""), int(limit))
