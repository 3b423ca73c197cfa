import time

from django.core.management.base import BaseCommand, CommandError

from directory import demo
from directory.two_factor import current_code


class Command(BaseCommand):
    help = (
        "Print the code each demo person's authenticator app shows now, to sign in to a "
        "local portal. The demo people only, once the demo data is loaded."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "usernames", nargs="*", metavar="USERNAME", help="Demo people (default: all)."
        )

    def handle(self, *args, **options):
        demo_people = [row[0] for row in demo.PEOPLE]
        usernames = options["usernames"] or demo_people
        strangers = [name for name in usernames if name not in demo_people]
        if strangers:
            raise CommandError(
                f"Not a demo person: {', '.join(strangers)}. Codes are printed for the "
                "demo data only."
            )
        devices = {name: demo.demo_device(name) for name in usernames}
        missing = [name for name, device in devices.items() if device is None]
        if missing:
            raise CommandError(
                f"The demo data is not loaded (no demo authenticator app for "
                f"{', '.join(missing)}): run `manage.py load_demo_data` first."
            )
        width = max(len(name) for name in usernames)
        for name, device in devices.items():
            self.stdout.write(f"  {name.ljust(width)}  {current_code(device)}")
        step = next(iter(devices.values())).step
        left = step - int(time.time()) % step
        self.stdout.write(
            f"Each code changes every {step} seconds (these for {left} more) and signs in once."
        )
