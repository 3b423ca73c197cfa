"""The figures pages' benchmarks (delivery/benchmarks.py): the answers seeded over
tasking's benchmark requests, and each reader's pages, at a small scale."""

import datetime
import functools
import random

import pytest
from django.utils import timezone

from delivery import benchmarks
from directory.benchmarking import signed_in_client
from tasking.benchmarks import SEED_USERNAME
from tasking.choices import Outcome, RequestDirection, RequestStatus
from tasking.models import Decision, TaskingRequest

SCALE = 0.001  # 200 requests


def test_an_answer_comes_after_its_request_was_submitted_and_never_after_now():
    rng = random.Random(1)
    now = timezone.now()
    submitted = [(pk, now - datetime.timedelta(days=pk)) for pk in range(1, 60)]

    moments = benchmarks.answer_moments(submitted, now=now, rng=rng)

    for pk, at in submitted:
        assert at < moments[pk] <= now
        assert moments[pk] - at <= datetime.timedelta(weeks=3)


def test_a_declined_request_has_one_decision_and_a_changed_role_its_earlier_one_first():
    rng = random.Random(2)
    decided_at = timezone.now()
    decide = functools.partial(
        benchmarks.decisions_for, decided_at=decided_at, marking="official", maker=None, rng=rng
    )
    declined = decide(1, status=RequestStatus.DECLINED)
    assert [(one.sequence, one.outcome) for one in declined] == [(1, Outcome.DECLINE)]

    accepted = [decide(pk, status=RequestStatus.ACCEPTED) for pk in range(500)]
    changed = [decisions for decisions in accepted if len(decisions) == 2]
    assert 20 < len(changed) < 80  # one in ten
    for first, last in changed:
        assert (first.sequence, last.sequence) == (1, 2)
        assert first.outcome != last.outcome
        assert first.decided_at < last.decided_at == decided_at
    assert all(one.outcome in benchmarks.ROLES for decisions in accepted for one in decisions)


@pytest.mark.django_db(transaction=True)
def test_every_answered_request_is_answered_once_and_each_to_the_nca_decided(
    committed_reference_data,
):
    benchmarks.setup(scale=SCALE)
    seeded = TaskingRequest.objects.filter(requester__username=SEED_USERNAME)
    answered = seeded.filter(status__in=benchmarks.ANSWERED)
    decisions = Decision.objects.count()

    benchmarks.setup(scale=SCALE)

    assert answered.exists()
    assert not answered.filter(decided_at=None).exists()
    assert not seeded.exclude(status__in=benchmarks.ANSWERED).exclude(decided_at=None).exists()
    to_nca = answered.filter(direction=RequestDirection.TO_NCA)
    assert set(Decision.objects.values_list("request", flat=True)) == set(
        to_nca.values_list("pk", flat=True)
    )
    for request in to_nca.prefetch_related("decisions"):
        assert max(one.decided_at for one in request.decisions.all()) == request.decided_at
    assert Decision.objects.count() == decisions


@pytest.mark.django_db(transaction=True)
def test_each_readers_pages_answer_in_full_the_figures_over_36_months_and_the_csv(
    committed_reference_data,
):
    dg, paths = benchmarks.setup(scale=SCALE)
    client = signed_in_client(dg)

    assert set(benchmarks.LOAD) <= set(paths)
    assert len(paths) == 18  # six pages, for each of three readers
    for name, path in paths.items():
        response = path(client) if callable(path) else client.get(path)
        assert response.status_code == 200, name
        if "CSV" in name:
            assert response["Content-Type"] == "text/csv; charset=utf-8"
        elif "figures page" in name:
            assert len(response.context["charts"]) == 3, name
    longest = client.get(paths["delivery: figures page, 36 months (DG)"])
    assert len(longest.context["period"].months) == 36
