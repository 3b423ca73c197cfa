from django.core.management.base import BaseCommand

from engagement.services import notices_escalate_overdue
from notifications.services import emails_send_unsent


class Command(BaseCommand):
    help = (
        "Send every e-mail still unsent in the notification centre's outbox (PCC notices "
        "among them), as the every-minute sweeper does; with --escalate, first escalate "
        "notices not acknowledged in time. Safe to run at any time: nothing is sent twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--escalate", action="store_true")

    def handle(self, *args, escalate, **options):
        if escalate:
            self.stdout.write(f"Escalated: {notices_escalate_overdue()}")
        self.stdout.write(f"Sent: {emails_send_unsent()}")
