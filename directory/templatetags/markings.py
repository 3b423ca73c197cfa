from django import template

from directory.choices import Marking

register = template.Library()


@register.filter
def marking_label(value) -> str:
    """OFFICIAL-SENSITIVE, in words, for a marking value."""
    try:
        return Marking(value).label
    except ValueError:
        return ""
