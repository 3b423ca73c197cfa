from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from directory.discovery import app_modules


class Command(BaseCommand):
    help = (
        "Load the portal's reference data (organisations, and each app's own reference "
        "data). Safe to run again: nothing is duplicated."
    )

    def handle(self, *args, **options):
        try:
            with transaction.atomic():
                for app, reference in app_modules("reference"):
                    for what, tally in reference.load().items():
                        self.stdout.write(f"{app.label}: {what}: {tally}")
                        for problem in tally.problems:
                            self.stderr.write(self.style.WARNING(f"  {problem}"))
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        self.stdout.write(self.style.SUCCESS("Reference data loaded."))
