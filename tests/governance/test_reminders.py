"""Reminders before an action is due, and an overdue action onto its group's next agenda:
each by itself, each once."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from directory.choices import Marking
from governance import services
from governance.models import ActionReminder, AgendaItem, Meeting
from notifications.models import Notification, OutboxEmail
from notifications.services import emails_send_unsent
from tests.governance.conftest import coming, started

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def owner(tasking_officer):
    tasking_officer.email = "tasking@nca.example"
    tasking_officer.save()
    return tasking_officer


def an_action(secretariat, owner, *, due_in_days, marking=Marking.OFFICIAL, meeting=None):
    action = services.action_create(
        actor=secretariat, meeting=meeting or started("nttcg", hours_ago=24 * 30),
        description="Brief the regions on firearms supply.", owner=owner,
        due_on=TODAY + datetime.timedelta(days=max(due_in_days, 0)), marking=marking,
    )  # fmt: skip
    if due_in_days < 0:
        type(action).objects.filter(pk=action.pk).update(
            due_on=TODAY + datetime.timedelta(days=due_in_days)
        )
        action.refresh_from_db()
    Notification.objects.all().delete()  # leave only the reminders to count
    OutboxEmail.objects.all().delete()
    return action


def test_an_owner_is_reminded_once_as_the_due_date_nears(secretariat, owner):
    an_action(secretariat, owner, due_in_days=2)
    assert services.action_reminders_send(today=TODAY) == 1
    assert services.action_reminders_send(today=TODAY) == 0
    emails_send_unsent()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["tasking@nca.example"]
    assert "Brief the regions" in mail.outbox[0].body
    assert Notification.objects.get(recipient=owner).text.endswith(
        f"from the NTTCG is due on {TODAY + datetime.timedelta(days=2):%-d %B %Y}."
    )


def test_an_action_far_from_due_is_not_reminded_yet(secretariat, owner):
    an_action(secretariat, owner, due_in_days=10)
    assert services.action_reminders_send(today=TODAY) == 0


def test_an_overdue_action_gets_its_own_reminder_once(secretariat, owner):
    action = an_action(secretariat, owner, due_in_days=2)
    services.action_reminders_send(today=TODAY)
    assert services.action_reminders_send(today=TODAY + datetime.timedelta(days=3)) == 1
    assert services.action_reminders_send(today=TODAY + datetime.timedelta(days=4)) == 0
    assert sorted(ActionReminder.objects.filter(action=action).values_list("kind", flat=True)) == [
        "due_soon", "overdue",
    ]  # fmt: skip


def test_a_done_action_is_not_reminded(secretariat, owner):
    action = an_action(secretariat, owner, due_in_days=1)
    services.action_update(actor=owner, action=action, status="done")
    assert services.action_reminders_send(today=TODAY) == 0


def test_a_reminder_of_a_secret_action_names_no_detail(secretariat, owner):
    an_action(secretariat, owner, due_in_days=1, marking=Marking.SECRET)
    services.action_reminders_send(today=TODAY)
    emails_send_unsent()
    assert [email.to for email in mail.outbox] == [["tasking@nca.example"]]
    assert "firearms" not in mail.outbox[0].body
    assert "An action marked SECRET" in Notification.objects.get().text


def test_an_overdue_action_goes_onto_the_groups_next_agenda_by_itself_once(secretariat, owner):
    action = an_action(secretariat, owner, due_in_days=-3)
    next_nttcg = coming("nttcg", days=20)
    assert services.actions_carry_overdue() == 1
    assert services.actions_carry_overdue() == 0
    item = AgendaItem.objects.get(action=action)
    assert item.meeting == next_nttcg
    assert item.kind == "overdue_action"
    assert item.title.startswith(f"Overdue action ({owner}, due ")
    assert item.is_automatic


def test_an_action_still_overdue_after_that_meeting_goes_onto_the_one_after(secretariat, owner):
    action = an_action(secretariat, owner, due_in_days=-3)
    first = coming("nttcg", days=20)
    second = coming("nttcg", days=110)
    services.actions_carry_overdue()
    # The first meeting comes and goes; the action is still open.
    later = first.ends_at + datetime.timedelta(days=1)
    assert services.actions_carry_overdue(now=later) == 1
    assert set(AgendaItem.objects.filter(action=action).values_list("meeting", flat=True)) == {
        first.pk, second.pk,
    }  # fmt: skip


def test_a_done_or_not_yet_due_action_stays_off_the_agenda(secretariat, owner):
    done = an_action(secretariat, owner, due_in_days=-3)
    services.action_update(actor=secretariat, action=done, status="done")
    an_action(secretariat, owner, due_in_days=5)
    coming("nttcg", days=20)
    assert services.actions_carry_overdue() == 0
    assert not AgendaItem.objects.exists()


def test_the_next_meeting_is_planned_if_the_cycle_has_not_reached_it(secretariat, owner):
    meeting = Meeting.objects.create(
        group=started("ntig").group,
        starts_at=timezone.now() - datetime.timedelta(days=10),
        ends_at=timezone.now() - datetime.timedelta(days=10) + datetime.timedelta(hours=2),
    )
    an_action(secretariat, owner, due_in_days=-3, meeting=meeting)
    assert services.actions_carry_overdue() == 1
    assert AgendaItem.objects.get().meeting.starts_at > timezone.now()
