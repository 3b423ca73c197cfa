from django.urls import reverse

from directory.access import may
from directory.choices import OrganisationKind
from engagement.rules import check_may_read_force_summary

from .rules import check_may_read_force_area, check_may_read_request_figures, check_may_read_results


def items(user) -> list[tuple[str, str]]:
    """One "Figures" entry in the header, to the first of the pages of figures the reader
    may open; those pages list each other (`pages`)."""
    found = pages(user)
    return [("Figures", found[0][1])] if found else []


def pages(user) -> list[tuple[str, str]]:
    """The pages of figures `user` may open, as the figures' own navigation lists them:
    the requests and decisions, the priorities and the Key Performance Questions, the
    force area, the operations' results (tasking's page) and the commitments monitor."""
    found = []
    if may(check_may_read_request_figures, user):
        found.append(("Requests and decisions", reverse("delivery:requests")))
    if may(check_may_read_results, user):
        found += [
            ("Priorities", reverse("delivery:priorities")),
            ("Key Performance Questions", reverse("delivery:performance_questions")),
        ]
    if may(check_may_read_force_summary, user) or may(check_may_read_force_area, user):
        found.append(("Your force area", reverse("delivery:force_area")))
    if user.organisation.kind != OrganisationKind.PCC_BODY:
        found.append(("Results", reverse("tasking:results")))
    found.append(("Commitments", reverse("commitments:index")))
    return found
