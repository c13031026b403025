from django import template

from dialogue.wording import number_as_printed, shorten_keeping_tail

register = template.Library()


@register.filter
def as_printed(symbol):
    """"Số: 01/TB-UBND" -> "01/TB-UBND": a number in a list, as the document prints it."""
    return number_as_printed(symbol)


@register.filter
def short_title(value, limit=100):
    """A title cut to `limit` characters in its subject, never in the bracketed part
    that tells a plan's sessions apart (see dialogue.wording.shorten_keeping_tail)."""
    return shorten_keeping_tail(str(value or ""), int(limit))
