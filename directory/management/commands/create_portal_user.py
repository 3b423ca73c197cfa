from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from directory.choices import Clearance, Role, RoleGrantStatus
from directory.services import user_create_or_update
from directory.two_factor import totp_device_register


class Command(BaseCommand):
    help = (
        "Create a portal user, or update one, with an organisation, roles and a clearance. "
        "A new account gets them at once; for an existing account, the Director General's "
        "or Deputy's role or DV clearance waits for a portal administrator's approval."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", required=True)
        parser.add_argument("--password", help="Required for a new user.")
        parser.add_argument(
            "--organisation", required=True, help="Official name, e.g. “Kent Police”."
        )
        parser.add_argument(
            "--role",
            action="append",
            required=True,
            dest="roles",
            metavar="ROLE",
            help=f"Repeat for several. One of: {', '.join(Role.values)}.",
        )
        parser.add_argument(
            "--clearance",
            default=Clearance.BPSS,
            help=f"One of: {', '.join(Clearance.values)} (default bpss).",
        )
        parser.add_argument("--posted-to", help="For a ROCC: the ROCU they are posted to.")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--totp-secret",
            metavar="BASE32",
            help="Register an authenticator app (TOTP, RFC 6238: SHA-1, 30 s, 6 digits) "
            "holding this base32 secret, for provisioning and automated clients.",
        )

    @transaction.atomic
    def handle(self, *args, **options):
        try:
            user, created = user_create_or_update(
                username=options["username"],
                password=options["password"],
                organisation_name=options["organisation"],
                roles=options["roles"],
                clearance=options["clearance"],
                posted_to_name=options["posted_to"],
                first_name=options["first_name"],
                last_name=options["last_name"],
                email=options["email"],
            )
            if options["totp_secret"]:
                totp_device_register(user=user, base32_secret=options["totp_secret"])
        except ValidationError as error:
            by_field = (
                error.message_dict if hasattr(error, "error_dict") else {"error": error.messages}
            )
            problems = [
                f"{field}: {message}"
                for field, messages in by_field.items()
                for message in messages
            ]
            raise CommandError("\n".join(problems)) from None
        verb = "Created" if created else "Updated"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} {user.username}: {user.organisation}, {', '.join(user.role_labels)}, "
                f"clearance {user.get_clearance_display()}."
            )
        )
        # A senior role or DV for an existing account waits for a second person.
        for grant in user.role_grants.filter(status=RoleGrantStatus.PENDING):
            self.stdout.write(
                self.style.WARNING(
                    f"Pending: {grant}. A portal administrator approves or refuses it on the "
                    "admin site, under “Role and clearance grants”."
                )
            )
