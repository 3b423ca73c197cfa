from django.core.management.base import BaseCommand

from engagement.services import notices_escalate_overdue, outbox_deliver_pending


class Command(BaseCommand):
    help = (
        "Deliver every PCC notice (and escalation e-mail) still pending, as the every-minute "
        "sweeper does; with --escalate, also escalate notices not acknowledged in time. Safe "
        "to run at any time: nothing is delivered twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--escalate", action="store_true")

    def handle(self, *args, escalate, **options):
        if escalate:
            self.stdout.write(f"Escalated: {notices_escalate_overdue()}")
        self.stdout.write(f"Delivered: {outbox_deliver_pending()}")
