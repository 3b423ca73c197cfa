import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from governance.services import meetings_plan


class Command(BaseCommand):
    help = (
        "Plan every governance group's meetings from its cadence, from today up to a date. "
        "The same service Celery beat runs each night; safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--until", required=True, metavar="YYYY-MM-DD", help="The last day to plan."
        )

    def handle(self, *args, until, **options):
        try:
            last_day = datetime.date.fromisoformat(until)
        except ValueError:
            raise CommandError(f"--until: “{until}” is not a date (YYYY-MM-DD).") from None
        try:
            created = meetings_plan(until=last_day)
        except ValidationError as error:
            messages = error.message_dict.get("until", error.messages)
            raise CommandError(f"--until: {' '.join(messages)}") from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Planned {created} new meeting{'s' if created != 1 else ''} from "
                f"{timezone.localdate():%-d %B %Y} to {last_day:%-d %B %Y}."
            )
        )
