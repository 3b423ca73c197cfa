from django.urls import reverse

from directory.access import may
from engagement.rules import check_may_read_force_summary

from .rules import check_may_read_force_area, check_may_read_request_figures, check_may_read_results


def items(user) -> list[tuple[str, str]]:
    """One entry for the figures (their pages link to each other: `pages`), and the force
    area for those who read it."""
    found = []
    if may(check_may_read_request_figures, user):
        found.append(("Figures", reverse("delivery:requests")))
    if may(check_may_read_force_summary, user) or may(check_may_read_force_area, user):
        found.append(("Your force area", reverse("delivery:force_area")))
    return found


def pages(user) -> list[tuple[str, str]]:
    """The pages of figures `user` may open, as the figures' own navigation lists them."""
    found = []
    if may(check_may_read_request_figures, user):
        found.append(("Requests and decisions", reverse("delivery:requests")))
    if may(check_may_read_results, user):
        found += [
            ("Priorities", reverse("delivery:priorities")),
            ("Key Performance Questions", reverse("delivery:performance_questions")),
        ]
    if may(check_may_read_force_area, user):
        found.append(("Your force area", reverse("delivery:force_area")))
    return found
