"""The cycle's Celery tasks are thin: each calls one service and is safe to run again."""

import datetime

import pytest
from django.utils import timezone

from activity.services import activity_record
from directory.choices import Marking
from governance import services, tasks
from governance.models import AgendaItem, DbmPack
from notifications.models import Notification
from tests.governance.conftest import coming, member, started

pytestmark = pytest.mark.django_db


def run(task, *args):
    return task.apply(args=args).get()


def test_the_morning_pack_task_builds_one_pack_a_day_and_renders_a_pdf_per_reader_scope(
    django_capture_on_commit_callbacks, tasking_officer, dg
):
    member("dbm", tasking_officer, dg)
    activity_record(
        kind="significant_event", summary="For the DV-cleared only", marking=Marking.TOP_SECRET,
        occurs_at=timezone.now() - datetime.timedelta(hours=1),
    )  # fmt: skip
    with django_capture_on_commit_callbacks() as handed_on:
        first = run(tasks.build_dbm_pack)
        assert run(tasks.build_dbm_pack) == first
    assert len(handed_on) == 1  # the pack is handed to the worker once, when built
    pack = DbmPack.objects.get()
    assert pack.kind == "morning"
    scopes = run(tasks.render_dbm_pack, pack.pk)
    assert scopes >= 2  # the SC and the DV reader at least each see a different pack
    assert pack.pdfs.count() == scopes
    assert run(tasks.render_dbm_pack, pack.pk) == scopes
    assert pack.pdfs.count() == scopes


def test_the_reminder_and_overdue_tasks_act_once(secretariat, tasking_officer):
    coming("nttcg", days=30)
    action = services.action_create(
        actor=secretariat, meeting=started("nttcg", hours_ago=24 * 10), owner=tasking_officer,
        description="Brief the regions.", due_on=timezone.localdate(), marking=Marking.OFFICIAL,
    )  # fmt: skip
    Notification.objects.all().delete()
    assert run(tasks.send_action_reminders) == 1
    assert run(tasks.send_action_reminders) == 0
    type(action).objects.filter(pk=action.pk).update(
        due_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert run(tasks.carry_overdue_actions) == 1
    assert run(tasks.carry_overdue_actions) == 0
    assert AgendaItem.objects.filter(kind="overdue_action").count() == 1


def test_the_review_task_puts_due_products_on_agendas_once(secretariat):
    assert run(tasks.put_products_due_for_review) == 0
