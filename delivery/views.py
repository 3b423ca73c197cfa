"""The pages of the portal's work over time. Each view: ask the rule, read through the
selectors, respond."""

from django.utils import timezone
from django.views.decorators.http import require_GET

from directory.charts import chart_page

from . import rules, selectors


@require_GET
def requests_and_decisions(request):
    """Request volumes, answers against their deadlines and the NCA's role decided, by
    month, over a period the reader chooses; each chart also as CSV."""
    rules.check_may_read_request_figures(request.user)
    user, now = request.user, timezone.now()
    return chart_page(
        request,
        "delivery/requests.html",
        charts={
            "requests": lambda period: selectors.requests_received(user=user, period=period),
            "deadlines": lambda period: selectors.response_against_deadlines(
                user=user, period=period, now=now
            ),
            "decisions": lambda period: selectors.decisions_by_role(user=user, period=period),
        },
        filename="requests-and-decisions",
        today=timezone.localdate(now),
    )
