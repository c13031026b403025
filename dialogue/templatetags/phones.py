"""{{ number|phone }}: a stored phone number grouped for reading ("0912 345 678")."""

from django import template

from dialogue import phones

register = template.Library()


@register.filter(name="phone")
def phone(value) -> str:
    return phones.display(value or "")
