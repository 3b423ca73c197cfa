"""Every read of directed tasking and PCC engagement for a user: restricted querysets
(directory.access), shaped so that a page's queries do not grow with its rows."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Exists, F, Func, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from directory.access import is_marked, require_role
from directory.choices import GOVERNED_FORCE_KINDS, NCA_KINDS, Nation, OrganisationKind, Role
from directory.models import GoverningBodyTerm, Organisation, Region, User
from directory.rules import governing_body_on
from tasking import selectors as tasking_selectors
from tasking.models import ChargeAgreement, Decision, Operation, TaskingRequest

from . import rules
from .choices import OPEN_REQUEST_STATUSES, DirectionAction, EventKind
from .models import (
    Direction,
    DirectionEligibility,
    EngagementEvent,
    EventInvitation,
    InformationRequest,
    InformationRequestStep,
    IntelligenceReport,
    MeetingRequest,
    PccNotice,
    ReportCirculation,
    ReportReadReceipt,
)

# --- directions -------------------------------------------------------------------------


def directions():
    """Directions shaped for lists and the API; restrict them before use."""
    revoked = Direction.objects.filter(amends=OuterRef("pk"), action=DirectionAction.REVOCATION)
    return Direction.objects.select_related(
        "recipient_organisation", "eligibility", "amends", "pcc_notice"
    ).annotate(revoked=Exists(revoked))


def direction_list(*, user):
    return directions().restrict(user, "view")


def direction_detail(*, user):
    return (
        direction_list(user=user)
        .select_related("issued_by", "related_request", "pcc_notice__governing_body")
        .prefetch_related(
            Prefetch(
                "amendments",
                queryset=Direction.objects.restrict(user, "view").select_related(
                    "issued_by", "pcc_notice__governing_body"
                ),
            )
        )
    )


def eligibility_rules_in_force(*, day: datetime.date | None = None) -> list[DirectionEligibility]:
    day = day or timezone.localdate()
    return [
        rule
        for rule in DirectionEligibility.objects.prefetch_related("organisations")
        if rule.in_force_on(day)
    ]


def directable_organisations(*, day: datetime.date | None = None):
    """What a direction form offers: the organisations existing today that a rule in
    force today covers (`DirectionEligibility.covers`), so nobody who cannot be directed
    is offered. The service still checks the recipient against the rules when the
    direction is issued."""
    covered = Q(pk__in=[])
    for rule in eligibility_rules_in_force(day=day):
        named = [organisation.pk for organisation in rule.organisations.all()]
        if not rule.organisation_kind and not named:
            continue
        fits = Q()
        if rule.organisation_kind:
            fits &= Q(kind=rule.organisation_kind)
        if named:
            fits &= Q(pk__in=named)
        covered |= fits
    return Organisation.objects.existing_on(day).filter(covered).order_by("name")


def tasking_request_for(*, user, reference) -> TaskingRequest | None:
    """The tasking request a reference (TR-000123, or its id) names, if the user may
    see it; anything else is a form error on `related_request`."""
    if reference in (None, ""):
        return None
    pk = TaskingRequest.id_from_reference(str(reference))
    found = (
        TaskingRequest.objects.restrict(user, "view").filter(pk=pk).first()
        if pk is not None
        else None
    )
    if found is None:
        raise ValidationError(
            {"related_request": f"No tasking request “{reference}” that you can see."}
        )
    return found


# --- notices ----------------------------------------------------------------------------


def notices():
    return PccNotice.objects.select_related(
        "direction", "force", "governing_body", "acknowledged_by"
    )


def notice_list(*, user):
    return notices().restrict(user, "view")


def escalated_notices(*, user):
    """Notices not acknowledged in time and still not acknowledged: the DG's office's."""
    return notice_list(user=user).filter(escalated_at__isnull=False, acknowledged_at__isnull=True)


def notices_awaiting_acknowledgement(*, user):
    return notice_list(user=user).filter(delivered_at__isnull=False, acknowledged_at__isnull=True)


# --- intelligence reports ---------------------------------------------------------------


def reports():
    return (
        IntelligenceReport.objects.select_related("region", "published_by")
        .annotate(
            circulated_to=Count("circulations", distinct=True),
            readers=Count("read_receipts", distinct=True),
        )
        .order_by("-published_at", "-pk")  # Meta.ordering is not used with GROUP BY
    )


def report_list(*, user):
    return reports().restrict(user, "view")


def report_detail(*, user):
    return IntelligenceReport.objects.restrict(user, "view").select_related(
        "region", "published_by"
    )


def report_circulation(*, user, report):
    """Who a report went to and who opened it, for the NCA; for anyone else, nothing."""
    if not user.organisation.is_nca:
        return [], []
    circulations = list(
        ReportCirculation.objects.filter(report=report).select_related("governing_body")
    )
    receipts = list(
        ReportReadReceipt.objects.filter(report=report).select_related("reader", "organisation")
    )
    return circulations, receipts


def unread_reports(*, user):
    opened = ReportReadReceipt.objects.filter(report=OuterRef("pk"), reader=user)
    return report_list(user=user).filter(~Exists(opened))


# --- requests for information -----------------------------------------------------------


def information_requests():
    return InformationRequest.objects.select_related("governing_body", "asked_by")


def information_request_list(*, user):
    return information_requests().restrict(user, "view")


def nca_officers():
    """Who may attend a meeting for the NCA: its active people, by name."""
    return User.objects.filter(organisation__kind__in=NCA_KINDS, is_active=True).order_by(
        "last_name", "first_name"
    )


def meeting_request_list(*, user):
    return MeetingRequest.objects.restrict(user, "view").select_related(
        "governing_body", "asked_by", "answered_by", "attended_by"
    )


def open_information_requests(*, user):
    return information_request_list(user=user).filter(status__in=OPEN_REQUEST_STATUSES)


def timeline_steps(*, user):
    """Steps of requests for information as `user` reads them: each step's actor is named
    only where the directory shows that person to `user` (directory/access.py, `User`'s
    scope); anyone else is named by their organisation (`actor_as_seen`). A PCC office
    learns that the NCA considered its request, not which NCA officer did."""
    shown = User.objects.restrict(user, "view").filter(pk=OuterRef("actor_id"))
    return InformationRequestStep.objects.select_related("actor__organisation").annotate(
        actor_shown=Exists(shown)
    )


def information_request_timeline(*, request, user):
    return timeline_steps(user=user).filter(request=request)


# --- events and regions -----------------------------------------------------------------


def events():
    return EngagementEvent.objects.select_related("region", "senior_officer")


def event_list(*, user):
    own = EventInvitation.objects.filter(event=OuterRef("pk"), organisation=user.organisation_id)
    return (
        events()
        .restrict(user, "view")
        .annotate(
            invited=Count("invitations", distinct=True),
            attended=Count("invitations", filter=Q(invitations__status="attended"), distinct=True),
            own_invitation=Subquery(own.values("pk")[:1]),
        )
        .order_by("-starts_on", "-pk")
    )


def event_detail(*, user):
    return events().restrict(user, "view").select_related("created_by")


def event_invitations(*, event):
    return EventInvitation.objects.filter(event=event).select_related("organisation", "updated_by")


def regional_engagement(*, user, today: datetime.date | None = None):
    """Each region of England and Wales: when the DG, DDG or a Director last met its PCCs
    and chief officers, whether that is more than twelve months ago (PCC §18), and its
    ROCUs with the ROCCs posted there, the NCA's conduit (PCC §18)."""
    if not user.organisation.is_nca:
        raise PermissionDenied("Regional engagement is the NCA's record of its commitment.")
    today = today or timezone.localdate()
    rocus = Organisation.objects.filter(kind=OrganisationKind.ROCU).prefetch_related(
        Prefetch(
            "posted_roccs",
            queryset=User.objects.filter(roles__contains=[Role.ROCC], is_active=True),
            to_attr="roccs",
        )
    )
    regions = list(
        regions_with_meetings(on=today).prefetch_related(
            Prefetch("organisations", queryset=rocus, to_attr="rocus")
        )
    )
    officers = User.objects.in_bulk({r.last_senior_officer_id for r in regions} - {None})
    for region in regions:
        region.last_senior_officer = officers.get(region.last_senior_officer_id)
        region.overdue = rules.regional_meeting_overdue(last_met_on=region.last_met_on, today=today)
    return regions


def regions_with_meetings(*, on: datetime.date):
    """The regions of England and Wales, each with its last regional meeting of a senior
    NCA officer with its PCCs and chief officers on or before `on` (PCC §18), and the
    first planned after it: one query, on the index of events by kind, region and day."""
    meetings = EngagementEvent.objects.filter(
        kind=EventKind.REGIONAL_MEETING, region=OuterRef("pk")
    )
    held = meetings.filter(starts_on__lte=on).order_by("-starts_on", "-pk")
    planned = meetings.filter(starts_on__gt=on).order_by("starts_on", "pk")
    return (
        Region.objects.filter(nation__in=[Nation.ENGLAND, Nation.WALES])
        .annotate(
            last_met_on=Subquery(held.values("starts_on")[:1]),
            last_meeting_id=Subquery(held.values("pk")[:1]),
            last_senior_officer_id=Subquery(held.values("senior_officer_id")[:1]),
            next_meeting_on=Subquery(planned.values("starts_on")[:1]),
        )
        .order_by("name")
    )


def senior_officers():
    """Who may attend a regional meeting for the NCA (PCC §18)."""
    return User.objects.filter(
        organisation__kind__in=[OrganisationKind.NCA, OrganisationKind.NCA_COMMAND],
        roles__overlap=list(rules.SENIOR_OFFICERS),
        is_active=True,
    )


def current_pcc_bodies(day: datetime.date | None = None):
    """The bodies governing a force on `day`: the PCCs the NCA engages (PCC introduction).
    Abolished offices, kept in the directory for history, are not among them."""
    governing = GoverningBodyTerm.objects.on(day or timezone.localdate()).values(
        "governing_body_id"
    )
    return Organisation.objects.filter(kind=OrganisationKind.PCC_BODY, pk__in=governing)


def region_participants(*, region=None, day: datetime.date | None = None):
    """PCC bodies governing a force of a region, and the forces: who a regional meeting
    brings together (PCC §18)."""
    day = day or timezone.localdate()
    forces = Organisation.objects.existing_on(day).filter(kind__in=GOVERNED_FORCE_KINDS)
    if region is not None:
        forces = forces.filter(region=region)
    bodies = GoverningBodyTerm.objects.on(day).filter(force__in=forces).values("governing_body_id")
    return Organisation.objects.filter(Q(pk__in=forces) | Q(pk__in=bodies)).order_by("kind", "name")


# --- the PCC office's portal and the chief officer's briefing pack -------------------


def force_activity(*, user, force, day: datetime.date) -> dict:
    """What the NCA is doing in `force`'s area, as `user` may see it (PCC §15): requests
    made by or to the force, the NCA's decisions on them and on the operations the
    force leads or supports, those operations, directions to its chief officer, and the
    charges agreed with it, within FORCE_ACTIVITY_PERIOD. A fixed number of queries,
    whatever the force holds."""
    since = timezone.make_aware(
        datetime.datetime.combine(day - rules.FORCE_ACTIVITY_PERIOD, datetime.time.min)
    )
    requests = (
        tasking_selectors.request_list(user=user)
        .filter(Q(requesting_organisation=force) | Q(addressed_organisation=force))
        .filter(submitted_at__gte=since)
        .order_by("-submitted_at")
    )
    operations = (
        Operation.objects.restrict(user)
        .involving(force.pk)
        .filter(Q(active=True) | Q(created_at__gte=since))
        .select_related("lead_organisation")
        .order_by("-created_at")
    )
    decisions = (
        Decision.objects.restrict(user)
        .filter(Q(request__in=requests.values("pk")) | Q(operation__in=operations.values("pk")))
        .filter(decided_at__gte=since)
        .select_related("request", "operation", "lead_organisation")
        .order_by("-decided_at")
    )
    return {
        "requests": list(requests),
        "operations": list(operations),
        "decisions": list(decisions),
        "directions": list(
            direction_list(user=user).filter(recipient_organisation=force, issued_at__gte=since)
        ),
        "charges": list(
            tasking_selectors.charge_list(user=user).filter(
                request__requesting_organisation=force, accepted_at__gte=since
            )
        ),
    }


def force_summary(*, user, day: datetime.date | None = None) -> list:
    """For a PCC office, per force its body governs on `day`, how much of the NCA's
    OFFICIAL work touches it (PCC §15): open and recent requests, active operations,
    directions to its chief officer and the charges agreed with it, which a PCC office
    reads in full (PCC §21). One query, whatever the forces."""
    rules.check_may_read_force_summary(user)
    day = day or timezone.localdate()
    since = timezone.make_aware(
        datetime.datetime.combine(day - rules.FORCE_ACTIVITY_PERIOD, datetime.time.min)
    )
    marking = rules.force_summary_marking()
    force = OuterRef("pk")
    supported = Operation.supporting_organisations.through.objects.filter(
        organisation_id=force
    ).values("operation_id")

    def counted(queryset):
        if is_marked(queryset.model):
            queryset = queryset.filter(marking=marking)
        return Coalesce(
            Subquery(queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")),
            0,
        )

    governed = GoverningBodyTerm.objects.on(day).filter(governing_body=user.organisation_id)
    return list(
        Organisation.objects.filter(pk__in=governed.values("force_id"))
        .annotate(
            request_count=counted(
                TaskingRequest.objects.filter(
                    Q(requesting_organisation=force) | Q(addressed_organisation=force),
                    submitted_at__gte=since,
                )
            ),
            operation_count=counted(
                Operation.objects.filter(Q(lead_organisation=force) | Q(pk__in=supported)).filter(
                    active=True
                )
            ),
            direction_count=counted(
                Direction.objects.filter(recipient_organisation=force, issued_at__gte=since)
            ),
            # A PCC office reads every charge agreed with its force (PCC §21).
            charge_count=counted(
                ChargeAgreement.objects.filter(
                    request__requesting_organisation=force, accepted_at__gte=since
                )
            ),
        )
        .order_by("name")
    )


def briefing_pack(*, user, day: datetime.date | None = None) -> dict:
    """What a chief officer gives their PCC (PCC §15): the notices about their force,
    the reports circulated to the body governing it, its open requests for information,
    and what the NCA is doing in the force's area, only what the chief officer may see."""
    require_role(user, Role.CHIEF_OFFICER, doing="download a briefing pack for a PCC")
    day = day or timezone.localdate()
    force = user.organisation
    body = governing_body_on(force, day)
    if body is None:
        raise PermissionDenied(
            f"{force.name} is not governed by a PCC body, so there is no PCC to brief."
        )
    return {
        "force": force,
        "governing_body": body,
        "day": day,
        "notices": list(notice_list(user=user).filter(force=force, governing_body=body)),
        "reports": list(
            report_detail(user=user).filter(
                pk__in=ReportCirculation.objects.filter(governing_body=body).values("report_id")
            )
        ),
        "information_requests": list(
            open_information_requests(user=user).filter(governing_body=body)
        ),
        "activity": force_activity(user=user, force=force, day=day),
    }
