"""Every read of tasking for a user: restricted querysets, shaped for the page or
endpoint that shows them, with a constant number of queries whatever the rows."""

import datetime

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import (
    BooleanField,
    ExpressionWrapper,
    OuterRef,
    Prefetch,
    Q,
    Value,
)
from django.utils import timezone

from directory.counting import BoundedCount, bounded_count
from directory.models import ContactPoint, Organisation, User
from directory.paging import KeysetPage, position_page
from directory.rules import markings_visible_to
from directory.selectors import contact_points_for
from priorities.models import Priority
from priorities.selectors import priorities_served

from . import rules
from .choices import OPEN_STATUSES, RequestDirection
from .deconfliction import find_matches
from .models import (
    URGENCY_RANK,
    Capability,
    ChargeAgreement,
    Decision,
    DeconflictionAlert,
    GenericWord,
    NameRematch,
    Operation,
    OperationResult,
    Target,
    TargetName,
    TaskingRequest,
)
from .rules import NCA_DECIDERS


def _with_overdue(queryset, now=None):
    now = now or timezone.now()
    return queryset.annotate(
        overdue=ExpressionWrapper(
            Q(status__in=OPEN_STATUSES, due_at__lt=now), output_field=BooleanField()
        )
    )


# How long a decided request stays news on its requester's home page.
RECENTLY_DECIDED = datetime.timedelta(days=30)


def recently_decided(now=None) -> Q:
    """Requests to the NCA decided within RECENTLY_DECIDED."""
    since = (now or timezone.now()) - RECENTLY_DECIDED
    return Q(direction=RequestDirection.TO_NCA, decided_at__gte=since)


def request_list(*, user):
    return _with_overdue(
        TaskingRequest.objects.restrict(user).select_related(
            "requesting_organisation", "addressed_organisation", "routed_via"
        )
    )


class DeskQueue:
    """The NCA tasking desk's queue: open requests to the NCA, overdue first, then the
    most urgent, then the oldest (issue 14 §2). Read as the paginator asks, one page at a
    time: the overdue and the rest are two range scans of the `open_request_desk` index,
    each stopped at the page's end, and the count stops at COUNT_LIMIT. Nothing sorts
    every open request."""

    model = TaskingRequest

    def __init__(self, requests, now):
        self.requests = requests
        self.now = now

    def count(self) -> BoundedCount:
        return bounded_count(self.requests)

    def page_of(self, cursor: str | None, *, per_page: int) -> KeysetPage:
        return position_page(
            lambda start, stop: self[start:stop], self.count(), cursor, per_page=per_page
        )

    ORDER = ("urgency_rank", "submitted_at", "pk")

    def _in_desk_order(self, part, overdue: bool):
        return (
            part.annotate(overdue=Value(overdue), urgency_rank=URGENCY_RANK)
            .order_by(*self.ORDER)
            .values_list("pk", "overdue", "urgency_rank", "submitted_at")
        )

    def __getitem__(self, window: slice) -> list[TaskingRequest]:
        overdue = Q(due_at__lt=self.now)
        # Each part is read from the index and stops at the page's end; only those rows
        # (twice a page's end at most) are put in order, overdue first.
        ids = {
            pk: is_overdue
            for pk, is_overdue, *_ in self._in_desk_order(self.requests.filter(overdue), True)[
                : window.stop
            ]
            .union(
                self._in_desk_order(self.requests.exclude(overdue), False)[: window.stop],
                all=True,
            )
            .order_by("-overdue", *self.ORDER)[window.start : window.stop]
        }
        rows = (
            self.requests.filter(pk__in=ids)
            .order_by()
            .select_related("requesting_organisation", "addressed_organisation")
        )
        found = {row.pk: row for row in rows}
        for pk, is_overdue in ids.items():
            found[pk].overdue = is_overdue
        return [found[pk] for pk in ids]


def tasking_queue(*, user, now=None) -> DeskQueue:
    """The NCA tasking desk's queue for `user` (see DeskQueue)."""
    requests = TaskingRequest.objects.restrict(user).filter(
        direction=RequestDirection.TO_NCA, status__in=OPEN_STATUSES
    )
    return DeskQueue(requests, now or timezone.now())


def request_detail(*, user):
    decisions = Decision.objects.restrict(user).select_related(
        "decision_maker", "recorded_by", "lead_organisation"
    )
    return (
        request_list(user=user)
        .select_related(
            "requester",
            "target",
            "operation",
        )
        .prefetch_related("capabilities", "priorities", Prefetch("decisions", queryset=decisions))
    )


def target_list(*, user):
    return (
        Target.objects.restrict(user)
        .select_related("responsible_organisation")
        .prefetch_related(Prefetch("names", queryset=TargetName.objects.order_by("name")))
    )


def target_detail(*, user):
    return target_list(user=user).prefetch_related(
        "priorities",
        "crime_types",
        "regions",
        "forces",
        Prefetch(
            "operations",
            queryset=Operation.objects.restrict(user).select_related("lead_organisation"),
        ),
        Prefetch(
            "requests",
            queryset=TaskingRequest.objects.restrict(user).select_related(
                "requesting_organisation"
            ),
        ),
    )


def operation_detail(*, user):
    return (
        Operation.objects.restrict(user)
        .select_related("target", "lead_organisation", "outside_priorities")
        .prefetch_related(
            "supporting_organisations",
            "priorities",
            Prefetch(
                "decisions",
                queryset=Decision.objects.restrict(user).select_related(
                    "decision_maker", "recorded_by", "lead_organisation"
                ),
            ),
        )
    )


def result_list(*, user):
    """The results `user` may see (OperationResult.access_scope, within clearance),
    newest first, with what a row shows."""
    return OperationResult.objects.restrict(user).select_related(
        "operation", "priority", "owner", "force", "region"
    )


def operations_awaiting_outside_priorities(*, user, day: datetime.date):
    """Active operations the reader may see that serve none of the priorities in force on
    `day` and carry no decision to pursue them outside the priorities (PCC Annex A ¶2)."""
    return (
        Operation.objects.restrict(user)
        .filter(active=True, outside_priorities__isnull=True)
        .exclude(priorities__in=Priority.objects.in_force(day).values("pk"))
    )


def generic_word_list(*, user):
    return GenericWord.objects.restrict(user)


def names_rematching(*, user) -> bool:
    """Whether names are still being matched again after a change of the generic words."""
    return NameRematch.objects.restrict(user).filter(done_at__isnull=True).exists()


GENERIC_WORD_CHANGES_SHOWN = 20


def generic_word_changes(*, user) -> list[dict]:
    """The latest changes to the generic words: which word, added or removed, when and
    by whom (as far as the reader may see people)."""
    events = list(
        GenericWord.pgh_event_model.objects.filter(pgh_label__in=["insert", "delete"])
        .select_related("pgh_context")
        .order_by("-pgh_created_at", "-pgh_id")[:GENERIC_WORD_CHANGES_SHOWN]
    )
    ids = {(e.pgh_context.metadata or {}).get("user") for e in events if e.pgh_context} - {None}
    people = {u.pk: str(u) for u in User.objects.restrict(user).filter(pk__in=ids)}
    return [
        {
            "word": event.word,
            "added": event.pgh_label == "insert",
            "at": event.pgh_created_at,
            "by": people.get(
                (event.pgh_context.metadata or {}).get("user") if event.pgh_context else None, ""
            ),
        }
        for event in events
    ]


def capability_list(*, user):
    return Capability.objects.restrict(user).select_related("owning_command")


def alert_list(*, user):
    return DeconflictionAlert.objects.restrict(user).select_related(
        "raising_organisation", "matched_organisation"
    )


def alert_view(*, user, alert: DeconflictionAlert) -> dict:
    """What one user may learn of a possible overlap: their own side's record if they may
    see it, the other side's only if they may see it too, and always whom to contact."""

    def visible(model, pk):
        return model.objects.restrict(user).filter(pk=pk).first() if pk else None

    sides = {
        "raised": visible(Target, alert.raised_by_target_id)
        or visible(TaskingRequest, alert.raised_by_request_id),
        "matched": visible(Target, alert.matched_target_id)
        or visible(Operation, alert.matched_operation_id),
    }
    ours = "matched" if user.organisation_id == alert.matched_organisation_id else "raised"
    theirs = "raised" if ours == "matched" else "matched"
    other_organisation = (
        alert.raising_organisation if theirs == "raised" else alert.matched_organisation
    )
    return {
        "ours": sides[ours],
        "theirs": sides[theirs],
        "other_organisation": other_organisation,
        "contacts": list(contact_points_for(user=user, organisation=other_organisation)),
    }


def nca_deciders(*, user):
    """NCA officers who may be named as the decision-maker."""
    return (
        User.objects.restrict(user)
        .filter(is_active=True, organisation__kind__in=["nca", "nca_command"])
        .filter(roles__overlap=list(NCA_DECIDERS))
    )


def deconfliction_check(*, user, names) -> list[dict]:
    """What a caller may learn from checking names: matches they may see, in full; other
    organisations' matches within their clearance, only as "a record held by X" and whom
    to contact; nothing of a record above their clearance."""
    rules.check_names(names, field="names", limit=rules.MAX_NAMES_PER_CHECK)
    allowed = set(markings_visible_to(user))
    matches = [match for match in find_matches(names) if match.marking in allowed]
    targets = Target.objects.restrict(user).filter(
        pk__in=[m.target_id for m in matches if m.target_id]
    )
    operations = Operation.objects.restrict(user).filter(
        pk__in=[m.operation_id for m in matches if m.operation_id]
    )
    visible = {("target", pk) for pk in targets.values_list("pk", flat=True)} | {
        ("operation", pk) for pk in operations.values_list("pk", flat=True)
    }
    owners = {m.organisation_id for m in matches}
    organisations = {o.pk: o for o in Organisation.objects.restrict(user).filter(pk__in=owners)}
    contacts = {}
    for route in ContactPoint.objects.restrict(user).filter(organisation__in=owners):
        contacts.setdefault(route.organisation_id, []).append(route)
    results = []
    for match in matches:
        owner = organisations.get(match.organisation_id)
        shown = match.record in visible
        results.append(
            {
                "searched": match.searched,
                "similarity": round(match.similarity, 2),
                "organisation": {"id": owner.pk, "name": owner.name} if owner else None,
                "record": {"type": match.record[0], "id": match.record[1], "name": match.name}
                if shown
                else None,
                "contact": [
                    {"name": c.name, "telephone": c.telephone, "email": c.email}
                    for c in contacts.get(match.organisation_id, [])
                ],
            }
        )
    return results


def request_answers(*, user):
    """The requests `user` may see as the API answers with them: the ids of the
    capabilities asked for and the priorities served gathered in each row (no query or
    manager per row), and the charge on each that `user` may see (`charge_states`)."""
    return (
        request_list(user=user)
        .annotate(
            capability_ids=ArraySubquery(
                Capability.objects.filter(requests=OuterRef("pk")).values("pk")
            ),
            priorities_shown=priorities_served("requests"),
        )
        .prefetch_related(Prefetch("charge_agreement", queryset=charge_states(user=user)))
    )


def charge_states(*, user):
    """The charges `user` may see (ChargeAgreement.access_scope) with only what a
    request's answer shows of each (its terms and how far it has gone), for reading
    beside a page of requests."""
    return ChargeAgreement.objects.restrict(user).only(
        "request_id", "terms", "exception_reason", "approved_at", "accepted_at"
    )


def charge_list(*, user):
    """The charges `user` may see (ChargeAgreement.access_scope), with who proposed,
    approved and agreed each, and whose request it is."""
    return ChargeAgreement.objects.restrict(user).select_related(
        "request__requesting_organisation", "proposed_by", "approved_by", "accepted_by"
    )
