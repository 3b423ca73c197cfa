from django.urls import reverse

from directory.access import may

from .rules import check_may_read_request_figures


def items(user) -> list[tuple[str, str]]:
    if not may(check_may_read_request_figures, user):
        return []
    return [("Requests and decisions", reverse("delivery:requests"))]
