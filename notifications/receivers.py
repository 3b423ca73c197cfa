from django.dispatch import receiver

from directory.signals import clearance_review_due

from .choices import Kind
from .services import notify


@receiver(clearance_review_due)
def on_clearance_review_due(sender, recipients, text, link, subject, **kwargs):
    notify(recipients, kind=Kind.CLEARANCE_REVIEW, text=text, link=link, subject=subject)
