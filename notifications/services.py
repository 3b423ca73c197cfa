"""Every write of the notification centre. `notify()` is the one way any app tells a
person something: the notification and the e-mail it owes at once are written in the
caller's transaction (the outbox), and handed to Celery only after it commits."""

import datetime
import logging
from functools import partial
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage, make_msgid
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from directory.choices import Marking
from directory.links import portal_url
from directory.queueing import enqueue

from . import rules
from .choices import Delivery, Kind
from .models import Notification, OutboxEmail, Preference

logger = logging.getLogger(__name__)

TEXT_MAX = 300
DIGEST_MAX_ITEMS = 200


def _message_id() -> str:
    return make_msgid(domain=urlsplit(settings.PORTAL_BASE_URL).hostname or "nca-portal")


def _check(kind: str, text: str, link: str, marking: str) -> None:
    """A caller's mistake, not a person's input: said plainly, at once."""
    if kind not in Kind.values:
        raise ValueError(f"{kind!r} is not a kind of notification.")
    if not text.strip() or len(text) > TEXT_MAX:
        raise ValueError(f"A notification's text is 1 to {TEXT_MAX} characters.")
    if not link.startswith("/"):
        raise ValueError(f"A notification links to a portal path, not {link!r}.")
    if marking not in Marking.values:
        raise ValueError(f"{marking!r} is not a marking.")


def notify(
    recipients,
    *,
    kind: str,
    text: str,
    link: str,
    marking: str = Marking.OFFICIAL,
    subject: str = "",
) -> list[Notification]:
    """Tell each active recipient (once, however often listed) in the portal, and write
    the e-mail owed at once to the outbox, in the caller's transaction. The e-mails are
    handed to Celery after commit; if the broker is down the sweeper sends them."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("notify() writes in the caller's transaction: call it inside one.")
    _check(kind, text, link, marking)
    people = list({person.pk: person for person in recipients if person.is_active}.values())
    chosen = dict(
        Preference.objects.filter(person__in=people, kind=kind).values_list("person", "delivery")
    )
    notifications, email_ids = [], []
    for person in people:
        delivery = rules.delivery_for(kind, chosen.get(person.pk))
        email = None
        if delivery == Delivery.AT_ONCE and person.email:
            email = OutboxEmail.objects.create(
                recipient=person,
                address=person.email,
                subject=rules.email_subject(subject=subject, text=text, marking=marking),
                body=rules.message_for_reader(
                    reader=person, text=text, link=link, marking=marking, by_email=True
                ),
                message_id=_message_id(),
            )
            email_ids.append(email.pk)
        notifications.append(
            Notification(
                recipient=person,
                kind=kind,
                text=text,
                link=link,
                marking=marking,
                delivery=delivery,
                email=email,
            )
        )
    Notification.objects.bulk_create(notifications)
    if email_ids:
        transaction.on_commit(partial(enqueue_emails, email_ids))
    return notifications


def enqueue_emails(email_ids: list[int]) -> None:
    """Hand committed outbox e-mails to Celery; if Redis or the worker is down, the
    sweeper sends them once they return."""
    from .tasks import deliver_email

    enqueue(
        deliver_email, [(email_id,) for email_id in email_ids], otherwise="the sweeper sends them"
    )


def email_send(*, email_id: int) -> bool:
    """Send one outbox e-mail, at most once: its row is locked while it is sent and
    marked sent in the same transaction, so two senders at once send it once. Only a
    crash between the send and the commit could repeat it, and then with the same
    Message-ID. Returns whether this call sent it."""
    try:
        with transaction.atomic():
            email = OutboxEmail.objects.select_for_update().filter(pk=email_id).first()
            if email is None or email.sent_at is not None:
                return False
            EmailMessage(
                email.subject,
                email.body,
                to=[email.address],
                headers={"Message-ID": email.message_id},
            ).send()
            email.sent_at = timezone.now()
            email.attempts = F("attempts") + 1
            email.last_attempt_at = email.sent_at
            email.last_error = ""
            email.save(update_fields=["sent_at", "attempts", "last_attempt_at", "last_error"])
            return True
    except Exception as error:
        OutboxEmail.objects.filter(pk=email_id).update(
            attempts=F("attempts") + 1,
            last_attempt_at=timezone.now(),
            last_error=f"{type(error).__name__}: {error}"[:2000],
        )
        raise


def emails_send_unsent() -> int:
    """The sweeper: send every outbox e-mail not yet sent, whatever happened to its task
    (Redis or the worker down when it was written, retries exhausted)."""
    sent = 0
    unsent = OutboxEmail.objects.filter(sent_at__isnull=True).values_list("pk", flat=True)
    for email_id in list(unsent):
        try:
            sent += email_send(email_id=email_id)
        except Exception:
            logger.exception("Outbox e-mail %s failed; it stays unsent.", email_id)
    return sent


def _digest_body(person, notifications: list[Notification]) -> str:
    lines = [
        rules.message_for_reader(
            reader=person, text=n.text, link=n.link, marking=n.marking, by_email=True
        )
        for n in notifications
    ]
    return (
        "Here is what is new for you in the NCA portal since your last digest.\n\n"
        + "\n".join(lines)
        + f"\nSee every notification: {portal_url('/notifications/')}\n"
    )


def digests_write(*, today: datetime.date | None = None) -> int:
    """The daily digest: one e-mail per person per day carrying every notification owed
    to their digest and not yet e-mailed. Idempotent: run twice in a day, it writes one
    digest each (the second run finds nothing owed, and the unique constraint stops a
    concurrent one). Returns how many digests it wrote; the outbox sends them."""
    today = today or timezone.localdate()
    owed = (
        Notification.objects.filter(delivery=Delivery.DAILY_DIGEST, email__isnull=True)
        .exclude(recipient__email="")
        .filter(recipient__is_active=True)
        .values_list("recipient", flat=True)
        .distinct()
    )
    written = []
    for recipient_id in list(owed):
        try:
            with transaction.atomic():
                email_id = _digest_write(recipient_id, today)
        except IntegrityError:  # another run wrote today's digest first
            continue
        if email_id is not None:
            written.append(email_id)
    if written:
        enqueue_emails(written)
    return len(written)


def _digest_write(recipient_id: int, today: datetime.date) -> int | None:
    pending = list(
        Notification.objects.select_for_update(skip_locked=True)
        .select_related("recipient")
        .filter(recipient=recipient_id, delivery=Delivery.DAILY_DIGEST, email__isnull=True)
        .order_by("created_at", "pk")[:DIGEST_MAX_ITEMS]
    )
    if not pending or OutboxEmail.objects.filter(recipient=recipient_id, digest_on=today).exists():
        return None
    person = pending[0].recipient
    email = OutboxEmail.objects.create(
        recipient=person,
        address=person.email,
        subject=f"NCA portal: your daily digest of {len(pending)} notifications"[:200],
        body=_digest_body(person, pending),
        message_id=_message_id(),
        digest_on=today,
    )
    Notification.objects.filter(pk__in=[n.pk for n in pending]).update(email=email)
    return email.pk


@transaction.atomic
def preferences_set(*, actor, choices: dict[str, str]) -> None:
    """A person's choice of how each kind reaches them. A statutory notice cannot be
    turned off or put off (rules.check_preference)."""
    for kind, delivery in choices.items():
        rules.check_preference(kind, delivery)
    for kind, delivery in choices.items():
        Preference.objects.update_or_create(
            person=actor, kind=kind, defaults={"delivery": delivery}
        )


@transaction.atomic
def notification_mark_read(*, actor, notification: Notification) -> Notification:
    """Mark one of the actor's own notifications read (once: the first time stays)."""
    Notification.objects.restrict(actor, "view").filter(
        pk=notification.pk, read_at__isnull=True
    ).update(read_at=timezone.now())
    notification.refresh_from_db(fields=["read_at"])
    return notification


def notifications_settled(*, kind: str, link: str) -> int:
    """What the notifications of `kind` linking to `link` asked of their readers is done
    (the decision they waited for is taken): each still unread is marked read, for
    everyone it reached, in the caller's transaction."""
    return Notification.objects.filter(kind=kind, link=link, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def notifications_mark_all_read(*, actor) -> int:
    """Mark every unread notification of the actor's read."""
    return (
        Notification.objects.restrict(actor, "view")
        .filter(read_at__isnull=True)
        .update(read_at=timezone.now())
    )
