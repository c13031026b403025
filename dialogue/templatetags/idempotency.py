"""{% idempotency_key %}: the one-time key of a form that creates or issues
something (see dialogue.idempotency). Put it beside {% csrf_token %}."""

from django import template
from django.utils.html import format_html

from dialogue.idempotency import FIELD, new_key

register = template.Library()


@register.simple_tag
def idempotency_key():
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, new_key())
