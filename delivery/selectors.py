"""The figures of the portal's work, for a reader: each chart counts, in one GROUP BY
query by month, only the records the reader may see (directory/access.py `restrict`)."""

import datetime

from django.db import connection
from django.db.models import Case, CharField, F, Q, Value, When, Window
from django.db.models.functions import RowNumber, TruncMonth

from directory.charts import Chart, Period, Series, monthly_counts, series_of
from priorities.models import Priority
from tasking.choices import OPEN_STATUSES, NcaRole, RequestDirection
from tasking.models import Decision, TaskingRequest


def requests_received(*, user, period: Period) -> Chart:
    """Requests submitted in each month, to the NCA and from it."""
    counts = monthly_counts(
        TaskingRequest.objects.restrict(user), moment="submitted_at", by="direction", period=period
    )
    to_nca = series_of(counts, period, RequestDirection.TO_NCA)
    from_nca = series_of(counts, period, RequestDirection.FROM_NCA)
    return Chart(
        name="requests",
        title="Requests received",
        description=(
            f"Requests submitted each month {period.in_words()}: {sum(to_nca):,} from "
            f"partners to the NCA and {sum(from_nca):,} from the NCA to partners."
        ),
        periods=period.labels,
        series=(
            Series(RequestDirection.TO_NCA.label, to_nca, colour="blue"),
            Series(RequestDirection.FROM_NCA.label, from_nca, colour="orange"),
        ),
    )


ON_TIME, LATE, OVERDUE = "on_time", "late", "overdue"


def response_against_deadlines(*, user, period: Period, now: datetime.datetime) -> Chart:
    """Requests, both ways, by the month their answer was due: answered by the deadline,
    answered after it, or still open with the deadline passed. An answer is the NCA's
    decision on a request to it, or the partner's acceptance or refusal of one from it
    (`decided_at`); a request withdrawn unanswered, or not yet due, is not counted."""
    answer = Case(
        When(decided_at__lte=F("due_at"), then=Value(ON_TIME)),
        When(decided_at__gt=F("due_at"), then=Value(LATE)),
        When(Q(status__in=OPEN_STATUSES, due_at__lt=now), then=Value(OVERDUE)),
        default=None,
        output_field=CharField(),
    )
    # Only the requests answered or overdue, asked plainly: leaving out those without an
    # answer works the answer out twice a row.
    answered_or_overdue = Q(decided_at__isnull=False) | Q(status__in=OPEN_STATUSES, due_at__lt=now)
    requests = (
        TaskingRequest.objects.restrict(user).filter(answered_or_overdue).annotate(answer=answer)
    )
    counts = monthly_counts(requests, moment="due_at", by="answer", period=period)
    on_time, late, overdue = (series_of(counts, period, key) for key in (ON_TIME, LATE, OVERDUE))
    return Chart(
        name="deadlines",
        title="Answers against their deadlines",
        description=(
            f"Requests both ways whose answer was due {period.in_words()}, by the month it "
            f"was due: {sum(on_time):,} answered by the deadline, {sum(late):,} answered "
            f"late and {sum(overdue):,} still open past it."
        ),
        periods=period.labels,
        series=(
            Series("Answered by the deadline", on_time, colour="green"),
            Series("Answered late", late, colour="orange"),
            Series("Still open, overdue", overdue, colour="red"),
        ),
        stacked=True,
    )


ROLES = (NcaRole.LEAD, NcaRole.SUPPORT, NcaRole.COORDINATE)


def decisions_by_role(*, user, period: Period) -> Chart:
    """The NCA's role decided each month (OP §14, §18): each operation, or request outside
    an operation, counts once in a month, by the last decision made on it that month
    among those the reader may see; a role that changes from one month to the next
    counts in both. Declines are not a role and are left out."""
    decisions = Decision.objects.restrict(user).filter(**period.within("decided_at"))
    subject_month = [
        F("operation_id"),
        Case(When(operation__isnull=True, then=F("request_id")), default=None),
        TruncMonth("decided_at"),
    ]
    ranked = (
        decisions.annotate(
            month=TruncMonth("decided_at"),
            newest=Window(
                RowNumber(),
                partition_by=subject_month,
                order_by=[F("decided_at").desc(), F("sequence").desc()],
            ),
        )
        .order_by()
        .values("month", "outcome", "newest")
    )
    # The ranked rows are counted as they come: Django would group them before ranking,
    # and picking them by id again reads each one twice (a third of the time at scale).
    sql, params = ranked.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT "month"::date, "outcome", COUNT(*) FROM ({sql}) AS "ranked" '  # noqa: S608
            'WHERE "newest" = 1 GROUP BY 1, 2',
            params,
        )
        counts = {(month, outcome): n for month, outcome, n in cursor.fetchall()}
    lead, support, coordinate = (series_of(counts, period, role) for role in ROLES)
    return Chart(
        name="decisions",
        title="The NCA's role, decided each month",
        description=(
            f"Operations and requests on which the NCA decided its role {period.in_words()}, "
            f"each counted once a month by the last decision made that month: it leads in "
            f"{sum(lead):,}, supports in {sum(support):,} and coordinates in "
            f"{sum(coordinate):,}."
        ),
        periods=period.labels,
        series=(
            Series("Leads", lead, colour="dark-blue"),
            Series("Supports", support, colour="blue"),
            Series("Coordinates", coordinate, colour="grey"),
        ),
        stacked=True,
    )


def priority_latest(*, user, code: str) -> Priority | None:
    """The newest version of the priority `code` that `user` may see, if there is one."""
    return Priority.objects.restrict(user).filter(code=code).order_by("-starts_on").first()
