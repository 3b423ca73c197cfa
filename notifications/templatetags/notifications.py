from django import template

from notifications import rules

register = template.Library()


@register.filter
def shown_to(notification, reader) -> str:
    """A notification's text as `reader` may see it (rules.message_for_reader)."""
    return rules.message_for_reader(
        reader=reader,
        text=notification.text,
        link=notification.link,
        marking=notification.marking,
        by_email=False,
    )
