"""The one paginator (directory/paging.py): pages by keyset for the pages and the API,
a count that stops at COUNT_LIMIT, and readers' scopes that PostgreSQL reads from
indexes (issue 14 §1, §6)."""

import datetime
import re

import pytest
from django.db import connection
from django.db.models import F
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from guardian.shortcuts import assign_perm

from directory import counting, paging
from directory.choices import Marking, OrganisationKind
from directory.models import Organisation
from directory.paging import InvalidCursor, keyset_page, sort_keys
from tasking.choices import RequestDirection
from tasking.models import TaskingRequest
from tests.conftest import VerifiedAPIClient
from tests.factories import organisation

pytestmark = pytest.mark.django_db


def _walk(queryset, per_page):
    """Every page forward from the first, then every page back from the last: the rows
    of each walk, in order."""
    pages = [keyset_page(queryset, None, per_page=per_page)]
    while pages[-1].has_next:
        pages.append(keyset_page(queryset, pages[-1].next_cursor, per_page=per_page))
    forward = [row.pk for page in pages for row in page]
    back = list(pages[-1])
    page = pages[-1]
    while page.has_previous:
        page = keyset_page(queryset, page.previous_cursor, per_page=per_page)
        back = [*page, *back]
    return forward, [row.pk for row in back], pages


def _in_order(queryset):
    """The rows as the database orders them by the keys the paginator reads."""
    ordered = queryset.order_by(*(key.order_by() for key in sort_keys(queryset)))
    return list(ordered.values_list("pk", flat=True))


@pytest.mark.parametrize(
    "ordering",
    [
        (),  # the model's own: by name
        ("-kind", "region"),  # a relation stands for its model's ordering, with nulls
        ("rocu", "-name"),  # most organisations have no ROCU: long runs of nulls
        (F("region").desc(nulls_last=True), "kind"),
        (F("rocu").asc(nulls_first=True),),  # ties broken by the primary key alone
    ],
)
def test_walking_a_list_forward_and_back_gives_every_row_once_in_its_order(ordering):
    organisations = Organisation.objects.order_by(*ordering) if ordering else Organisation.objects
    forward, back, pages = _walk(organisations.all(), per_page=7)
    assert forward == back == _in_order(organisations.all())
    assert len(forward) == Organisation.objects.count() > 7 * 3
    assert not pages[0].has_previous
    assert not pages[-1].has_next


def test_rows_created_in_the_same_instant_are_each_paged_once(kent_officer):
    _requests(kent_officer, 25)
    instants = [timezone.now() - datetime.timedelta(hours=n) for n in range(3)]
    for n, request in enumerate(TaskingRequest.objects.order_by("pk")):
        TaskingRequest.objects.filter(pk=request.pk).update(created_at=instants[n % 3])
    requests = TaskingRequest.objects.restrict(kent_officer)
    forward, back, _ = _walk(requests, per_page=4)
    assert forward == back == _in_order(requests)
    assert len(set(forward)) == 25


def test_the_list_is_read_in_its_index_order_with_the_primary_key_last():
    keys = sort_keys(TaskingRequest.objects.all())
    assert [(key.expression.name, key.descending) for key in keys] == [
        ("created_at", True),
        ("pk", True),
    ]
    index = next(i for i in TaskingRequest._meta.indexes if i.name == "request_newest_first")
    assert index.fields == ["-created_at", "-id"]


def test_a_cursor_the_list_did_not_give_is_refused():
    organisations = Organisation.objects.all()
    given = keyset_page(organisations, None, per_page=5).next_cursor
    assert keyset_page(organisations, given, per_page=5).object_list
    for cursor in (
        "not a cursor",
        "WyJuIl0",  # ["n"]: no values
        paging._encode("n", ["Kent Police"]),  # one value where the list has two keys
        paging._encode("n", ["Kent Police", "not a number"]),
        paging._encode("n", ["Kent Police", 10**30]),  # past what an id holds
        paging._encode("x", ["Kent Police", 1]),
        paging._encode("n", ["Kent\x00Police", 1]),
    ):
        with pytest.raises(InvalidCursor):
            keyset_page(organisations, cursor, per_page=5)


def test_a_cursor_past_rows_that_have_gone_since_gives_the_first_page(kent_officer):
    oldest, *_ = _requests(kent_officer, 3)
    requests = TaskingRequest.objects.restrict(kent_officer)
    first = keyset_page(requests, None, per_page=2)
    # Sent elsewhere: no longer among Kent's.
    TaskingRequest.objects.filter(pk=oldest.pk).update(
        requesting_organisation=organisation("Essex Police")
    )
    again = keyset_page(requests, first.next_cursor, per_page=2)
    assert [row.pk for row in again] == [row.pk for row in first]
    assert not again.has_previous


def test_the_count_is_exact_up_to_its_limit_and_bounded_beyond(monkeypatch):
    forces = Organisation.objects.filter(kind=OrganisationKind.TERRITORIAL_FORCE)
    assert (counting.bounded_count(forces), counting.bounded_count(forces).more) == (43, False)
    monkeypatch.setattr(counting, "COUNT_LIMIT", 43)
    assert (counting.bounded_count(forces), counting.bounded_count(forces).more) == (43, False)
    monkeypatch.setattr(counting, "COUNT_LIMIT", 42)
    assert (counting.bounded_count(forces), counting.bounded_count(forces).more) == (42, True)


def test_the_count_never_counts_the_whole_table(kent_officer):
    _requests(kent_officer, 3)
    with CaptureQueriesContext(connection) as queries:
        page = keyset_page(TaskingRequest.objects.restrict(kent_officer), None, per_page=50)
    assert (page.count, page.count_is_exact, len(queries)) == (3, True, 2)
    counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"]]
    assert len(counts) == 1
    assert f"LIMIT {counting.COUNT_LIMIT + 1})" in counts[0], counts[0]


@pytest.mark.parametrize(
    ("count", "exact", "words"),
    [
        (1, True, "1 request"),
        (2, True, "2 requests"),
        (10_000, True, "10,000 requests"),
        (10_000, False, "More than 10,000 requests"),
    ],
)
def test_a_list_says_its_count_in_words_and_bounded_when_large(count, exact, words):
    page = paging.KeysetPage([], count, exact, None, None)
    template = Template('{% load govuk %}{% counted page "request" %}')
    assert template.render(Context({"page": page})) == words


def test_the_request_page_says_more_than_the_limit_and_pages_on_and_back(
    client, tasking_officer, kent_officer, monkeypatch
):
    _requests(kent_officer, 53)
    monkeypatch.setattr(counting, "COUNT_LIMIT", 50)
    client.force_login(tasking_officer)
    first = client.get("/tasking/requests/").content.decode()
    assert "More than 50 requests" in first
    assert 'rel="prev"' not in first
    cursor = re.search(r'href="\?cursor=([\w-]+)" rel="next"', first)[1]
    second = client.get(f"/tasking/requests/?cursor={cursor}").content.decode()
    assert 'rel="next"' not in second
    shown = _summaries(first) + _summaries(second)
    assert shown == [f"Request {n}" for n in range(52, -1, -1)]
    back = re.search(r'href="\?cursor=([\w-]+)" rel="prev"', second)[1]
    assert _summaries(client.get(f"/tasking/requests/?cursor={back}").content.decode()) == (
        _summaries(first)
    )


def _summaries(page: str) -> list[str]:
    return re.findall(r'<span class="govuk-body-s">(Request \d+)</span>', page)


def test_a_page_given_a_cursor_it_did_not_give_shows_the_first(client, tasking_officer):
    client.force_login(tasking_officer)
    response = client.get("/directory/?cursor=not-a-cursor")
    assert response.status_code == 200
    assert Organisation.objects.order_by("name")[0].name in response.content.decode()


def test_the_api_pages_on_and_back_by_its_links(tasking_officer):
    api = VerifiedAPIClient()
    api.force_login(tasking_officer)
    first = api.get("/api/organisations/").json()
    total = Organisation.objects.count()
    assert (first["count"], first["count_is_exact"], first["previous"]) == (total, True, None)
    pages, body = [first], first
    while body["next"]:
        assert "cursor=" in body["next"]
        body = api.get(body["next"]).json()
        pages.append(body)
    forward = [row["id"] for page in pages for row in page["results"]]
    assert forward == list(Organisation.objects.order_by("name", "pk").values_list("pk", flat=True))
    assert len(pages) > 1
    back = api.get(pages[-1]["previous"]).json()
    assert back["results"] == pages[-2]["results"]


def test_the_api_refuses_a_cursor_it_did_not_give_naming_it(tasking_officer):
    api = VerifiedAPIClient()
    api.force_login(tasking_officer)
    answer = api.get("/api/organisations/", {"cursor": "not-a-cursor"})
    assert answer.status_code == 400
    assert list(answer.json()["errors"]) == ["cursor"]


def test_a_kent_officer_pages_through_kents_requests_and_those_granted_only(
    kent_officer, eastern_rocu_officer, tasking_officer, kent_pcc_office
):
    own = _requests(kent_officer, 3)
    others = _requests(eastern_rocu_officer, 3)
    assign_perm("view_taskingrequest", kent_officer, others[0])
    forward, back, _ = _walk(TaskingRequest.objects.restrict(kent_officer), per_page=2)
    assert sorted(forward) == sorted([r.pk for r in own] + [others[0].pk])
    assert back == forward
    api = VerifiedAPIClient()
    api.force_login(kent_officer)
    listed = api.get("/api/tasking-requests/").json()
    assert sorted(row["id"] for row in listed["results"]) == sorted(forward)
    assert listed["count"] == 4
    # The NCA sees every one; a PCC office only what it is granted.
    assert len(_walk(TaskingRequest.objects.restrict(tasking_officer), per_page=4)[0]) == 6
    assert _walk(TaskingRequest.objects.restrict(kent_pcc_office), per_page=4)[0] == []
    assign_perm("view_taskingrequest", kent_pcc_office, own[1])
    assert _walk(TaskingRequest.objects.restrict(kent_pcc_office), per_page=4)[0] == [own[1].pk]


def test_a_partners_scope_and_grants_are_conditions_an_index_answers(kent_officer):
    sql = str(TaskingRequest.objects.restrict(kent_officer).query)
    organisation_id = kent_officer.organisation_id
    for column in ("requesting_organisation_id", "addressed_organisation_id", "routed_via_id"):
        assert f'"tasking_taskingrequest"."{column}" = {organisation_id}' in sql
    assert sql.count('"tasking_taskingrequest"."id" = ANY(ARRAY(SELECT') == 2
    assert " IN (SELECT" not in sql


def _requests(requester, count):
    """`count` requests from `requester`'s organisation to the NCA, "Request 0" first."""
    nca = organisation("National Crime Agency")
    return TaskingRequest.objects.bulk_create(
        TaskingRequest(
            direction=RequestDirection.TO_NCA,
            requester=requester,
            requesting_organisation=requester.organisation,
            addressed_organisation=nca,
            summary=f"Request {n}",
            how_this_assists="It would.",
            marking=Marking.OFFICIAL,
        )
        for n in range(count)
    )
