"""Tasking's panels on the home page (see directory/home.py)."""

from django.db.models import Count, Q
from django.utils import timezone

from directory.access import has_role
from directory.choices import OrganisationKind
from directory.home import Panel

from . import rules, selectors
from .choices import OPEN_STATUSES, DeconflictionStatus, RequestDirection


def panels(request) -> list[Panel]:
    user = request.user
    if user.organisation.kind == OrganisationKind.PCC_BODY:
        return []
    found = []
    now = timezone.now()
    if user.organisation.is_nca and has_role(user, *rules.NCA_DECIDERS):
        counts = (
            selectors.request_list(user=user)
            .filter(direction=RequestDirection.TO_NCA, status__in=OPEN_STATUSES)
            .aggregate(open=Count("pk"), overdue=Count("pk", filter=Q(due_at__lt=now)))
        )
        found.append(Panel("Tasking desk", "tasking/panels/desk.html", counts, order=20))
    elif has_role(user, *rules.PARTNER_REQUESTERS):
        mine = selectors.request_list(user=user)
        ours_to_nca = Q(
            direction=RequestDirection.TO_NCA, requesting_organisation=user.organisation_id
        )
        counts = mine.aggregate(
            waiting=Count("pk", filter=ours_to_nca & Q(status__in=OPEN_STATUSES)),
            decided=Count("pk", filter=ours_to_nca & selectors.recently_decided(now)),
            to_answer=Count(
                "pk",
                filter=Q(direction=RequestDirection.FROM_NCA, status__in=OPEN_STATUSES)
                & ~Q(requesting_organisation=user.organisation_id),
            ),
        )
        counts["recent_days"] = selectors.RECENTLY_DECIDED.days
        found.append(Panel("Our requests", "tasking/panels/ours.html", counts, order=20))
    overlaps = selectors.alert_list(user=user).filter(status=DeconflictionStatus.OPEN)
    if not user.organisation.is_nca:
        overlaps = overlaps.filter(
            Q(raising_organisation=user.organisation_id)
            | Q(matched_organisation=user.organisation_id)
        )
    open_overlaps = overlaps.count()
    if open_overlaps:
        found.append(
            Panel(
                "Possible overlaps",
                "tasking/panels/overlaps.html",
                {"count": open_overlaps},
                order=15,
            )
        )
    return found
