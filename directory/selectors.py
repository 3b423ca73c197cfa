"""Every read of the directory for a user: restricted querysets and what pages show."""

import datetime

from django.db.models import Count, Prefetch

from .choices import GOVERNED_FORCE_KINDS, OrganisationKind
from .models import (
    ApiToken,
    ContactPoint,
    GoverningBodyTerm,
    Organisation,
    Region,
    RocuMembership,
    User,
)


def organisation_list(*, user):
    return (
        Organisation.objects.restrict(user, "view")
        .select_related("region", "rocu")
        .with_governing_body()
    )


def organisation_detail(*, user, day: datetime.date | None = None) -> "Organisation":
    """The queryset a single organisation's page reads from."""
    day = day or datetime.date.today()
    return (
        Organisation.objects.restrict(user, "view")
        .select_related("region", "rocu", "parent")
        .prefetch_related(
            Prefetch(
                "governance_terms",
                queryset=GoverningBodyTerm.objects.select_related("governing_body").order_by(
                    "-starts_on"
                ),
            ),
            Prefetch(
                "governed_terms",
                queryset=GoverningBodyTerm.objects.on(day).select_related("force"),
                to_attr="forces_governed_today",
            ),
            Prefetch("member_forces", queryset=Organisation.objects.with_governing_body(day)),
            "units",
            Prefetch(
                "rocu_memberships",
                queryset=RocuMembership.objects.select_related("rocu").order_by("-starts_on"),
            ),
            "dated_names",
        )
    )


def contact_points_for(*, user, organisation):
    return ContactPoint.objects.restrict(user, "view").filter(organisation=organisation)


def posting_of(*, user):
    """The ROCU a ROCC is posted to, with its number of member forces, or None."""
    return (
        Organisation.objects.restrict(user, "view")
        .filter(pk=user.posted_to_id)
        .annotate(force_count=Count("member_forces"))
        .first()
    )


def roccs_for(*, user, rocu):
    return User.objects.restrict(user, "view").filter(posted_to=rocu, is_active=True)


def regions_with_rocus(*, user):
    """Each region of England and Wales with its ROCU, its forces and the ROCCs posted
    there: the routes the NCA uses to reach police capability (OP §21, PCC §18)."""
    rocus = (
        Organisation.objects.restrict(user, "view")
        .filter(kind=OrganisationKind.ROCU)
        .annotate(force_count=Count("member_forces"))
        .prefetch_related(
            Prefetch(
                "posted_roccs",
                queryset=User.objects.restrict(user, "view").filter(is_active=True),
                to_attr="roccs",
            )
        )
    )
    return (
        Region.objects.filter(organisations__kind=OrganisationKind.ROCU)
        .prefetch_related(Prefetch("organisations", queryset=rocus, to_attr="rocus"))
        .distinct()
    )


def forces_governed_by(*, user, body, day: datetime.date | None = None):
    day = day or datetime.date.today()
    return (
        Organisation.objects.restrict(user, "view")
        .filter(kind__in=GOVERNED_FORCE_KINDS)
        .filter(governance_terms__in=GoverningBodyTerm.objects.on(day).filter(governing_body=body))
        .select_related("region", "rocu")
    )


def api_tokens(*, user):
    """The person's own API tokens that still work (issue 9 §3)."""
    return ApiToken.objects.restrict(user, "view").usable()
