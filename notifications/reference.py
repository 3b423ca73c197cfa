"""Celery beat's schedules for the notification centre: the outbox sweeper every minute
and the daily digest. Idempotent: matched by name; the admin may change the times."""

from django.db import transaction
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from directory.reference import Tally

LONDON = "Europe/London"


@transaction.atomic
def load() -> dict[str, Tally]:
    tally = Tally()
    every_minute, _ = CrontabSchedule.objects.get_or_create(
        minute="*", hour="*", day_of_week="*", day_of_month="*", month_of_year="*",
        timezone=LONDON,
    )  # fmt: skip
    every_evening, _ = CrontabSchedule.objects.get_or_create(
        minute="0", hour="17", day_of_week="*", day_of_month="*", month_of_year="*",
        timezone=LONDON,
    )  # fmt: skip
    for name, task, schedule in [
        ("Send unsent e-mails", "notifications.tasks.send_unsent_emails", every_minute),
        ("Send the daily digests", "notifications.tasks.write_daily_digests", every_evening),
    ]:
        _, created = PeriodicTask.objects.get_or_create(
            name=name, defaults={"task": task, "crontab": schedule}
        )
        tally.count(created, changed=False)
    return {"schedules": tally}
