from django import template

register = template.Library()

STATUS_COLOURS = {
    "draft": "grey",
    "submitted": "blue",
    "under_assessment": "purple",
    "accepted": "green",
    "declined": "red",
    "in_progress": "turquoise",
    "completed": "grey",
    "withdrawn": "grey",
    "open": "yellow",
    "resolved": "green",
}
URGENCY_COLOURS = {"immediate": "red", "urgent": "orange", "routine": "grey"}


@register.filter
def status_colour(status: str) -> str:
    return STATUS_COLOURS.get(status, "grey")


@register.filter
def urgency_colour(urgency: str) -> str:
    return URGENCY_COLOURS.get(urgency, "grey")
