"""The figures of the NCA's delivery for a reader (issue 13 §1-2, §4): the activity and
results against each priority, the answers to the Key Performance Questions, and the
results in a force's area. Each figure is counted in the database, in one GROUP BY query,
from a queryset restricted to the reader (directory/access.py `restrict`), so that a
count never includes what they may not see. The one exception is a PCC office's summary
of its forces, which counts OFFICIAL records only, under its own rule (PCC §15)."""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, Count, F, IntegerField, Sum, Value, When, Window
from django.db.models.functions import RowNumber, TruncMonth

from directory.access import in_array
from directory.charts import Chart, Period, Series, series_of
from directory.counting import bounded_counts
from directory.models import GoverningBodyTerm
from engagement import rules as engagement_rules
from priorities.models import Priority
from tasking.choices import (
    ASSET_RESULTS,
    GRADED_RESULTS,
    PEOPLE_RESULTS,
    NcaRole,
    ResultKind,
    Significance,
)
from tasking.models import Operation, OperationResult, PerformanceQuestion, TaskingRequest

ROLES = (NcaRole.LEAD, NcaRole.SUPPORT, NcaRole.COORDINATE)
SIGNIFICANCES = (Significance.MAJOR, Significance.MODERATE, Significance.MINOR)

# What each kind of result counts, as a figure reads on a page.
FIGURE_WORDS = {
    ResultKind.ARREST: "People arrested",
    ResultKind.CHARGE: "People charged",
    ResultKind.CONVICTION: "People convicted",
    ResultKind.ASSETS_SEIZED: "Assets seized (£)",
    ResultKind.ASSETS_RESTRAINED: "Assets restrained (£)",
    ResultKind.PREVENTION: "Prevention",
    ResultKind.DISRUPTION: "Other disruption",
}


def pounds(amount) -> int:
    """An amount in whole pounds, as a chart and its table give it."""
    return int((amount or Decimal(0)).to_integral_value())


# --- what the results add up to --------------------------------------------------------


@dataclass
class Tally:
    """Results added up: people by kind, pounds by kind, disruptions by kind and
    significance, and how many results the NCA led, supported and coordinated (a result
    the NCA supported counts as support, PCC §9)."""

    people: Counter = field(default_factory=Counter)
    pounds: Counter = field(default_factory=Counter)
    graded: Counter = field(default_factory=Counter)
    roles: Counter = field(default_factory=Counter)
    kinds: Counter = field(default_factory=Counter)

    def add(self, row: dict) -> None:
        kind, count = row["kind"], row["n"]
        if kind in PEOPLE_RESULTS:
            self.people[kind] += row["people"] or 0
        elif kind in ASSET_RESULTS:
            self.pounds[kind] += pounds(row["amount"])
        else:
            self.graded[kind, row["significance"]] += count
        self.roles[row["nca_role"]] += count
        self.kinds[kind] += count

    @property
    def results(self) -> int:
        return sum(self.kinds.values())

    def figure(self, kind: str, significance: str = "") -> int:
        if kind in PEOPLE_RESULTS:
            return self.people[kind]
        if kind in ASSET_RESULTS:
            return self.pounds[kind]
        if significance:
            return self.graded[kind, significance]
        return sum(n for (graded, _), n in self.graded.items() if graded == kind)

    @property
    def disruptions(self) -> dict:
        """Preventions and other disruptions together, by significance."""
        return {
            significance: sum(self.graded[kind, significance] for kind in GRADED_RESULTS)
            for significance in SIGNIFICANCES
        }


def tallies(results, *, by: str) -> dict:
    """{value of `by`: Tally} of `results`, in one GROUP BY query."""
    rows = (
        results.order_by()
        .values(by, "kind", "significance", "nca_role")
        .annotate(people=Sum("people"), amount=Sum("amount"), n=Count("pk"))
    )
    added: dict = {}
    for row in rows:
        added.setdefault(row[by], Tally()).add(row)
    return added


# --- the priorities --------------------------------------------------------------------


@dataclass(frozen=True)
class PriorityDelivery:
    priority: Priority
    operations: int
    requests: int
    tally: Tally


def _per_code(queryset, codes) -> dict:
    return dict(
        queryset.filter(priorities__code__in=codes)
        .order_by()
        .values_list("priorities__code")
        .annotate(n=Count("pk", distinct=True))
    )


def priorities_delivery(*, user, day: datetime.date, period: Period) -> list[PriorityDelivery]:
    """Per priority in force on `day`: the active operations serving it, the requests
    citing it submitted in `period`, and its results in `period` (PCC §9-11, §14), each
    counted among the records `user` may see. Four queries, whatever the rows."""
    priorities = list(Priority.objects.restrict(user).in_force(day))
    codes = [priority.code for priority in priorities]
    operations = _per_code(Operation.objects.restrict(user).filter(active=True), codes)
    requests = _per_code(
        TaskingRequest.objects.restrict(user).filter(**period.within("submitted_at")), codes
    )
    results = tallies(
        OperationResult.objects.restrict(user)
        .occurred_between(period.starts, period.ends)
        .filter(priority__code__in=codes),
        by="priority__code",
    )
    return [
        PriorityDelivery(
            priority=priority,
            operations=operations.get(priority.code, 0),
            requests=requests.get(priority.code, 0),
            tally=results.get(priority.code, Tally()),
        )
        for priority in priorities
    ]


def priority_activity(*, user, priority: Priority, period: Period) -> dict:
    """The active operations serving `priority` (any of its versions) and the requests
    citing it submitted in `period`, among those `user` may see: one query, each count
    bounded (directory/counting.py)."""
    serving = Operation.priorities.through.objects.filter(priority__code=priority.code)
    citing = TaskingRequest.priorities.through.objects.filter(priority__code=priority.code)
    operations = Operation.objects.restrict(user).filter(
        in_array("pk", serving.values("operation_id")), active=True
    )
    requests = TaskingRequest.objects.restrict(user).filter(
        in_array("pk", citing.values("taskingrequest_id")), **period.within("submitted_at")
    )
    return bounded_counts(operations=operations, requests=requests)


# --- results by month ------------------------------------------------------------------


def _monthly(results, *, period: Period, by: str, value) -> dict:
    """{(first day of the month, value of `by`): `value` added up}, in one GROUP BY query
    over the results that occurred in `period`."""
    rows = (
        results.occurred_between(period.starts, period.ends)
        .annotate(month=TruncMonth("occurred_on"))
        .order_by()
        .values("month", by)
        .annotate(total=value)
    )
    return {(row["month"], row[by]): row["total"] or 0 for row in rows}


def people_chart(results, *, period: Period, about: str) -> Chart:
    """People arrested, charged and convicted each month."""
    counts = _monthly(
        results.filter(kind__in=PEOPLE_RESULTS), period=period, by="kind", value=Sum("people")
    )
    series = tuple(
        Series(FIGURE_WORDS[kind], series_of(counts, period, kind), colour=colour)
        for kind, colour in zip(PEOPLE_RESULTS, ("blue", "orange", "dark-blue"), strict=True)
    )
    arrested, charged, convicted = (sum(one.values) for one in series)
    return Chart(
        name="people",
        title="People brought to justice",
        description=(
            f"People arrested, charged and convicted each month {period.in_words()} "
            f"{about}: {arrested:,} arrested, {charged:,} charged and {convicted:,} convicted."
        ),
        periods=period.labels,
        series=series,
    )


def assets_chart(results, *, period: Period, about: str) -> Chart:
    """Pounds of criminal assets seized and restrained each month."""
    counts = _monthly(
        results.filter(kind__in=ASSET_RESULTS), period=period, by="kind", value=Sum("amount")
    )
    series = tuple(
        Series(
            FIGURE_WORDS[kind],
            tuple(pounds(value) for value in series_of(counts, period, kind)),
            colour=colour,
        )
        for kind, colour in zip(ASSET_RESULTS, ("green", "grey"), strict=True)
    )
    seized, restrained = (sum(one.values) for one in series)
    return Chart(
        name="assets",
        title="Assets denied to criminals (£)",
        description=(
            f"Pounds of criminal assets seized and restrained each month {period.in_words()} "
            f"{about}: £{seized:,} seized and £{restrained:,} restrained."
        ),
        periods=period.labels,
        series=series,
        stacked=True,
    )


def disruptions_chart(results, *, period: Period, about: str) -> Chart:
    """Preventions and other disruptions each month, by how much they set a group back."""
    counts = _monthly(
        results.filter(kind__in=GRADED_RESULTS), period=period, by="significance", value=Count("pk")
    )
    series = tuple(
        Series(significance.label, series_of(counts, period, significance), colour=colour)
        for significance, colour in zip(SIGNIFICANCES, ("red", "orange", "grey"), strict=True)
    )
    major, moderate, minor = (sum(one.values) for one in series)
    return Chart(
        name="disruptions",
        title="Prevention and disruption, by significance",
        description=(
            f"Preventions and other disruptions each month {period.in_words()} {about}: "
            f"{major:,} major, {moderate:,} moderate and {minor:,} minor."
        ),
        periods=period.labels,
        series=series,
        stacked=True,
    )


def roles_chart(results, *, period: Period, about: str) -> Chart:
    """Results each month by the NCA's part in them: a result the NCA supported is
    support, not the NCA's own (PCC §9, OP §14)."""
    counts = _monthly(results, period=period, by="nca_role", value=Count("pk"))
    series = tuple(
        Series(label, series_of(counts, period, role), colour=colour)
        for role, label, colour in zip(
            ROLES,
            ("The NCA led", "The NCA supported", "The NCA coordinated"),
            ("dark-blue", "blue", "grey"),
            strict=True,
        )
    )
    lead, support, coordinate = (sum(one.values) for one in series)
    return Chart(
        name="roles",
        title="Results by the NCA's role",
        description=(
            f"Results recorded each month {period.in_words()} {about}, by the NCA's part in "
            f"them: it led {lead:,}, supported {support:,} and coordinated {coordinate:,}."
        ),
        periods=period.labels,
        series=series,
        stacked=True,
    )


RESULT_CHARTS = {
    "people": people_chart,
    "assets": assets_chart,
    "disruptions": disruptions_chart,
    "roles": roles_chart,
}


def result_charts(results, *, about: str) -> dict:
    """The page's charts of `results` by name, each counted over the period it is given."""
    return {
        name: (lambda period, chart=chart: chart(results, period=period, about=about))
        for name, chart in RESULT_CHARTS.items()
    }


def priority_results(*, user, priority: Priority):
    """The results serving `priority`, any version of it, that `user` may see."""
    return OperationResult.objects.restrict(user).filter(priority__code=priority.code)


def force_area_results(*, user):
    """The results in the area of `user`'s force that `user` may see (a chief officer:
    those of the operations the force leads or supports)."""
    return OperationResult.objects.restrict(user).filter(force=user.organisation_id)


def governed_forces(*, user, day: datetime.date):
    """The forces the PCC office's body governs on `day`."""
    return (
        GoverningBodyTerm.objects.on(day)
        .filter(governing_body=user.organisation_id)
        .values("force_id")
    )


def governed_force_results(*, user, day: datetime.date):
    """For a PCC office, the OFFICIAL results of OFFICIAL operations in the areas of the
    forces its body governs on `day`, to be counted only, never listed (PCC §15)."""
    engagement_rules.check_may_read_force_summary(user)
    marking = engagement_rules.force_summary_marking()
    return OperationResult.objects.filter(
        force__in=governed_forces(user=user, day=day),
        marking=marking,
        operation__marking=marking,
    )


# --- the Key Performance Questions -----------------------------------------------------

# Financial years run from April (the Agency reports by them).
YEAR_STARTS_MONTH = 4
QUARTER, YEAR = "quarter", "year"


def _month_start(index: int) -> datetime.date:
    year, month = divmod(index, 12)
    return datetime.date(year, month + 1, 1)


@dataclass(frozen=True)
class ReportingPeriod:
    """A quarter or a year of the financial year starting in April of `year`."""

    length: str
    year: int
    quarter: int = 0

    @classmethod
    def last_full_quarter(cls, *, today: datetime.date) -> "ReportingPeriod":
        months_into_year = (today.month - YEAR_STARTS_MONTH) % 12
        year = today.year if today.month >= YEAR_STARTS_MONTH else today.year - 1
        quarter = months_into_year // 3  # the current one, counted from 1, less one
        if quarter == 0:
            return cls(QUARTER, year - 1, 4)
        return cls(QUARTER, year, quarter)

    @property
    def starts(self) -> datetime.date:
        first = self.year * 12 + YEAR_STARTS_MONTH - 1
        return _month_start(first + 3 * max(self.quarter - 1, 0))

    @property
    def ends(self) -> datetime.date:
        months = 3 if self.length == QUARTER else 12
        start = self.starts.year * 12 + self.starts.month - 1
        return _month_start(start + months) - datetime.timedelta(days=1)

    @property
    def previous(self) -> "ReportingPeriod":
        if self.length == YEAR:
            return ReportingPeriod(YEAR, self.year - 1)
        if self.quarter == 1:
            return ReportingPeriod(QUARTER, self.year - 1, 4)
        return ReportingPeriod(QUARTER, self.year, self.quarter - 1)

    @property
    def name(self) -> str:
        year = f"{self.year} to {self.year + 1}"
        return f"Quarter {self.quarter} of {year}" if self.length == QUARTER else year

    def in_words(self) -> str:
        return f"{self.starts:%-d %B %Y} to {self.ends:%-d %B %Y}"


@dataclass(frozen=True)
class Figure:
    label: str
    now: int
    before: int
    pounds: bool = False

    @property
    def change(self) -> int:
        return self.now - self.before

    def shown(self, value: int) -> str:
        return f"£{value:,}" if self.pounds else f"{value:,}"

    @property
    def now_shown(self) -> str:
        return self.shown(self.now)

    @property
    def before_shown(self) -> str:
        return self.shown(self.before)

    @property
    def change_shown(self) -> str:
        """The change in words: "up 4", "down £1,200" or "no change"."""
        if not self.change:
            return "no change"
        return f"{'up' if self.change > 0 else 'down'} {self.shown(abs(self.change))}"


@dataclass(frozen=True)
class Answer:
    question: PerformanceQuestion
    figures: list
    counted: int
    evidence: list


def _figures(kinds, now: Tally, before: Tally) -> list[Figure]:
    figures = []
    for kind in kinds:
        if kind in GRADED_RESULTS:
            figures += [
                Figure(
                    f"{FIGURE_WORDS[kind]}, {significance.label.lower()}",
                    now.figure(kind, significance),
                    before.figure(kind, significance),
                )
                for significance in SIGNIFICANCES
            ]
        else:
            figures.append(
                Figure(
                    FIGURE_WORDS[kind],
                    now.figure(kind),
                    before.figure(kind),
                    pounds=kind in ASSET_RESULTS,
                )
            )
    return figures


SIGNIFICANCE_RANK = Case(
    *(When(significance=s, then=Value(rank)) for rank, s in enumerate(SIGNIFICANCES)),
    default=Value(len(SIGNIFICANCES)),
    output_field=IntegerField(),
)
WEIGHTIEST = [
    F("people").desc(nulls_last=True),
    F("amount").desc(nulls_last=True),
    SIGNIFICANCE_RANK.asc(),
    F("occurred_on").desc(),
    F("pk").desc(),
]


def _weight(result) -> tuple:
    return (
        -(result.people or 0),
        -(result.amount or 0),
        [s.value for s in SIGNIFICANCES].index(result.significance)
        if result.significance
        else len(SIGNIFICANCES),
        -result.occurred_on.toordinal(),
        -result.pk,
    )


EVIDENCE_LIMIT = 10


def performance_answers(
    *, user, period: ReportingPeriod, evidence_limit: int = EVIDENCE_LIMIT
) -> list[Answer]:
    """The Key Performance Questions in force at the end of `period`, each answered from
    the results of its kinds that `user` may see (PCC §14, OP §14): its figures in
    `period` and in the one before, how many results they add up, and the weightiest
    `evidence_limit` of them (most people, then most pounds, then most significant).
    Three queries, whatever the results."""
    questions = list(PerformanceQuestion.objects.on(period.ends))
    kinds = {kind for question in questions for kind in question.result_kinds}
    before = period.previous
    results = OperationResult.objects.restrict(user).filter(kind__in=kinds)
    in_either = results.occurred_between(before.starts, period.ends).annotate(
        current=Case(
            When(occurred_on__gte=period.starts, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    )
    added = tallies(in_either, by="current")
    now, earlier = added.get(1, Tally()), added.get(0, Tally())
    weightiest = list(
        results.occurred_between(period.starts, period.ends)
        .annotate(weight=Window(RowNumber(), partition_by=[F("kind")], order_by=WEIGHTIEST))
        .filter(weight__lte=evidence_limit)
        .select_related("operation", "priority")
    )
    answers = []
    for question in questions:
        mine = set(question.result_kinds)
        counted = sum(now.kinds[kind] for kind in mine)
        evidence = sorted((r for r in weightiest if r.kind in mine), key=_weight)
        answers.append(
            Answer(
                question=question,
                figures=_figures(question.result_kinds, now, earlier),
                counted=counted,
                evidence=evidence[:evidence_limit],
            )
        )
    return answers
