"""notify(): a message in the portal for each person, and the e-mail it owes written to
the outbox in the caller's transaction, sent once with a Message-ID of its own."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from directory.choices import Marking
from directory.links import portal_url
from notifications import services
from notifications.choices import Delivery, Kind
from notifications.models import Notification, OutboxEmail, Preference

pytestmark = pytest.mark.django_db


def tell(recipients, **overrides):
    values = {
        "kind": Kind.ACTION_GIVEN,
        "text": "You own action 3 of the South East ROCU board",
        "link": "/governance/actions/3/",
        "subject": "an action is yours",
    }
    with transaction.atomic():
        return services.notify(recipients, **{**values, **overrides})


def test_each_active_person_is_told_once_however_often_listed(kent_pcc, essex_pcc):
    essex_pcc.is_active = False
    essex_pcc.save()
    notifications = tell([kent_pcc, kent_pcc, essex_pcc])
    assert [n.recipient for n in notifications] == [kent_pcc]
    assert Notification.objects.get().text == "You own action 3 of the South East ROCU board"
    assert OutboxEmail.objects.get().address == "kent-pcc@kent-pcc.example"


def test_the_email_is_sent_once_with_its_message_id_and_the_official_text(kent_pcc, mailoutbox):
    [notification] = tell([kent_pcc])
    email = notification.email
    assert email.message_id.startswith("<")
    assert email.message_id.endswith(">")
    assert services.email_send(email_id=email.pk) is True
    assert services.email_send(email_id=email.pk) is False  # a late duplicate of the task
    assert services.emails_send_unsent() == 0
    [sent] = mailoutbox
    assert sent.to == ["kent-pcc@kent-pcc.example"]
    assert sent.extra_headers["Message-ID"] == email.message_id
    assert sent.subject == "NCA portal: an action is yours"
    assert "You own action 3 of the South East ROCU board" in sent.body
    assert portal_url("/governance/actions/3/") in sent.body
    email.refresh_from_db()
    assert email.sent_at is not None
    assert email.attempts == 1


def test_an_email_of_a_marked_notification_says_only_that_there_is_something_new(
    se_rocu_officer, mailoutbox
):
    tell(
        [se_rocu_officer],
        text="Operation Kestrel overlaps a Kent Police target",
        subject="Operation Kestrel",
        marking=Marking.OFFICIAL_SENSITIVE,
    )
    services.emails_send_unsent()
    [sent] = mailoutbox
    assert "Kestrel" not in sent.subject + sent.body
    assert "There is something new for you in the NCA portal" in sent.body
    assert "/governance/actions/3/" in sent.body


def test_a_failed_send_is_recorded_and_left_for_the_sweeper(kent_pcc, settings, mailoutbox):
    [notification] = tell([kent_pcc])
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    assert services.emails_send_unsent() == 0
    email = OutboxEmail.objects.get(pk=notification.email_id)
    assert email.sent_at is None
    assert email.attempts == 1
    assert email.last_error.startswith("ConnectionRefusedError")
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert services.emails_send_unsent() == 1
    assert len(mailoutbox) == 1


def test_a_person_who_chose_the_digest_gets_one_digest_however_often_it_runs(kent_pcc, mailoutbox):
    services.preferences_set(actor=kent_pcc, choices={Kind.ACTION_GIVEN: Delivery.DAILY_DIGEST})
    tell([kent_pcc])
    tell([kent_pcc], text="You own action 4 of the South East ROCU board")
    assert OutboxEmail.objects.count() == 0
    today = datetime.date(2026, 12, 2)
    assert services.digests_write(today=today) == 1
    assert services.digests_write(today=today) == 0
    services.emails_send_unsent()
    [digest] = mailoutbox
    assert "action 3" in digest.body
    assert "action 4" in digest.body
    assert Notification.objects.filter(email__digest_on=today).count() == 2


def test_portal_only_writes_no_email(kent_pcc):
    services.preferences_set(actor=kent_pcc, choices={Kind.ACTION_GIVEN: Delivery.PORTAL_ONLY})
    [notification] = tell([kent_pcc])
    assert notification.email is None
    assert OutboxEmail.objects.count() == 0


@pytest.mark.parametrize("kind", [Kind.PCC_NOTICE, Kind.PCC_NOTICE_OVERDUE])
def test_a_statutory_notice_cannot_be_turned_off(kent_pcc, kind):
    with pytest.raises(ValidationError, match="owed by statute"):
        services.preferences_set(actor=kent_pcc, choices={kind: Delivery.PORTAL_ONLY})
    assert not Preference.objects.exists()
    # Even a preference written behind the service's back does not hold it back.
    Preference.objects.create(person=kent_pcc, kind=kind, delivery=Delivery.PORTAL_ONLY)
    [notification] = tell([kent_pcc], kind=kind)
    assert notification.delivery == Delivery.AT_ONCE
    assert notification.email is not None


def test_news_for_information_waits_for_the_digest_by_default(kent_pcc):
    [notification] = tell([kent_pcc], kind=Kind.MINUTES_CIRCULATED)
    assert notification.delivery == Delivery.DAILY_DIGEST
    assert notification.email is None
