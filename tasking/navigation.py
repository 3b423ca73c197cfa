from django.urls import reverse

from directory.access import has_role
from directory.choices import OrganisationKind, Role

from .rules import CHARGE_AGREERS, NCA_DECIDERS


def items(user) -> list[tuple[str, str]]:
    if user.organisation.kind == OrganisationKind.PCC_BODY:
        # A PCC office sees the charges agreed with the forces it governs (PCC §21).
        return [("Charges", reverse("tasking:charges"))] if has_role(user, Role.PCC_OFFICE) else []
    found = []
    if user.organisation.is_nca and has_role(user, *NCA_DECIDERS):
        found.append(("Tasking desk", reverse("tasking:queue")))
    requests = "Requests" if user.organisation.is_nca else "Our requests"
    found += [
        (requests, reverse("tasking:requests")),
        ("Targets", reverse("tasking:targets")),
        ("Capabilities", reverse("tasking:capabilities")),
    ]
    if user.organisation.is_nca or has_role(user, *CHARGE_AGREERS):
        found.append(("Charges", reverse("tasking:charges")))
    return found
