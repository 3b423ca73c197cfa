"""The notification centre's part of the home page (see directory/home.py): what is new
since the person last looked, from their unread notifications."""

from django.utils import timezone

from directory.choices import Marking
from directory.home import Glance, Need
from directory.rules import markings_visible_to

from . import rules, selectors
from .choices import Kind

SHOWN = 10

# The home page shows these from the records themselves, while they still need the
# person: a reminder of an action already done or of minutes already approved is stale.
SHOWN_FROM_THE_RECORD = (
    Kind.REQUEST_ARRIVED,
    Kind.REQUEST_ARRIVED_URGENT,
    Kind.ACTION_GIVEN,
    Kind.ACTION_DUE,
    Kind.MINUTES_CIRCULATED,
    Kind.PCC_NOTICE,
    Kind.PCC_NOTICE_OVERDUE,
    Kind.REPORT_CIRCULATED,
    Kind.DECONFLICTION_OVERLAP,
    Kind.CLEARANCE_REVIEW,
    Kind.COMMITMENT_AT_RISK,
)


def needs(user, *, today) -> list[Need]:
    unread = (
        selectors.notification_list(user=user, unread=True)
        .exclude(kind__in=SHOWN_FROM_THE_RECORD)
        .order_by("-created_at")[:SHOWN]
    )
    readable = markings_visible_to(user)
    return [
        Need(
            rules.message_for_reader(
                reader=user,
                text=notification.text,
                link=notification.link,
                marking=notification.marking,
                by_email=False,
            ),
            f"{notification.get_kind_display()}, "
            f"{timezone.localtime(notification.created_at):%-d %B at %H:%M}",
            notification.link,
            new=True,
            marking=notification.marking if notification.marking in readable else Marking.OFFICIAL,
        )
        for notification in unread
    ]


def at_a_glance(user, *, today) -> list[Glance]:
    return []
