"""Every time-bound commitment of the two documents, and how each is measured on a day.

A commitment is held in one or more scopes (national, each region, each governing body).
On a day `on` each scope has a status:

- missed: the date it fell due has passed and it was not kept;
- due soon: it falls due within the due-soon window (a setting) and nothing is arranged
  yet to keep it (a meeting of the group or a regional meeting planned by that date);
- met: kept, and not falling due within the window (or already arranged);
- no cadence set: a group whose cadence the documents do not state and the secretariat has
  not set. The RTIG's cadence is not stated (OP Annex C ¶2): the reference data loads it
  as a setting, which the secretariat may change; a group left without a Cadence row is
  listed with this status rather than measured against a guess.

Each function below reads its records in bulk, one query per kind whatever the number of
regions or bodies, and returns one `Entry` per scope. What counts as held or answered is
each app's own: a governance meeting recorded HELD, a regional meeting of engagement (PCC
§18), a circulation of a key intelligence report, a notice's acknowledgement, a request's
decision. Evidence names records by id; `selectors.py` shows a reader only those they
may see.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.db.models import BooleanField, ExpressionWrapper, F, Max, Min, OuterRef, Q, Subquery
from django.utils import timezone

from directory.calendar import long_date, next_working_day
from directory.choices import Role
from directory.home import days_from
from engagement import selectors as engagement_selectors
from engagement.choices import EventKind
from engagement.models import EngagementEvent, IntelligenceReport, PccNotice, ReportCirculation
from engagement.rules import ENGAGEMENT_ORGANISERS, REPORT_PUBLISHERS
from governance.choices import CadenceUnit, GroupCode, MeetingStatus
from governance.models import GovernanceGroup, Meeting
from tasking.choices import OPEN_STATUSES, RequestDirection
from tasking.models import TaskingRequest

from .choices import ScopeKind, Status

# How far back a request decided after `on` is looked for, to read a past day as it was.
REQUEST_LOOKBACK = datetime.timedelta(days=366)
# How many records a commitment names as its evidence, at most.
EVIDENCE = 5
YEAR = relativedelta(years=1)


@dataclass(frozen=True)
class Evidence:
    """A record that shows the status, by id: shown only to readers who may see it."""

    label: str
    model: type
    pk: int

    @property
    def link(self) -> str:
        return self.model(pk=self.pk).get_absolute_url()


@dataclass(frozen=True)
class Commitment:
    code: str
    title: str
    source: str
    scope_kind: str
    # Who answers for it: NCA people holding one of these roles; for a governing body's
    # commitment owned by the body, its PCC office.
    owner_roles: tuple[str, ...]
    owned_by_body: bool = False
    measure: Callable[["Day"], list["Entry"]] = field(default=None, repr=False, compare=False)


@dataclass
class Entry:
    """One commitment in one scope on one day."""

    commitment: Commitment
    scope_id: int  # the region's or body's id; 0 for national
    scope_name: str
    status: str
    due_on: datetime.date | None
    evidence: list[Evidence] = field(default_factory=list)
    note: str = ""
    region_id: int | None = None  # a governing body's region, for who may see it
    chair_id: int | None = None  # a group's chair, who owns its cadence with the secretariat

    @property
    def code(self) -> str:
        return self.commitment.code

    @property
    def status_label(self) -> str:
        return Status(self.status).label

    @property
    def scope_kind(self) -> str:
        return self.commitment.scope_kind


@dataclass(frozen=True)
class Day:
    """What every measure needs: the day, and the two settings."""

    on: datetime.date
    due_soon_days: int
    circulation_days: int

    @property
    def start(self) -> datetime.datetime:
        """The start of `on`, local time."""
        return days_from(self.on)[0]

    @property
    def end(self) -> datetime.datetime:
        """The start of the day after `on`, local time."""
        return days_from(self.on)[1]


def status_of(day: Day, due_on: datetime.date | None, *, arranged: bool = False) -> str:
    """Missed once its date has passed; due soon within the window unless already
    arranged; met otherwise. No date to measure against: not set."""
    if due_on is None:
        return Status.NOT_SET
    if due_on < day.on:
        return Status.MISSED
    if (due_on - day.on).days <= day.due_soon_days and not arranged:
        return Status.DUE_SOON
    return Status.MET


# --- The cadences of the groups (OP Annex C) --------------------------------------------


def _period(cadence) -> relativedelta:
    step = cadence.interval
    return {
        CadenceUnit.DAY: relativedelta(days=step),
        CadenceUnit.WEEK: relativedelta(weeks=step),
        CadenceUnit.MONTH: relativedelta(months=step),
    }[cadence.unit]


def cadence_due_on(cadence, *, last_held: datetime.date | None, valid_from) -> datetime.date:
    """When the group must next have met: one period of its cadence after the last meeting
    recorded as held (a meeting moved a few days still counts, and the next is due a
    period after it), or, before any, its cadence's first day. With `working_days_only`
    a date on a weekend or bank holiday moves to the next working day, as the planner
    moves the meetings (governance/rules.py meeting_slots)."""
    due = (
        last_held + _period(cadence)
        if last_held
        else max(cadence.anchor, valid_from or cadence.anchor)
    )
    return next_working_day(due) if cadence.working_days_only else due


def held_meetings(codes: tuple[str, ...], day: Day) -> list[Entry]:
    """Each group of `codes` existing on the day meets on its cadence (OP Annex C ¶1-3):
    one query for every group, with its last held and next scheduled meeting."""
    start, end = day.start, day.end
    held = Meeting.objects.filter(
        group=OuterRef("pk"), status=MeetingStatus.HELD, starts_at__lt=end
    ).order_by("-starts_at")
    planned = Meeting.objects.filter(
        group=OuterRef("pk"), status=MeetingStatus.SCHEDULED, starts_at__gte=start
    ).order_by("starts_at")
    groups = (
        GovernanceGroup.objects.filter(code__in=codes)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day.on))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day.on))
        .select_related("cadence", "region")
        .annotate(
            last_held_at=Subquery(held.values("starts_at")[:1]),
            last_held_id=Subquery(held.values("pk")[:1]),
            next_planned_at=Subquery(planned.values("starts_at")[:1]),
        )
        .order_by("position", "region__name")
    )
    found = []
    for group in groups:
        commitment = CADENCES[group.code]
        cadence = getattr(group, "cadence", None)
        entry = Entry(
            commitment,
            scope_id=group.region_id or 0,
            scope_name=group.region.name if group.region_id else "National",
            status=Status.NOT_SET,
            due_on=None,
            chair_id=group.chair_id,
        )
        found.append(entry)
        if cadence is None:
            entry.note = f"The {group.short_name} has no cadence: the secretariat sets one."
            continue
        last = timezone.localdate(group.last_held_at) if group.last_held_at else None
        entry.due_on = cadence_due_on(cadence, last_held=last, valid_from=group.valid_from)
        planned_on = timezone.localdate(group.next_planned_at) if group.next_planned_at else None
        entry.status = status_of(
            day, entry.due_on, arranged=planned_on is not None and planned_on <= entry.due_on
        )
        entry.note = f"{cadence.describe()}."
        if last:
            entry.evidence.append(
                Evidence(
                    f"{group.short_name} held on {long_date(last)}", Meeting, group.last_held_id
                )
            )
    return found


def _cadence(code: str, title: str, source: str, scope_kind: str) -> Commitment:
    return Commitment(
        code=f"{code.lower()}-cadence",
        title=title,
        source=source,
        scope_kind=scope_kind,
        owner_roles=(Role.SECRETARIAT,),
    )


CADENCES = {
    GroupCode.NSTCG: _cadence(
        "NSTCG", "The NSTCG meets every six months", "OP Annex C ¶1", ScopeKind.NATIONAL
    ),
    GroupCode.RSTCG: _cadence(
        "RSTCG", "Each RSTCG meets every six months", "OP Annex C ¶1", ScopeKind.REGION
    ),
    GroupCode.NTTCG: _cadence(
        "NTTCG", "The NTTCG meets every three months", "OP Annex C ¶2", ScopeKind.NATIONAL
    ),
    GroupCode.NTIG: _cadence(
        "NTIG", "The NTIG meets every six weeks", "OP Annex C ¶2", ScopeKind.NATIONAL
    ),
    GroupCode.RTIG: _cadence(
        "RTIG", "Each RTIG meets on its cadence", "OP Annex C ¶2", ScopeKind.REGION
    ),
    GroupCode.DBM: _cadence(
        "DBM", "The Daily Briefing Meeting is held daily", "OP Annex C ¶3", ScopeKind.NATIONAL
    ),
}


# --- Engagement with PCCs (PCC §17-20) --------------------------------------------------


def engagement_day(day: Day) -> list[Entry]:
    """An NCA engagement day each year, once the NSTCG has endorsed the National Strategic
    Assessment (PCC §17): due a year after the last one held; before any, on the day the
    first is planned for (engagement pencils it in when the NSA is endorsed)."""
    events = list(
        EngagementEvent.objects.filter(kind=EventKind.ENGAGEMENT_DAY)
        .order_by("starts_on", "pk")
        .values("pk", "starts_on")
    )
    held = [event for event in events if event["starts_on"] <= day.on]
    planned = [event for event in events if event["starts_on"] > day.on]
    last = held[-1] if held else None
    due_on = last["starts_on"] + YEAR if last else (planned[0]["starts_on"] if planned else None)
    arranged = bool(planned) and due_on is not None and planned[0]["starts_on"] <= due_on
    entry = Entry(
        ENGAGEMENT_DAY,
        scope_id=0,
        scope_name="National",
        # Neither held nor planned: the year's day is owed already.
        status=status_of(day, due_on, arranged=arranged) if due_on else Status.MISSED,
        due_on=due_on,
    )
    if due_on is None:
        entry.note = "No engagement day is held or planned."
    for event, words in ((last, "held"), (planned[0] if planned else None, "planned")):
        if event:
            label = f"Engagement day {words} for {long_date(event['starts_on'])}"
            entry.evidence.append(Evidence(label, EngagementEvent, event["pk"]))
    return [entry]


def regional_meetings(day: Day) -> list[Entry]:
    """The DG, DDG or a Director meets each region's PCCs and chief officers at least
    once a year (PCC §18): due a year after the region's last such meeting."""
    found = []
    for region in engagement_selectors.regions_with_meetings(on=day.on):
        last = region.last_met_on
        due_on = last + YEAR if last else None
        arranged = region.next_meeting_on is not None and (
            due_on is None or region.next_meeting_on <= due_on
        )
        entry = Entry(
            REGIONAL_MEETING,
            scope_id=region.pk,
            scope_name=region.name,
            # Never met: owed already (engagement/rules.py regional_meeting_overdue).
            status=status_of(day, due_on, arranged=arranged) if last else Status.MISSED,
            due_on=due_on,
        )
        if last is None:
            entry.note = "No meeting with the region's PCCs is recorded."
        else:
            label = f"Met the region's PCCs on {long_date(last)}"
            entry.evidence.append(Evidence(label, EngagementEvent, region.last_meeting_id))
        found.append(entry)
    return found


def report_circulation(day: Day) -> list[Entry]:
    """Key intelligence reports are circulated to PCCs periodically (PCC §19): each body
    governing a force on the day has one circulated to it at least every
    `circulation_days` (a setting). One query: the bodies, each with its last report."""
    end = day.end
    latest = ReportCirculation.objects.filter(
        governing_body=OuterRef("pk"), circulated_at__lt=end
    ).order_by("-circulated_at")
    bodies = (
        engagement_selectors.current_pcc_bodies(day.on)
        .annotate(
            last_circulated_at=Subquery(latest.values("circulated_at")[:1]),
            last_report_id=Subquery(latest.values("report_id")[:1]),
            governed_since=Min("governed_terms__starts_on"),
        )
        .order_by("name")
    )
    period = datetime.timedelta(days=day.circulation_days)
    found = []
    for body in bodies:
        last = timezone.localdate(body.last_circulated_at) if body.last_circulated_at else None
        due_on = (last or body.governed_since or day.on) + period
        entry = Entry(
            REPORT_CIRCULATION,
            scope_id=body.pk,
            scope_name=body.name,
            status=status_of(day, due_on),
            due_on=due_on,
            region_id=body.region_id,
        )
        if last:
            label = f"Key intelligence report circulated on {long_date(last)}"
            entry.evidence.append(Evidence(label, IntelligenceReport, body.last_report_id))
        else:
            entry.note = "No key intelligence report has been circulated to this body."
        found.append(entry)
    return found


def notice_acknowledgement(day: Day) -> list[Entry]:
    """Each notice of a direction is acknowledged by the PCC office in time (PCC §20):
    for every body given a notice by the day, the first acknowledgement date of the
    notices it had not acknowledged on the day. One query, grouped by body, on the
    index of notices by body and delivery."""
    end = day.end
    outstanding = Q(acknowledged_at__isnull=True) | Q(acknowledged_at__gte=end)
    rows = (
        PccNotice.objects.filter(delivered_at__lt=end)
        .values("governing_body", "governing_body__name", "governing_body__region")
        .annotate(
            first_due=Min("acknowledgement_due_on", filter=outstanding),
            last_acknowledged=Max("acknowledged_at", filter=Q(acknowledged_at__lt=end)),
        )
        .order_by("governing_body__name")
    )
    rows = list(rows)
    evidence = _notice_evidence(day, [row["governing_body"] for row in rows], outstanding)
    found = []
    for row in rows:
        due_on = row["first_due"]
        entry = Entry(
            NOTICE_ACKNOWLEDGEMENT,
            scope_id=row["governing_body"],
            scope_name=row["governing_body__name"],
            status=Status.MET if due_on is None else status_of(day, due_on),
            due_on=due_on,
            region_id=row["governing_body__region"],
            evidence=evidence.get(row["governing_body"], []),
        )
        if due_on is None:
            entry.note = "Every notice is acknowledged."
        found.append(entry)
    return found


def _notice_evidence(day: Day, bodies: list[int], outstanding: Q) -> dict[int, list[Evidence]]:
    """The notices each body has still to acknowledge, earliest due first; none
    outstanding, its last acknowledged notice. One query for every body."""
    end = day.end
    rows = (
        PccNotice.objects.filter(governing_body__in=bodies, delivered_at__lt=end)
        .annotate(waiting=ExpressionWrapper(outstanding, output_field=BooleanField()))
        .order_by("governing_body", "-waiting", F("acknowledgement_due_on").asc(nulls_last=True))
        .values_list("governing_body", "pk", "waiting", "acknowledgement_due_on")
    )
    found: dict[int, list[Evidence]] = {}
    for body, pk, waiting, due_on in rows:
        named = found.setdefault(body, [])
        if len(named) >= EVIDENCE or (named and not waiting):
            continue
        if waiting:
            label = (
                f"PN-{pk:06d} to be acknowledged by {long_date(due_on)}"
                if due_on
                else f"PN-{pk:06d} to be acknowledged"
            )
        else:
            label = f"PN-{pk:06d} acknowledged"
        named.append(Evidence(label, PccNotice, pk))
    return found


# --- Answering requests (OP §5) ---------------------------------------------------------


def request_deadlines(day: Day) -> list[Entry]:
    """The NCA answers partners' requests by the date they fall due, urgent action most of
    all (OP §5: "an immediate need for urgent action"): a request to the NCA undecided on
    the day past its due time is missed; one falling due within the window is due soon.
    Still-open requests are read through the `open_request_due` index; those decided since
    the day (to read a past day as it was) through `due_at`'s, within a year."""
    start, end = day.start, day.end
    horizon = start + datetime.timedelta(days=day.due_soon_days + 1)
    undecided = TaskingRequest.objects.filter(direction=RequestDirection.TO_NCA).filter(
        Q(status__in=OPEN_STATUSES, due_at__lt=horizon)
        | Q(due_at__gte=start - REQUEST_LOOKBACK, due_at__lt=horizon, decided_at__gte=end),
        submitted_at__lt=end,
    )
    # Reads of the earliest in `due_at`'s order, each a few rows of its index (an
    # aggregate over every open request would read them all); always the same three.
    earliest = undecided.order_by("due_at").values_list("due_at", flat=True)
    first_missed = earliest.filter(due_at__lt=start).first()
    next_due = earliest.filter(due_at__gte=start).first()
    first = first_missed or next_due
    late = Q(due_at__lt=start) if first_missed else Q()
    named = undecided.filter(late).order_by("due_at", "pk").values_list("pk", "due_at")
    due_on = timezone.localdate(first) if first else None
    entry = Entry(
        REQUEST_DEADLINES,
        scope_id=0,
        scope_name="National",
        status=Status.MET if due_on is None else status_of(day, due_on),
        due_on=due_on,
    )
    if due_on is None:
        entry.note = (
            "No request to the NCA is undecided past its due date or within "
            f"{day.due_soon_days} days of it."
        )
    for pk, due_at in named[:EVIDENCE]:
        when = long_date(timezone.localdate(due_at))
        entry.evidence.append(Evidence(f"TR-{pk:06d} due {when}", TaskingRequest, pk))
    return [entry]


ENGAGEMENT_DAY = Commitment(
    code="engagement-day",
    title="An NCA engagement day each year after the National Strategic Assessment",
    source="PCC §17",
    scope_kind=ScopeKind.NATIONAL,
    owner_roles=(Role.DIRECTOR_GENERAL, Role.SECRETARIAT),
    measure=engagement_day,
)
REGIONAL_MEETING = Commitment(
    code="regional-meeting",
    title="The DG, DDG or a Director meets the region's PCCs at least once a year",
    source="PCC §18",
    scope_kind=ScopeKind.REGION,
    owner_roles=ENGAGEMENT_ORGANISERS,
    measure=regional_meetings,
)
REPORT_CIRCULATION = Commitment(
    code="report-circulation",
    title="Key intelligence reports circulated to the PCC periodically",
    source="PCC §19",
    scope_kind=ScopeKind.GOVERNING_BODY,
    owner_roles=REPORT_PUBLISHERS,
    measure=report_circulation,
)
NOTICE_ACKNOWLEDGEMENT = Commitment(
    code="notice-acknowledgement",
    title="Each notice of a direction acknowledged in time",
    source="PCC §20",
    scope_kind=ScopeKind.GOVERNING_BODY,
    owner_roles=(),
    owned_by_body=True,
    measure=notice_acknowledgement,
)
REQUEST_DEADLINES = Commitment(
    code="request-deadlines",
    title="Requests to the NCA answered by their due date",
    source="OP §5",
    scope_kind=ScopeKind.NATIONAL,
    owner_roles=(Role.TASKING_OFFICER,),
    measure=request_deadlines,
)
CADENCE_CODES = tuple(CADENCES)

CATALOGUE: tuple[Commitment, ...] = (
    *CADENCES.values(),
    ENGAGEMENT_DAY,
    REGIONAL_MEETING,
    REPORT_CIRCULATION,
    NOTICE_ACKNOWLEDGEMENT,
    REQUEST_DEADLINES,
)
CODES = tuple(commitment.code for commitment in CATALOGUE)


def measure_all(day: Day) -> list[Entry]:
    """Every commitment in every scope on the day: the cadences in one query, then one
    (two for requests and notices) per other commitment."""
    entries = held_meetings(CADENCE_CODES, day)
    for commitment in CATALOGUE:
        if commitment.measure is not None:
            entries.extend(commitment.measure(day))
    return entries
