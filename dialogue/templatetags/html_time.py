"""A value for `<time datetime="…">` that HTML accepts.

Django's `date:"c"` writes microseconds ("16:08:24.135231+07:00"); HTML's
valid date/time strings allow at most three digits of fractions, and a reader
needs no more than the minute, so the value is cut to whole seconds, in the
site's time zone with its offset. A date (without time) stays a date.
"""

import datetime as dt

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def html_datetime(value) -> str:
    if value in (None, ""):
        return ""
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return ""
