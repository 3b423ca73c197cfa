import datetime

import pytest
from django.utils import timezone

from tasking import services
from tasking.choices import CommitmentTest
from tasking.models import TaskingRequest
from tests.factories import organisation


def months_ago(count: int, day: int = 10) -> datetime.datetime:
    """Noon on `day` of the month `count` months before this one, in London."""
    today = timezone.localdate()
    year, month = divmod(today.year * 12 + today.month - 1 - count, 12)
    moment = datetime.datetime(year, month + 1, min(day, 28), 12)
    return timezone.make_aware(moment)


def month_label(count: int) -> str:
    return f"{months_ago(count):%b %Y}"


@pytest.fixture
def submitted(db):
    """A request submitted `months` ago by `actor` to `addressed`, due `due_in` after."""

    def make(actor, *, months=0, addressed="National Crime Agency", due_in=7, **fields):
        request = services.request_create(
            actor=actor,
            addressed_organisation=organisation(addressed),
            summary=fields.pop("summary", "Surveillance on an armed robbery team"),
            how_this_assists="It would let us arrest them.",
            **fields,
        )
        services.request_submit(actor=actor, request=request)
        at = months_ago(months)
        TaskingRequest.objects.filter(pk=request.pk).update(
            submitted_at=at, due_at=at + datetime.timedelta(days=due_in)
        )
        request.refresh_from_db()
        return request

    return make


@pytest.fixture
def decide(db):
    """The NCA decides `outcome` on a request to it, `at` a moment (now by default)."""

    def make(actor, request, outcome, at=None):
        return services.request_decide(
            actor=actor,
            request=request,
            outcome=outcome,
            rationale="Judged on the evidence.",
            tests=dict.fromkeys(CommitmentTest.values, False),
            departure_reason="Professional judgement on the evidence.",
            decided_at=at,
        )

    return make
