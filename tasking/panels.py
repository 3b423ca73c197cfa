"""Tasking's part of the home page (see directory/home.py): the requests that wait for
the person's decision or answer, and the overlaps that need a conversation."""

from django.db.models import Count, Q
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone

from directory.access import has_role, may
from directory.choices import OrganisationKind
from directory.counting import bounded_count, bounded_counts
from directory.home import Glance, Need, days_from

from . import rules, selectors
from .choices import OPEN_STATUSES, DeconflictionStatus, RequestDirection, RequestStatus


def _requests_due(requests, *, today) -> dict:
    """How many of `requests` are overdue (due before today), due today, and new (not yet
    assessed, due later), each counted only to COUNT_LIMIT, and the earliest due date of
    the overdue ones, in two queries."""
    start, end = days_from(today)
    overdue = requests.filter(due_at__lt=start)
    later = Q(due_at__gte=end) | Q(due_at__isnull=True)
    counts = bounded_counts(
        overdue=overdue,
        due_today=requests.filter(due_at__gte=start, due_at__lt=end),
        new=requests.filter(Q(status=RequestStatus.SUBMITTED) & later),
    )
    counts["first_overdue"] = (
        overdue.order_by("due_at").values_list("due_at", flat=True).first()
        if counts["overdue"]
        else None
    )
    return counts


def _due_needs(counts, *, who: str, link: str, today) -> list[Need]:
    found = []
    if counts["overdue"]:
        n = counts["overdue"]
        found.append(
            Need(
                f"{n} {who} request{pluralize(n)} past {'its' if n == 1 else 'their'} due date",
                "The requester is waiting for an answer",
                f"{link}&overdue=true",
                due_on=timezone.localdate(counts["first_overdue"]),
            )
        )
    if counts["due_today"]:
        n = counts["due_today"]
        found.append(
            Need(
                f"{n} {who} request{pluralize(n)} due today",
                "Answer by the end of today",
                link,
                due_on=today,
            )
        )
    if counts["new"]:
        n = counts["new"]
        found.append(
            Need(
                f"{n} new {who} request{pluralize(n)} not yet assessed",
                "Submitted and waiting for someone to pick up",
                f"{link}&status={RequestStatus.SUBMITTED}",
                new=True,
            )
        )
    return found


def _ours_to_nca(user) -> Q:
    return Q(direction=RequestDirection.TO_NCA, requesting_organisation=user.organisation_id)


def _from_nca_to_us(user) -> Q:
    return Q(direction=RequestDirection.FROM_NCA) & ~Q(requesting_organisation=user.organisation_id)


def needs(user, *, today) -> list[Need]:
    if user.organisation.kind == OrganisationKind.PCC_BODY:
        return []
    requests = selectors.request_list(user=user).filter(status__in=OPEN_STATUSES)
    listed = reverse("tasking:requests")
    found = []
    if user.organisation.is_nca and has_role(user, *rules.NCA_DECIDERS):
        counts = _requests_due(requests.filter(direction=RequestDirection.TO_NCA), today=today)
        found += _due_needs(counts, who="partner", link=f"{listed}?direction=to_nca", today=today)
    elif has_role(user, *rules.PARTNER_REQUESTERS):
        counts = _requests_due(requests.filter(_from_nca_to_us(user)), today=today)
        found += _due_needs(counts, who="NCA", link=f"{listed}?direction=from_nca", today=today)
    found += _charges_waiting(user)
    found += _outside_priorities_waiting(user, today=today)
    overlaps = selectors.alert_list(user=user).filter(status=DeconflictionStatus.OPEN)
    if not user.organisation.is_nca:
        overlaps = overlaps.filter(
            Q(raising_organisation=user.organisation_id)
            | Q(matched_organisation=user.organisation_id)
        )
    if n := overlaps.count():
        found.append(
            Need(
                f"{n} possible overlap{pluralize(n)} with other organisations' records",
                "Talk to the other organisation before you act",
                reverse("tasking:alerts"),
            )
        )
    return found


def _charges_waiting(user) -> list[Need]:
    """A charge waits for a director's approval, then for the partner's chief officer or
    their delegate (PCC §21, OP §10): one query, for those who act on it."""
    charges = selectors.charge_list(user=user)
    if user.organisation.is_nca and has_role(user, *rules.CHARGE_APPROVERS):
        n = charges.filter(approved_at__isnull=True).exclude(proposed_by=user).count()
        title, reason = "waits for your approval", "A director approves it before the partner"
    elif not user.organisation.is_nca and has_role(user, *rules.CHARGE_AGREERS):
        n = charges.filter(approved_at__isnull=False, accepted_at__isnull=True).count()
        title, reason = "waits for your agreement", "The service is free unless you agree it"
    else:
        return []
    if not n:
        return []
    return [
        Need(
            f"{n} charge{pluralize(n)} {title.replace('waits', 'wait') if n > 1 else title}",
            reason,
            reverse("tasking:charges"),
            new=True,
        )
    ]


def _outside_priorities_waiting(user, *, today) -> list[Need]:
    """Operations serving none of the NCA's priorities wait for the Director General's
    decision to pursue them outside them (PCC Annex A ¶2): the oldest first, for the DG."""
    if not may(rules.check_may_decide_outside_priorities, user):
        return []
    awaiting = selectors.operations_awaiting_outside_priorities(user=user, day=today)
    n = bounded_count(awaiting)
    if not n:
        return []
    first = awaiting.order_by("created_at", "pk").first()
    return [
        Need(
            f"{n} operation{pluralize(n)} outside the priorities "
            f"wait{'s' if n == 1 else ''} for your decision",
            "Decide whether the NCA pursues each outside its priorities, oldest first",
            reverse("tasking:operation-outside-priorities", args=[first.pk]),
            new=True,
        )
    ]


def at_a_glance(user, *, today) -> list[Glance]:
    if user.organisation.kind == OrganisationKind.PCC_BODY:
        return []
    listed = reverse("tasking:requests")
    if user.organisation.is_nca and has_role(user, *rules.NCA_DECIDERS):
        n = bounded_count(
            selectors.request_list(user=user).filter(
                direction=RequestDirection.TO_NCA, status__in=OPEN_STATUSES
            )
        )
        return [Glance(f"open request{pluralize(n)} to the NCA", n, reverse("tasking:queue"))]
    if has_role(user, *rules.PARTNER_REQUESTERS):
        counts = selectors.request_list(user=user).aggregate(
            waiting=Count("pk", filter=_ours_to_nca(user) & Q(status__in=OPEN_STATUSES)),
            decided=Count(
                "pk", filter=_ours_to_nca(user) & selectors.recently_decided(timezone.now())
            ),
        )
        days = selectors.RECENTLY_DECIDED.days
        return [
            Glance(
                f"of your requests wait{pluralize(counts['waiting'], 's,')} for the NCA's decision",
                counts["waiting"],
                f"{listed}?direction=to_nca",
            ),
            Glance(
                f"decided by the NCA in the last {days} days",
                counts["decided"],
                f"{listed}?direction=to_nca&recently_decided=true",
            ),
        ]
    return []
