"""The cycle plans meetings from the cadences: once per group per slot, however often it
runs, and however many planners run at once."""

import datetime
import threading

import pytest
from celery.contrib.testing.worker import start_worker
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from django.db.models import Count
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from governance import reference
from governance.models import GovernanceGroup, Meeting
from governance.rules import meeting_slots
from governance.services import meetings_plan
from governance.tasks import plan_meetings
from nca_portal.celery import app as celery_app
from tests.governance.conftest import group
from tests.workers import finished_tasks, wait_until_run

TODAY = datetime.date(2027, 1, 1)
UNTIL = datetime.date(2027, 3, 31)


def expected_slots(until=UNTIL) -> int:
    return sum(
        len(meeting_slots(g.cadence, start=TODAY, end=until))
        for g in GovernanceGroup.objects.select_related("cadence")
    )


@pytest.mark.django_db
def test_planning_creates_one_meeting_per_group_per_slot_of_its_cadence():
    created = meetings_plan(until=UNTIL, today=TODAY)
    assert created == expected_slots() == Meeting.objects.count()
    nttcg = list(Meeting.objects.filter(group__slug="nttcg").order_by("starts_at"))
    assert [(m.starts_at, m.ends_at - m.starts_at) for m in nttcg] == [
        (datetime.datetime(2027, 1, 21, 10, tzinfo=datetime.UTC), datetime.timedelta(hours=3))
    ]
    assert nttcg[0].location == "NCA headquarters, and by video"
    assert Meeting.objects.filter(group__slug="dbm").count() == 90


@pytest.mark.django_db
def test_running_the_planner_twice_creates_nothing_twice():
    first = meetings_plan(until=UNTIL, today=TODAY)
    assert meetings_plan(until=UNTIL, today=TODAY) == 0
    assert Meeting.objects.count() == first
    # Planning further on adds only the new slots.
    later = meetings_plan(until=datetime.date(2027, 4, 30), today=TODAY)
    assert later == expected_slots(datetime.date(2027, 4, 30)) - first


@pytest.mark.django_db
def test_the_database_refuses_a_second_meeting_of_a_group_in_one_slot():
    meetings_plan(until=UNTIL, today=TODAY)
    first = Meeting.objects.filter(group__slug="nttcg").first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.create(group=first.group, starts_at=first.starts_at, ends_at=first.ends_at)


@pytest.mark.django_db
def test_a_slot_already_taken_by_a_cancelled_meeting_is_not_planned_again():
    nttcg = group("nttcg")
    slot = datetime.datetime(2027, 1, 21, 10, tzinfo=datetime.UTC)
    Meeting.objects.create(
        group=nttcg, starts_at=slot, ends_at=slot + datetime.timedelta(hours=1), status="cancelled"
    )
    meetings_plan(until=UNTIL, today=TODAY)
    assert list(nttcg.meetings.values_list("status", flat=True)) == ["cancelled"]


@pytest.mark.django_db
def test_planning_up_to_a_day_already_past_is_refused_naming_the_date():
    with pytest.raises(Exception, match="Plan up to a day from") as error:
        meetings_plan(until=datetime.date(2026, 12, 31), today=TODAY)
    assert "until" in error.value.message_dict


@pytest.mark.django_db(transaction=True)
def test_two_planners_at_once_create_nothing_twice(committed_governance):
    """Two beat processes (or beat and the command) plan at the same moment, each on its
    own database connection."""
    start = threading.Barrier(2)
    results, errors = [], []

    def plan():
        try:
            start.wait(timeout=10)
            results.append(meetings_plan(until=UNTIL, today=TODAY))
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=plan) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    expected = expected_slots()
    assert sorted(results) == [0, expected]
    assert Meeting.objects.count() == expected
    twice = (
        Meeting.objects.values("group", "starts_at")
        .order_by()
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    assert not twice.exists()


@pytest.mark.django_db
def test_the_command_plans_by_hand_with_the_same_service(capsys):
    until = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    call_command("plan_meetings", "--until", until)
    first = Meeting.objects.count()
    assert first > 0
    assert "Planned" in capsys.readouterr().out
    call_command("plan_meetings", "--until", until)
    assert "Planned 0 new meetings" in capsys.readouterr().out
    assert Meeting.objects.count() == first


@pytest.mark.django_db
@pytest.mark.parametrize("bad", ["2027-13-01", "next week", ""])
def test_the_command_names_the_argument_when_the_date_is_not_a_date(bad):
    with pytest.raises(CommandError, match=r"--until: .* is not a date"):
        call_command("plan_meetings", "--until", bad)


@pytest.mark.django_db
def test_the_command_names_the_argument_when_the_date_is_past():
    with pytest.raises(CommandError, match="--until: Plan up to a day from"):
        call_command("plan_meetings", "--until", "2020-01-01")


@pytest.mark.django_db
def test_beat_has_each_cycle_scheduled_once_in_london_time_however_often_reference_loads():
    reference.load()
    reference.load()
    tasks = PeriodicTask.objects.filter(task__startswith="governance.tasks.")
    assert sorted(tasks.values_list("task", flat=True)) == [
        "governance.tasks.build_dbm_pack",
        "governance.tasks.carry_overdue_actions",
        "governance.tasks.plan_meetings",
        "governance.tasks.put_products_due_for_review",
        "governance.tasks.send_action_reminders",
    ]
    assert {str(task.crontab.timezone) for task in tasks} == {"Europe/London"}
    planner = tasks.get(task="governance.tasks.plan_meetings")
    assert (planner.crontab.hour, planner.crontab.minute) == ("2", "30")


@pytest.mark.django_db
def test_an_edited_schedule_is_kept_when_reference_data_loads_again():
    planner = PeriodicTask.objects.get(task="governance.tasks.plan_meetings")
    planner.enabled = False
    planner.save()
    reference.load()
    planner.refresh_from_db()
    assert planner.enabled is False


@pytest.mark.django_db(transaction=True)
def test_a_celery_worker_runs_the_planning_task_through_redis(committed_governance):
    with (
        finished_tasks() as finished,
        start_worker(celery_app, perform_ping_check=False, shutdown_timeout=10),
    ):
        wait_until_run(finished, plan_meetings.delay())
        count = Meeting.objects.count()
        assert Meeting.objects.filter(group__slug="dbm").exists()
        wait_until_run(finished, plan_meetings.delay())  # a second run adds nothing
    assert Meeting.objects.count() == count
    assert Meeting.objects.filter(group__slug="nttcg").exists()
