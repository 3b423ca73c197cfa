"""The pages of the portal's work over time. Each view: ask the rule, read through the
selectors, respond."""

from django.http import Http404
from django.utils import timezone
from django.views.decorators.http import require_GET

from directory.access import has_role
from directory.charts import Period, chart_page
from directory.choices import Role
from directory.pages import render_form
from engagement import selectors as engagement_selectors

from . import figures, rules, selectors
from .forms import DayForm, ReportingPeriodForm


@require_GET
def requests_and_decisions(request):
    """Request volumes, answers against their deadlines and the NCA's role decided, by
    month, over a period the reader chooses; each chart also as CSV."""
    rules.check_may_read_request_figures(request.user)
    user, now = request.user, timezone.now()
    return chart_page(
        request,
        "delivery/requests.html",
        charts=_request_charts(user, now),
        filename="requests-and-decisions",
        today=timezone.localdate(now),
    )


def _request_charts(user, now) -> dict:
    return {
        "requests": lambda period: selectors.requests_received(user=user, period=period),
        "deadlines": lambda period: selectors.response_against_deadlines(
            user=user, period=period, now=now
        ),
        "decisions": lambda period: selectors.decisions_by_role(user=user, period=period),
    }


@require_GET
def priorities(request):
    """The priorities in force on a day (today unless chosen), each with the operations
    serving it, the requests citing it and its results in the 12 months to that day."""
    rules.check_may_read_results(request.user)
    form = DayForm(request.GET, today=timezone.localdate())
    rows, day, period = [], None, None
    if form.is_valid():
        day = form.cleaned_data["on"]
        period = Period.last_months(12, today=day)
        rows = figures.priorities_delivery(user=request.user, day=day, period=period)
    return render_form(
        request,
        "delivery/priorities.html",
        {"form": form, "rows": rows, "day": day, "period": period},
    )


@require_GET
def priority(request, code):
    """One priority's results by month over a period the reader chooses, with the
    operations serving it and the requests citing it in the last 12 months."""
    rules.check_may_read_results(request.user)
    user, today = request.user, timezone.localdate()
    chosen = selectors.priority_latest(user=user, code=code)
    if chosen is None:
        raise Http404("No priority matches the given query.")
    year = Period.last_months(12, today=today)
    return chart_page(
        request,
        "delivery/priority.html",
        charts=figures.result_charts(
            figures.priority_results(user=user, priority=chosen), about="against this priority"
        ),
        filename=f"priority-{chosen.code}",
        today=today,
        priority=chosen,
        activity=figures.priority_activity(user=user, priority=chosen, period=year),
        year=year,
    )


@require_GET
def performance_questions(request):
    """The Key Performance Questions answered for a quarter or a year (the last full
    quarter unless chosen), against the period before, with the evidence."""
    rules.check_may_read_results(request.user)
    form = ReportingPeriodForm(request.GET, today=timezone.localdate())
    answers, period = [], None
    if form.is_valid():
        period = form.cleaned_data["period"]
        answers = figures.performance_answers(user=request.user, period=period)
    return render_form(
        request,
        "delivery/performance_questions.html",
        {"form": form, "answers": answers, "period": period},
    )


@require_GET
def force_area(request):
    """What the NCA does in a force's area, by month: for the force's chief officer and
    officers, the results there, the requests both ways and the NCA's role, as far as they
    may see; for a PCC office, the OFFICIAL summary of the forces its body governs, counts
    only (PCC §15)."""
    user, now = request.user, timezone.now()
    today = timezone.localdate(now)
    if has_role(user, Role.PCC_OFFICE):
        return chart_page(
            request,
            "delivery/force_area_pcc.html",
            charts=figures.result_charts(
                figures.governed_force_results(user=user, day=today),
                about="in the forces your body governs",
            ),
            filename="force-area",
            today=today,
            forces=engagement_selectors.force_summary(user=user, day=today),
        )
    rules.check_may_read_force_area(user)
    return chart_page(
        request,
        "delivery/force_area.html",
        charts={
            **figures.result_charts(
                figures.force_area_results(user=user),
                about=f"in the area of {user.organisation.name}",
            ),
            **_request_charts(user, now),
        },
        filename="force-area",
        today=today,
    )
