"""The commitments monitor's settings row and its Celery beat schedule. Idempotent:
matched by name; the admin may change the time."""

from django.db import transaction
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from directory.reference import Tally

from .models import CommitmentSettings

LONDON = "Europe/London"


@transaction.atomic
def load() -> dict:
    tally = Tally()
    _, created = CommitmentSettings.objects.get_or_create(pk=1)
    tally.count(created, changed=False)
    morning, _ = CrontabSchedule.objects.get_or_create(
        minute="30", hour="7", day_of_week="*", day_of_month="*", month_of_year="*",
        timezone=LONDON,
    )  # fmt: skip
    _, created = PeriodicTask.objects.get_or_create(
        name="Tell owners of commitments at risk",
        defaults={"task": "commitments.tasks.alert_commitments_at_risk", "crontab": morning},
    )
    tally.count(created, changed=False)
    return {"commitment settings and schedule": tally}
