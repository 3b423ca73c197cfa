"""The directory's panels on the home page (see directory/home.py)."""

from . import selectors
from .access import has_role
from .choices import NCA_KINDS, OrganisationKind, Role
from .home import Panel

NCA_STAFF_ROLES = (
    Role.DIRECTOR_GENERAL,
    Role.DEPUTY_DIRECTOR_GENERAL,
    Role.DIRECTOR,
    Role.TASKING_OFFICER,
    Role.ANALYST,
    Role.SECRETARIAT,
    Role.ADMIN,
)


def panels(request) -> list[Panel]:
    user = request.user
    organisation = selectors.organisation_detail(user=user).get(pk=user.organisation_id)
    found = [
        Panel(
            organisation.name,
            "directory/panels/organisation.html",
            {"organisation": organisation},
            order=900,
        )
    ]
    if has_role(user, Role.ROCC) and user.posted_to_id:
        rocu = selectors.organisation_detail(user=user).get(pk=user.posted_to_id)
        found.append(
            Panel(
                f"Your ROCU: {rocu.name}", "directory/panels/posting.html", {"rocu": rocu}, order=10
            )
        )
    if has_role(user, Role.PCC_OFFICE):
        forces = selectors.forces_governed_by(user=user, body=organisation)
        found.append(
            Panel(
                "The force you govern",
                "directory/panels/forces_governed.html",
                {"forces": forces, "body": organisation},
                order=10,
            )
        )
    if has_role(user, *NCA_STAFF_ROLES):
        found.append(
            Panel(
                "Regions and their ROCUs",
                "directory/panels/regions.html",
                {"regions": selectors.regions_with_rocus(user=user)},
                order=800,
            )
        )
    if organisation.kind not in NCA_KINDS:
        nca = selectors.organisation_list(user=user).filter(kind=OrganisationKind.NCA).first()
        routes = list(selectors.contact_points_for(user=user, organisation=nca)) if nca else []
        if routes:
            found.append(
                Panel(
                    "Reaching the NCA",
                    "directory/panels/contact_points.html",
                    {"contact_points": routes},
                    markings=[route.marking for route in routes],
                    order=850,
                )
            )
    return found
