"""The tasking desk reads one page at a time in its order, and counts only so far."""

import datetime

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from directory import counting
from directory.choices import Marking
from tasking import panels, selectors, services
from tasking.choices import Urgency
from tasking.models import TaskingRequest
from tests.factories import organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(kent_officer):
    nca = organisation("National Crime Agency")

    def submit(summary, urgency=Urgency.ROUTINE, hours_ago=1, due_in_hours=240, **fields):
        request = services.request_create(
            actor=kent_officer, addressed_organisation=nca, summary=summary,
            how_this_assists="It would.", urgency=urgency, **fields,
        )  # fmt: skip
        services.request_submit(actor=kent_officer, request=request)
        at = timezone.now() - datetime.timedelta(hours=hours_ago)
        TaskingRequest.objects.filter(pk=request.pk).update(
            submitted_at=at, due_at=at + datetime.timedelta(hours=due_in_hours)
        )
        return request

    return submit


def test_the_desk_pages_run_on_from_the_overdue_into_the_rest_in_order(tasking_officer, submitted):
    submitted("Routine, overdue, older", hours_ago=500)
    submitted("Immediate, overdue", Urgency.IMMEDIATE, hours_ago=5, due_in_hours=2)
    submitted("Routine, overdue", hours_ago=300)
    submitted("Routine, fresh", hours_ago=2)
    submitted("Immediate, fresh", Urgency.IMMEDIATE, hours_ago=1, due_in_hours=2)
    queue = selectors.tasking_queue(user=tasking_officer)
    pages = [queue[start : start + 2] for start in (0, 2, 4)]
    assert [[r.summary for r in page] for page in pages] == [
        ["Immediate, overdue", "Routine, overdue, older"],
        ["Routine, overdue", "Immediate, fresh"],
        ["Routine, fresh"],
    ]
    assert [r.overdue for page in pages for r in page] == [True, True, True, False, False]


def test_the_desk_reads_each_part_in_order_from_its_index_rather_than_sorting_them(
    tasking_officer, submitted
):
    for hours_ago in (300, 200, 1):
        submitted(f"Submitted {hours_ago} hours ago", hours_ago=hours_ago)
    with CaptureQueriesContext(connection) as queries:
        selectors.tasking_queue(user=tasking_officer)[0:50]
    page_sql = queries.captured_queries[0]["sql"]
    with transaction.atomic(), connection.cursor() as cursor:
        # A handful of rows would be read whole; the plan is the one of a full desk.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute(f"EXPLAIN {page_sql}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert plan.count("Index Scan using open_request_desk") == 2, plan
    assert plan.count("Sort  (") == 1, plan  # only the two limited parts, put together


def test_the_desk_leaves_out_what_the_reader_may_not_see_and_what_is_not_open(
    nca_bpss_analyst, tasking_officer, submitted
):
    submitted("Official")
    secret = submitted("Secret")
    TaskingRequest.objects.filter(pk=secret.pk).update(marking=Marking.SECRET)
    decided = submitted("Withdrawn")
    TaskingRequest.objects.filter(pk=decided.pk).update(status="withdrawn")
    assert [r.summary for r in selectors.tasking_queue(user=nca_bpss_analyst)[0:10]] == ["Official"]
    assert selectors.tasking_queue(user=nca_bpss_analyst).count() == 1
    assert selectors.tasking_queue(user=tasking_officer).count() == 2


def test_a_count_is_exact_up_to_its_limit_and_bounded_beyond_it(submitted):
    for n in range(3):
        submitted(f"Request {n}")
    requests = TaskingRequest.objects.all()
    exact = counting.bounded_count(requests, limit=3)
    bounded = counting.bounded_count(requests, limit=2)
    assert (exact, exact.more, str(exact)) == (3, False, "3")
    assert (bounded, bounded.more, str(bounded)) == (2, True, "more than 2")
    assert counting.bounded_counts(limit=2, all=requests, none=requests.none()) == {
        "all": 2,
        "none": 0,
    }


def test_the_desk_and_the_home_page_say_more_than_the_limit_rather_than_count_every_request(
    client, tasking_officer, submitted, monkeypatch
):
    for n in range(3):
        submitted(f"Overdue {n}", hours_ago=300)
    client.force_login(tasking_officer)
    assert "3 open requests" in client.get("/tasking/desk/").content.decode()
    monkeypatch.setattr(counting, "COUNT_LIMIT", 2)
    assert "More than 2 open requests" in client.get("/tasking/desk/").content.decode()
    today = timezone.localdate()
    (glance,) = panels.at_a_glance(tasking_officer, today=today)
    assert str(glance.count) == "more than 2"
    titles = [need.title for need in panels.needs(tasking_officer, today=today)]
    assert "more than 2 partner requests past their due date" in titles
