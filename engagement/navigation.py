from django.urls import reverse

from directory.access import has_role
from directory.choices import Role


def items(user) -> list[tuple[str, str]]:
    """Engagement is for the NCA, PCC offices, chief officers and the ROCUs invited to
    the engagement day."""
    if user.organisation.is_nca or has_role(
        user, Role.PCC_OFFICE, Role.CHIEF_OFFICER, Role.ROCU_OFFICER
    ):
        return [("Engagement", reverse("engagement:index"))]
    return []
