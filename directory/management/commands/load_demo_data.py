from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from directory import demo
from directory.discovery import app_modules


class Command(BaseCommand):
    help = "Load demonstration people and records for a local portal, and print the sign-ins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-without-debug",
            action="store_true",
            help="Load even though DEBUG is off (never on a live portal).",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["allow_without_debug"]:
            raise CommandError("Demo data is for a local portal (DEBUG on); not loaded.")
        try:
            with transaction.atomic():
                for app, module in app_modules("demo"):
                    for what, tally in module.load().items():
                        self.stdout.write(f"{app.label}: {what}: {tally}")
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Demo sign-ins (password for all: {demo.PASSWORD})"))
        rows = [("username", "role", "organisation", "clearance"), *demo.sign_ins()]
        widths = [max(len(row[i]) for row in rows) for i in range(4)]
        for row in rows:
            self.stdout.write(
                "  " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
            )
        self.stdout.write("")
        self.stdout.write(
            "After the password the portal asks for a code from an authenticator app."
        )
        self.stdout.write(
            f"  Add this demo-only secret to one (time-based, 6 digits): {demo.DEMO_TOTP_SECRET}"
        )
        self.stdout.write(
            "  or print everyone's current code:  .venv/bin/python manage.py demo_codes"
        )
