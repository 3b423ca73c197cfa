from django.urls import reverse

from directory.access import has_role
from directory.choices import OrganisationKind

from .rules import NCA_DECIDERS


def items(user) -> list[tuple[str, str]]:
    if user.organisation.kind == OrganisationKind.PCC_BODY:
        return []
    found = []
    if user.organisation.is_nca and has_role(user, *NCA_DECIDERS):
        found.append(("Tasking desk", reverse("tasking:queue")))
    requests = "Requests" if user.organisation.is_nca else "Our requests"
    found += [
        (requests, reverse("tasking:requests")),
        ("Targets", reverse("tasking:targets")),
        ("Capabilities", reverse("tasking:capabilities")),
    ]
    return found
